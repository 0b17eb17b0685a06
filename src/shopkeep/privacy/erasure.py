"""Erasing a row's personal data as the data map declares it: for a person's own request (P-33) and when a
retention period ends (P-35). One machinery for both; which fields go, and how, comes from the declarations.

A person's request erases the fields about them as `Personal.erase` says; a period's end erases every field
of that period, whoever it is about, as `Personal.expired_erase` says (what a legal duty kept goes with it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q, QuerySet

from shopkeep.privacy.crypto import blind_index
from shopkeep.privacy.fields import BlindIndexField, KeyedHashField
from shopkeep.privacy.registry import REGISTRY, Declaration
from shopkeep.privacy.retention import retention_job_register

ERASED_DOMAIN = "erased.invalid"


def marker_email(instance: models.Model) -> str:
    """The address that stands in for an erased one: unique per row, deliverable nowhere."""
    return f"erased-{instance._meta.label_lower.replace('.', '-')}-{instance.pk}@{ERASED_DOMAIN}"


def erased_value(instance: models.Model, field: models.Field, how: str):
    """What `field` of `instance` holds once erased `how` ("blank" or "marker")."""
    if how == "marker":
        if isinstance(field, KeyedHashField) and not isinstance(field, BlindIndexField):
            return blind_index(marker_email(instance))
        if isinstance(field, models.EmailField):
            return marker_email(instance)
        if isinstance(field, (models.CharField, models.TextField)):
            return "[erased]"
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)):
        return ""
    return field.get_default()


def erasure_plan(declaration: Declaration, *, about: Iterable[str] | None = None,
                 retention: Iterable[str] | None = None, expired: bool = False) -> dict[str, str]:
    """{field: how it is erased} for the personal fields of `declaration` about one of `about` and of one of the
    periods `retention` (None: any); `expired` says how for a period's end rather than for a person's request.
    Fields that stay ("keep") are left out."""
    about = None if about is None else set(about)
    retention = None if retention is None else set(retention)
    plan = {}
    for name, spec in declaration.personal.items():
        if about is not None and spec.about not in about:
            continue
        if retention is not None and spec.retention not in retention:
            continue
        how = spec.expired_erase if expired else spec.erase
        if how != "keep":
            plan[name] = how
    return plan


def row_erase(instance: models.Model, plan: dict[str, str]) -> None:
    """Erase one row by `plan` (see erasure_plan): delete it if a field says so, else blank or mark its fields."""
    if "delete" in plan.values():
        instance.delete()
        return
    for name, how in plan.items():
        field = instance._meta.get_field(name)
        setattr(instance, field.attname, erased_value(instance, field, how))
    if plan:
        instance.save(update_fields=list(plan))


def personal_data_erase(instance: models.Model, declaration: Declaration, *,
                        about: Iterable[str] | None = ("customer",), retention: Iterable[str] | None = None,
                        expired: bool = False) -> None:
    """Erase the personal data of one row as its declaration says (arguments as erasure_plan)."""
    row_erase(instance, erasure_plan(declaration, about=about, retention=retention, expired=expired))


def not_yet_erased(model: type[models.Model], plan: dict[str, str]) -> Q:
    """The rows of `model` that `plan` would still change: some field differs from its erased value.

    Encrypted fields and markers cannot be compared in the database, so at least one field of the plan must be
    a plain one blanked to a fixed value (they are all erased in the same statement).
    """
    checks = []
    for name, how in plan.items():
        field = model._meta.get_field(name)
        if how != "blank" or getattr(field, "encrypted", False):
            continue
        if field.null:
            checks.append(Q(**{f"{field.name}__isnull": False}))
        else:
            checks.append(~Q(**{field.name: erased_value(None, field, how)}))
    if not checks:
        raise ValueError(f"{model._meta.label}: none of {', '.join(sorted(plan))} can tell an erased row from one not "
                         f"yet erased; blank a plain field with it (declare expire='blank').")
    return reduce(or_, checks)


def retention_erasure_register(*, key: str, model: type[models.Model], what: str,
                               rows: Callable[[datetime], QuerySet]) -> None:
    """Enforce period `key` on `model` as the data map says: `rows(cutoff)` are the rows whose period ended before
    `cutoff`; the runner deletes them, or blanks their fields of that period, per `Personal.expired_erase` (one
    statement per batch; what is done drops out of the selection, so a rerun finds only what is left)."""
    declaration = REGISTRY[model]
    plan = erasure_plan(declaration, retention={key}, expired=True)
    if not plan:
        raise ValueError(f"{model._meta.label} has no field of period {key!r} to erase.")
    deletes = "delete" in plan.values()
    if not deletes and set(plan.values()) != {"blank"}:
        raise ValueError(f"{model._meta.label}: at the end of period {key!r} a field is deleted or blanked, not "
                         f"marked ({plan}); declare expire='blank' or expire='delete'.")
    pending = None if deletes else not_yet_erased(model, plan)
    # Blanked values are the same for every row: one UPDATE per batch.
    blanked = {} if deletes else {
        name: erased_value(None, model._meta.get_field(name), how) for name, how in plan.items()}

    def expired(cutoff: datetime) -> QuerySet:
        selected = rows(cutoff)
        return selected if pending is None else selected.filter(pending)

    def apply(selected: QuerySet) -> int:
        return _delete(selected) if deletes else selected.update(**blanked)

    retention_job_register(key=key, what=what, expired=expired, apply=apply, model=model, fields=frozenset(plan))


def _delete(selected: QuerySet) -> int:
    expire = getattr(selected, "expired_delete", None)  # an append-only table deletes only past its period
    return expire() if expire else selected.delete()[0]
