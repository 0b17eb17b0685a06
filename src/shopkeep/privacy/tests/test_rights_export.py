"""A person's copy of their data (P-32): every declared field of every record about them, nothing about anyone else."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from shopkeep.privacy import rights
from shopkeep.privacy.models import DataExport
from shopkeep.privacy.registry import REGISTRY
from shopkeep.privacy.retention import retention_run
from shopkeep.privacy.subjects import subject_for_email
from shopkeep.privacy.tests.people import ADA, BOB, person_with_everything
from shopkeep.testing.staff import staff_user

pytestmark = pytest.mark.django_db

# Record types the person of `person_with_everything` certainly has: the test fails if the export misses one.
EXPECTED_TYPES = {
    "customers.User", "customers.Address", "orders.Order", "orders.OrderLine", "orders.OrderEvent",
    "orders.PhoneVerification", "orders.ReturnRequest", "payments.Payment", "payments.PaymentEvent",
    "mailing.Subscription", "mailing.EmailSend", "support.Ticket", "support.TicketMessage",
    "campaigns.SurveyConsent", "privacy.Disclosure", "privacy.AuditEntry", "privacy.DataExport", "cart.Cart",
    "cart.CartLine",
}


def _declared_fields(label: str) -> set[str]:
    """From the data map alone: every declared field about the person, less the declared secret categories."""
    declaration = next(d for d in REGISTRY.values() if d.label == label)
    concrete = {field.name for field in declaration.model._meta.concrete_fields}
    personal = {name for name, spec in declaration.personal.items()
                if spec.about == "customer" and spec.category not in rights.SECRET_CATEGORIES}
    return (set(declaration.non_personal) | personal) & concrete


def _export_zip(email, django_capture_on_commit_callbacks) -> tuple[DataExport, dict, str]:
    with django_capture_on_commit_callbacks(execute=True):
        export = rights.export_request(subject=subject_for_email(email))
    export.refresh_from_db()
    with zipfile.ZipFile(rights.export_path(export)) as archive:
        return export, json.loads(archive.read("data.json")), archive.read("data.html").decode()


@pytest.mark.promise("P-32")
def test_the_export_holds_every_declared_field_of_every_record_about_the_person_and_nothing_of_anyone_else(
        django_capture_on_commit_callbacks):
    # given two customers with data everywhere, and a staff member who looked at the first
    owner = staff_user(role="owner")
    with django_capture_on_commit_callbacks(execute=True):  # the order emails go out
        ada = person_with_everything(staff=owner, **ADA)
        bob = person_with_everything(staff=owner, **BOB)

    # when Ada's copy is built in the background
    export, data, html = _export_zip(ada.email, django_capture_on_commit_callbacks)

    # then every record type about her is there, each row with exactly the fields the data map declares
    assert export.status == DataExport.Status.READY and export.progress == 100
    types = {record["type"] for record in data["records"]}
    assert EXPECTED_TYPES <= types
    for record in data["records"]:
        assert record["rows"], record["type"]
        for row in record["rows"]:
            assert set(row) == _declared_fields(record["type"]), record["type"]
    # decrypted values, her guest order as well as her account's, and nothing of Bob's
    text = json.dumps(data)
    for value in (ada.email, ada.name, ada.phone, ada.line1, ada.ip, ada.user.customer_number, *[o.number for o in ada.orders]):
        assert value in text
    assert "enc1:" not in text
    for value in (bob.email, bob.name, bob.phone, bob.line1, bob.ip, bob.user.customer_number, *[o.number for o in bob.orders]):
        assert value not in text
        assert value not in html
    # the readable copy says the same
    assert ada.line1 in html and "Card payments" in html


@pytest.mark.promise("P-32")
def test_the_schema_document_names_every_top_level_key_of_the_export(django_capture_on_commit_callbacks):
    # given
    ada = person_with_everything(**ADA)
    _, data, _ = _export_zip(ada.email, django_capture_on_commit_callbacks)
    from pathlib import Path

    doc = (Path(__file__).parents[4] / "docs" / "export-schema.md").read_text()

    # then
    assert data["schema"] in doc
    for key in [*data, *data["records"][0]]:
        assert f"`{key}`" in doc


@pytest.mark.promise("P-32")
def test_the_download_link_works_for_the_set_days_then_the_file_is_deleted(
        settings, django_capture_on_commit_callbacks):
    # given
    settings.SHOPKEEP_EXPORT_LINK_DAYS = 7
    ada = person_with_everything(**ADA)
    export, _, _ = _export_zip(ada.email, django_capture_on_commit_callbacks)
    token = rights.export_token(export)
    path = rights.export_path(export)

    # then the link works until the 7th day, not after
    assert rights.export_from_token(token, now=export.ready_at + timedelta(days=7)) == export
    assert rights.export_from_token(token, now=export.ready_at + timedelta(days=7, seconds=1)) is None
    assert rights.export_from_token(token[:-2] + "xx") is None

    # when the retention runner passes a day too early, then on time
    retention_run(now=export.ready_at + timedelta(days=6, hours=23), apply=True)
    assert path.exists()
    retention_run(now=export.ready_at + timedelta(days=7, seconds=1), apply=True)

    # then the file is gone and the export is marked expired
    export.refresh_from_db()
    assert not path.exists()
    assert (export.status, export.file_name) == (DataExport.Status.EXPIRED, "")


@pytest.mark.promise("P-32")
def test_a_customer_downloads_only_their_own_export(client, django_capture_on_commit_callbacks):
    # given
    ada = person_with_everything(**ADA)
    bob = person_with_everything(**BOB)
    export, _, _ = _export_zip(ada.email, django_capture_on_commit_callbacks)
    url = rights.export_download_url(export)

    # when Bob, then nobody, then Ada opens Ada's link
    client.force_login(bob.user)
    as_bob = client.get(url)
    client.logout()
    as_nobody = client.get(url)
    client.force_login(ada.user)
    as_ada = client.get(url)

    # then only Ada gets the file
    assert (as_bob.status_code, as_nobody.status_code, as_ada.status_code) == (403, 403, 200)
    body = b"".join(as_ada.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).namelist() == ["data.json", "data.html"]
    assert as_ada["Content-Disposition"].startswith("attachment")


def test_export_progress_shows_while_it_waits(client):
    # given an export queued but not yet built
    ada = person_with_everything(**ADA)
    client.force_login(ada.user)
    DataExport.objects.create(user=ada.user, email=ada.email, secret="s" * 20, created_at=timezone.now())

    # when
    page = client.get("/account/privacy/").content.decode()

    # then
    assert "Waiting to start: 0% done" in page
    assert "Refresh this page" in page


def test_an_export_that_fails_says_so_instead_of_building_for_ever(monkeypatch, django_capture_on_commit_callbacks):
    # given a build that breaks
    ada = person_with_everything(**ADA)

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("shopkeep.privacy.tasks.export_build", broken)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        export = rights.export_request(subject=subject_for_email(ada.email))

    # then
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED
