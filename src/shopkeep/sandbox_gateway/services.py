"""What the sandbox payment service does: tokenise, authorise, void, capture.

The shop reaches it only through shopkeep.payments.gateways.sandbox, as it would reach
a real gateway over HTTPS.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from shopkeep.sandbox_gateway.cards import behaviour_for, card_brand, luhn_valid
from shopkeep.sandbox_gateway.models import Behaviour, SandboxCharge, SandboxToken


class CardError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CardInput:
    number: str
    exp_month: int
    exp_year: int
    cvc: str
    postal_code: str = ""


def card_validate(card: CardInput, *, today: date | None = None) -> str:
    """Return the card number without spaces, or raise CardError naming the bad field."""
    today = today or date.today()
    number = "".join(card.number.split()).replace("-", "")
    if not number.isdigit() or not 13 <= len(number) <= 19 or not luhn_valid(number):
        raise CardError("number", "This card number is not valid. Check the digits and try again.")
    if not isinstance(card.exp_month, int) or not 1 <= card.exp_month <= 12:
        raise CardError("exp_month", "The expiry month must be between 1 and 12.")
    year = card.exp_year + 2000 if isinstance(card.exp_year, int) and card.exp_year < 100 else card.exp_year
    if not isinstance(year, int) or year > today.year + 20:
        raise CardError("exp_year", "The expiry year is not valid.")
    if (year, card.exp_month) < (today.year, today.month):
        raise CardError("exp_year", "This card has expired.")
    if not (card.cvc.isdigit() and len(card.cvc) in (3, 4)):
        raise CardError("cvc", "The security code is the 3 or 4 digits on the card.")
    if len(card.postal_code) > 20:
        raise CardError("postal_code", "The postal code is too long.")
    return number


def token_create(card: CardInput) -> SandboxToken:
    """Tokenise a card: keep brand, last 4, expiry and test behaviour; forget number and CVC."""
    number = card_validate(card)
    year = card.exp_year + 2000 if card.exp_year < 100 else card.exp_year
    return SandboxToken.objects.create(
        token=f"tok_{secrets.token_urlsafe(18)}",
        brand=card_brand(number),
        last4=number[-4:],
        exp_month=card.exp_month,
        exp_year=year,
        behaviour=behaviour_for(number),
    )


DECLINES = {
    Behaviour.DECLINE: "card_declined",
    Behaviour.INSUFFICIENT_FUNDS: "insufficient_funds",
}


def charge_authorise(*, token: str, amount: Decimal, currency: str, idempotency_key: str) -> SandboxCharge:
    """Authorise `amount` on the tokenised card; the same idempotency key returns the same charge."""
    existing = SandboxCharge.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    card = SandboxToken.objects.filter(token=token).first()
    if card is None:
        raise CardError("token", "This payment token is unknown or has expired.")
    decline = DECLINES.get(card.behaviour, "")
    charge = SandboxCharge(
        reference=f"ch_{secrets.token_urlsafe(15)}",
        token=card,
        idempotency_key=idempotency_key,
        amount=amount,
        currency=currency,
        status=SandboxCharge.Status.DECLINED if decline else SandboxCharge.Status.AUTHORISED,
        decline_code=decline,
        cvc_check="fail" if card.behaviour == Behaviour.CVC_FAIL else "pass",
        address_check="fail" if card.behaviour == Behaviour.ADDRESS_FAIL else "pass",
    )
    try:
        with transaction.atomic():
            charge.save()
    except IntegrityError:
        return SandboxCharge.objects.get(idempotency_key=idempotency_key)
    return charge


def charge_void(*, reference: str) -> SandboxCharge:
    """Release an authorisation; voiding twice is harmless."""
    with transaction.atomic():
        charge = SandboxCharge.objects.select_for_update().get(reference=reference)
        if charge.status == SandboxCharge.Status.AUTHORISED:
            charge.status = SandboxCharge.Status.VOIDED
            charge.save(update_fields=["status", "updated_at"])
    return charge
