"""Sending email, newsletter subscriptions (double opt-in) and the suppression list.

Every message is of a declared kind (`kinds.EMAIL_KINDS`) and carries the promise that the shop
never asks for a password or card number by email (P-17). `email_send` is the only way the shop
sends email (P-26): it refuses a marketing kind for anyone without a confirmed subscription or on
the suppression list (P-29), adds the one-click unsubscribe headers to marketing mail (P-27),
records the send and hands delivery to the task queue, which retries a failed delivery.
"""

import json
import logging
import re
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.mailing.backends import letters
from shopkeep.mailing.errors import EmailRefused
from shopkeep.mailing.kinds import EMAIL_KINDS, kind_get  # noqa: F401  (EMAIL_KINDS re-exported)
from shopkeep.mailing.models import EmailSend, Subscription, Suppression
from shopkeep.outbox import relay as outbox
from shopkeep.privacy.crypto import blind_index
from shopkeep.privacy.publishing import policy_current_version
from shopkeep.privacy.services import disclose
from shopkeep.redaction import CARD
from shopkeep.shop.services import identity_current

logger = logging.getLogger(__name__)

CONFIRM_SALT = "shopkeep.mailing.newsletter-confirm"
UNSUBSCRIBE_SALT = "shopkeep.mailing.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)
URL = re.compile(r"https?://[^\s\"'<>]+")


# --- suppression list (P-29) -------------------------------------------------------------------

def suppression_contains(email: str) -> bool:
    """True if marketing email must never go to this address."""
    return Suppression.objects.filter(email_index=blind_index(email)).exists()


def suppression_add_index(*, email_index: str, reason: str) -> Suppression:
    """Put a keyed hash on the suppression list and end its subscription at once (every list)."""
    with transaction.atomic():
        Subscription.objects.filter(email_index=email_index).delete()
        entry, _ = Suppression.objects.get_or_create(email_index=email_index, defaults={"reason": reason})
    return entry


def suppression_add(*, email: str, reason: str) -> Suppression:
    """Put an address (unsubscribed, bounced or erased) on the suppression list as its keyed hash."""
    return suppression_add_index(email_index=blind_index(email), reason=reason)


# --- subscriptions (P-25) ----------------------------------------------------------------------

def subscription_is_confirmed(email: str) -> bool:
    """True if the address confirmed its newsletter subscription (double opt-in) and is not suppressed."""
    index = blind_index(email)
    return (Subscription.objects.filter(email_index=index, status=Subscription.Status.CONFIRMED).exists()
            and not Suppression.objects.filter(email_index=index).exists())


def subscribers_confirmed() -> Iterator[Subscription]:
    """Every confirmed subscription whose address is not on the suppression list."""
    suppressed = Suppression.objects.values("email_index")
    return (Subscription.objects.filter(status=Subscription.Status.CONFIRMED)
            .exclude(email_index__in=suppressed).order_by("pk").iterator(chunk_size=500))


def newsletter_confirmation_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "i": subscription.email_index}, salt=CONFIRM_SALT)


