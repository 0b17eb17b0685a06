"""Data map of payments: the gateway's token and the card's brand, last 4 and expiry, never the number (P-13)."""

from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.privacy.erasure import retention_erasure_register
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

# After the accounting period a payment keeps its amounts, status and the gateway's reference; the card's details and
# the token go (CARD is kept against a person's own request, not past the period).
retention_erasure_register(key="payment", model=Payment, what="card details and tokens of payments",
                           rows=lambda cutoff: Payment.objects.filter(created_at__lt=cutoff))
