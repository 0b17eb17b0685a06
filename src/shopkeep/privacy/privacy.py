"""Data map of the privacy app's own records."""

from dataclasses import replace

from shopkeep.privacy.erasure import retention_erasure_register
from shopkeep.privacy.models import (AuditEntry, DataExport, Disclosure, ErasureRequest, GuestAccess, KeyCanary,
                                     KeyFingerprint, PolicyVersion, PracticesAcknowledgement, PracticesReminder,
                                     PracticesVersion, SecurityEvent)
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.retention import retention_job_register
from shopkeep.privacy.rights import exports_expire
from shopkeep.privacy.subjects import subject_refs, subject_rows_register
from shopkeep.shop.models import ShopIdentity, ShopPage
from shopkeep.upkeep.models import UpkeepJob

AUDIT = ("essential.service.security",)

# A log entry is kept against a person's own request (the law asks for the log) and deleted whole once the audit
# period has passed: its reason may name the person too.
register(
    AuditEntry,
    description="the log of staff access to personal data",
    personal={
        "staff": Personal("user.unique_id", AUDIT, "legal_obligation", "audit", erase="keep", about="staff",
                          expire="delete"),
        "staff_ref": Personal("user.contact.email", AUDIT, "legal_obligation", "audit", erase="keep", about="staff",
                              expire="delete"),
        "subject_ref": Personal("user.unique_id", AUDIT, "legal_obligation", "audit", erase="keep", expire="delete"),
    },
    non_personal=["id", "role", "fields", "action", "reason", "created_at"],
)
register(
    Disclosure,
    description="the record of data sent to third parties",
    personal={"subject_ref": Personal("user.unique_id", ("essential.legal_obligation",), "legal_obligation", "order",
                                      erase="keep", expire="delete")},
    non_personal=["id", "processor", "categories", "purpose", "created_at"],
)
register(PolicyVersion, description="published privacy policy versions",
         non_personal=["id", "version", "content_hash", "material", "summary", "content", "published_at"])

# The shop app sits below privacy (privacy's policy reads the shop's identity), so its tables are
# declared here. The identity is the shop's published business contact, not a customer's data;
# who changed it is a staff reference kept as the settings' history.
SETTINGS_HISTORY = Personal("user.unique_id", AUDIT, "legitimate_interests", "audit", erase="keep", about="staff")
register(
    ShopIdentity,
    description="the shop's identity (legal name, address, contacts) with its history",
    personal={"changed_by": SETTINGS_HISTORY},
    non_personal=["id", "legal_name", "postal_address", "country", "contact_email", "phone", "data_protection_contact",
                  "vat_number", "authority_name", "authority_url", "return_address", "created_at"],
)
register(ShopPage, description="the texts of the shop's pages with their history",
         personal={"changed_by": SETTINGS_HISTORY}, non_personal=["id", "key", "body", "created_at"])
register(KeyFingerprint, description="fingerprints of the encryption keys the database was set up with (never a key)",
         non_personal=["id", "kind", "fingerprint", "recorded_at", "retired_at"])
register(KeyCanary, description="a fixed text encrypted under the current data key, to check the keys fit",
         non_personal=["id", "ciphertext", "updated_at"])

# The records of a person's own requests (P-32, P-33, P-34).
REQUESTS = ("essential.legal_obligation",)
register(
    DataExport,
    description="copies of their data that people asked for, with the file's download secret",
    subject="user",
    personal={
        "user": Personal("user.unique_id", REQUESTS, "legal_obligation", "data_export", erase="delete"),
        "email": Personal("user.contact.email", REQUESTS, "legal_obligation", "data_export", encrypted=True,
                          erase="delete"),
        "email_index": Personal("user.contact.email", REQUESTS, "legal_obligation", "data_export", encrypted=True,
                                erase="delete"),
    },
    non_personal=["id", "secret", "status", "progress", "file_name", "created_at", "ready_at"],
)
register(
    ErasureRequest,
    description="requests to erase a person's data: the email until it is carried out, then only its keyed hash",
    personal={
        "user": Personal("user.unique_id", REQUESTS, "legal_obligation", "erasure_request", erase="keep"),
        "email": Personal("user.contact.email", REQUESTS, "legal_obligation", "erasure_request", encrypted=True,
                          erase="blank"),
        "email_index": Personal("user.contact.email", REQUESTS, "legal_obligation", "erasure_request",
                                encrypted=True, erase="keep"),
    },
    non_personal=["id", "status", "source", "plan", "requested_at", "due_at", "finished_at"],
    notes="Blanked by the erasure itself when it is carried out (privacy/rights.py erasure_run).",
)
register(
    GuestAccess,
    description="signed links mailed to people who asked to see their data without an account",
    personal={
        "email": Personal("user.contact.email", REQUESTS, "legal_obligation", "data_export", encrypted=True,
                          erase="delete"),
        "email_index": Personal("user.contact.email", REQUESTS, "legal_obligation", "data_export", encrypted=True,
                                erase="delete"),
    },
    non_personal=["id", "nonce", "session", "created_at", "used_at"],
)


