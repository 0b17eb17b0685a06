from decimal import Decimal

import pytest

from shopkeep.money import CurrencyMismatch, Money


def test_money_refuses_a_float_amount():
    # when / then
    with pytest.raises(TypeError, match="Money needs a Decimal amount, not float."):
        Money(1.5, "EUR")


def test_money_refuses_an_integer_amount():
    # when / then
    with pytest.raises(TypeError, match="Money needs a Decimal amount, not int."):
        Money(2, "EUR")


@pytest.mark.parametrize("currency", ["eur", "EURO", "EU", ""])
def test_money_refuses_a_currency_that_is_not_an_iso_code(currency):
    # when / then
    with pytest.raises(ValueError, match="is not an ISO 4217 currency code."):
        Money(Decimal("1"), currency)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("0.005", "0.01"),
        ("0.015", "0.02"),
        ("0.025", "0.03"),
        ("2.675", "2.68"),
        ("0.004", "0.00"),
        ("-0.005", "-0.01"),
        ("10", "10.00"),
    ],
)
def test_money_rounds_half_up_to_cents(given, expected):
    # when
    money = Money(Decimal(given), "EUR")

    # then
    assert money.amount == Decimal(expected)
    assert str(money.amount) == expected


def test_adding_and_subtracting_money_keeps_the_currency():
    # given
    a, b = Money(Decimal("10.10"), "GBP"), Money(Decimal("0.95"), "GBP")

    # when / then
    assert a + b == Money(Decimal("11.05"), "GBP")
    assert a - b == Money(Decimal("9.15"), "GBP")


@pytest.mark.parametrize("operation", ["__add__", "__sub__", "__lt__", "__le__"])
def test_combining_two_currencies_is_refused(operation):
    # given
    euros, pounds = Money(Decimal("1"), "EUR"), Money(Decimal("1"), "GBP")

    # when / then
    with pytest.raises(CurrencyMismatch, match="Cannot combine EUR with GBP."):
        getattr(euros, operation)(pounds)


def test_money_multiplies_by_a_whole_quantity_only():
    # given
    price = Money(Decimal("3.33"), "EUR")

    # when / then
    assert price * 3 == Money(Decimal("9.99"), "EUR")
    with pytest.raises(TypeError, match="Money can only be multiplied by a whole quantity."):
        price * Decimal("1.5")
    with pytest.raises(TypeError, match="Money can only be multiplied by a whole quantity."):
        price * 1.5


def test_money_compares_within_one_currency():
    # given
    small, large = Money(Decimal("1.00"), "EUR"), Money(Decimal("2.00"), "EUR")

    # then
    assert small < large
    assert small <= small
    assert not large < small


def test_zero_is_zero_in_the_given_currency():
    # when
    zero = Money.zero("SEK")

    # then
    assert zero == Money(Decimal("0.00"), "SEK")


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        ("1234.5", "EUR", "€1,234.50"),
        ("0", "GBP", "£0.00"),
        ("19.99", "USD", "$19.99"),
        ("149", "SEK", "kr 149.00"),
        ("5", "CHF", "5.00 CHF"),
    ],
)
def test_money_formats_with_symbol_thousands_separator_and_two_decimals(amount, currency, text):
    # when / then
    assert str(Money(Decimal(amount), currency)) == text


def test_money_is_immutable():
    # given
    money = Money(Decimal("1"), "EUR")

    # when / then
    with pytest.raises(AttributeError):
        money.amount = Decimal("2")
