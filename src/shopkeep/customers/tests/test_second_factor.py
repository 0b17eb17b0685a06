"""The second factor (P-38): staff sign in with a password and a TOTP code before any back-office screen;
enrolment draws the QR code here and shows recovery codes once; customers may turn it on."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shopkeep.customers.second_factor import totp_device_create
from shopkeep.customers.staff import staff_create
from shopkeep.customers.tests.factories import PASSWORD, customer_create
from shopkeep.privacy.models import SecurityEvent
from shopkeep.privacy.practices import practices_acknowledge_current
from shopkeep.privacy.roles import Role
from shopkeep.testing.staff import STAFF_PASSWORD, staff_totp_code

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
STAFF_SCREENS = ["/backoffice/", "/backoffice/dispatch/", "/backoffice/fraud/", "/backoffice/returns/",
                 "/backoffice/terminal/", "/backoffice/stats/", "/backoffice/campaigns/", "/backoffice/support/",
                 "/backoffice/shop/", "/backoffice/staff/"]


def _password_login(client, email, password=STAFF_PASSWORD, next_url="/backoffice/"):
    return client.post(f"/account/login/?next={next_url}", {"username": email, "password": password}, **SAME_ORIGIN)


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(6)


@pytest.mark.promise("P-38")
@pytest.mark.parametrize("role", list(Role.values))
def test_a_password_alone_never_opens_a_back_office_screen(client, role):
    # given: a staff member of this role who typed the right password
    user = staff_create(email=f"{role}@shop.example", role=role, password=STAFF_PASSWORD)[0]
    totp_device_create(user=user)
    response = _password_login(client, user.email)
    # then: the next step is the code, not the back office
    assert response.status_code == 302
    assert response["Location"].startswith("/account/second-factor/?next=")
    # and every back-office and admin screen sends them to the code page
    for path in STAFF_SCREENS:
        answer = client.get(path)
        assert answer.status_code == 302, path
        assert answer["Location"].startswith(reverse("customers:second_factor")), path


@pytest.mark.promise("P-38")
def test_a_wrong_code_is_refused_and_logged_and_the_right_one_opens_the_page_they_asked_for(client):
    user = staff_create(email="cs@shop.example", role=Role.CUSTOMER_SERVICE, password=STAFF_PASSWORD)[0]
    totp_device_create(user=user)
    practices_acknowledge_current(user=user)
    _password_login(client, "cs@shop.example", next_url="/backoffice/fraud/")
    # when: a wrong code
    wrong = client.post("/account/second-factor/", {"code": "000000", "next": "/backoffice/fraud/"})
    # then
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert SecurityEvent.objects.filter(kind="second_factor_failed", account_ref=user.customer_number).exists()
    assert client.get("/backoffice/fraud/").status_code == 302
    # when: the current code (throttling of the device reset by waiting is not needed: it allows a retry)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    right = client.post("/account/second-factor/", {"code": staff_totp_code(user), "next": "/backoffice/fraud/"})
    # then
    assert right.status_code == 302 and right["Location"] == "/backoffice/fraud/"
    assert client.get("/backoffice/fraud/").status_code == 200


@pytest.mark.promise("P-38")
def test_staff_without_an_authenticator_must_set_one_up_with_a_locally_drawn_qr_and_get_recovery_codes_once(client):
    # given: a new staff member, password only
    user = staff_create(email="ff@shop.example", role=Role.FULFILMENT, password=STAFF_PASSWORD)[0]
    practices_acknowledge_current(user=user)
    response = _password_login(client, "ff@shop.example", next_url="/backoffice/dispatch/")
    assert response["Location"].startswith("/account/second-factor/set-up/")
    assert client.get("/backoffice/dispatch/")["Location"].startswith("/account/second-factor/set-up/")

    # when: the set-up page is shown
    page = client.get(response["Location"])
    html = page.content.decode()
    # then: the QR code is inline SVG drawn by the shop (no image from another site) with the key as text
    assert "<svg" in html and "otpauth" not in html.split("<svg", 1)[0]
    assert not re.search(r'src="https?://', html)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'<code class="reference">([A-Z2-7]+)</code>', html).group(1)
    assert secret

    # when: the code from the app is typed
    done = client.post("/account/second-factor/set-up/", {"code": _code(device), "next": "/backoffice/dispatch/"})
    # then: recovery codes are shown once, the session is verified, the back office opens
    codes = re.findall(r"<li><code>(\d{5}-\d{5})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/backoffice/dispatch/").status_code == 200
    again = client.get("/account/second-factor/set-up/").content.decode()
    assert not any(code in again for code in codes)

    # and a recovery code works once in place of the app's code
    client.post("/account/logout/")
    _password_login(client, "ff@shop.example")
    assert client.post("/account/second-factor/", {"code": codes[0]}).status_code == 302
    client.post("/account/logout/")
    _password_login(client, "ff@shop.example")
    assert client.post("/account/second-factor/", {"code": codes[0]}).status_code == 400


def test_a_customer_may_turn_the_second_factor_on_and_then_needs_it_to_log_in(client):
    customer = customer_create(email="ada@example.com")
    client.force_login(customer)
    assert "Turn on two-step sign-in" in client.get("/account/").content.decode()
    client.get("/account/second-factor/set-up/")
    device = TOTPDevice.objects.get(user=customer)
    client.post("/account/second-factor/set-up/", {"code": _code(device)})
    client.post("/account/logout/")
    # when: logging in with the password
    response = client.post("/account/login/", {"username": "ada@example.com", "password": PASSWORD}, **SAME_ORIGIN)
    # then: the code is asked for before the account opens
    assert response["Location"].startswith("/account/second-factor/")
    assert client.get("/account/")["Location"].startswith("/account/second-factor/")
