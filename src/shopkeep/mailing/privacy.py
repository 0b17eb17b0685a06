"""Data map of the mailing app: subscriptions, the suppression list and the log of sent email."""

from shopkeep.mailing.models import EmailSend, Subscription, Suppression
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.retention import retention_job_register

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

retention_job_register(
    key="subscription_unconfirmed",
    what="newsletter sign-ups never confirmed",
    expired=lambda cutoff: Subscription.objects.filter(status=Subscription.Status.PENDING, requested_at__lt=cutoff),
    apply=lambda rows: rows.delete()[1].get("mailing.Subscription", 0),
)
retention_job_register(
    key="email_delivery",
    what="undelivered emails (recipient and content blanked)",
    expired=lambda cutoff: EmailSend.objects.filter(status=EmailSend.Status.QUEUED, created_at__lt=cutoff),
    apply=lambda rows: rows.update(status=EmailSend.Status.FAILED, recipient="", payload=""),
)
retention_job_register(
    key="email_log",
    what="records of sent emails",
    expired=lambda cutoff: EmailSend.objects.filter(created_at__lt=cutoff).exclude(status=EmailSend.Status.QUEUED),
    apply=lambda rows: rows.delete()[1].get("mailing.EmailSend", 0),
)
