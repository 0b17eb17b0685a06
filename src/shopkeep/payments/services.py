"""Authorise, capture, void and refund payments, recording each operation as a PaymentEvent.

The shop stores only the gateway's token, brand, last 4 and expiry (P-13). Money is captured only
when goods are dispatched (P-18): orders calls `payment_capture` for what it dispatches.
Every money-moving call takes an idempotency key: a retry with the same key returns the first
result and never moves money twice. Totals on the Payment are changed under a row lock.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.money import Money
from shopkeep.payments.errors import (
    CaptureExceedsAuthorisation,
    GatewayRefused,
    GatewayUnavailable,
    IdempotencyKeyReused,
    InvalidAmount,
    InvalidPaymentToken,
    PaymentDeclined,
    PaymentError,
    PaymentNotLive,
    RefundExceedsCapture,
)
from shopkeep.payments.gateways.registry import gateway_get
from shopkeep.payments.models import Payment, PaymentEvent
from shopkeep.payments.selectors import order_refundable
from shopkeep.payments.signals import authorisation_renewal_failed

Kind = PaymentEvent.Kind
Result = PaymentEvent.Result

# Orders whose goods are not all sent yet: their authorisation must stay alive.
AWAITING_DISPATCH = ("placed", "on_hold", "ready_to_dispatch", "partially_dispatched")


def payment_authorise(*, token: str, amount: Money, idempotency_key: str, kind: str = Kind.AUTHORISE) -> Payment:
    """Authorise `amount` on the card token, at most once per idempotency key; raise if declined.

    The intent (key, amount, card) is committed as a pending Payment before the gateway is asked, and the
    answer recorded after; a process that dies in between leaves the pending row, which
    `payment_intents_reconcile` settles by asking the gateway for the key."""
    existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None or existing.status == Payment.Status.PENDING:
        existing = _authorise_at_gateway(token=token, amount=amount, idempotency_key=idempotency_key, kind=kind,
                                         intent=existing)
    if existing.status == Payment.Status.DECLINED:
        raise PaymentDeclined(existing.decline_code)
    if existing.status == Payment.Status.ABANDONED:
        raise GatewayUnavailable("authorisation")
    return existing


def payment_intent_record(*, token: str, amount: Money, idempotency_key: str) -> Payment:
    """Commit the intent to authorise (status pending) before any gateway call; the existing row on a retry."""
    _check_positive(amount)
    gateway = gateway_get()
    card = gateway.card_details(token=token)
    if card is None:
        raise InvalidPaymentToken()
    try:
        with transaction.atomic():
            return Payment.objects.create(
                gateway=gateway.code, idempotency_key=idempotency_key, token=token, card_brand=card.brand,
                card_last4=card.last4, card_exp_month=card.exp_month, card_exp_year=card.exp_year,
                amount=amount.amount, currency=amount.currency, status=Payment.Status.PENDING,
            )
    except IntegrityError:
        return Payment.objects.get(idempotency_key=idempotency_key)


def _authorise_at_gateway(*, token: str, amount: Money, idempotency_key: str, kind: str,
                          intent: Payment | None) -> Payment:
    if intent is None:
        intent = payment_intent_record(token=token, amount=amount, idempotency_key=idempotency_key)
        if intent.status != Payment.Status.PENDING:
            return intent  # another request recorded the answer meanwhile
    gateway = gateway_get(intent.gateway)
    # The same key at the gateway never authorises twice: a retry after a crash gets the first answer.
    result = gateway.authorise(token=intent.token, amount=intent.authorised, idempotency_key=idempotency_key)
    return payment_outcome_record(payment=intent, result=result, kind=kind)


def payment_outcome_record(*, payment: Payment, result, kind: str = Kind.AUTHORISE) -> Payment:
    """Record the gateway's answer on a pending intent, once (a second recording returns the first)."""
    status = Payment.Status.AUTHORISED if result.approved else Payment.Status.DECLINED
    answer = {"reference": result.reference, "status": status, "decline_code": result.decline_code,
              "cvc_check": result.cvc_check, "address_check": result.address_check, "updated_at": timezone.now()}
    with transaction.atomic():
        updated = Payment.objects.filter(pk=payment.pk, status=Payment.Status.PENDING).update(**answer)
        if updated:
            PaymentEvent.objects.create(
                payment_id=payment.pk, kind=kind, amount=payment.amount, currency=payment.currency,
                gateway_reference=result.reference, result=Result.OK if result.approved else Result.FAILED,
                message="" if result.approved else f"Declined: {result.decline_code}",
                idempotency_key=payment.idempotency_key if result.approved else "",
            )
    if not updated:
        return Payment.objects.get(pk=payment.pk)  # recorded before: the first answer stands
    for field, value in answer.items():
        setattr(payment, field, value)
    return payment


