from django.conf import settings
from django.db import models


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
