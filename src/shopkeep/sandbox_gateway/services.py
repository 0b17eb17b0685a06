"""What the sandbox payment service does: tokenise, authorise, capture, void, refund.

The shop reaches it only through shopkeep.payments.gateways.sandbox, as it would reach
a real gateway over HTTPS.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from shopkeep.conf import conf

from shopkeep.sandbox_gateway.cards import behaviour_for, card_brand, luhn_valid
from shopkeep.sandbox_gateway.models import Behaviour, SandboxCharge, SandboxOperation, SandboxToken

# Signs the hosted card page's session (amount, return and cancel addresses) between the shop and the sandbox.
SESSION_SALT = "shopkeep.sandbox_gateway.session"


class CardError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class SandboxTimeout(Exception):
    """The request timed out: the caller cannot tell whether the gateway did the work."""


class ChargeError(Exception):
    """The gateway refused a capture, void or refund; `code` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# Faults tests inject per operation ("authorise", "capture", "void", "refund"):
# "timeout" (lost before the gateway acted), "timeout_after" (the gateway acted, the answer was lost),
# "decline" (the gateway refuses).
_faults: dict[str, str] = {}


@contextmanager
def faults(**by_operation: str) -> Iterator[None]:
    """Make the sandbox misbehave for the named operations while the block runs (tests only)."""
    previous = dict(_faults)
    _faults.update(by_operation)
    try:
        yield
    finally:
        _faults.clear()
        _faults.update(previous)


def _fault_before(operation: str) -> str:
    fault = _faults.get(operation, "")
    if fault == "timeout":
        raise SandboxTimeout(operation)
    if fault == "decline":
        raise ChargeError("declined", f"The {operation} was declined by the card issuer.")
    return fault


def _fault_after(fault: str, operation: str) -> None:
    if fault == "timeout_after":
        raise SandboxTimeout(operation)


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


def charge_find(*, idempotency_key: str) -> SandboxCharge | None:
    """The charge authorised with this idempotency key, if any (the gateway's look-up by key)."""
    return SandboxCharge.objects.filter(idempotency_key=idempotency_key).first()


def charge_authorise(*, token: str, amount: Decimal, currency: str, idempotency_key: str) -> SandboxCharge:
    """Authorise `amount` on the tokenised card; the same idempotency key returns the same charge."""
    fault = _fault_before("authorise")
    existing = SandboxCharge.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        _fault_after(fault, "authorise")
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
        charge = SandboxCharge.objects.get(idempotency_key=idempotency_key)
    _fault_after(fault, "authorise")
    return charge


def _operation_replay(idempotency_key: str, kind: str) -> SandboxOperation | None:
    existing = SandboxOperation.objects.filter(idempotency_key=idempotency_key).select_related("charge").first()
    if existing is not None and existing.kind != kind:
        raise ChargeError("idempotency_key_reused", "This idempotency key was already used for another operation.")
    return existing


def _locked_charge(reference: str) -> SandboxCharge:
    charge = SandboxCharge.objects.select_for_update().filter(reference=reference).first()
    if charge is None:
        raise ChargeError("no_such_charge", "There is no charge with this reference.")
    return charge


def _operation_record(*, charge: SandboxCharge, kind: str, amount: Decimal, idempotency_key: str) -> SandboxOperation:
    prefix = {"capture": "cp", "void": "vd", "refund": "re"}[kind]
    return SandboxOperation.objects.create(
        charge=charge, kind=kind, reference=f"{prefix}_{secrets.token_urlsafe(15)}",
        idempotency_key=idempotency_key, amount=amount,
    )


def charge_capture(*, reference: str, amount: Decimal, idempotency_key: str) -> SandboxOperation:
    """Capture all or part of what is left of an authorisation, once per idempotency key."""
    fault = _fault_before("capture")
    with transaction.atomic():
        charge = _locked_charge(reference)
        operation = _operation_replay(idempotency_key, "capture")
        if operation is None:
            if charge.status != SandboxCharge.Status.AUTHORISED:
                raise ChargeError("charge_not_capturable", f"The charge is {charge.status} and cannot be captured.")
            if charge.created_at < timezone.now() - timedelta(days=conf.payment_authorisation_days):
                raise ChargeError("authorisation_expired", "The authorisation has expired; authorise the card again.")
            if amount <= 0 or charge.captured_amount + amount > charge.amount:
                raise ChargeError("amount_too_large", "The amount exceeds what is left of the authorisation.")
            charge.captured_amount += amount
            if charge.captured_amount == charge.amount:
                charge.status = SandboxCharge.Status.CAPTURED
            charge.save(update_fields=["captured_amount", "status", "updated_at"])
            operation = _operation_record(charge=charge, kind="capture", amount=amount,
                                          idempotency_key=idempotency_key)
    _fault_after(fault, "capture")
    return operation


def charge_void(*, reference: str, idempotency_key: str | None = None) -> SandboxCharge:
    """Release what is left of an authorisation; voiding twice is harmless."""
    fault = _fault_before("void")
    with transaction.atomic():
        charge = _locked_charge(reference)
        if charge.status == SandboxCharge.Status.AUTHORISED:
            # What was captured stays captured; the rest of the authorisation is released.
            charge.status = SandboxCharge.Status.CAPTURED if charge.captured_amount else SandboxCharge.Status.VOIDED
            charge.save(update_fields=["status", "updated_at"])
            if idempotency_key and not SandboxOperation.objects.filter(idempotency_key=idempotency_key).exists():
                _operation_record(charge=charge, kind="void", amount=charge.amount - charge.captured_amount,
                                  idempotency_key=idempotency_key)
    _fault_after(fault, "void")
    return charge


def charge_refund(*, reference: str, amount: Decimal, idempotency_key: str) -> SandboxOperation:
    """Refund all or part of what was captured, once per idempotency key."""
    fault = _fault_before("refund")
    with transaction.atomic():
        charge = _locked_charge(reference)
        operation = _operation_replay(idempotency_key, "refund")
        if operation is None:
            if amount <= 0 or charge.refunded_amount + amount > charge.captured_amount:
                raise ChargeError("amount_too_large", "The amount exceeds what was captured and not yet refunded.")
            charge.refunded_amount += amount
            charge.save(update_fields=["refunded_amount", "updated_at"])
            operation = _operation_record(charge=charge, kind="refund", amount=amount,
                                          idempotency_key=idempotency_key)
    _fault_after(fault, "refund")
    return operation