def _by_email_index(model):
    return lambda subject: model.objects.filter(email_index=subject.email_index)


def _by_reference(model):
    return lambda subject: model.objects.filter(subject_ref__in=subject_refs(subject))


subject_rows_register(DataExport, _by_email_index(DataExport))
subject_rows_register(GuestAccess, _by_email_index(GuestAccess))
subject_rows_register(AuditEntry, _by_reference(AuditEntry))
subject_rows_register(Disclosure, _by_reference(Disclosure))

retention_job_register(
    key="data_export",
    what="copies of people's data whose download link has ended (the file is deleted)",
    expired=lambda cutoff: DataExport.objects.filter(status=DataExport.Status.READY, ready_at__lt=cutoff),
    apply=exports_expire,
)
retention_job_register(
    key="erasure_request",
    what="records of erasure requests carried out or cancelled",
    expired=lambda cutoff: ErasureRequest.objects.filter(
        status__in=[ErasureRequest.Status.DONE, ErasureRequest.Status.CANCELLED], finished_at__lt=cutoff),
    apply=lambda rows: rows.delete()[0],
)
retention_job_register(
    key="data_export",
    what="guest links to see one's data, once they have ended",
    expired=lambda cutoff: GuestAccess.objects.filter(created_at__lt=cutoff),
    apply=lambda rows: rows.delete()[0],
)

# The upkeep app sits below privacy (privacy registers the retention job with it).
register(UpkeepJob, description="the schedule and last outcome of each periodic upkeep job",
         non_personal=["id", "name", "due_at", "lease_until", "lease_holder", "last_started", "last_finished",
                       "last_ok", "last_outcome", "runs"])

register(
    SecurityEvent,
    description="the security event log (failed logins, lockouts, role denials, failed re-authentication)",
    personal={
        "account_ref": Personal("user.unique_id", AUDIT, "legitimate_interests", "audit", erase="keep",
                                expire="delete"),
        "network": Personal("user.device.network", AUDIT, "legitimate_interests", "audit", erase="keep",
                            expire="delete"),
    },
    non_personal=["id", "kind", "path", "created_at"],
)

STAFF_RECORD = Personal("user.unique_id", AUDIT, "legal_obligation", "audit", erase="keep", about="staff")
register(PracticesVersion, description="the staff privacy practices the owner published",
         personal={"published_by": STAFF_RECORD},
         non_personal=["id", "version", "staff_section", "policy_markdown", "content_hash", "published_at"])
# An acknowledgement or reminder is about one staff member only: it goes whole after the period (only the current
# quarter's count for access).
register(PracticesAcknowledgement, description="which staff member acknowledged which version of the practices, when",
         personal={"staff": replace(STAFF_RECORD, expire="delete")},
         non_personal=["id", "practices", "acknowledged_at"])
register(PracticesReminder, description="reminders to acknowledge the practices, one per staff member and quarter",
         personal={"staff": replace(STAFF_RECORD, expire="delete")}, non_personal=["id", "quarter", "sent_at"])

# Period "audit" (SHOPKEEP_AUDIT_RETENTION_DAYS): records of what staff did, and the security log, go or lose who
# did it.
for _model, _date, _what in (
    (AuditEntry, "created_at", "entries of the log of staff access to personal data"),
    (SecurityEvent, "created_at", "entries of the security log"),
    (ShopIdentity, "created_at", "which staff member changed the shop's identity"),
    (ShopPage, "created_at", "which staff member changed the shop's pages"),
    (PracticesVersion, "published_at", "which staff member published the privacy practices"),
    (PracticesAcknowledgement, "acknowledged_at", "staff acknowledgements of the privacy practices"),
    (PracticesReminder, "sent_at", "reminders to staff to acknowledge the privacy practices"),
):
    retention_erasure_register(key="audit", model=_model, what=_what,
                               rows=lambda cutoff, model=_model, date=_date: model.objects.filter(
                                   **{f"{date}__lt": cutoff}))
retention_erasure_register(key="order", model=Disclosure, what="records of data passed to third parties",
                           rows=lambda cutoff: Disclosure.objects.filter(created_at__lt=cutoff))
