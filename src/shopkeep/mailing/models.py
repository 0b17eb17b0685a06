"""Newsletter subscriptions, the suppression list and the record of every email sent."""

from django.db import models

from shopkeep.privacy.fields import BlindIndexField, EncryptedEmailField, EncryptedTextField, KeyedHashField


class Subscription(models.Model):
    """One address's newsletter subscription; only `confirmed` (double opt-in) may receive marketing (P-25)."""

    class Status(models.TextChoices):
        PENDING = "pending", "waiting for confirmation"
        CONFIRMED = "confirmed", "confirmed"
        UNSUBSCRIBED = "unsubscribed", "unsubscribed"

    class Source(models.TextChoices):
        FORM = "form", "newsletter form"
        REGISTRATION = "registration", "registration form"
        CHECKOUT = "checkout", "checkout"
        CONTEST = "contest", "contest entry form"

    email = EncryptedEmailField(max_length=254)
    email_index = BlindIndexField(source="email", unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(max_length=16, choices=Source.choices)
    policy_version = models.PositiveIntegerField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"subscription {self.pk} ({self.status})"


class Suppression(models.Model):
    """An address that must never get marketing email again, kept only as its keyed hash (P-29)."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "unsubscribed"
        BOUNCED = "bounced", "hard bounce"
        ERASED = "erased", "account erased"

    email_index = KeyedHashField(unique=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)


class EmailSend(models.Model):
    """One email handed to the queue: its kind, to whom (blind index), when, and its Message-ID (P-26).

    The recipient and rendered message are kept encrypted only until delivery, then blanked.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    kind = models.CharField(max_length=40)
    recipient_index = KeyedHashField(db_index=True)
    message_id = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    recipient = EncryptedEmailField(max_length=254, blank=True, default="")
    payload = EncryptedTextField(blank=True, default="")
