"""Writes of the privacy app: disclosures to processors and the staff audit log."""

from collections.abc import Iterable

from shopkeep.privacy.models import AuditEntry, Disclosure
from shopkeep.privacy.processors import UndeclaredDisclosure, processor_get


def disclose(*, processor: str, subject_ref: str, data: dict[str, object], purpose: str) -> dict[str, object]:
    """Hand `data` (keyed by data category) to `processor`: refuse undeclared categories, record the disclosure.

    Returns the data to send, so callers write `payload = disclose(...)` and send exactly that.
    """
    declared = processor_get(processor)
    undeclared = sorted(set(data) - set(declared.receives))
    if undeclared:
        raise UndeclaredDisclosure(f"{declared.name} may not receive {', '.join(undeclared)}.")
    sent = {category: value for category, value in data.items() if value not in (None, "")}
    Disclosure.objects.create(processor=processor, subject_ref=subject_ref, categories=sorted(sent), purpose=purpose)
    return sent


def audit_record(*, staff, role: str, subject_ref: str, fields: Iterable[str], action: str, reason: str) -> AuditEntry:
    """Append an audit entry: `staff` viewed/exported/changed `fields` of the person `subject_ref` (P-37)."""
    if action not in AuditEntry.Action.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    if not reason.strip():
        raise ValueError("An audit entry needs a reason.")
    return AuditEntry.objects.create(
        staff=staff,
        staff_ref=getattr(staff, "email", "") or "",
        role=role,
        subject_ref=subject_ref,
        fields=sorted(fields),
        action=action,
        reason=reason.strip()[:200],
    )
