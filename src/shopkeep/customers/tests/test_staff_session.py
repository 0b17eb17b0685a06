"""Staff session limits (P-38): idle lock (default 5 minutes) asking for the password and returning to the page;
12-hour staff sessions; refunds need a password typed in the last 5 minutes; customer sessions end with the
browser and after two weeks at most."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from shopkeep.customers import staff_session
from shopkeep.customers.tests.factories import PASSWORD, customer_create
from shopkeep.orders.fulfilment import order_dispatch, order_mark_delivered, return_request, return_value
from shopkeep.orders.models import ReturnRequest
from shopkeep.orders.tests.factories import order_place
from shopkeep.privacy.models import SecurityEvent
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import STAFF_PASSWORD, staff_login

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.fixture
def clock(monkeypatch):
    """Moves the staff session's clock forward by `minutes`."""
    real = staff_session._now
    offset = {"seconds": 0}
    monkeypatch.setattr(staff_session, "_now", lambda: real() + offset["seconds"])

    def forward(minutes: float):
        offset["seconds"] += int(minutes * 60)

    return forward


@pytest.mark.promise("P-38")
def test_an_idle_staff_session_locks_after_five_minutes_and_the_password_returns_to_the_page(client, clock):
    # given: customer service, signed in with both factors
    user = staff_login(client, Role.CUSTOMER_SERVICE)
    assert client.get("/backoffice/fraud/").status_code == 200
    clock(4)
    assert client.get("/backoffice/fraud/").status_code == 200  # 4 minutes idle: still open

    # when: 5 minutes and a bit without a request
    clock(5.5)
    response = client.get("/backoffice/returns/")

    # then: the lock screen, remembering the page
    assert response.status_code == 302
    assert response["Location"] == "/account/locked/?next=/backoffice/returns/"
    assert client.get("/backoffice/").status_code == 302  # every other page stays locked
    page = client.get(response["Location"])
    assert "Your session is locked" in page.content.decode()

    # when: a wrong password, then the right one
    wrong = client.post("/account/locked/", {"password": "not it at all, sorry", "next": "/backoffice/returns/"})
    assert wrong.status_code == 400
    assert SecurityEvent.objects.filter(kind="reauth_failed", account_ref=user.customer_number).exists()
    right = client.post("/account/locked/", {"password": STAFF_PASSWORD, "next": "/backoffice/returns/"})

    # then: back on the page they were on
    assert right.status_code == 302 and right["Location"] == "/backoffice/returns/"
    assert client.get("/backoffice/returns/").status_code == 200


@pytest.mark.promise("P-38")
def test_the_idle_time_is_a_setting(client, clock, settings):
    settings.SHOPKEEP_STAFF_IDLE_MINUTES = 15
    staff_login(client, Role.FULFILMENT)
    clock(14)
    assert client.get("/backoffice/dispatch/").status_code == 200
    clock(16)
    assert client.get("/backoffice/dispatch/")["Location"].startswith("/account/locked/")


@pytest.mark.promise("P-38")
def test_the_lock_screen_asks_for_the_second_factor_again_once_it_is_old(client, clock):
    # given: the second factor was last given more than 12 hours ago (the sign-in itself kept alive)
    user = staff_login(client, Role.FULFILMENT)
    session = client.session
    session[staff_session.FACTOR_AT] -= 13 * 3600
    session.save()
    clock(6)
    assert client.get("/backoffice/dispatch/")["Location"].startswith("/account/locked/")
    # then: the lock screen has a code field, and the password alone does not unlock
    page = client.get("/account/locked/?next=/backoffice/dispatch/")
    assert 'name="code"' in page.content.decode()
    assert client.post("/account/locked/", {"password": STAFF_PASSWORD}).status_code == 400
    from shopkeep.testing.staff import staff_totp_code

    done = client.post("/account/locked/", {"password": STAFF_PASSWORD, "code": staff_totp_code(user),
                                            "next": "/backoffice/dispatch/"})
    assert done["Location"] == "/backoffice/dispatch/"


@pytest.mark.promise("P-38")
def test_a_staff_session_ends_twelve_hours_after_signing_in(client, clock):
    staff_login(client, Role.FULFILMENT)
    for _ in range(12 * 60 // 4 - 1):  # busy all day: a request every 4 minutes, for 11 hours 56 minutes
        clock(4)
        assert client.get("/backoffice/dispatch/").status_code == 200
    clock(4.5)
    response = client.get("/backoffice/dispatch/")
    assert response["Location"].startswith("/account/login/?expired=1")
    assert SESSION_KEY not in client.session


@pytest.mark.promise("P-38")
def test_a_refund_needs_the_password_typed_in_the_last_five_minutes(client, clock):
    # given: a delivered order with a return to refund, and customer service active for 6 minutes
    order = order_place()
    order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()}, carrier="DHL",
                   tracking_number="1", by=None)
    order_mark_delivered(order=order, by=None)
    request = return_request(order=order, quantities={line.pk: 1 for line in order.lines.all()}, reason="Too big",
                             kind="refund")
    staff_login(client, Role.CUSTOMER_SERVICE)
    url = reverse("backoffice:return_handle", args=[request.pk])
    for _ in range(2):
        clock(3)
        client.get(url)

    # when: the refund is asked for
    response = client.post(url, {"action": "refund"}, HTTP_REFERER=f"http://testserver{url}")

    # then: the password first, nothing refunded yet
    assert response.status_code == 302 and response["Location"].startswith("/account/confirm-password/")
    request.refresh_from_db()
    assert request.status == ReturnRequest.Status.REQUESTED
    wrong = client.post("/account/confirm-password/", {"password": "wrong wrong wrong", "next": url})
    assert wrong.status_code == 400
    back = client.post("/account/confirm-password/", {"password": STAFF_PASSWORD, "next": url})
    assert back["Location"] == url
    client.post(url, {"action": "refund", "amount": str(return_value(request=request).amount), "reason": ""})
    request.refresh_from_db()
    assert request.status != ReturnRequest.Status.REQUESTED


@pytest.mark.promise("P-38")
def test_staff_changes_need_a_recent_password(client, clock):
    # given: the owner, active for 6 minutes
    staff_login(client, Role.OWNER)
    for _ in range(2):
        clock(3)
        assert client.get("/backoffice/staff/").status_code == 200
    # when: inviting a new member of staff
    invite = {"email": "new@shop.example", "name": "New", "role": Role.FULFILMENT}
    response = client.post("/backoffice/staff/invite", invite, HTTP_REFERER="http://testserver/backoffice/staff/")
    # then: the password first, no invitation yet
    assert response["Location"] == "/account/confirm-password/?next=/backoffice/staff/"
    from shopkeep.customers.models import User

    assert not User.objects.with_email("new@shop.example").exists()
    client.post("/account/confirm-password/", {"password": STAFF_PASSWORD, "next": "/backoffice/staff/"})
    assert client.post("/backoffice/staff/invite", invite).status_code == 302
    assert User.objects.with_email("new@shop.example").exists()


def test_customer_sessions_end_with_the_browser_and_after_two_weeks_at_most(client):
    customer_create(email="ada@example.com")
    response = client.post("/account/login/", {"username": "ada@example.com", "password": PASSWORD}, **SAME_ORIGIN)
    cookie = response.cookies["sk_session"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert client.session.get_expiry_age() <= 14 * 24 * 3600
