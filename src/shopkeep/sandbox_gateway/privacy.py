"""Data map of the sandbox gateway's tables. They stand for another company's system (external):
it keeps brand, last 4, expiry and the test behaviour of a card, never its number or CVC."""

from shopkeep.privacy.registry import Personal, register
from shopkeep.sandbox_gateway.models import SandboxCharge, SandboxOperation, SandboxToken

CARD = Personal("user.financial.bank_account", ("essential.service.payment_processing",), "contract", "gateway",
                erase="keep")

register(
    SandboxToken,
    description="cards tokenised by the payment gateway",
    external=True,
    personal={"brand": CARD, "last4": CARD, "exp_month": CARD, "exp_year": CARD},
    non_personal=["id", "token", "behaviour", "created_at"],
)
register(
    SandboxCharge,
    description="authorisations at the payment gateway",
    external=True,
    non_personal=["id", "reference", "token", "idempotency_key", "amount", "currency", "status", "decline_code",
                  "cvc_check", "address_check", "captured_amount", "refunded_amount", "created_at", "updated_at"],
)
register(
    SandboxOperation,
    description="captures, voids and refunds at the payment gateway",
    external=True,
    non_personal=["id", "charge", "kind", "reference", "idempotency_key", "amount", "created_at"],
)
