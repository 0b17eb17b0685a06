class PaymentError(Exception):
    """Base class for payment errors; the message is shown to the customer."""


class PaymentDeclined(PaymentError):
    MESSAGES = {
        "card_declined": "Your card was declined. Please use another card or contact your bank.",
        "insufficient_funds": "Your card was declined for insufficient funds. Please use another card.",
    }

    def __init__(self, code: str) -> None:
        super().__init__(self.MESSAGES.get(code, "Your payment could not be authorised. Please try another card."))
        self.code = code


class InvalidPaymentToken(PaymentError):
    def __init__(self) -> None:
        super().__init__("The payment details have expired or are not valid. Please enter your card again.")


class GatewayUnavailable(PaymentError):
    """The gateway did not answer in time; nothing was recorded as done. Retrying with the same key is safe."""

    def __init__(self, operation: str = "request") -> None:
        super().__init__(
            f"The payment gateway did not answer the {operation} in time. Nothing was recorded; "
            "try again in a minute (retrying is safe and will not charge twice)."
        )
        self.operation = operation


class GatewayRefused(PaymentError):
    """The gateway answered but refused the operation (e.g. a declined capture)."""

    def __init__(self, operation: str, reason: str = "") -> None:
        super().__init__(
            f"The payment gateway refused the {operation}"
            + (f": {reason}" if reason else ".")
            + " Nothing was recorded as done; check the payment at the gateway or contact the customer."
        )
        self.operation = operation
        self.reason = reason


class CaptureExceedsAuthorisation(PaymentError):
    def __init__(self, requested, capturable) -> None:
        super().__init__(
            f"Cannot capture {requested.amount} {requested.currency}: only {capturable.amount} "
            f"{capturable.currency} of the authorisation is left to capture. Capture a smaller amount."
        )
        self.requested = requested
        self.capturable = capturable


class RefundExceedsCapture(PaymentError):
    def __init__(self, requested, refundable) -> None:
        super().__init__(
            f"Cannot refund {requested.amount} {requested.currency}: only {refundable.amount} "
            f"{refundable.currency} has been captured and not yet refunded. Refund a smaller amount."
        )
        self.requested = requested
        self.refundable = refundable


class PaymentNotLive(PaymentError):
    def __init__(self, status: str) -> None:
        super().__init__(
            f"This payment is {status}, so nothing can be captured on it. "
            "Ask the customer for a new payment or re-authorise the order."
        )
        self.status = status


class InvalidAmount(PaymentError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"{reason} Enter a positive amount in the payment's currency.")


class IdempotencyKeyReused(PaymentError):
    def __init__(self, key: str) -> None:
        super().__init__(
            f"The idempotency key {key!r} was already used for a different payment operation. "
            "Use a new key for each distinct capture, void or refund."
        )
        self.key = key
