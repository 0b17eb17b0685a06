"""CSV export and import of the catalogue: one row per variant (size), products and categories named by slug.

An import is all or nothing: every line is checked first, and a dry run (or any error) changes nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.text import slugify

from shopkeep.catalog.models import Category, Product, StockMovement, TaxClass, Variant
from shopkeep.catalog.signals import catalog_changed_send
from shopkeep.conf import conf

COLUMNS = ("product_slug", "product_name", "category", "kind", "tax_class", "active", "capture_immediately",
           "description", "sku", "size", "price", "stock")
REQUIRED = ("product_slug", "sku", "price", "stock")
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES = {"yes", "true", "1", "y"}
NO = {"no", "false", "0", "n", ""}
MAX_ROWS = 20_000


def cell_safe(value) -> str:
    """The value as a CSV cell that no spreadsheet runs as a formula (a leading quote mark is added)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell_read(value: str) -> str:
    text = (value or "").strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def catalog_export() -> str:
    """The whole catalogue as CSV text (UTF-8), one row per variant."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    variants = Variant.objects.select_related("product__category").order_by("product__name", "product_id",
                                                                          "position", "id")
    for v in variants.iterator(chunk_size=2000):
        p = v.product
        writer.writerow([cell_safe(x) for x in (
            p.slug, p.name, p.category.slug, p.kind, p.tax_class, "yes" if p.is_active else "no",
            "yes" if p.capture_immediately else "no", p.description, v.sku, v.size, v.price, v.stock)])
    return out.getvalue()


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do); `errors` are (line number, sentence)."""

    dry_run: bool
    rows: int = 0
    products_created: int = 0
    products_updated: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.errors


class _Rollback(Exception):
    pass


def _flag(value: str, name: str) -> bool:
    lowered = value.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValueError(f"{name} must be yes or no, not {value!r}.")


def _row_values(row: dict[str, str], categories: dict[str, Category]) -> dict:
    """The checked values of one line; ValueError with a sentence when a cell is wrong."""
    values = {name: _cell_read(row.get(name, "")) for name in COLUMNS}
    missing = [name for name in REQUIRED if not values[name]]
    if missing:
        raise ValueError(f"{', '.join(missing)} missing.")
    if slugify(values["product_slug"]) != values["product_slug"]:
        raise ValueError(f"product_slug {values['product_slug']!r} may hold only lower-case letters, digits and -.")
    try:
        price = Decimal(values["price"])
    except InvalidOperation:
        raise ValueError(f"price {values['price']!r} is not a number (write 12.50).") from None
    if not price.is_finite() or price < 0 or price != price.quantize(Decimal("0.01")) or price >= 10**8:
        raise ValueError(f"price {values['price']!r} must be 0 or more with at most two decimals.")
    if not values["stock"].isdigit():
        raise ValueError(f"stock {values['stock']!r} must be a whole number, 0 or more.")
    if values["category"] and values["category"] not in categories:
        raise ValueError(f"there is no category {values['category']!r} (create it first, or use one of: "
                         f"{', '.join(sorted(categories)) or 'none yet'}).")
    if values["kind"] and values["kind"] not in Product.Kind.values:
        raise ValueError(f"kind must be one of {', '.join(Product.Kind.values)}.")
    if values["tax_class"] and values["tax_class"] not in TaxClass.values:
        raise ValueError(f"tax_class must be one of {', '.join(TaxClass.values)}.")
    if len(values["sku"]) > 64 or len(values["size"]) > 20 or len(values["product_name"]) > 200:
        raise ValueError("sku (64), size (20) or product_name (200 characters) is too long.")
    values["price"], values["stock"] = price, int(values["stock"])
    values["active"] = _flag(values["active"] or "yes", "active")
    values["capture_immediately"] = _flag(values["capture_immediately"], "capture_immediately")
    return values


def _read_rows(text: str, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    unknown = set(reader.fieldnames or ()) - set(COLUMNS)
    absent = set(REQUIRED) - set(reader.fieldnames or ())
    if absent or unknown:
        report.errors.append((1, "The first line must name the columns: " + ", ".join(COLUMNS) + "."
                              + (f" Missing: {', '.join(sorted(absent))}." if absent else "")
                              + (f" Unknown: {', '.join(sorted(unknown))}." if unknown else "")))
        return []
    rows = [(reader.line_num, row) for row in reader]
    if len(rows) > MAX_ROWS:
        report.errors.append((1, f"The file has {len(rows)} rows; import at most {MAX_ROWS} at a time."))
        return []
    return rows


def _apply_row(values: dict, categories: dict[str, Category], report: ImportReport, by) -> None:
    product = Product.objects.filter(slug=values["product_slug"]).first()
    fields = {"category": categories.get(values["category"]), "kind": values["kind"] or None,
              "tax_class": values["tax_class"] or None, "description": values["description"] or None,
              "name": values["product_name"] or None, "is_active": values["active"],
              "capture_immediately": values["capture_immediately"]}
    if product is None:
        if not values["product_name"] or not values["category"]:
            raise ValueError(f"product {values['product_slug']!r} is new: give its product_name and category.")
        product = Product.objects.create(slug=values["product_slug"], **{k: v for k, v in fields.items() if v is not None})
        report.products_created += 1
    else:
        changes = {k: v for k, v in fields.items() if v is not None and getattr(product, k) != v}
        if changes:
            for name, value in changes.items():
                setattr(product, name, value)
            product.save()
            report.products_updated += 1
    variant = Variant.objects.select_for_update().filter(sku=values["sku"]).first()
    if variant is not None and variant.product_id != product.pk:
        raise ValueError(f"SKU {values['sku']!r} already belongs to the product {variant.product.slug!r}.")
    if variant is None:
        variant = Variant.objects.create(product=product, sku=values["sku"], size=values["size"],
                                         price=values["price"], currency=conf.currency, stock=0,
                                         position=product.variants.count())
        report.variants_created += 1
    elif (variant.size, variant.price) != (values["size"], values["price"]) or variant.stock != values["stock"]:
        report.variants_updated += 1
    variant.size, variant.price = values["size"], values["price"]
    change = values["stock"] - variant.stock
    variant.stock = values["stock"]
    variant.save()
    if change:
        StockMovement.objects.create(variant=variant, sku=variant.sku, change=change, stock_after=variant.stock,
                                     reason=StockMovement.Reason.IMPORT, by=by)


def catalog_import(*, text: str, dry_run: bool, by=None) -> ImportReport:
    """Create or update products and variants from CSV `text`; nothing changes on a dry run or on any error."""
    report = ImportReport(dry_run=dry_run)
    rows = _read_rows(text, report)
    report.rows = len(rows)
    categories = {c.slug: c for c in Category.objects.all()}
    seen: dict[str, int] = {}
    try:
        with transaction.atomic():
            for line, row in rows:
                try:
                    values = _row_values(row, categories)
                    if values["sku"] in seen:
                        raise ValueError(f"SKU {values['sku']!r} is also on line {seen[values['sku']]}.")
                    seen[values["sku"]] = line
                    with transaction.atomic():
                        _apply_row(values, categories, report, by)
                except ValueError as error:
                    report.errors.append((line, str(error)))
            if dry_run or report.errors:
                raise _Rollback
            catalog_changed_send(sender=Product, product_ids=None)
    except _Rollback:
        pass
    return report