def newsletter_subscribe_request(*, email: str, source: str) -> Subscription | None:
    """Start double opt-in: email a signed confirmation link; nothing is subscribed until it is followed.

    Returns None when the address is already subscribed or a confirmation went out minutes ago.
    """
    email = email.strip()
    index = blind_index(email)
    subscription = Subscription.objects.filter(email_index=index).first()
    if subscription and subscription.status == Subscription.Status.CONFIRMED:
        return None
    recent = timezone.now() - CONFIRMATION_RESEND_AFTER
    if EmailSend.objects.filter(recipient_index=index, kind="newsletter_confirmation", created_at__gte=recent).exists():
        return None
    if subscription is None:
        subscription = Subscription.objects.create(email=email, source=source)
    else:
        subscription.email, subscription.source = email, source
        subscription.save(update_fields=["email", "email_index", "source"])
    path = reverse("mailing:newsletter_confirm", args=[newsletter_confirmation_token(subscription)])
    email_send(
        kind="newsletter_confirmation",
        to=email,
        subject=f"Please confirm your {conf.shop_name} newsletter subscription",
        template="mailing/email/newsletter_confirmation",
        context={"confirm_url": conf.absolute_url(path), "valid_days": CONFIRM_MAX_AGE // 86400},
    )
    return subscription


def newsletter_confirm_token_valid(*, token: str) -> bool:
    """True if a confirmation link is genuine and not expired (checked before showing the button)."""
    try:
        signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def newsletter_confirm(*, token: str) -> Subscription | None:
    """Confirm the subscription a signed link names, recording time and policy version; None if invalid."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    subscription = Subscription.objects.filter(pk=data.get("s"), email_index=data.get("i")).first()
    if subscription is None or subscription.status == Subscription.Status.CONFIRMED:
        return subscription
    version = policy_current_version()
    with transaction.atomic():
        # A confirmed, freshly given consent outweighs an older unsubscribe or bounce.
        Suppression.objects.filter(email_index=subscription.email_index).delete()
        subscription.status = Subscription.Status.CONFIRMED
        subscription.confirmed_at = timezone.now()
        subscription.policy_version = version.version if version else None
        subscription.save(update_fields=["status", "confirmed_at", "policy_version"])
    return subscription


# --- unsubscribe (P-27) ------------------------------------------------------------------------

def unsubscribe_token(email: str) -> str:
    """A signed, per-address token for the one-click unsubscribe link; it names only the keyed hash."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(blind_index(email))


def unsubscribe_index_from_token(token: str) -> str | None:
    """The keyed hash a genuine unsubscribe token names, or None if it was forged or altered."""
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None


def unsubscribe_by_token(*, token: str) -> bool:
    """Unsubscribe the address a one-click token names from every marketing list; idempotent."""
    index = unsubscribe_index_from_token(token)
    if index is None:
        return False
    suppression_add_index(email_index=index, reason=Suppression.Reason.UNSUBSCRIBED)
    return True


def unsubscribe(*, email: str) -> None:
    """Unsubscribe an address from every marketing list at once (P-27/P-28); idempotent."""
    suppression_add(email=email, reason=Suppression.Reason.UNSUBSCRIBED)


def unsubscribe_url(email: str) -> str:
    return conf.absolute_url(reverse("mailing:unsubscribe", args=[unsubscribe_token(email)]))


# --- sending (P-17, P-26) ----------------------------------------------------------------------

def _sends_to_external_provider() -> bool:
    return settings.EMAIL_BACKEND != "shopkeep.mailing.backends.OutboxBackend"


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _contains_card_number(text: str) -> bool:
    return any(_luhn_valid("".join(c for c in match.group() if c.isdigit())) for match in CARD.finditer(text))


def email_send(*, kind: str, to: str, subject: str, template: str, context: dict, subject_ref: str = "",
               headers: dict | None = None) -> str:
    """Check, render (`template`.txt and .html), record and queue one email; return its Message-ID.

    Raises EmailRefused for a marketing kind without a confirmed subscription or to a suppressed
    address, and for a message that contains a card number. When mail leaves through an external
    SMTP service, the address given to it is recorded as a disclosure to the email provider (P-23).
    """
    spec = kind_get(kind)
    if spec.marketing:
        if suppression_contains(to):
            raise EmailRefused("the address is on the suppression list")
        if spec.needs_subscription and not subscription_is_confirmed(to):
            raise EmailRefused("the address has no confirmed newsletter subscription")
    message_id = f"<{kind}.{letters(20)}@{conf.mail_domain}>"
    all_headers = {**(headers or {}), "Message-ID": message_id}
    context = {"shop_name": conf.shop_name, "base_url": conf.base_url, "shop_identity": identity_current(), **context}
    if spec.marketing:
        url = unsubscribe_url(to)
        all_headers["List-Unsubscribe"] = f"<{url}>, <mailto:{conf.mail_remove_address}?subject=unsubscribe>"
        all_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        context["unsubscribe_url"] = url
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    # Links are built by the shop from signed tokens, whose hex or base64 can hold a digit run that passes Luhn.
    if _contains_card_number(URL.sub("", f"{subject}\n{text}\n{html}")):
        raise EmailRefused("the message contains a card number")
    if _sends_to_external_provider():
        to = disclose(processor="email_provider", subject_ref=subject_ref or "unknown",
                      data={"user.contact.email": to}, purpose=spec.purpose)["user.contact.email"]
    record = EmailSend.objects.create(
        kind=kind, recipient_index=blind_index(to), message_id=message_id, recipient=to,
        payload=json.dumps({"subject": subject, "text": text, "html": html, "headers": all_headers}),
    )
    from shopkeep.mailing.tasks import email_deliver_task

    # Order and account mail goes on the mail queue; newsletters and other marketing never hold it up.
    outbox.enqueue(email_deliver_task, record.pk, 1, queue="marketing" if spec.marketing else "mail")
    return message_id
