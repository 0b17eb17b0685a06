"""Password reset by email: no account enumeration, a signed expiring link, no password in the email (P-17)."""

import re
from email import message_from_bytes, policy

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from shopkeep.customers.tests.factories import PASSWORD, customer_create

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
NEW_PASSWORD = "another rather long passphrase"


def _sent(outbox_dir) -> list:
    """The messages in this test's outbox, as parsed email messages."""
    from django.core import mail

    if hasattr(mail, "outbox"):
        return [message.message() for message in mail.outbox]
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(outbox_dir.glob("*.eml"))]


def _parts(message) -> tuple[str, str]:
    text = html = ""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()
    return text, html


def _reset_link(customer) -> str:
    uid = urlsafe_base64_encode(force_bytes(customer.pk))
    return f"/account/password-reset/{uid}/{default_token_generator.make_token(customer)}/"


def test_password_reset_page_asks_for_the_email_address(client):
    # when
    response = client.get("/account/password-reset/")

    # then
    assert response.status_code == 200
    assert '<label for="id_email">Email address</label>' in response.content.decode()


@pytest.mark.promise("P-17")
def test_asking_for_a_reset_emails_a_signed_link_and_no_password(client, outbox_dir, settings):
    # given
    customer = customer_create(email="ada@example.com")
    settings.SHOPKEEP_BASE_URL = "https://shop.example"

    # when
    response = client.post("/account/password-reset/", {"email": "ADA@example.com"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/password-reset/sent/"
    [message] = _sent(outbox_dir)
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Reset your password at shopkeep demo shop"
    assert message["Message-ID"].startswith("<account_security.")
    text, html = _parts(message)
    for body in (text, html):
        assert "We will never ask you for your password or your card number by email." in body
        assert customer.customer_number in body
        assert PASSWORD not in body
        assert customer.password not in body
    [link] = re.findall(r"https://shop\.example(/account/password-reset/[^/\s]+/[^/\s]+/)", text)
    assert f'href="https://shop.example{link}"' in html
    uid, token = link.split("/")[3:5]
    assert uid == urlsafe_base64_encode(force_bytes(customer.pk))
    assert default_token_generator.check_token(customer, token) is True


@pytest.mark.promise("P-17")
def test_reset_email_holds_no_password_even_after_the_reset(client, outbox_dir):
    # given
    customer = customer_create(email="ada@example.com")
    client.post("/account/password-reset/", {"email": "ada@example.com"}, **SAME_ORIGIN)
    [message] = _sent(outbox_dir)
    link = re.search(r"http://\S+(/account/password-reset/\S+/\S+/)", _parts(message)[0]).group(1)

    # when
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **SAME_ORIGIN)

    # then
    for body in _parts(message):
        assert NEW_PASSWORD not in body
        assert PASSWORD not in body
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD) is True


def test_unknown_address_gets_the_same_answer_and_no_email(client, outbox_dir):
    # given
    customer_create(email="ada@example.com")
    known = client.post("/account/password-reset/", {"email": "ada@example.com"}, **SAME_ORIGIN)
    sent_for_known = len(_sent(outbox_dir))

    # when
    unknown = client.post("/account/password-reset/", {"email": "nobody@example.com"}, **SAME_ORIGIN)

    # then
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(_sent(outbox_dir)) == sent_for_known == 1
    done = client.get("/account/password-reset/sent/").content.decode()
    assert "If an account uses that address, we have sent it a link" in done


def test_a_closed_account_gets_no_reset_email(client, outbox_dir):
    # given an account that was used and then closed
    customer_create(email="ada@example.com", is_active=False, last_login=timezone.now())

    # when
    response = client.post("/account/password-reset/", {"email": "ada@example.com"}, **SAME_ORIGIN)

    # then
    assert response.status_code == 302
    assert _sent(outbox_dir) == []


