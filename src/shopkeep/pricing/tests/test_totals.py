from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopkeep.money import CurrencyMismatch, Money
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.totals import PricedLine, totals_compute

CURRENCIES = st.sampled_from(["EUR", "GBP", "USD", "SEK"])
AMOUNTS = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999.99"), places=2)


def line(price: str, quantity: int, currency: str = "EUR", sku: str = "SKU") -> PricedLine:
    return PricedLine(line_id=None, sku=sku, name="Socks", size="M", unit_price=Money(Decimal(price), currency),
                      quantity=quantity)


def flat(price: Money | None) -> ShippingOption | None:
    return None if price is None else ShippingOption(code="flat", name="Flat", delivery="soon", price=price)


def price_lines(*, lines, shipping: Money | None, currency: str):
    return totals_compute(lines=lines, shipping=flat(shipping), currency=currency)


def test_totals_add_up_the_lines_and_shipping():
    # given
    lines = [line("12.50", 2, sku="A"), line("3.99", 3, sku="B")]

    # when
    totals = price_lines(lines=lines, shipping=Money(Decimal("3.95"), "EUR"), currency="EUR")

    # then
    assert totals.subtotal == Money(Decimal("36.97"), "EUR")
    assert totals.shipping == Money(Decimal("3.95"), "EUR")
    assert totals.total == Money(Decimal("40.92"), "EUR")
    assert totals.item_count == 5
    assert [l.total for l in totals.lines] == [Money(Decimal("25.00"), "EUR"), Money(Decimal("11.97"), "EUR")]


def test_an_empty_cart_without_shipping_costs_nothing():
    # when
    totals = price_lines(lines=[], shipping=None, currency="GBP")

    # then
    assert totals.subtotal == Money(Decimal("0.00"), "GBP")
    assert totals.shipping == Money(Decimal("0.00"), "GBP")
    assert totals.total == Money(Decimal("0.00"), "GBP")
    assert totals.item_count == 0


def test_pricing_refuses_a_line_in_another_currency():
    # when / then
    with pytest.raises(CurrencyMismatch, match="Cannot combine EUR with USD."):
        price_lines(lines=[line("1.00", 1, "USD")], shipping=None, currency="EUR")


def test_pricing_refuses_shipping_in_another_currency():
    # when / then
    with pytest.raises(CurrencyMismatch, match="Cannot combine EUR with GBP."):
        price_lines(lines=[line("1.00", 1)], shipping=Money(Decimal("3.95"), "GBP"), currency="EUR")


def test_line_totals_never_lose_cents_to_floats():
    # given: 0.10 × 3 is 0.30000000000000004 in binary floating point
    lines = [line("0.10", 3)]

    # when
    totals = price_lines(lines=lines, shipping=Money(Decimal("0.20"), "EUR"), currency="EUR")

    # then
    assert totals.total.amount == Decimal("0.50")
    assert isinstance(totals.total.amount, Decimal)


@given(
    currency=CURRENCIES,
    items=st.lists(st.tuples(AMOUNTS, st.integers(min_value=1, max_value=99)), max_size=12),
    shipping=st.one_of(st.none(), AMOUNTS),
)
def test_total_is_the_sum_of_price_times_quantity_plus_shipping_and_never_negative(currency, items, shipping):
    # given
    lines = [line(str(price), quantity, currency, sku=f"SKU-{i}") for i, (price, quantity) in enumerate(items)]
    shipping_money = None if shipping is None else Money(shipping, currency)

    # when
    totals = price_lines(lines=lines, shipping=shipping_money, currency=currency)

    # then
    expected_subtotal = sum((price * quantity for price, quantity in items), Decimal("0"))
    expected_shipping = shipping if shipping is not None else Decimal("0")
    assert totals.subtotal.amount == expected_subtotal
    assert totals.shipping.amount == expected_shipping
    assert totals.total.amount == expected_subtotal + expected_shipping
    assert totals.total.amount >= 0
    assert totals.subtotal.amount >= 0
    assert {totals.subtotal.currency, totals.shipping.currency, totals.total.currency} == {currency}
    assert totals.item_count == sum(quantity for _, quantity in items)


@given(amount=st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=6))
def test_any_amount_is_rounded_half_up_to_whole_cents(amount):
    # when
    money = Money(amount, "EUR")

    # then
    assert money.amount == money.amount.quantize(Decimal("0.01"))
    assert abs(money.amount - amount) <= Decimal("0.005")
    assert money.amount >= 0
