"""A system check that keeps the data map complete: every field of every shopkeep model is
declared personal or non-personal, and every declared field exists."""

from django.apps import apps
from django.core import checks

from shopkeep.privacy.registry import REGISTRY


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
