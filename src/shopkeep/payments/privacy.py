"""Data map of payments: the gateway's token and the card's brand, last 4 and expiry, never the number (P-13)."""

from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.roles import Role

PAY = ("essential.service.payment_processing",)
CARD = Personal("user.financial.bank_account", PAY, "contract", "payment", roles=(Role.BILLING,), erase="keep")

register(
    Payment,
    description="card payments",
    subject="order__customer",
    personal={
        "token": Personal("user.payment", PAY, "contract", "payment", roles=(Role.BILLING,), erase="blank"),
        "card_brand": CARD,
        "card_last4": CARD,
        "card_exp_month": CARD,
        "card_exp_year": CARD,
    },
    non_personal=["id", "order", "gateway", "reference", "idempotency_key", "amount", "currency", "status",
                  "decline_code", "captured_amount", "refunded_amount", "cvc_check", "address_check", "created_at", "updated_at"],
)
register(
    PaymentEvent,
    description="operations on card payments at the gateway (authorise, capture, void, refund)",
    subject="payment__order__customer",
    non_personal=["id", "payment", "kind", "amount", "currency", "gateway_reference", "result", "message",
                  "idempotency_key", "created_at"],
)
