"""Sending email. Every message is of a declared kind and carries the promise that the shop
never asks for a password or card number by email (P-17)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from shopkeep.conf import conf
from shopkeep.mailing.backends import letters
from shopkeep.privacy.services import disclose

# Kinds of email the shop sends, with the reason it may send them.
EMAIL_KINDS = {
    "order_confirmation": "contract: updates on the customer's own order",
    "order_update": "contract: news about the customer's own order (checks, dispatch, returns, refunds)",
    "account_security": "contract: messages about the customer's own account (password reset)",
    "policy_change": "legal obligation: telling customers about a material change to the privacy policy",
}


def _sends_to_external_provider() -> bool:
    return settings.EMAIL_BACKEND != "shopkeep.mailing.backends.OutboxBackend"


def email_send(*, kind: str, to: str, subject: str, template: str, context: dict, subject_ref: str = "") -> str:
    """Render `template`.txt and .html and send them to `to`; return the Message-ID.

    When mail leaves through an external SMTP service, the address given to it is recorded as
    a disclosure to the email provider (P-23).
    """
    if kind not in EMAIL_KINDS:
        raise ValueError(f"Unknown email kind {kind!r}; declare it in EMAIL_KINDS.")
    if _sends_to_external_provider():
        to = disclose(processor="email_provider", subject_ref=subject_ref or "unknown",
                      data={"user.contact.email": to}, purpose=EMAIL_KINDS[kind])["user.contact.email"]
    context = {"shop_name": conf.shop_name, "base_url": conf.base_url, **context}
    message_id = f"<{kind}.{letters(20)}@{conf.mail_domain}>"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": message_id},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
    return message_id
