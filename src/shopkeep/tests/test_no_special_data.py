"""The shop never asks for government ID numbers or special-category data (P-03): a walk over every model
field, every form field and every API request body fails on a field that looks like one."""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.apps import apps
from pydantic import BaseModel

import shopkeep

# Words and phrases that name a government ID, a date of birth, sex or gender, health or another special
# category of GDPR Art. 9 (origin, politics, religion, union membership, genetics, biometrics, sex life).
FORBIDDEN = re.compile(
    r"\b(passport|ssn|social security|national (id|insurance)|id card|identity card|driv(er|ing) licen[cs]e|"
    r"tax id|birth|birthday|birthdate|dob|date of birth|age|sex|sexual|gender|health|medical|disabilit(y|ies)|"
    r"pregnan(t|cy)|allerg(y|ies)|religio(n|us)|belief|ethnic(ity)?|race|racial|political|trade union|genetic|"
    r"biometric|fingerprint|orientation|nationality)\b")

# Fields that match a word above but hold no person's data of that kind, each with the reason.
ALLOWED = {
    "campaigns.Contest.minimum_age": "the shop's rule for a contest (e.g. 18), not anybody's age",
    "shopkeep.backoffice.campaign_forms.ContestForm.minimum_age": "the same rule, as staff set it",
    "shopkeep.api.schemas.ContestOut.minimum_age": "the same rule, published with the contest",
    "shopkeep.api.schemas.ContestEntryIn.eligible": "a yes/no that the entrant meets the published age rule; "
                                                    "no age or date of birth is asked",
    "privacy.KeyFingerprint.fingerprint": "a one-way fingerprint of an encryption key, not of a person",
}


def _words(*texts) -> str:
    return " ".join(str(text or "").replace("_", " ").lower() for text in texts)


def _modules():
    for info in pkgutil.walk_packages(shopkeep.__path__, "shopkeep."):
        if ".tests" in info.name or ".migrations" in info.name or info.name.endswith(("__main__", "gunicorn_conf")):
            continue
        if info.name.rsplit(".", 1)[-1] in {"forms", "shop_forms", "campaign_forms", "support_forms", "schemas",
                                            "rights", "support", "checkout", "cart", "contests"}:
            yield importlib.import_module(info.name)


def model_fields():
    for model in apps.get_models():
        if model.__module__.startswith("shopkeep."):
            for field in model._meta.get_fields():
                yield f"{model._meta.label}.{field.name}", _words(field.name, getattr(field, "verbose_name", ""))


def form_fields():
    list(_modules())
    seen = set()
    stack = [forms.BaseForm]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("shopkeep.") and cls not in seen:
            seen.add(cls)
            for name, field in getattr(cls, "base_fields", {}).items():
                yield f"{cls.__module__}.{cls.__name__}.{name}", _words(name, field.label)


def api_fields():
    list(_modules())
    stack = [BaseModel]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("shopkeep."):
            for name, field in cls.model_fields.items():
                yield f"{cls.__module__}.{cls.__name__}.{name}", _words(name, field.description)


@pytest.mark.promise("P-03")
def test_no_model_form_or_api_field_asks_for_a_government_id_or_special_category_data():
    # when every field the shop stores or asks for is named
    found = [*model_fields(), *form_fields(), *api_fields()]

    # then there are many, and none is forbidden
    assert len(found) > 300
    offending = [where for where, words in found if FORBIDDEN.search(words) and where not in ALLOWED]
    assert offending == []


@pytest.mark.promise("P-03")
@pytest.mark.parametrize("name", ["date_of_birth", "gender", "passport_number", "health_notes", "religion", "sex"])
def test_the_walk_would_catch_a_forbidden_field(name):
    # then the pattern recognises the kinds of field it must refuse
    assert FORBIDDEN.search(_words(name))
