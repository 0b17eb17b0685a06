"""Which rows are about one person: the seam through which export and erasure find a person's data.

The data map (registry.py) says which fields are personal and how each is erased. This module adds,
per model, how to find the rows about one person. A model declared with a `subject` path is found
through the person's account by default; apps add other ways in their own privacy.py (by the keyed
hash of the email for guests, through the person's orders for order addresses, by reference number
for disclosures), because privacy sits below them and cannot import them (as retention jobs do).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models

from shopkeep.privacy.crypto import blind_index
from shopkeep.privacy.registry import REGISTRY, Declaration


@dataclass(frozen=True)
class Subject:
    """A person as export and erasure see them: an email address they control and, if any, their account."""

    email: str
    user_id: int | None = None

    @property
    def email_index(self) -> str:
        return blind_index(self.email)


RowsFinder = Callable[[Subject], models.QuerySet]

ROW_FINDERS: dict[type[models.Model], list[RowsFinder]] = {}
REF_SOURCES: list[Callable[[Subject], Iterable[str]]] = []
ACCOUNT_FINDERS: list[Callable[[str], int | None]] = []
ERASURE_STEPS: list[tuple[str, Callable[[Subject], int]]] = []


def subject_rows_register(model: type[models.Model], rows: RowsFinder) -> None:
    """Declare one more way to find the rows of `model` about a person (called from an app's privacy.py)."""
    ROW_FINDERS.setdefault(model, []).append(rows)


def subject_refs_register(source: Callable[[Subject], Iterable[str]]) -> None:
    """Declare a source of the person's reference numbers (customer and order numbers in audit entries)."""
    REF_SOURCES.append(source)


def subject_account_register(finder: Callable[[str], int | None]) -> None:
    """Declare how to find the customer account (its id) of an email address."""
    ACCOUNT_FINDERS.append(finder)


def erasure_step_register(name: str, step: Callable[[Subject], int]) -> None:
    """Declare an idempotent step erasure runs after the data-map fields (end sessions, suppress the email)."""
    ERASURE_STEPS.append((name, step))


def subject_for_email(email: str) -> Subject:
    """The person who controls `email`, with their customer account if one has that address."""
    email = email.strip().lower()
    for finder in ACCOUNT_FINDERS:
        user_id = finder(email)
        if user_id is not None:
            return Subject(email=email, user_id=user_id)
    return Subject(email=email)


def subject_refs(subject: Subject) -> set[str]:
    """The person's customer and order numbers, as audit entries and disclosures name them."""
    return {ref for source in REF_SOURCES for ref in source(subject) if ref}


def declarations_about_people() -> list[Declaration]:
    """The declarations whose rows can be about a customer (the outside gateway's tables excluded)."""
    return [
        declaration for declaration in REGISTRY.values()
        if not declaration.external and (declaration.subject or declaration.model in ROW_FINDERS)
    ]


def subject_row_ids(subject: Subject, declaration: Declaration) -> set[int]:
    """The primary keys of the rows of `declaration`'s model about `subject`."""
    model = declaration.model
    ids: set[int] = set()
    if subject.user_id is not None and declaration.subject:
        ids.update(model.objects.filter(**{declaration.subject: subject.user_id}).values_list("pk", flat=True))
    for finder in ROW_FINDERS.get(model, ()):
        ids.update(finder(subject).values_list("pk", flat=True))
    return ids


def subject_rows(subject: Subject) -> list[tuple[Declaration, models.QuerySet]]:
    """Every declared model's rows about `subject`, in data-map order (models with no rows left out)."""
    found = []
    for declaration in declarations_about_people():
        ids = subject_row_ids(subject, declaration)
        if ids:
            found.append((declaration, declaration.model.objects.filter(pk__in=ids).order_by("pk")))
    return found


CORRECTIONS: dict[type[models.Model], Callable[[models.Model], str | None]] = {}


def subject_correction_register(model: type[models.Model], url: Callable[[models.Model], str | None]) -> None:
    """Declare where a person corrects a row of `model` (the URL of its edit form, or None for that row)."""
    CORRECTIONS[model] = url


def correction_url(instance: models.Model) -> str | None:
    finder = CORRECTIONS.get(type(instance))
    return finder(instance) if finder else None
