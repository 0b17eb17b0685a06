import pytest

from shopkeep.privacy.models import Disclosure
from shopkeep.privacy.processors import PROCESSORS, UndeclaredDisclosure
from shopkeep.privacy.registry import REGISTRY
from shopkeep.privacy.services import disclose


@pytest.mark.django_db
@pytest.mark.promise("P-24")
@pytest.mark.promise("P-23")
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
