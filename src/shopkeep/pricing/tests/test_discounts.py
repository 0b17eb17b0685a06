"""Discounts are plain values; a subscriber coupon is one kind of discount."""

from decimal import Decimal

import pytest

from shopkeep.mailing.campaigns.coupons import coupon_apply, coupon_as_discount
from shopkeep.mailing.campaigns.models import Coupon
from shopkeep.mailing.campaigns.tests.factories import coupon_make, subscriber_confirmed
from shopkeep.money import CurrencyMismatch, Money
from shopkeep.pricing.tests.factories import flat_shipping, priced_line, vat_table
from shopkeep.pricing.totals import Discount, items_share_paid, totals_compute


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def test_a_percentage_is_rounded_once_with_a_tie_in_the_customers_favour():
    # given: 10 % of 12.25 is 1.225
    discount = Discount(kind=Discount.PERCENT, value=Decimal("10"), label="Sale")
    # when
    totals = totals_compute(lines=[priced_line("12.25")], currency="EUR", discount=discount,
                            shipping=flat_shipping("3.95"))
    # then
    assert (totals.discount, totals.discount_label, totals.total) == (eur("1.23"), "Sale", eur("14.97"))


def test_a_fixed_amount_takes_at_most_the_items_and_never_the_shipping():
    # given
    discount = Discount(kind=Discount.FIXED, value=Decimal("50.00"), label="Voucher")
    # when
    totals = totals_compute(lines=[priced_line("20.00")], currency="EUR", discount=discount,
                            shipping=flat_shipping("5.95"), vat=vat_table())
    # then: only shipping is left to pay, with its VAT
    assert (totals.discount, totals.shipping, totals.total) == (eur("20.00"), eur("5.95"), eur("5.95"))
    assert totals.vat_total == eur("0.95")


@pytest.mark.parametrize(("kind", "value", "message"), [
    ("percent", "100.01", "at most 100 percent"), ("fixed", "-1", "at least zero"),
    ("bogus", "1", "a percentage or a fixed amount, not 'bogus'"),
])
def test_an_impossible_discount_is_refused(kind, value, message):
    # when / then
    with pytest.raises(ValueError, match=message):
        Discount(kind=kind, value=Decimal(value), label="x")


def test_a_fixed_discount_in_another_currency_is_refused():
    # given
    discount = Discount(kind=Discount.FIXED, value=Decimal("5"), label="x", currency="GBP")
    # when / then
    with pytest.raises(CurrencyMismatch, match="Cannot combine EUR with GBP."):
        totals_compute(lines=[priced_line("20.00")], currency="EUR", discount=discount)


@pytest.mark.django_db
@pytest.mark.promise("P-30")
def test_a_subscriber_coupon_is_checked_by_mailing_and_applied_by_pricing_as_a_discount():
    # given
    coupon_make(code="WELCOME5", kind=Coupon.Kind.FIXED, value="5.00")
    subscriber_confirmed("sub@example.com")
    # when
    applied = coupon_apply(code="welcome5", email="sub@example.com", subtotal=eur("30.00"))
    totals = totals_compute(lines=[priced_line("30.00")], currency="EUR", discount=applied.discount,
                            shipping=flat_shipping("3.95"))
    # then
    assert applied.discount == Discount(kind=Discount.FIXED, value=Decimal("5.00"), label="Coupon WELCOME5",
                                        code="WELCOME5", currency="EUR")
    assert (totals.discount, totals.discount_label, totals.total) == (eur("5.00"), "Coupon WELCOME5", eur("28.95"))


def test_a_percentage_coupon_becomes_a_percentage_discount():
    # given
    coupon = Coupon(code="TEN", kind=Coupon.Kind.PERCENT, value=Decimal("10"))
    # when / then
    assert coupon_as_discount(coupon=coupon) == Discount(kind=Discount.PERCENT, value=Decimal("10"),
                                                         label="Coupon TEN", code="TEN")


@pytest.mark.parametrize(("part", "paid"), [("0.00", "0.00"), ("12.25", "11.03"), ("24.50", "22.05")])
def test_part_of_the_items_is_worth_its_price_less_its_share_of_the_discount(part, paid):
    # given: items 24.50 with 2.45 (10 %) off; 12.25 × 0.9 = 11.025 rounds up (a refund favours the customer)
    # when / then
    assert items_share_paid(part=eur(part), subtotal=eur("24.50"), discount=eur("2.45")) == eur(paid)


def test_without_a_discount_part_of_the_items_is_worth_its_price():
    # when / then
    assert items_share_paid(part=eur("7.77"), subtotal=eur("24.50"), discount=eur("0.00")) == eur("7.77")
