from django.conf import settings
from django.db import models
from django.utils import timezone

from shopkeep.privacy.fields import BlindIndexField, EncryptedEmailField, KeyedHashField


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only: entries cannot be changed.")

    def delete(self):
        raise PermissionError("The audit log is append-only: entries cannot be deleted.")


class AuditEntry(models.Model):
    """A staff member viewed, exported or changed a person's personal data (P-37). Append-only."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        CHANGE = "change", "Changed"

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    staff_ref = models.CharField(max_length=254, help_text="The staff member's email at the time.")
    role = models.CharField(max_length=40)
    subject_ref = models.CharField(max_length=32, db_index=True, help_text="Customer or order number of the person.")
    fields = models.JSONField(default=list)
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.staff_ref} {self.action} {self.subject_ref}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only: entries cannot be deleted.")


class Disclosure(models.Model):
    """Personal data went to a third party (P-23): who, what, why, when."""

    processor = models.CharField(max_length=40)
    subject_ref = models.CharField(max_length=32, db_index=True, help_text="Customer or order number of the person.")
    categories = models.JSONField(default=list)
    purpose = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.processor} {self.subject_ref}"


class PolicyVersion(models.Model):
    """A published version of the generated privacy policy (P-40)."""

    version = models.PositiveIntegerField(unique=True)
    content_hash = models.CharField(max_length=64)
    material = models.BooleanField()
    summary = models.TextField()
    content = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Privacy policy v{self.version}"


class DataExport(models.Model):
    """A copy of everything the shop holds about one person, built in the background (P-32)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being put together"
        READY = "ready", "Ready to download"
        EXPIRED = "expired", "Expired and deleted"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    email = EncryptedEmailField(max_length=254, blank=True, default="")
    email_index = BlindIndexField(source="email", db_index=True)
    secret = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while building.")
    file_name = models.CharField(max_length=120, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"


class ErasureRequest(models.Model):
    """A person asked the shop to forget them; carried out when the grace period ends (P-33)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the grace period to end"
        CANCELLED = "cancelled", "Cancelled"
        RUNNING = "running", "Being carried out"
        DONE = "done", "Done"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    email = EncryptedEmailField(max_length=254, blank=True, default="")
    email_index = KeyedHashField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(max_length=20, help_text="account, guest or owner")
    plan = models.JSONField(default=dict, blank=True, help_text="The rows to erase, kept so a rerun finishes them.")
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"erasure {self.pk} ({self.status})"


class GuestAccess(models.Model):
    """A signed link mailed to prove control of an email address (P-34); usable once, then a short session."""

    email = EncryptedEmailField(max_length=254, blank=True, default="")
    email_index = KeyedHashField(db_index=True)
    nonce = models.CharField(max_length=64, unique=True)
    session = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"guest access {self.pk}"
