"""A system check that keeps the data map complete and correct: every field of every shopkeep
model is declared personal or non-personal, every declared field exists, and every name a
declaration uses (category, purpose, legal basis, retention, staff role, processor, erasure,
data subject) is one the privacy app declares, so a typo cannot silently hide a field from a role
or from a processor."""

import difflib

from django.apps import apps
from django.core import checks

from shopkeep.privacy.processors import PROCESSORS
from shopkeep.privacy.registry import REGISTRY, Personal
from shopkeep.privacy.retention import PERIODS
from shopkeep.privacy.roles import Role
from shopkeep.privacy.taxonomy import CATEGORIES, DATA_SUBJECTS, ERASURE, LEGAL_BASES, PURPOSES

# Each name-holding part of a declaration: (attribute of Personal, what its names are, the known names).
VOCABULARY = (
    ("category", "data category", CATEGORIES),
    ("purposes", "purpose", PURPOSES),
    ("basis", "legal basis", LEGAL_BASES),
    ("retention", "retention period", PERIODS),
    ("roles", "staff role", Role.values),
    ("processors", "processor", PROCESSORS),
    ("erase", "erasure", ERASURE),
    ("expire", "erasure", ERASURE),
    ("about", "data subject", DATA_SUBJECTS),
)
MANY = {"purposes", "roles", "processors"}  # attributes that hold a tuple of names


def shopkeep_models():
    """Every concrete model of shopkeep's own apps."""
    for config in apps.get_app_configs():
        if config.name.startswith("shopkeep."):
            for model in config.get_models():
                if not model._meta.abstract and not model._meta.proxy:
                    yield model


def model_field_names(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields} | {f.name for f in model._meta.local_many_to_many}


def data_map_problems() -> list[tuple[str, str]]:
    """(model label, problem) pairs; empty when the data map is complete."""
    problems = []
    for model in shopkeep_models():
        declaration = REGISTRY.get(model)
        label = model._meta.label
        if declaration is None:
            problems.append((label, f"{label} is not in the data map: declare it in {model._meta.app_config.name.replace('.', '/')}/privacy.py."))
            continue
        names = model_field_names(model)
        declared = set(declaration.personal) | set(declaration.non_personal)
        for name in sorted(names - declared):
            problems.append((label, f"{label}.{name} is not declared personal or non-personal in the data map."))
        for name in sorted(declared - names):
            problems.append((label, f"{label}.{name} is declared in the data map but the model has no such field."))
    return problems


def check_data_map(app_configs=None, **kwargs):
    return [
        checks.Error(message, obj=label, id="shopkeep.E001")
        for label, message in data_map_problems() + encryption_problems()
    ] + [
        checks.Error(message, obj=label, id="shopkeep.E002")
        for label, message in vocabulary_problems()
    ]


def unknown_name_sentence(*, field: str, attribute: str, value: str, noun: str, known) -> str:
    """'<model>.<field> names ... which is not a known <noun>; did you mean ...?' (or the names to choose from)."""
    known = [str(name) for name in known]
    sentence = f"{field} names '{value}' in {attribute}, which is not a known {noun}; "
    closest = difflib.get_close_matches(str(value), known, n=1, cutoff=0.6)
    if closest:
        return sentence + f"did you mean '{closest[0]}'?"
    return sentence + f"choose one of {', '.join(known)}."


def declaration_problems(*, field: str, spec: Personal) -> list[str]:
    """Sentences for every name in `spec` that the privacy app does not declare."""
    problems = []
    for attribute, noun, known in VOCABULARY:
        given = getattr(spec, attribute)
        if attribute in MANY and isinstance(given, str):
            problems.append(f"{field} gives {attribute} as one name; write a tuple: {attribute}=('{given}',).")
            continue
        for value in (given if attribute in MANY else (given,)):
            if attribute == "expire" and value == "":  # not declared: derived from `erase`
                continue
            if str(value) not in known:
                problems.append(unknown_name_sentence(field=field, attribute=attribute, value=value, noun=noun,
                                                      known=known))
    if not spec.purposes:
        problems.append(f"{field} declares no purpose: say why the shop keeps it.")
    return problems


def vocabulary_problems() -> list[tuple[str, str]]:
    """(model label, problem) pairs for declarations that use a name the privacy app does not declare."""
    return [
        (declaration.label, problem)
        for declaration in REGISTRY.values()
        for name, spec in declaration.personal.items()
        for problem in declaration_problems(field=f"{declaration.label}.{name}", spec=spec)
    ]


def encryption_problems() -> list[tuple[str, str]]:
    """Fields whose declared `encrypted` flag does not match the model field's class."""
    problems = []
    for model, declaration in REGISTRY.items():
        for name, spec in declaration.personal.items():
            try:
                field = model._meta.get_field(name)
            except Exception:
                continue
            protected = getattr(field, "encrypted", False) or getattr(field, "hashed", False)
            if spec.encrypted != bool(protected):
                state = "declared encrypted but stored in plain text" if spec.encrypted else "encrypted but declared plain"
                problems.append((model._meta.label, f"{model._meta.label}.{name} is {state}."))
    return problems
