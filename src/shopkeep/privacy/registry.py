"""The data map: one explicit declaration per model of every personal-data field.

Each app calls `register()` in its own privacy.py. Access checks, export, erasure,
retention, the generated privacy policy and the record of processing read only this
registry; nothing else keeps its own list of personal fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Personal:
    """How one field holding personal data is handled.

    Every name in it (category, purposes, basis, retention, roles, processors, erase, about) must be
    one the privacy app declares; the system check (privacy/checks.py) names the field of any that is not.
    """

    category: str
    purposes: tuple[str, ...]
    basis: str
    retention: str
    roles: tuple[str, ...] = ()
    processors: tuple[str, ...] = ()
    encrypted: bool = False
    erase: str = "blank"  # how the field goes when the person asks for their data to be erased (P-33)
    about: str = "customer"  # whose data: "customer", or "staff" (left out of the customers' policy)
    expire: str = ""  # how it goes when its retention period ends, when not as `expired_erase` derives it

    @property
    def expired_erase(self) -> str:
        """How the field goes once its retention period has passed (P-35): `expire` when declared, else as `erase`,
        except that a field kept against the person's own request ("keep": a legal duty needs it) is blanked, since
        that duty lasts only the period."""
        return self.expire or ("blank" if self.erase == "keep" else self.erase)


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    description: str
    personal: dict[str, Personal]
    non_personal: frozenset[str]
    subject: str | None = None
    external: bool = False
    notes: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label


REGISTRY: dict[type[models.Model], Declaration] = {}

def register(
    model: type[models.Model],
    *,
    description: str,
    personal: dict[str, Personal] | None = None,
    non_personal: list[str] | tuple[str, ...] = (),
    subject: str | None = None,
    external: bool = False,
    notes: str = "",
) -> None:
    """Declare which fields of `model` hold personal data and how each is handled.

    `subject` is the lookup path from the model to the customer account (e.g. "customer",
    "order__customer"), used by export and erasure. `external` marks tables that stand for
    another company's system (the sandbox payment gateway).
    """
    personal = personal or {}
    overlap = set(personal) & set(non_personal)
    if overlap:
        raise ValueError(f"{model._meta.label}: {', '.join(sorted(overlap))} declared both personal and non-personal.")
    REGISTRY[model] = Declaration(
        model=model,
        description=description,
        personal=dict(personal),
        non_personal=frozenset(non_personal),
        subject=subject,
        external=external,
        notes=notes,
    )


def declaration_for(model: type[models.Model]) -> Declaration | None:
    return REGISTRY.get(model)


def personal_fields(model: type[models.Model]) -> dict[str, Personal]:
    declaration = REGISTRY.get(model)
    return dict(declaration.personal) if declaration else {}


def fields_visible_to(model: type[models.Model], roles: set[str]) -> set[str]:
    """The personal fields of `model` that a member of any of `roles` may see (the owner sees all)."""
    return {
        name for name, spec in personal_fields(model).items()
        if "owner" in roles or set(spec.roles) & roles
    }


# Where the people to tell about a material policy change come from: each app that holds
# contactable people registers a callable returning their email addresses.
POLICY_NOTICE_SOURCES: list = []


def register_policy_notice_source(source) -> None:
    """Register a callable returning the email addresses to notify of a material policy change."""
    POLICY_NOTICE_SOURCES.append(source)


# Facts the policy states that live in higher layers (e.g. which kinds of email the shop sends):
# each app registers a callable returning plain data, read when the policy is generated.
POLICY_FACTS: dict = {}


def register_policy_fact(name: str, source) -> None:
    """Register `source()` as the policy fact `name` (called each time the policy is generated)."""
    POLICY_FACTS[name] = source
