"""Subscriber coupons (P-30): check a code against an order, turn it into a discount, redeem it exactly once.

A coupon is one kind of discount: once checked it becomes a `shopkeep.pricing.totals.Discount`, and the
price calculation takes it off the items like any other discount.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from shopkeep.mailing.campaigns import errors
from shopkeep.mailing.campaigns.models import Coupon, CouponRedemption
from shopkeep.money import Money
from shopkeep.pricing.totals import Discount
from shopkeep.privacy.crypto import blind_index

CODE_MAX_LENGTH = 32


@dataclass(frozen=True)
class AppliedCoupon:
    coupon: Coupon
    discount: Discount

    @property
    def code(self) -> str:
        return self.coupon.code


def code_normalise(code: str) -> str:
    """The code as stored: without spaces, upper case."""
    return "".join((code or "").split()).upper()


def coupon_create(*, code: str, kind: str, value: Decimal, valid_from: datetime, valid_until: datetime,
                  max_uses: int = 1, currency: str = "", minimum_subtotal: Decimal = Decimal("0"),
                  subscribers_only: bool = True) -> Coupon:
    """Create a coupon; raise ValueError with a sentence for an impossible one."""
    code = code_normalise(code)
    problems = []
    if not code or len(code) > CODE_MAX_LENGTH or not code.replace("-", "").isalnum():
        problems.append(f"a code of 1 to {CODE_MAX_LENGTH} letters, digits or hyphens")
    if kind not in Coupon.Kind.values:
        problems.append("percent or a fixed amount")
    if value <= 0 or (kind == Coupon.Kind.PERCENT and value > 100):
        problems.append("a value above zero (at most 100 for a percentage)")
    if kind == Coupon.Kind.FIXED and not currency:
        problems.append("a currency for a fixed amount")
    if valid_until <= valid_from:
        problems.append("an end after its start")
    if max_uses < 1:
        problems.append("at least one use")
    if problems:
        raise ValueError("A coupon needs " + ", ".join(problems) + ".")
    return Coupon.objects.create(code=code, kind=kind, value=value, currency=currency if kind == "fixed" else "",
                                 valid_from=valid_from, valid_until=valid_until, max_uses=max_uses,
                                 minimum_subtotal=minimum_subtotal, subscribers_only=subscribers_only)


def coupon_as_discount(*, coupon: Coupon) -> Discount:
    """The coupon as the discount pricing applies: a percentage or a fixed amount off the items."""
    kind = Discount.PERCENT if coupon.kind == Coupon.Kind.PERCENT else Discount.FIXED
    return Discount(kind=kind, value=coupon.value, label=f"Coupon {coupon.code}", code=coupon.code,
                    currency=coupon.currency if kind == Discount.FIXED else "")


def _subscriber_confirmed(email: str) -> bool:
    from shopkeep.mailing.services import subscription_is_confirmed

    return subscription_is_confirmed(email)


def _check(coupon: Coupon, *, email: str, subtotal: Money, now: datetime) -> None:
    if now < coupon.valid_from:
        raise errors.CouponNotYetValid()
    if now >= coupon.valid_until:
        raise errors.CouponExpired()
    if coupon.uses >= coupon.max_uses:
        raise errors.CouponUsedUp()
    if coupon.kind == Coupon.Kind.FIXED and coupon.currency != subtotal.currency:
        raise errors.CouponWrongCurrency()
    if subtotal.amount < coupon.minimum_subtotal:
        minimum = Money(coupon.minimum_subtotal, subtotal.currency)
        raise errors.CouponBelowMinimum(f"This coupon needs items worth at least {minimum}; "
                                        f"your items come to {subtotal}.")
    if coupon.subscribers_only and not (email and _subscriber_confirmed(email)):
        raise errors.CouponNotEligible()
    if CouponRedemption.objects.filter(coupon=coupon, email_index=blind_index(email)).exists():
        raise errors.CouponAlreadyUsedByYou()


def coupon_apply(*, code: str, email: str, subtotal: Money, now: datetime | None = None) -> AppliedCoupon:
    """Check `code` for an order by `email` with items worth `subtotal`; raise a CouponError saying why not."""
    normalised = code_normalise(code)
    coupon = Coupon.objects.filter(code=normalised).first() if 0 < len(normalised) <= CODE_MAX_LENGTH else None
    if coupon is None:
        raise errors.CouponUnknown()
    _check(coupon, email=email, subtotal=subtotal, now=now or timezone.now())
    return AppliedCoupon(coupon=coupon, discount=coupon_as_discount(coupon=coupon))


def coupon_redeem(*, applied: AppliedCoupon, email: str, order) -> CouponRedemption:
    """Record that `order` used the coupon (with the discount the order recorded), inside the caller's transaction.

    The use counter only moves by a conditional UPDATE (uses < max_uses), so of two orders racing
    for the last use exactly one wins; the other gets CouponUsedUp and its transaction rolls back.
    """
    coupon = applied.coupon
    with transaction.atomic():
        taken = Coupon.objects.filter(pk=coupon.pk, uses__lt=F("max_uses"), valid_until__gt=timezone.now()).update(
            uses=F("uses") + 1)
        if not taken:
            raise errors.CouponUsedUp()
        try:
            with transaction.atomic():
                return CouponRedemption.objects.create(coupon=coupon, order=order, email_index=blind_index(email),
                                                       discount=order.discount_total)
        except IntegrityError:
            raise errors.CouponAlreadyUsedByYou() from None
