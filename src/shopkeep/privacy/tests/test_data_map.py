from dataclasses import replace

import pytest

from shopkeep.catalog.models import Product
from shopkeep.customers.models import Address, User
from shopkeep.payments.models import Payment
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


def test_the_demo_data_map_passes_the_whole_system_check():
    # given the shop's own declarations / when the system check runs / then it finds nothing
    assert check_data_map() == []


def _declare_address_line1(monkeypatch, **changes) -> None:
    """Replace the declaration of customers.Address.line1 by one with `changes`."""
    declaration = registry.REGISTRY[Address]
    spec = replace(declaration.personal["line1"], **changes)
    monkeypatch.setitem(registry.REGISTRY, Address,
                        replace(declaration, personal={**declaration.personal, "line1": spec}))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"roles": ("custmer_service",)},
         "customers.Address.line1 names 'custmer_service' in roles, which is not a known staff role; "
         "did you mean 'customer_service'?"),
        ({"processors": ("carier",)},
         "customers.Address.line1 names 'carier' in processors, which is not a known processor; "
         "did you mean 'carrier'?"),
        ({"purposes": ("essential.service.operation",)},
         "customers.Address.line1 names 'essential.service.operation' in purposes, which is not a known purpose; "
         "did you mean 'essential.service.operations'?"),
        ({"basis": "contrat"},
         "customers.Address.line1 names 'contrat' in basis, which is not a known legal basis; "
         "did you mean 'contract'?"),
        ({"retention": "orders"},
         "customers.Address.line1 names 'orders' in retention, which is not a known retention period; "
         "did you mean 'order'?"),
        ({"category": "user.contact.address.streets"},
         "customers.Address.line1 names 'user.contact.address.streets' in category, which is not a known data "
         "category; did you mean 'user.contact.address.street'?"),
        ({"erase": "blnak"},
         "customers.Address.line1 names 'blnak' in erase, which is not a known erasure; did you mean 'blank'?"),
        ({"expire": "delet"},
         "customers.Address.line1 names 'delet' in expire, which is not a known erasure; did you mean 'delete'?"),
        ({"about": "staf"},
         "customers.Address.line1 names 'staf' in about, which is not a known data subject; did you mean 'staff'?"),
    ],
)
def test_a_typo_in_a_declaration_fails_the_system_check_naming_the_field_and_the_closest_name(
    monkeypatch, changes, message
):
    # given one field of the data map declared with a typo
    _declare_address_line1(monkeypatch, **changes)
    # when the system check runs
    errors = check_data_map()
    # then it fails with one sentence naming the model, the field, the typo and the name meant
    assert [(e.id, e.obj, e.msg) for e in errors] == [("shopkeep.E002", "customers.Address", message)]


def test_an_unknown_name_with_no_close_match_lists_the_names_to_choose_from(monkeypatch):
    _declare_address_line1(monkeypatch, roles=("janitor",))
    assert [e.msg for e in check_data_map()] == [
        "customers.Address.line1 names 'janitor' in roles, which is not a known staff role; "
        "choose one of owner, billing, customer_service, fulfilment, marketing."
    ]


def test_every_typo_of_a_declaration_is_reported(monkeypatch):
    # given the example of the issue: a role and a processor misspelt in one declaration
    _declare_address_line1(monkeypatch, roles=("custmer_service", "fulfilment"), processors=("carier",))
    # then both are named, in the order of the declaration
    assert [e.msg for e in check_data_map()] == [
        "customers.Address.line1 names 'custmer_service' in roles, which is not a known staff role; "
        "did you mean 'customer_service'?",
        "customers.Address.line1 names 'carier' in processors, which is not a known processor; "
        "did you mean 'carrier'?",
    ]


def test_a_single_name_where_a_tuple_belongs_fails_the_system_check(monkeypatch):
    # given roles written without the tuple's comma, which would make every letter a role
    _declare_address_line1(monkeypatch, roles="billing")
    assert [e.msg for e in check_data_map()] == [
        "customers.Address.line1 gives roles as one name; write a tuple: roles=('billing',)."
    ]


def test_a_declaration_without_a_purpose_fails_the_system_check(monkeypatch):
    _declare_address_line1(monkeypatch, purposes=())
    assert [e.msg for e in check_data_map()] == [
        "customers.Address.line1 declares no purpose: say why the shop keeps it."
    ]


def test_staff_roles_see_only_the_fields_declared_for_them():

    assert registry.fields_visible_to(Payment, {"fulfilment"}) == set()
    assert registry.fields_visible_to(Payment, {"billing"}) == {
        "token", "card_brand", "card_last4", "card_exp_month", "card_exp_year"}
    assert "line1" in registry.fields_visible_to(Address, {"fulfilment"})
    assert registry.fields_visible_to(Address, {"marketing"}) == set()
    assert registry.fields_visible_to(Address, {"owner"}) == set(registry.personal_fields(Address))
