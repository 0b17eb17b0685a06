from dataclasses import replace

import pytest

from shopkeep.customers.models import Address, User
from shopkeep.privacy.models import Disclosure
from shopkeep.privacy.processors import PROCESSORS, UndeclaredDisclosure, processor_payload
from shopkeep.privacy.registry import REGISTRY
from shopkeep.privacy.services import disclose


@pytest.mark.django_db
@pytest.mark.promise("P-24")
@pytest.mark.promise("P-23", clause=("only to complete the order", "recorded"))
def test_a_disclosure_sends_only_declared_data_and_is_recorded():
    # when the carrier is given a delivery address
    sent = disclose(
        processor="carrier",
        subject_ref="SK-ABCDEF1",
        data={"user.name": "Ada Lovelace", "user.contact.address.street": "1 Analytical Row", "user.contact.phone_number": ""},
        purpose="deliver order SK-ABCDEF1",
    )
    # then exactly those values go out (empty ones dropped) and the disclosure is on record
    assert sent == {"user.name": "Ada Lovelace", "user.contact.address.street": "1 Analytical Row"}
    record = Disclosure.objects.get()
    assert (record.processor, record.subject_ref, record.categories, record.purpose) == (
        "carrier", "SK-ABCDEF1", ["user.contact.address.street", "user.name"], "deliver order SK-ABCDEF1")


@pytest.mark.django_db
@pytest.mark.promise("P-24")
def test_sending_a_processor_an_undeclared_field_raises_and_records_nothing():
    with pytest.raises(UndeclaredDisclosure, match="may not receive user.contact.email"):
        disclose(processor="carrier", subject_ref="SK-ABCDEF1",
                 data={"user.name": "Ada", "user.contact.email": "ada@example.com"}, purpose="deliver")
    assert Disclosure.objects.count() == 0


@pytest.mark.django_db
def test_an_undeclared_processor_raises():
    with pytest.raises(UndeclaredDisclosure, match="'data_broker' is not a declared processor"):
        disclose(processor="data_broker", subject_ref="C-1", data={}, purpose="sell")
    assert Disclosure.objects.count() == 0


def test_every_field_declared_for_a_processor_is_a_category_that_processor_receives():
    for declaration in REGISTRY.values():
        for name, spec in declaration.personal.items():
            for code in spec.processors:
                assert spec.category in PROCESSORS[code].receives, f"{declaration.label}.{name} → {code}"


def test_what_each_processor_receives_is_derived_from_the_fields_declared_for_it():
    # given the demo data map / then each processor receives exactly the categories of its declared fields
    assert {code: processor.receives for code, processor in PROCESSORS.items()} == {
        "payment_gateway": (),
        "carrier": (
            "user.name",
            "user.contact.address.street",
            "user.contact.address.city",
            "user.contact.address.state",
            "user.contact.address.postal_code",
            "user.contact.address.country",
            "user.contact.phone_number",
        ),
        "email_provider": ("user.contact.email",),
    }


@pytest.mark.django_db
@pytest.mark.promise("P-24")
def test_a_category_no_field_declares_for_a_processor_is_refused_until_a_field_declares_it(monkeypatch):
    # given no field sends the email address to the carrier
    data = {"user.contact.email": "ada@example.com"}
    with pytest.raises(UndeclaredDisclosure, match="Delivery carrier may not receive user.contact.email"):
        disclose(processor="carrier", subject_ref="C-1", data=data, purpose="deliver")
    assert Disclosure.objects.count() == 0
    # when the data map declares User.email as going to the carrier too
    declaration = REGISTRY[User]
    email = replace(declaration.personal["email"], processors=("email_provider", "carrier"))
    monkeypatch.setitem(REGISTRY, User, replace(declaration, personal={**declaration.personal, "email": email}))
    # then the carrier receives it, with no second list to edit
    assert "user.contact.email" in PROCESSORS["carrier"].receives
    assert disclose(processor="carrier", subject_ref="C-1", data=data, purpose="deliver") == data


def test_a_processor_payload_holds_the_declared_fields_of_a_row_by_category():
    # given a saved address (not stored; only its values are read)
    address = Address(name="Ada Lovelace", line1="1 Analytical Row", line2="Flat 2", city="London",
                      region="", postal_code="NW1 6XE", country="GB", phone="+44 20 7946 0000")
    # when the carrier's share of it is taken / then the two street lines are one street, keyed by category
    assert processor_payload(code="carrier", instance=address) == {
        "user.name": "Ada Lovelace",
        "user.contact.address.street": "1 Analytical Row, Flat 2",
        "user.contact.address.city": "London",
        "user.contact.address.state": "",
        "user.contact.address.postal_code": "NW1 6XE",
        "user.contact.address.country": "GB",
        "user.contact.phone_number": "+44 20 7946 0000",
    }
    assert processor_payload(code="payment_gateway", instance=address) == {}
