"""The one price calculation: lines, discount, shipping and the VAT they include, from plain values.

Rounding rule: every figure is computed exactly (fractions) and rounded to the currency's minor unit
once. The discount is rounded half up (a tie favours the customer); the total is then the items less
that discount plus shipping, which is the exact total rounded once with ties in the customer's favour.
VAT per rate is the exact VAT included in what is paid at that rate, rounded half up once; the VAT
total is the sum of those lines. No figure is ever negative: a discount takes at most the items' price
and never touches shipping.

VAT: prices include it. A discount lowers what is paid at each rate in proportion to the items' value
at that rate; shipping is taxed at the destination's standard rate (see `shopkeep.pricing.vat`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from shopkeep.catalog.models import TaxClass
from shopkeep.money import CurrencyMismatch, Money, minor_unit
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.vat import VatTable, rate_percent

HUNDRED = Fraction(100)


@dataclass(frozen=True)
class PricedLine:
    """One line to price: a unit price including VAT, a quantity and the product's tax class."""

    sku: str
    name: str
    size: str
    unit_price: Money
    quantity: int
    tax_class: str = TaxClass.STANDARD
    line_id: int | None = None

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Discount:
    """Money off the items: `value` percent of them, or a fixed amount; `label` is what the customer sees."""

    PERCENT = "percent"
    FIXED = "fixed"

    kind: str
    value: Decimal
    label: str
    code: str = ""
    currency: str = ""

    def __post_init__(self) -> None:
        if self.kind not in (self.PERCENT, self.FIXED):
            raise ValueError(f"A discount is a percentage or a fixed amount, not {self.kind!r}.")
        if self.value < 0 or (self.kind == self.PERCENT and self.value > 100):
            raise ValueError("A discount is at least zero and at most 100 percent.")

    def exact_amount(self, *, items: Money) -> Fraction:
        """The exact amount taken off `items` (unrounded): never more than the items, never negative."""
        if self.kind == self.PERCENT:
            return Fraction(items.amount) * Fraction(self.value) / HUNDRED
        if self.currency and self.currency != items.currency:
            raise CurrencyMismatch(f"Cannot combine {items.currency} with {self.currency}.")
        return min(Fraction(self.value), Fraction(items.amount))


@dataclass(frozen=True)
class VatLine:
    """The VAT included at one rate (percent)."""

    rate: Decimal
    amount: Money

    @property
    def percent(self) -> str:
        return rate_percent(self.rate)


@dataclass(frozen=True)
class Totals:
    """Everything a cart or order costs; subtotal − discount + shipping = total, and the VAT lines sum to vat_total."""

    lines: tuple[PricedLine, ...]
    subtotal: Money
    discount: Money
    discount_label: str
    shipping: Money
    total: Money
    vat: tuple[VatLine, ...]
    vat_total: Money

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def currency(self) -> str:
        return self.total.currency


def round_once(value: Fraction, *, currency: str) -> Decimal:
    """Round an exact non-negative amount half up to the currency's minor unit."""
    unit = Fraction(minor_unit(currency))
    units = value / unit
    whole = units.numerator // units.denominator
    if units - whole >= Fraction(1, 2):
        whole += 1
    return (Decimal(whole) * minor_unit(currency)).quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def totals_compute(*, lines: Sequence[PricedLine], currency: str, discount: Discount | None = None,
                   shipping: ShippingOption | None = None, vat: VatTable | None = None) -> Totals:
    """Price `lines` with an optional discount, shipping method and VAT table (no VAT lines without one)."""
    subtotal = sum((line.total for line in lines), Money.zero(currency))
    exact_discount = discount.exact_amount(items=subtotal) if discount else Fraction(0)
    taken = Money(round_once(exact_discount, currency=currency), currency)
    paid_items = subtotal - taken
    shipping_charge = shipping.charge(items=paid_items) if shipping else Money.zero(currency)
    vat_lines = _vat_lines(lines=lines, subtotal=subtotal, discount=taken, shipping=shipping_charge,
                           vat=vat) if vat else ()
    return Totals(
        lines=tuple(lines), subtotal=subtotal, discount=taken, discount_label=discount.label if discount else "",
        shipping=shipping_charge, total=paid_items + shipping_charge, vat=vat_lines,
        vat_total=sum((line.amount for line in vat_lines), Money.zero(currency)),
    )


def _vat_lines(*, lines: Sequence[PricedLine], subtotal: Money, discount: Money, shipping: Money,
               vat: VatTable) -> tuple[VatLine, ...]:
    """The VAT included per rate: each rate's share of what is paid, times rate / (100 + rate), rounded once."""
    paid_share = (1 - Fraction(discount.amount) / Fraction(subtotal.amount)) if subtotal.amount else Fraction(0)
    paid: dict[Decimal, Fraction] = {}
    for line in lines:
        rate = vat.rate(line.tax_class)
        paid[rate] = paid.get(rate, Fraction(0)) + Fraction(line.total.amount) * paid_share
    if shipping.amount:
        rate = vat.shipping_rate
        paid[rate] = paid.get(rate, Fraction(0)) + Fraction(shipping.amount)
    return tuple(
        VatLine(rate=rate, amount=Money(round_once(gross * Fraction(rate) / (HUNDRED + Fraction(rate)),
                                                   currency=subtotal.currency), subtotal.currency))
        for rate, gross in sorted(paid.items(), reverse=True) if rate > 0 and gross > 0
    )


def items_share_paid(*, part: Money, subtotal: Money, discount: Money) -> Money:
    """What the customer paid for `part` of the items: its price less its share of the discount, rounded once."""
    if not subtotal.amount or not discount.amount:
        return part
    exact = Fraction(part.amount) * (1 - Fraction(discount.amount) / Fraction(subtotal.amount))
    return Money(round_once(max(exact, Fraction(0)), currency=part.currency), part.currency)
