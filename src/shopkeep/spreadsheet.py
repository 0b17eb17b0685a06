"""CSV cells that a spreadsheet program opens as text, never as a formula (CSV injection, OWASP)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def cell_safe(value):
    """The value, with a leading apostrophe when a spreadsheet would otherwise run it as a formula."""
    if isinstance(value, str) and value.lstrip(" ")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def row_safe(row) -> list:
    return [cell_safe(value) for value in row]
