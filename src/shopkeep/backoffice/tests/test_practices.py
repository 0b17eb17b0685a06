"""Staff privacy practices (P-39): acknowledged when they change and every quarter before any screen with
personal data opens; the owner sees who acknowledged which version; a reminder two weeks before the deadline."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from shopkeep.privacy.models import PracticesAcknowledgement
from shopkeep.privacy.practices import practices_current, practices_publish, quarter_of
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import staff_login, staff_user

pytestmark = pytest.mark.django_db
SCREENS = ["/backoffice/", "/backoffice/fraud/", "/backoffice/returns/", "/backoffice/support/",
           "/backoffice/stats/", "/backoffice/campaigns/", "/backoffice/shop/", "/backoffice/dispatch/",
           "/backoffice/terminal/", "/backoffice/staff/"]


@pytest.mark.promise("P-39")
def test_no_back_office_screen_opens_until_the_current_practices_are_acknowledged(client):
    # given: the owner, signed in with both factors but not having acknowledged the practices
    staff_login(client, Role.OWNER, acknowledge=False)
    # then: every screen sends them to the practices first
    for path in SCREENS:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/backoffice/practices/?next="), path
    page = client.get("/backoffice/practices/?next=/backoffice/fraud/").content.decode()
    assert "Please read and acknowledge version 1" in page
    assert "How we handle customers" in page

    # when: they acknowledge
    response = client.post("/backoffice/practices/", {"acknowledge": "yes", "next": "/backoffice/fraud/"})
    # then: back to the page they wanted, and it opens
    assert response["Location"] == "/backoffice/fraud/"
    assert client.get("/backoffice/fraud/").status_code == 200


@pytest.mark.promise("P-39")
def test_a_new_version_must_be_acknowledged_again_and_the_owner_sees_who_did(client):
    # given: customer service acknowledged version 1
    agent = staff_login(client, Role.CUSTOMER_SERVICE)
    assert client.get("/backoffice/fraud/").status_code == 200
    owner = staff_user(Role.OWNER)
    # when: the owner publishes version 2 with a new staff section
    from django.test import Client

    owner_client = Client()
    staff_login(owner_client, owner)
    response = owner_client.post("/backoffice/practices/publish/", {
        "staff_section": "## New rule\n\nNever read a customer's data aloud in public.", "confirm": "on"})
    assert response.status_code == 302
    assert practices_current().version == 2
    assert owner_client.get("/backoffice/fraud/").status_code == 302  # the owner too acknowledges it
    # then: customer service is stopped until they acknowledge version 2
    assert client.get("/backoffice/fraud/")["Location"].startswith("/backoffice/practices/")
    assert "Never read a customer" in client.get("/backoffice/practices/").content.decode()
    client.post("/backoffice/practices/", {"acknowledge": "yes"})
    assert client.get("/backoffice/fraud/").status_code == 200
    # and the owner sees who acknowledged which version
    owner_client.post("/backoffice/practices/", {"acknowledge": "yes"})
    overview = owner_client.get("/backoffice/practices/publish/").content.decode()
    assert f"({agent.customer_number})</td><td>2</td>" in overview
    assert f"({owner.customer_number})</td><td>2</td>" in overview


@pytest.mark.promise("P-39")
def test_an_acknowledgement_from_last_quarter_is_not_enough(client):
    # given: the practices were acknowledged in the previous quarter
    user = staff_login(client, Role.FULFILMENT)
    start, _ = quarter_of(timezone.localdate())
    PracticesAcknowledgement.objects.filter(staff=user).update(
        acknowledged_at=timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=3), dt.time(12))))
    # then
    assert client.get("/backoffice/dispatch/")["Location"].startswith("/backoffice/practices/")


@pytest.mark.promise("P-39")
def test_staff_who_have_not_acknowledged_are_reminded_two_weeks_before_the_quarter_ends(monkeypatch, mailoutbox):
    # given: two staff members, one acknowledged this quarter
    done = staff_user(Role.BILLING)
    pending = staff_user(Role.MARKETING)
    from shopkeep.privacy.practices import practices_acknowledge_current

    practices_acknowledge_current(user=done)
    _, end = quarter_of(timezone.localdate())

    def run_on(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
        call_command("practices_remind", stdout=open("/dev/null", "w"))

    # when: 15 days before the end of the quarter, nothing; 14 days before, one reminder; again, none
    run_on(end - dt.timedelta(days=15))
    assert len(mailoutbox) == 0
    run_on(end - dt.timedelta(days=14))
    assert [message.to for message in mailoutbox] == [[pending.email]]
    assert end.strftime("%d %B %Y") in mailoutbox[0].subject
    run_on(end - dt.timedelta(days=13))
    assert len(mailoutbox) == 1
    assert practices_publish  # the owner publishes through the back office (see above)
