from dataclasses import replace

import pytest

from shopkeep.catalog.models import Product
from shopkeep.customers.models import User
from shopkeep.privacy import registry
from shopkeep.privacy.checks import check_data_map, data_map_problems, shopkeep_models
from shopkeep.privacy.registry import Personal


@pytest.mark.promise("P-40")
def test_every_field_of_every_shopkeep_model_is_declared_personal_or_not():
    # given every installed shopkeep model / when the data map is checked
    problems = data_map_problems()
    # then nothing is missing
    assert problems == []
    assert {m._meta.label for m in shopkeep_models()} <= {d.label for d in registry.REGISTRY.values()}


def test_an_undeclared_field_is_named(monkeypatch):
    # given Product's declaration forgets its colour field
    declaration = registry.REGISTRY[Product]
    monkeypatch.setitem(
        registry.REGISTRY, Product, replace(declaration, non_personal=declaration.non_personal - {"colour"})
    )
    # when the data map is checked
    problems = [message for _, message in data_map_problems()]
    # then the field is named
    assert problems == ["catalog.Product.colour is not declared personal or non-personal in the data map."]


def test_a_declared_field_that_does_not_exist_is_named(monkeypatch):
    declaration = registry.REGISTRY[Product]
    monkeypatch.setitem(
        registry.REGISTRY, Product, replace(declaration, non_personal=declaration.non_personal | {"shoe_size"})
    )
    assert [m for _, m in data_map_problems()] == [
        "catalog.Product.shoe_size is declared in the data map but the model has no such field."
    ]


def test_a_model_missing_from_the_data_map_fails_the_system_check(monkeypatch):
    # given User is not declared
    monkeypatch.delitem(registry.REGISTRY, User)
    # when the system check runs
    errors = check_data_map()
    # then it fails with a sentence saying where to declare it
    assert [e.id for e in errors] == ["shopkeep.E001"]
    assert errors[0].msg == "customers.User is not in the data map: declare it in shopkeep/customers/privacy.py."


def test_declared_encryption_must_match_the_field(monkeypatch):
    declaration = registry.REGISTRY[Product]
    fake = Personal("user.name", ("essential.service.operations",), "contract", "order", encrypted=True)
    monkeypatch.setitem(
        registry.REGISTRY,
        Product,
        replace(declaration, personal={"name": fake}, non_personal=declaration.non_personal - {"name"}),
    )
    assert [e.msg for e in check_data_map()] == ["catalog.Product.name is declared encrypted but stored in plain text."]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"category": "user.shoe_size"}, "unknown category 'user.shoe_size'"),
        ({"purposes": ("marketing.everything",)}, "unknown purpose 'marketing.everything'"),
        ({"basis": "because"}, "unknown legal basis 'because'"),
        ({"erase": "shred"}, "unknown erasure 'shred'"),
        ({"purposes": ()}, "no purpose"),
    ],
)
def test_a_declaration_with_unknown_terms_is_refused(kwargs, message):
    base = {"category": "user.name", "purposes": ("essential.service.operations",), "basis": "contract",
            "retention": "order"}
    with pytest.raises(ValueError, match=message):
        Personal(**{**base, **kwargs})


def test_an_unknown_retention_period_is_refused():
    with pytest.raises(LookupError, match="Unknown retention period 'forever'"):
        Personal("user.name", ("essential.service.operations",), "contract", "forever")


def test_staff_roles_see_only_the_fields_declared_for_them():
    from shopkeep.customers.models import Address
    from shopkeep.payments.models import Payment

    assert registry.fields_visible_to(Payment, {"fulfilment"}) == set()
    assert registry.fields_visible_to(Payment, {"billing"}) == {
        "token", "card_brand", "card_last4", "card_exp_month", "card_exp_year"}
    assert "line1" in registry.fields_visible_to(Address, {"fulfilment"})
    assert registry.fields_visible_to(Address, {"marketing"}) == set()
    assert registry.fields_visible_to(Address, {"owner"}) == set(registry.personal_fields(Address))
