"""Subscriber coupons (P-30): who may use a code, what it takes off, and that each use is counted once."""

from decimal import Decimal

import pytest
from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from shopkeep.mailing.campaigns import errors
from shopkeep.mailing.campaigns.coupons import coupon_apply, coupon_as_discount, coupon_redeem
from shopkeep.mailing.campaigns.models import Coupon, CouponRedemption
from shopkeep.mailing.campaigns.tests.factories import coupon_make, subscriber_confirmed
from shopkeep.money import Money
from shopkeep.pricing.shipping import ShippingOption
from shopkeep.pricing.totals import Discount, PricedLine, totals_compute

pytestmark = pytest.mark.django_db

SUBSCRIBER = "sub@example.com"


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def coupon_discount(*, coupon: Coupon, subtotal: Money) -> Money:
    """What pricing takes off items worth `subtotal` with this coupon."""
    line = PricedLine(sku="A", name="Socks", size="", unit_price=subtotal, quantity=1)
    return totals_compute(lines=[line], currency=subtotal.currency,
                          discount=coupon_as_discount(coupon=coupon)).discount


@pytest.mark.promise("P-30")
def test_a_confirmed_subscriber_gets_the_percentage_off_the_items():
    # given
    coupon = coupon_make(value="10")
    subscriber_confirmed(SUBSCRIBER)
    # when
    applied = coupon_apply(code=" subscriber10 ", email="SUB@example.com", subtotal=eur("25.00"))
    # then
    assert applied.coupon == coupon
    assert applied.discount == Discount(kind=Discount.PERCENT, value=Decimal("10"), label="Coupon SUBSCRIBER10",
                                        code="SUBSCRIBER10")
    assert coupon_discount(coupon=coupon, subtotal=eur("25.00")) == eur("2.50")


@pytest.mark.promise("P-30")
def test_a_fixed_amount_never_takes_off_more_than_the_items_cost():
    # given
    coupon = coupon_make(code="FIVER", kind=Coupon.Kind.FIXED, value="5.00")
    # when
    discount = coupon_discount(coupon=coupon, subtotal=eur("3.20"))
    # then
    assert discount == eur("3.20")


@pytest.mark.promise("P-30")
@pytest.mark.parametrize(("setup", "code", "error", "message"), [
    ({}, "NOPE", errors.CouponUnknown, "We don't know this coupon code. Check it for typing mistakes."),
    ({"starts_in_days": 2}, "SUBSCRIBER10", errors.CouponNotYetValid, "This coupon is not valid yet."),
    ({"starts_in_days": -10, "days": 5}, "SUBSCRIBER10", errors.CouponExpired, "This coupon has expired."),
    ({"minimum_subtotal": "50"}, "SUBSCRIBER10", errors.CouponBelowMinimum,
     "This coupon needs items worth at least €50.00; your items come to €25.00."),
])
def test_a_coupon_that_cannot_be_used_is_refused_with_the_reason(setup, code, error, message):
    # given
    coupon_make(**setup)
    subscriber_confirmed(SUBSCRIBER)
    # when
    with pytest.raises(error) as refused:
        coupon_apply(code=code, email=SUBSCRIBER, subtotal=eur("25.00"))
    # then
    assert refused.value.message == message


@pytest.mark.promise("P-30", clause="subscriber coupons")
def test_a_subscriber_coupon_is_refused_for_an_address_that_is_not_a_confirmed_subscriber():
    # given
    coupon_make()
    # when
    with pytest.raises(errors.CouponNotEligible) as refused:
        coupon_apply(code="SUBSCRIBER10", email="stranger@example.com", subtotal=eur("25.00"))
    # then
    assert "for our newsletter subscribers only" in refused.value.message


@pytest.mark.promise("P-30")
def test_a_used_single_use_coupon_is_refused_and_its_count_stays(order_factory):
    # given
    coupon = coupon_make()
    subscriber_confirmed(SUBSCRIBER)
    subscriber_confirmed("other@example.com")
    applied = coupon_apply(code="SUBSCRIBER10", email=SUBSCRIBER, subtotal=eur("25.00"))
    coupon_redeem(applied=applied, email=SUBSCRIBER, order=order_factory())
    # when
    with pytest.raises(errors.CouponUsedUp) as refused:
        coupon_apply(code="SUBSCRIBER10", email="other@example.com", subtotal=eur("25.00"))
    # then
    assert refused.value.message == "This coupon has already been used."
    assert Coupon.objects.get(pk=coupon.pk).uses == 1
    assert CouponRedemption.objects.count() == 1


@pytest.mark.promise("P-30")
def test_a_multi_use_coupon_is_used_once_per_address(order_factory):
    # given
    coupon = coupon_make(max_uses=100)
    subscriber_confirmed(SUBSCRIBER)
    applied = coupon_apply(code="SUBSCRIBER10", email=SUBSCRIBER, subtotal=eur("25.00"))
    coupon_redeem(applied=applied, email=SUBSCRIBER, order=order_factory())
    # when
    with pytest.raises(errors.CouponAlreadyUsedByYou):
        coupon_apply(code="SUBSCRIBER10", email=SUBSCRIBER, subtotal=eur("25.00"))
    # then
    assert Coupon.objects.get(pk=coupon.pk).uses == 1


@pytest.mark.promise("P-30")
def test_two_orders_checked_together_for_the_last_use_only_one_redeems(order_factory):
    # given: both checks pass before either order is placed
    coupon = coupon_make()
    subscriber_confirmed(SUBSCRIBER)
    subscriber_confirmed("other@example.com")
    first = coupon_apply(code="SUBSCRIBER10", email=SUBSCRIBER, subtotal=eur("25.00"))
    second = coupon_apply(code="SUBSCRIBER10", email="other@example.com", subtotal=eur("25.00"))
    coupon_redeem(applied=first, email=SUBSCRIBER, order=order_factory())
    # when
    with pytest.raises(errors.CouponUsedUp):
        coupon_redeem(applied=second, email="other@example.com", order=order_factory())
    # then
    assert Coupon.objects.get(pk=coupon.pk).uses == 1
    assert CouponRedemption.objects.count() == 1


@pytest.mark.promise("P-30")
@hypothesis_settings(max_examples=200, deadline=None)
@given(
    items=st.decimals(min_value=Decimal("0"), max_value=Decimal("100000"), places=2),
    shipping=st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2),
    kind=st.sampled_from([Coupon.Kind.PERCENT, Coupon.Kind.FIXED]),
    value=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2),
)
def test_the_discounted_total_is_never_negative_and_never_above_the_total(items, shipping, kind, value):
    # given
    value = min(value, Decimal("100")) if kind == Coupon.Kind.PERCENT else value
    coupon = Coupon(code="X", kind=kind, value=value, currency="EUR")
    lines = [PricedLine(sku="A", name="Socks", size="", unit_price=eur(str(items)), quantity=1)]
    method = ShippingOption(code="flat", name="Flat", delivery="soon", price=eur(str(shipping)))
    totals = totals_compute(lines=lines, currency="EUR", shipping=method)
    # when
    priced = totals_compute(lines=lines, currency="EUR", shipping=method, discount=coupon_as_discount(coupon=coupon))
    discount, amount = priced.discount, priced.total
    # then
    assert Money.zero("EUR") <= discount <= totals.subtotal
    assert totals.shipping <= amount <= totals.total
    assert amount == totals.total - discount
    assert amount.amount == amount.amount.quantize(Decimal("0.01"))
