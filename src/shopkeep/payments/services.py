"""Authorise and void payments, recording each at the shop as a Payment (token, brand, last 4 only)."""

from django.db import IntegrityError, transaction

from shopkeep.money import Money
from shopkeep.payments.errors import InvalidPaymentToken, PaymentDeclined
from shopkeep.payments.gateways.registry import gateway_get
from shopkeep.payments.models import Payment


def payment_authorise(*, token: str, amount: Money, idempotency_key: str) -> Payment:
    """Authorise `amount` on the card token, at most once per idempotency key; raise if declined."""
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        existing = _authorise_at_gateway(token=token, amount=amount, idempotency_key=idempotency_key)
    if existing.status == Payment.Status.DECLINED:
        raise PaymentDeclined(existing.decline_code)
    return existing


def _authorise_at_gateway(*, token: str, amount: Money, idempotency_key: str) -> Payment:
    gateway = gateway_get()
    card = gateway.card_details(token=token)
    if card is None:
        raise InvalidPaymentToken()
    result = gateway.authorise(token=token, amount=amount, idempotency_key=idempotency_key)
    payment = Payment(
        gateway=gateway.code,
        reference=result.reference,
        idempotency_key=idempotency_key,
        token=token,
        card_brand=card.brand,
        card_last4=card.last4,
        card_exp_month=card.exp_month,
        card_exp_year=card.exp_year,
        amount=amount.amount,
        currency=amount.currency,
        status=Payment.Status.AUTHORISED if result.approved else Payment.Status.DECLINED,
        decline_code=result.decline_code,
        cvc_check=result.cvc_check,
        address_check=result.address_check,
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        return Payment.objects.get(idempotency_key=idempotency_key)
    return payment


def payment_void(*, payment: Payment) -> None:
    """Release an authorisation that will not be used (e.g. the goods sold out meanwhile)."""
    if payment.status != Payment.Status.AUTHORISED:
        return
    gateway_get(payment.gateway).void(reference=payment.reference)
    payment.status = Payment.Status.VOIDED
    payment.save(update_fields=["status", "updated_at"])