def test_an_account_never_started_can_be_started_through_a_reset_link(client, outbox_dir):
    # given someone registered this address but the registration link was never followed
    customer = customer_create(email="ada@example.com", is_active=False)

    # when the owner of the address resets the password through the emailed link
    client.post("/account/password-reset/", {"email": "ada@example.com"}, **SAME_ORIGIN)
    uid = urlsafe_base64_encode(force_bytes(customer.pk))
    token = default_token_generator.make_token(customer)
    form = client.get(f"/account/password-reset/{uid}/{token}/", **SAME_ORIGIN)
    done = client.post(f"/account/password-reset/{uid}/{token}/",
                       {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **SAME_ORIGIN)

    # then the account starts with the password the owner chose
    assert len(_sent(outbox_dir)) == 1
    assert (form.status_code, done.status_code) == (200, 302)
    customer.refresh_from_db()
    assert customer.is_active is True and customer.check_password(NEW_PASSWORD) is True


@pytest.mark.parametrize("email", ["", "not an email"])
def test_reset_with_a_bad_address_shows_an_error_and_sends_nothing(client, outbox_dir, email):
    # when
    response = client.post("/account/password-reset/", {"email": email}, **SAME_ORIGIN)

    # then
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert _sent(outbox_dir) == []


def test_reset_post_from_another_site_is_refused(client, outbox_dir):
    # given
    customer_create(email="ada@example.com")

    # when
    response = client.post("/account/password-reset/", {"email": "ada@example.com"}, HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert response.status_code == 403
    assert _sent(outbox_dir) == []


def test_reset_link_shows_the_new_password_form(client):
    # given
    customer = customer_create(email="ada@example.com")

    # when
    response = client.get(_reset_link(customer))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_new_password1">New password</label>' in html
    assert list(response.cookies) == []
    assert "no-store" in response["Cache-Control"]


def test_choosing_a_new_password_changes_it_and_the_link_then_stops_working(client):
    # given
    customer = customer_create(email="ada@example.com")
    link = _reset_link(customer)

    # when
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **SAME_ORIGIN)

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/password-reset/done/"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD) is True
    assert SESSION_KEY not in client.session
    again = client.post(link, {"new_password1": "yet another long passphrase", "new_password2": "yet another long passphrase"}, **SAME_ORIGIN)
    assert again.status_code == 400
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD) is True


def test_new_password_must_follow_the_password_rules(client):
    # given
    customer = customer_create(email="ada@example.com")

    # when
    response = client.post(_reset_link(customer), {"new_password1": "short one", "new_password2": "short one"},
                           **SAME_ORIGIN)

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [
        "This password is too short: use at least 15 characters for an account protected by a password alone "
        "(it has 9). A few unrelated words make a good passphrase."
    ]
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD) is True


def test_new_passwords_that_differ_are_refused(client):
    # given
    customer = customer_create(email="ada@example.com")

    # when
    response = client.post(_reset_link(customer), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "!"},
                           **SAME_ORIGIN)

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == ["The two password fields didn’t match."]
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD) is True


@pytest.mark.parametrize(
    "link",
    [
        "/account/password-reset/{uid}/bad-token/",
        "/account/password-reset/{uid}/{token}x/",
        "/account/password-reset/Zm9v/{token}/",
        "/account/password-reset/!!!/{token}/",
        "/account/password-reset/OTk5OTk5/{token}/",
    ],
)
def test_bad_reset_link_is_refused_with_a_way_to_ask_again(client, link):
    # given
    customer = customer_create(email="ada@example.com")
    uid = urlsafe_base64_encode(force_bytes(customer.pk))
    url = link.format(uid=uid, token=default_token_generator.make_token(customer))

    # when
    page = client.get(url)
    post = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **SAME_ORIGIN)

    # then
    for response in (page, post):
        assert response.status_code == 400
        assert "This link doesn't work any more" in response.content.decode().replace("&#x27;", "'")
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD) is True


def test_expired_reset_link_is_refused(client, settings):
    # given
    customer = customer_create(email="ada@example.com")
    link = _reset_link(customer)
    settings.PASSWORD_RESET_TIMEOUT = -1

    # when
    response = client.get(link)

    # then
    assert response.status_code == 400


def test_setting_a_new_password_from_another_site_is_refused(client):
    # given
    customer = customer_create(email="ada@example.com")

    # when
    response = client.post(_reset_link(customer), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
                           HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD) is True


def test_password_reset_logs_out_other_sessions(client):
    # given
    from django.test import Client

    other_browser = Client()
    customer = customer_create(email="ada@example.com")
    other_browser.force_login(customer)

    # when
    client.post(_reset_link(customer), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **SAME_ORIGIN)

    # then
    assert other_browser.get("/account/").status_code == 302


@pytest.mark.promise("P-16")
def test_a_reset_link_lasts_one_hour_and_works_once(client, monkeypatch):
    # given: a link made now
    from datetime import datetime, timedelta

    customer = customer_create(email="ada@example.com")
    link = _reset_link(customer)
    made = datetime.now()

    # when: 59 minutes later it opens; 61 minutes later it is refused
    monkeypatch.setattr(default_token_generator, "_now", lambda: made + timedelta(minutes=59))
    assert client.get(link).status_code == 200
    monkeypatch.setattr(default_token_generator, "_now", lambda: made + timedelta(minutes=61))
    assert client.get(link).status_code == 400

    # and: used once within the hour, it never works again
    monkeypatch.setattr(default_token_generator, "_now", lambda: made + timedelta(minutes=5))
    assert client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
                       **SAME_ORIGIN).status_code == 302
    assert client.get(link).status_code == 400
