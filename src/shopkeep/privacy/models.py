from django.conf import settings
from django.db import models
from django.utils import timezone

from shopkeep.privacy.fields import BlindIndexField, EncryptedEmailField, KeyedHashField


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only: entries cannot be changed.")

    def delete(self):
        raise PermissionError("The audit log is append-only: entries cannot be deleted.")

    def expired_delete(self) -> int:
        """Delete these entries once the audit period has passed (P-35): only the retention runner calls this. The
        database itself refuses to delete an entry younger than AUDIT_DELETABLE_AFTER_DAYS (migration 0008)."""
        return models.QuerySet.delete(self)[0]


# The shortest audit period SHOPKEEP_AUDIT_RETENTION_DAYS allows; the database refuses to delete younger entries.
AUDIT_DELETABLE_AFTER_DAYS = 365


class AuditEntry(models.Model):
    """A staff member viewed, exported or changed a person's personal data (P-37). Append-only: an entry is never
    changed, and deleted only by the retention runner once the audit period has passed (P-35)."""

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


class KeyFingerprint(models.Model):
    """A one-way fingerprint of a key the database was set up with (never the key): a start with different keys
    is refused instead of silently writing under new ones."""

    class Kind(models.TextChoices):
        INDEX = "index", "blind-index key"
        DATA = "data", "data key"

    kind = models.CharField(max_length=5, choices=Kind.choices)
    fingerprint = models.CharField(max_length=16, unique=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True, help_text="no row uses it any more (after rotation)")

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.fingerprint}"


class KeyCanary(models.Model):
    """A known text encrypted under the current data key; /healthz and every start check it decrypts."""

    ciphertext = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)


class SecurityEvent(models.Model):
    """A failed login, lockout, role denial or failed re-authentication, for spotting attacks.

    No email address or full IP address: the account is named by its customer number (staff too), the
    client by its network (/24 for IPv4, /48 for IPv6)."""

    class Kind(models.TextChoices):
        LOGIN_FAILED = "login_failed", "Failed login"
        LOCKOUT = "lockout", "Login locked out"
        ROLE_DENIED = "role_denied", "Staff role denied"
        REAUTH_FAILED = "reauth_failed", "Failed re-authentication"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Failed second factor"
        THROTTLED = "throttled", "Too many attempts"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    account_ref = models.CharField(max_length=32, blank=True, db_index=True,
                                   help_text="Customer number of the account concerned, if known.")
    network = models.CharField(max_length=48, blank=True, help_text="The client's truncated IP address.")
    path = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class PracticesVersion(models.Model):
    """The staff privacy practices as the owner published them: the generated privacy policy of the time plus
    a staff section (how staff handle personal data). Every staff member acknowledges the current one (P-39)."""

    version = models.PositiveIntegerField(unique=True)
    staff_section = models.TextField()
    policy_markdown = models.TextField(help_text="The generated privacy policy when this version was published.")
    content_hash = models.CharField(max_length=64)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]


class PracticesAcknowledgement(models.Model):
    """A staff member read and acknowledged a version of the practices, at this time."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    practices = models.ForeignKey(PracticesVersion, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-acknowledged_at", "-id"]


class PracticesReminder(models.Model):
    """A reminder to acknowledge the practices went to this staff member for this quarter (sent once)."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quarter = models.CharField(max_length=7, help_text="2026-Q4")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff", "quarter"], name="practices_reminder_once")]
