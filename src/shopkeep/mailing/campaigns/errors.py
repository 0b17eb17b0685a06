"""Why a coupon cannot be used, in words the customer can act on."""


class CouponError(Exception):
    """A coupon that cannot be applied to this order."""

    message = "This coupon cannot be used."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.message
        super().__init__(self.message)


class CouponUnknown(CouponError):
    message = "We don't know this coupon code. Check it for typing mistakes."


class CouponNotYetValid(CouponError):
    message = "This coupon is not valid yet."


class CouponExpired(CouponError):
    message = "This coupon has expired."


class CouponUsedUp(CouponError):
    message = "This coupon has already been used."


class CouponAlreadyUsedByYou(CouponError):
    message = "You have already used this coupon on an earlier order."


class CouponNotEligible(CouponError):
    message = ("This coupon is for our newsletter subscribers only, and is not valid for this email address. "
               "Use the address the newsletter was sent to.")


class CouponBelowMinimum(CouponError):
    pass


class CouponWrongCurrency(CouponError):
    message = "This coupon is for a different currency."
