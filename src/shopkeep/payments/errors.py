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
