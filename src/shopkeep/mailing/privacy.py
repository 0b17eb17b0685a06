"""Data map of the mailing app: subscriptions, the suppression list and the log of sent email."""

from shopkeep.mailing.models import EmailSend, Subscription, Suppression
from shopkeep.mailing.backends import outbox_delete_for
from shopkeep.mailing.kinds import EMAIL_KINDS
from shopkeep.mailing.services import email_send, suppression_add_index
from shopkeep.privacy.registry import Personal, register, register_policy_fact
from shopkeep.privacy.retention import retention_job_register
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


# How the policy names each kind of email (a test fails when a kind has no name here).
EMAIL_KIND_NAMES = {
    "order_confirmation": "order messages",
    "order_update": "order messages",
    "dispatch": "order messages",
    "return": "order messages",
    "account_security": "account messages",
    "data_rights": "answers to your data requests",
    "account_inactive": "account messages",
    "support_reply": "replies to your questions",
    "policy_change": "notice of important policy changes",
    "newsletter_confirmation": "sign-up confirmations",
    "contest_entry": "sign-up confirmations",
    "contest_winner": "sign-up confirmations",
    "newsletter": "the newsletter",
    "survey_invitation": "survey invitations",
    "campaign_test": None,  # a test copy of a campaign, sent only to the staff member who asked for it
    "staff_practices": None,  # staff only: the reminder to acknowledge the privacy practices
    "staff_invitation": None,  # staff only: the invitation to a new staff account
}


def _email_kinds() -> list[dict]:
    return [{"kind": name, "name": EMAIL_KIND_NAMES[name], "marketing": kind.marketing,
             "needs_subscription": kind.needs_subscription, "basis": kind.basis}
            for name, kind in EMAIL_KINDS.items() if EMAIL_KIND_NAMES[name] is not None]


register_policy_fact("email_kinds", _email_kinds)
