"""Staff access to personal data: only the fields a role may see, and every access audited (P-36, P-37).

Staff views call `personal_data_for_staff()` to read a person's data; it filters to the
fields the data map allows for the staff member's roles and writes the audit entry, so
auditing is the default rather than something a view can forget.
"""

from django.db import models

from shopkeep.privacy.registry import fields_visible_to
from shopkeep.privacy.roles import Role, user_roles
from shopkeep.privacy.services import audit_record


class NotStaff(PermissionError):
    pass


def _role_label(roles: set[str]) -> str:
    return Role.OWNER if Role.OWNER in roles else ",".join(sorted(roles))


def personal_data_for_staff(
    *, staff, instance: models.Model, subject_ref: str, reason: str, action: str = "view"
) -> dict[str, object]:
    """The personal fields of `instance` that `staff` may see, with the access written to the audit log."""
    roles = user_roles(staff)
    if not roles:
        raise NotStaff("Only staff with a role can open personal data.")
    visible = sorted(fields_visible_to(type(instance), roles))
    if visible:
        audit_record(staff=staff, role=_role_label(roles), subject_ref=subject_ref,
                     fields=[f"{instance._meta.label}.{name}" for name in visible], action=action, reason=reason)
    return {name: getattr(instance, name) for name in visible}


def personal_data_for_staff_many(
    *, staff, queryset: models.QuerySet, fields: tuple[str, ...], subject_ref: str, reason: str
) -> list[dict[str, object]]:
    """Of `fields`, those the role may see, for every row of `queryset`, with one audit entry for them all.

    For screens that show many people's data at once (such as contest answers); a role that may see none
    of `fields` gets empty dicts and no audit entry.
    """
    roles = user_roles(staff)
    if not roles:
        raise NotStaff("Only staff with a role can open personal data.")
    visible = sorted(fields_visible_to(queryset.model, roles) & set(fields))
    rows = list(queryset)
    if visible and rows:
        audit_record(staff=staff, role=_role_label(roles), subject_ref=subject_ref,
                     fields=[f"{queryset.model._meta.label}.{name}" for name in visible], action="view",
                     reason=reason)
    return [{name: getattr(row, name) for name in visible} for row in rows]


def personal_data_change(*, staff, instance: models.Model, subject_ref: str, changes: dict, reason: str) -> None:
    """Change personal fields of `instance` on a staff member's behalf, refusing fields the role may not see."""
    roles = user_roles(staff)
    allowed = fields_visible_to(type(instance), roles)
    refused = sorted(set(changes) - allowed)
    if not roles or refused:
        raise PermissionError(f"Your staff role may not change {', '.join(refused) or 'personal data'}.")
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(changes))
    audit_record(staff=staff, role=_role_label(roles), subject_ref=subject_ref,
                 fields=[f"{instance._meta.label}.{name}" for name in sorted(changes)], action="change", reason=reason)
