"""Property tests of the one price calculation: never negative, always sums, rounds once."""

import math
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from shopkeep.catalog.models import TaxClass
from shopkeep.money import CENT, Money
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.totals import Discount, PricedLine, totals_compute
from shopkeep.pricing.vat import VatTable

PRICES = st.decimals(min_value=Decimal("0"), max_value=Decimal("9999.99"), places=2)
RATES = st.decimals(min_value=Decimal("0"), max_value=Decimal("30"), places=2)
LINES = st.lists(st.tuples(PRICES, st.integers(min_value=1, max_value=99), st.sampled_from(TaxClass.values)),
                 max_size=8)
DISCOUNTS = st.one_of(
    st.none(),
    st.builds(lambda value: Discount(kind=Discount.PERCENT, value=value, label="Sale"),
              st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)),
    st.builds(lambda value: Discount(kind=Discount.FIXED, value=value, label="Voucher", currency="EUR"),
              st.decimals(min_value=Decimal("0"), max_value=Decimal("99999.99"), places=2)),
)
SHIPPING = st.one_of(st.none(), st.tuples(PRICES, st.one_of(st.none(), PRICES)))
TABLES = st.builds(lambda s, r, z: VatTable(country="DE", rates={"standard": s, "reduced": r, "zero": z}),
                   RATES, RATES, st.just(Decimal("0")))


def eur(amount: Decimal) -> Money:
    return Money(amount, "EUR")


def cents_half_up(value: Fraction) -> Decimal:
    """Round an exact non-negative amount half up to cents, independently of the code under test."""
    return Decimal(math.floor(value * 100 + Fraction(1, 2))) / 100


def price(lines, discount, shipping, vat):
    priced = [PricedLine(sku=f"S{i}", name="Item", size="", unit_price=eur(p), quantity=q, tax_class=c)
              for i, (p, q, c) in enumerate(lines)]
    option = None if shipping is None else ShippingOption(
        code="x", name="X", delivery="soon", price=eur(shipping[0]),
        free_over=None if shipping[1] is None else eur(shipping[1]))
    return totals_compute(lines=priced, currency="EUR", discount=discount, shipping=option, vat=vat)


def exact_discount(items: Decimal, discount: Discount | None) -> Decimal:
    if discount is None:
        return Decimal("0")
    if discount.kind == Discount.PERCENT:
        return items * discount.value / 100  # at most 6 places: exact in Decimal
    return min(items, discount.value)


@hypothesis_settings(max_examples=300, deadline=None)
@given(lines=LINES, discount=DISCOUNTS, shipping=SHIPPING, vat=TABLES)
def test_no_figure_is_ever_negative_and_the_discount_never_exceeds_the_items(lines, discount, shipping, vat):
    # when
    totals = price(lines, discount, shipping, vat)
    # then
    zero = Money.zero("EUR")
    for money in (totals.subtotal, totals.discount, totals.shipping, totals.total, totals.vat_total,
                  *(line.amount for line in totals.vat)):
        assert money >= zero
        assert money.currency == "EUR"
    assert totals.discount <= totals.subtotal
    assert totals.vat_total <= totals.total


@hypothesis_settings(max_examples=300, deadline=None)
@given(lines=LINES, discount=DISCOUNTS, shipping=SHIPPING, vat=TABLES)
def test_the_parts_always_sum_to_the_total_and_the_vat_lines_to_the_vat_total(lines, discount, shipping, vat):
    # when
    totals = price(lines, discount, shipping, vat)
    # then
    assert totals.subtotal.amount == sum((p * q for p, q, _ in lines), Decimal("0"))
    assert totals.subtotal - totals.discount + totals.shipping == totals.total
    assert sum((line.amount for line in totals.vat), Money.zero("EUR")) == totals.vat_total
    assert len({line.rate for line in totals.vat}) == len(totals.vat)


@hypothesis_settings(max_examples=300, deadline=None)
@given(lines=LINES, discount=DISCOUNTS, shipping=SHIPPING, vat=TABLES)
def test_every_figure_is_the_exact_amount_rounded_to_the_cent_once(lines, discount, shipping, vat):
    # given
    items = sum((p * q for p, q, _ in lines), Decimal("0"))
    exact = exact_discount(items, discount)
    # when
    totals = price(lines, discount, shipping, vat)
    # then: the discount is rounded once, ties for the customer; the total is the exact sum rounded once
    assert totals.discount.amount == exact.quantize(CENT, rounding=ROUND_HALF_UP)
    assert totals.total.amount == (items - exact + totals.shipping.amount).quantize(CENT, rounding=ROUND_HALF_DOWN)
    # and each VAT line is the exact VAT in what is paid at that rate, rounded once
    paid_share = 1 - Fraction(totals.discount.amount) / Fraction(items) if items else Fraction(0)
    gross: dict[Decimal, Fraction] = {}
    for p, q, tax_class in lines:
        rate = vat.rates[tax_class]
        gross[rate] = gross.get(rate, Fraction(0)) + Fraction(p * q) * paid_share
    if totals.shipping.amount:
        gross[vat.rates["standard"]] = gross.get(vat.rates["standard"], Fraction(0)) + Fraction(totals.shipping.amount)
    expected = {rate: cents_half_up(amount * Fraction(rate) / (100 + Fraction(rate)))
                for rate, amount in gross.items() if rate > 0 and amount > 0}
    assert {line.rate: line.amount.amount for line in totals.vat} == expected


@hypothesis_settings(max_examples=200, deadline=None)
@given(lines=LINES, shipping=PRICES, threshold=PRICES, discount=DISCOUNTS)
def test_shipping_is_free_exactly_when_the_paid_items_reach_the_threshold(lines, shipping, threshold, discount):
    # when
    totals = price(lines, discount, (shipping, threshold), None)
    # then
    paid_items = totals.subtotal - totals.discount
    assert totals.shipping == (Money.zero("EUR") if eur(threshold) <= paid_items else eur(shipping))
    assert totals.vat == () and totals.vat_total == Money.zero("EUR")
