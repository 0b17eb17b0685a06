"""Data map of the mailing app: subscriptions, the suppression list and the log of sent email."""

from shopkeep.mailing.models import EmailSend, Subscription, Suppression
from shopkeep.mailing.backends import outbox_delete_for
from shopkeep.mailing.services import email_send, suppression_add_index
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.rights import rights_mailer_register
from shopkeep.privacy.subjects import Subject, erasure_step_register, subject_rows_register

MARKETING = ("marketing.communications.email",)
NOTIFY = ("essential.service.notifications",)

register(
    Subscription,
    description="newsletter subscriptions (double opt-in)",
    personal={
        "email": Personal("user.contact.email", MARKETING, "consent", "subscription", processors=("email_provider",),
                          encrypted=True, erase="delete"),
        "email_index": Personal("user.contact.email", MARKETING, "consent", "subscription", encrypted=True,
                                erase="delete"),
    },
    non_personal=["id", "status", "source", "policy_version", "requested_at", "confirmed_at", "unsubscribed_at"],
)
register(
    Suppression,
    description="addresses that must never get marketing email again, kept only as keyed hashes",
    personal={
        "email_index": Personal("user.contact.email", MARKETING, "legitimate_interests", "suppression",
                                encrypted=True, erase="keep"),
    },
    non_personal=["id", "reason", "created_at"],
)
register(
    EmailSend,
    description="the record of every email sent: kind, keyed hash of the recipient, time and Message-ID",
    personal={
        "recipient_index": Personal("user.contact.email", NOTIFY, "legitimate_interests", "email_log",
                                    encrypted=True, erase="keep"),
        "recipient": Personal("user.contact.email", NOTIFY, "contract", "email_delivery",
                              processors=("email_provider",), encrypted=True, erase="blank"),
        "payload": Personal("user.content.private", NOTIFY, "contract", "email_delivery", encrypted=True,
                            erase="blank"),
    },
    non_personal=["id", "kind", "message_id", "created_at", "sent_at", "status", "attempts"],
)


# Export and erasure find a person's mailing records by the keyed hash of their email.
subject_rows_register(Subscription, lambda subject: Subscription.objects.filter(email_index=subject.email_index))
subject_rows_register(Suppression, lambda subject: Suppression.objects.filter(email_index=subject.email_index))
subject_rows_register(EmailSend, lambda subject: EmailSend.objects.filter(recipient_index=subject.email_index))


def _suppress(subject: Subject) -> int:
    """An erased person gets no marketing email again; only the keyed hash of the address stays (P-33)."""
    suppression_add_index(email_index=subject.email_index, reason="erased")
    return 1


def _outbox_forget(subject: Subject) -> int:
    """Delete the local copies of mail sent to the person (the outbox of the demo and test transports)."""
    return outbox_delete_for(email=subject.email)


erasure_step_register("put the email on the suppression list", _suppress)
erasure_step_register("delete local copies of mail sent to the person", _outbox_forget)
rights_mailer_register(lambda **message: email_send(kind="data_rights", **message))
