"""The owner's doors to a person's rights: `export_person`, `erasures`, and the back-office erasure form."""

import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shopkeep.customers.models import User
from shopkeep.privacy.models import AuditEntry, ErasureRequest
from shopkeep.privacy.rights import erasures_due
from shopkeep.privacy.tests.people import ADA, BOB, database_scan, person_with_everything
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db


@pytest.mark.promise("P-32")
def test_export_person_writes_the_same_zip_for_the_owner(tmp_path):
    # given
    ada = person_with_everything(**ADA)
    person_with_everything(**BOB)
    out = StringIO()

    # when
    call_command("export_person", "--email", ada.email, "--output", str(tmp_path / "ada.zip"), stdout=out)

    # then
    with zipfile.ZipFile(tmp_path / "ada.zip") as archive:
        data = json.loads(archive.read("data.json"))
    assert data["email"] == ada.email
    assert BOB["email"] not in json.dumps(data)
    assert "Wrote" in out.getvalue()


def test_export_person_refuses_what_is_not_an_email():
    with pytest.raises(CommandError, match="is not an email address"):
        call_command("export_person", "--email", "nobody")


@pytest.mark.promise("P-33")
def test_the_owner_erases_a_person_on_request_from_the_back_office_audited_and_with_the_grace_period(
        client, mailoutbox):
    # given
    ada = person_with_everything(**ADA)
    owner = staff_login(client, "owner")

    # when
    page = client.get("/backoffice/shop/erasure/")
    response = client.post("/backoffice/shop/erasure/", {"email": ada.email, "reason": "Letter of 3 March",
                                                        "confirm": "on"})
    request = ErasureRequest.objects.get()
    call_command("erasures", stdout=StringIO())  # not yet due: nothing happens
    assert User.objects.get(pk=ada.user.pk).is_active
    erasures_due(now=request.due_at)

    # then
    assert page.status_code == 200 and response.status_code == 302
    assert request.source == "owner"
    entry = AuditEntry.objects.get(action="change")
    assert (entry.staff_id, entry.subject_ref, entry.reason) == (owner.pk, ada.user.customer_number, "Letter of 3 March")
    assert "Cancel the erasure" in mailoutbox[-1].alternatives[0][0]
    assert database_scan(ada.needles) == []


@pytest.mark.parametrize("role", ["customer_service", "billing", "fulfilment", "marketing"])
def test_only_the_owner_can_erase_from_the_back_office(client, role):
    # given
    ada = person_with_everything(**ADA)
    staff_login(client, role)

    # when
    response = client.post("/backoffice/shop/erasure/", {"email": ada.email, "reason": "x", "confirm": "on"})

    # then
    assert response.status_code in (302, 403)
    assert ErasureRequest.objects.count() == 0