def payment_intents_reconcile(*, older_than: timedelta | None = None, now: datetime | None = None) -> dict[str, int]:
    """Settle intents left pending by a process that died during the gateway call: ask the gateway by
    idempotency key, record the authorisation it made (the orphan reconciliation then voids it if no order
    took it), or mark the intent abandoned when the gateway has none."""
    now = now or timezone.now()
    grace = older_than if older_than is not None else timedelta(minutes=conf.payment_reconcile_grace_minutes)
    counts = {"attached": 0, "abandoned": 0}
    for intent in Payment.objects.filter(status=Payment.Status.PENDING, created_at__lt=now - grace):
        try:
            found = gateway_get(intent.gateway).authorisation_find(idempotency_key=intent.idempotency_key)
        except GatewayUnavailable:
            continue  # asked again on the next run
        if found is None:
            if Payment.objects.filter(pk=intent.pk, status=Payment.Status.PENDING).update(
                    status=Payment.Status.ABANDONED, updated_at=timezone.now()):
                counts["abandoned"] += 1
            continue
        payment_outcome_record(payment=intent, result=found)
        counts["attached"] += 1
    return counts


def order_refund(*, order, amount: Money, idempotency_key: str) -> list[PaymentEvent]:
    """Refund `amount` on the order, newest captured payment first (an order re-authorised after a
    partial dispatch has captures on more than one payment); a retry with the same key refunds only
    what the first attempt did not."""
    _check_positive(amount)
    payments = list(Payment.objects.filter(order=order, captured_amount__gt=0).order_by("-created_at", "-id"))
    done = {e.payment_id: e for e in PaymentEvent.objects.filter(
        payment__in=payments, kind=Kind.REFUND, result=Result.OK, idempotency_key__startswith=f"{idempotency_key}:")}
    left = amount.amount - sum((e.amount for e in done.values()), Decimal("0.00"))
    available = order_refundable(order=order)
    if available is None or amount.currency != available.currency or left > available.amount:
        raise RefundExceedsCapture(amount, available or Money.zero(amount.currency))
    events = []
    for payment in payments:
        if payment.pk in done:
            events.append(done[payment.pk])
            continue
        part = min(left, payment.refundable.amount)
        if part > 0:
            events.append(payment_refund(payment=payment, amount=Money(part, amount.currency),
                                         idempotency_key=f"{idempotency_key}:{payment.pk}"))
            left -= part
    return events


def payment_capture(*, payment: Payment, amount: Money, idempotency_key: str) -> PaymentEvent:
    """Capture `amount` (all or part of what is left of the authorisation), once per idempotency key."""
    _check_amount(amount, payment)
    return _operate(payment=payment, kind=Kind.CAPTURE, amount=amount, idempotency_key=idempotency_key)


def payment_refund(*, payment: Payment, amount: Money, idempotency_key: str) -> PaymentEvent:
    """Refund `amount` (all or part of what was captured and not yet refunded), once per idempotency key."""
    _check_amount(amount, payment)
    return _operate(payment=payment, kind=Kind.REFUND, amount=amount, idempotency_key=idempotency_key)


def payment_void(*, payment: Payment, idempotency_key: str | None = None) -> PaymentEvent | None:
    """Release what is not captured of an authorisation; None when nothing was left to release."""
    key = idempotency_key or f"void:{payment.pk}"
    replay = _replay(key, payment=payment, kind=Kind.VOID)
    if replay is not None:
        return replay
    if payment.status != Payment.Status.AUTHORISED:
        return None
    return _operate(payment=payment, kind=Kind.VOID, amount=None, idempotency_key=key)


def _operate(*, payment: Payment, kind: str, amount: Money | None, idempotency_key: str) -> PaymentEvent:
    replay = _replay(idempotency_key, payment=payment, kind=kind)
    if replay is not None:
        return replay
    failure: PaymentError | None = None
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        replay = _replay(idempotency_key, payment=payment, kind=kind)
        if replay is not None:
            return replay
        if kind == Kind.CAPTURE:
            if locked.status != Payment.Status.AUTHORISED:
                raise PaymentNotLive(locked.get_status_display().lower())
            if amount.amount > locked.capturable.amount:
                raise CaptureExceedsAuthorisation(amount, locked.capturable)
        elif kind == Kind.REFUND and amount.amount > locked.refundable.amount:
            raise RefundExceedsCapture(amount, locked.refundable)
        elif kind == Kind.VOID:
            if locked.status != Payment.Status.AUTHORISED:
                return None
            amount = locked.capturable
        gateway = gateway_get(locked.gateway)
        result = None
        try:
            if kind == Kind.CAPTURE:
                result = gateway.capture(reference=locked.reference, amount=amount, idempotency_key=idempotency_key)
            elif kind == Kind.REFUND:
                result = gateway.refund(reference=locked.reference, amount=amount, idempotency_key=idempotency_key)
            else:
                result = gateway.void(reference=locked.reference, idempotency_key=idempotency_key)
        except GatewayUnavailable as error:
            failure = error
        if result is not None and result.ok:
            _apply(locked, kind=kind, amount=amount)
            event = PaymentEvent.objects.create(
                payment=locked, kind=kind, amount=amount.amount, currency=amount.currency,
                gateway_reference=result.reference, result=Result.OK, idempotency_key=idempotency_key,
            )
        else:
            if failure is None:
                failure = GatewayRefused(Kind(kind).label.lower(), result.message)
            # The attempt is kept (the key stays free for a retry); nothing is recorded as moved.
            event = PaymentEvent.objects.create(
                payment=locked, kind=kind, amount=amount.amount, currency=amount.currency,
                result=Result.FAILED, message=str(failure)[:300], idempotency_key=idempotency_key,
            )
    for field in ("status", "captured_amount", "refunded_amount", "updated_at"):
        setattr(payment, field, getattr(locked, field))
    if failure is not None:
        raise failure
    return event


