"""Customer A can never read customer B's data: not through pages, downloads or the API (P-31, P-32)."""

import pytest

from shopkeep.customers.tests.factories import PASSWORD
from shopkeep.privacy import rights
from shopkeep.privacy.models import ErasureRequest
from shopkeep.privacy.subjects import subject_for_email
from shopkeep.privacy.tests.people import ADA, BOB, person_with_everything
from shopkeep.testing.staff import staff_user

pytestmark = pytest.mark.django_db


def _bob_values(bob) -> list[str]:
    return [bob.email, bob.name, bob.phone, bob.line1, bob.user.customer_number, *[o.number for o in bob.orders]]


@pytest.mark.promise("P-31")
def test_the_privacy_center_shows_everything_about_the_customer_and_nothing_of_anyone_else(client):
    # given two customers, one of whose data staff opened
    owner = staff_user("owner")
    ada = person_with_everything(staff=owner, **ADA)
    bob = person_with_everything(staff=owner, **BOB)
    client.force_login(ada.user)

    # when
    page = client.get("/account/privacy/").content.decode()

    # then her account, addresses, orders with payment brand and last 4, consents with their policy version,
    # disclosures (who, what, why), checkout IPs, support requests and the staff access summary are there
    for heading in ("Customer and staff accounts", "Saved addresses and the addresses of orders", "Orders",
                    "Card payments", "Newsletter subscriptions", "The record of data sent to third parties",
                    "Questions and support requests", "The log of staff access to personal data"):
        assert heading in page, heading
    for value in (ada.user.customer_number, ada.email, ada.line1, ada.ip, "visa", "4242", "carrier",
                  "to deliver the parcel", "Answering a question", "Policy version"):
        assert value in page, value
    # and nothing of Bob's
    for value in _bob_values(bob) + [bob.ip]:
        assert value not in page
    # and what she can correct links to its form
    assert 'href="/account/"' in page and "/account/addresses/" in page and "Correct this" in page


@pytest.mark.promise("P-31")
@pytest.mark.promise("P-32")
def test_the_api_gives_a_customer_only_their_own_data(client):
    # given
    ada = person_with_everything(**ADA)
    bob = person_with_everything(**BOB)

    # when logged out, then logged in as Ada
    anonymous = client.get("/api/v1/me/data")
    client.force_login(ada.user)
    mine = client.get("/api/v1/me/data")

    # then
    assert anonymous.status_code == 401
    assert mine.status_code == 200
    text = mine.content.decode()
    assert mine.json()["schema"] == "shopkeep-export/1"
    assert ada.email in text and ada.orders[0].number in text
    for value in _bob_values(bob):
        assert value not in text


@pytest.mark.promise("P-32")
@pytest.mark.promise("P-33")
def test_the_api_export_and_erasure_act_only_for_the_logged_in_customer_and_need_the_csrf_token(
        django_capture_on_commit_callbacks):
    from django.test import Client

    # given
    ada = person_with_everything(**ADA)
    person_with_everything(**BOB)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada.user)
    client.get("/account/privacy/")
    token = client.cookies["sk_csrf"].value

    # when
    no_token = client.post("/api/v1/me/export")
    with django_capture_on_commit_callbacks(execute=True):
        export = client.post("/api/v1/me/export", HTTP_X_CSRFTOKEN=token)
    wrong = client.post("/api/v1/me/erasure", {"password": "nope"}, content_type="application/json",
                        HTTP_X_CSRFTOKEN=token)
    erasure = client.post("/api/v1/me/erasure", {"password": PASSWORD}, content_type="application/json",
                          HTTP_X_CSRFTOKEN=token)

    # then
    assert no_token.status_code == 403
    assert export.status_code == 202
    assert wrong.status_code == 422 and wrong.json()["errors"] == {"password": "That is not your current password."}
    assert erasure.status_code == 202
    assert list(ErasureRequest.objects.values_list("email_index", flat=True)) == [
        subject_for_email(ada.email).email_index]
    assert rights.exports_for(subject=subject_for_email(BOB["email"])) == []
