"""Data map of the privacy app's own records."""

from shopkeep.privacy.models import AuditEntry, Disclosure, PolicyVersion
from shopkeep.privacy.registry import Personal, register

AUDIT = ("essential.service.security",)

register(
    AuditEntry,
    description="the log of staff access to personal data",
    personal={
        "staff": Personal("user.unique_id", AUDIT, "legal_obligation", "audit", erase="keep", about="staff"),
        "staff_ref": Personal("user.contact.email", AUDIT, "legal_obligation", "audit", erase="keep", about="staff"),
        "subject_ref": Personal("user.unique_id", AUDIT, "legal_obligation", "audit", erase="keep"),
    },
    non_personal=["id", "role", "fields", "action", "reason", "created_at"],
)
register(
    Disclosure,
    description="the record of data sent to third parties",
    personal={"subject_ref": Personal("user.unique_id", ("essential.legal_obligation",), "legal_obligation", "order",
                                      erase="keep")},
    non_personal=["id", "processor", "categories", "purpose", "created_at"],
)
register(PolicyVersion, description="published privacy policy versions",
         non_personal=["id", "version", "content_hash", "material", "summary", "content", "published_at"])