def _apply(locked: Payment, *, kind: str, amount: Money) -> None:
    if kind == Kind.CAPTURE:
        locked.captured_amount += amount.amount
        if locked.captured_amount == locked.amount:
            locked.status = Payment.Status.CAPTURED
    elif kind == Kind.REFUND:
        locked.refunded_amount += amount.amount
    else:
        locked.status = Payment.Status.CAPTURED if locked.captured_amount else Payment.Status.VOIDED
    locked.save(update_fields=["status", "captured_amount", "refunded_amount", "updated_at"])


def _replay(idempotency_key: str, *, payment: Payment, kind: str) -> PaymentEvent | None:
    """The earlier successful operation with this key; a key is never reused for another operation."""
    event = PaymentEvent.objects.filter(idempotency_key=idempotency_key, result=Result.OK).first()
    if event is not None and (event.payment_id != payment.pk or event.kind != kind):
        raise IdempotencyKeyReused(idempotency_key)
    return event


def _check_positive(amount: Money) -> None:
    if amount.amount <= 0:
        raise InvalidAmount(f"The amount must be more than zero, not {amount.amount}.")


def _check_amount(amount: Money, payment: Payment) -> None:
    _check_positive(amount)
    if amount.currency != payment.currency:
        raise InvalidAmount(f"The payment is in {payment.currency}, not {amount.currency}.")


def payment_reauthorise(*, payment: Payment, now: datetime | None = None) -> Payment:
    """Authorise what is left to capture again with the stored token, then void the old authorisation.

    One renewal per payment: a retry replays the same new authorisation, never a second one."""
    remaining = payment.capturable
    if remaining.amount <= 0:
        raise PaymentNotLive(payment.get_status_display().lower())
    fresh = payment_authorise(
        token=payment.token, amount=remaining, idempotency_key=f"reauthorise:{payment.pk}", kind=Kind.REAUTHORISE,
    )
    Payment.objects.filter(pk=fresh.pk).update(order=payment.order_id)
    fresh.order_id = payment.order_id
    try:
        payment_void(payment=payment, idempotency_key=f"void:reauthorised:{payment.pk}")
    except GatewayUnavailable:
        pass  # the old authorisation is voided on the next run (the renewal is replayed, not repeated)
    return fresh


def authorisations_expiring(*, now: datetime):
    """Live authorisations on orders still awaiting dispatch that expire within a day."""
    cutoff = now - timedelta(days=conf.payment_authorisation_days) + timedelta(days=1)
    return Payment.objects.filter(
        status=Payment.Status.AUTHORISED, order__isnull=False, order__status__in=AWAITING_DISPATCH,
        created_at__lte=cutoff,
    ).select_related("order")


def authorisations_expiring_handle(*, now: datetime | None = None) -> dict[str, int]:
    """Re-authorise authorisations about to expire; when the card refuses, send `authorisation_renewal_failed`
    (once per authorisation; orders flags the order for customer service). A gateway timeout is retried on
    the next run."""
    now = now or timezone.now()
    counts = {"reauthorised": 0, "flagged": 0}
    for payment in authorisations_expiring(now=now):
        if Payment.objects.filter(idempotency_key=f"reauthorise:{payment.pk}", status=Payment.Status.DECLINED).exists():
            continue  # already refused and flagged; customer service decides
        try:
            payment_reauthorise(payment=payment, now=now)
        except GatewayUnavailable:
            continue
        except PaymentError as error:
            authorisation_renewal_failed.send(
                sender=Payment, payment=payment,
                reason=f"The card authorisation expires soon and could not be renewed: {error}",
            )
            counts["flagged"] += 1
        else:
            counts["reauthorised"] += 1
    return counts


def authorisations_reconcile(*, older_than: timedelta | None = None, now: datetime | None = None) -> int:
    """Void authorisations that never got an order (the process died between authorising and saving it)."""
    now = now or timezone.now()
    grace = older_than if older_than is not None else timedelta(minutes=conf.payment_reconcile_grace_minutes)
    payment_intents_reconcile(older_than=grace, now=now)
    voided = 0
    stale = Payment.objects.filter(status=Payment.Status.AUTHORISED, order__isnull=True, created_at__lt=now - grace)
    for payment in stale:
        try:
            if payment_void(payment=payment, idempotency_key=f"void:orphan:{payment.pk}") is not None:
                voided += 1
        except PaymentError:
            continue  # tried again on the next run
    return voided
