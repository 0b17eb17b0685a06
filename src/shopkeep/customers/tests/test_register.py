"""Registering an account: only email, password and an optional name (P-01), a customer number (P-05)."""

import re
from email import message_from_bytes, policy

import pytest

from shopkeep.customers.models import User
from shopkeep.customers.tests.factories import PASSWORD, customer_create
from shopkeep.references import reference_is_valid

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def _register(client, **data):
    return client.post("/account/register/", {"email": "ada@example.com", "password": PASSWORD, **data}, **SAME_ORIGIN)


@pytest.mark.promise("P-01")
def test_register_page_asks_only_for_email_password_and_an_optional_name(client):
    # when
    response = client.get("/account/register/")

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<input[^>]*\bname="([^"]+)"', html.split('action="/account/register/"')[1].split("</form>")[0]) == [
        "next", "email", "password", "name", "newsletter"
    ]
    assert 'Name <span class="optional">(optional)</span>' in html
    assert '<input type="checkbox" name="newsletter" id="id_newsletter">' in html


def test_register_page_shows_the_password_rules(client):
    # when
    html = client.get("/account/register/").content.decode()

    # then
    assert "Use at least 15 characters" in html
    assert "breached or common password" in html
    assert "up to 256" in html


def _link(outbox_dir, path: str) -> str:
    """The link to `path` in the one email of this test's outbox."""
    (message,) = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in outbox_dir.glob("*.eml")]
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]+)", text).group(1)


@pytest.mark.promise("P-05")
def test_registering_creates_the_account_that_the_emailed_link_starts_and_logs_in(client, settings, outbox_dir):
    # given
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"

    # when
    response = _register(client, email=" Ada@Example.com ", name="Ada Lovelace")

    # then the account exists but starts only through the link mailed to the address
    assert (response.status_code, response["Location"]) == (302, "/account/register/sent/")
    assert "Check your email" in client.get("/account/register/sent/").content.decode()
    user = User.objects.get()
    assert (user.email, user.name, user.is_staff, user.is_active) == ("ada@example.com", "Ada Lovelace", False, False)
    assert user.check_password(PASSWORD) is True
    assert reference_is_valid(user.customer_number, prefix="C") is True
    confirmed = client.get(_link(outbox_dir, "/account/register/confirm/"))
    assert confirmed.status_code == 302
    account = client.get("/account/")
    assert account.status_code == 200
    assert f"Your customer number: <strong class=\"reference\">{user.customer_number}</strong>" in account.content.decode()


def test_registering_without_a_name_is_fine(client):
    # when
    response = _register(client)

    # then
    assert response.status_code == 302
    assert User.objects.get().name == ""


@pytest.mark.promise("P-06")
def test_starting_the_account_sets_only_the_session_and_csrf_cookies_that_end_with_the_browser(
        client, settings, outbox_dir):
    # given
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    registered = _register(client)

    # when
    response = client.get(_link(outbox_dir, "/account/register/confirm/"))

    # then registering set no cookie; starting the account logs in with session cookies only
    assert list(registered.cookies) == []
    assert sorted(response.cookies) == ["sk_csrf", "sk_session"]
    for cookie in response.cookies.values():
        assert (cookie["max-age"], cookie["expires"]) == ("", "")


def test_a_registration_link_works_once(client, settings, outbox_dir):
    # given
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    _register(client)
    link = _link(outbox_dir, "/account/register/confirm/")
    client.get(link)
    client.post("/account/logout/")

    # when
    again = client.get(link)

    # then
    assert again.status_code == 400
    assert "This link no longer works" in again.content.decode()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass 12", "This password is too short: use at least 15 characters for an account protected by a "
                          "password alone (it has 13). A few unrelated words make a good passphrase."),
        ("1q2w3e4r5t6y7u8i9o0p", "This password appears in lists of passwords stolen from other websites or is very "
                                 "common, so attackers try it first. Choose another one."),
        (" ".join(f"word{n}" for n in range(40)), "This password is too long: use at most 256 characters."),
        ("", "This field is required."),
    ],
)
def test_registering_with_a_bad_password_is_refused_with_the_reason(client, password, message):
    # when
    response = _register(client, password=password)

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["password"] == [message]
    assert User.objects.count() == 0
    assert "sk_session" not in response.cookies


def test_a_long_passphrase_without_any_composition_rule_is_accepted(client):
    # when
    response = _register(client, password="all lower case words and then some more of them")

    # then
    assert response.status_code == 302
    assert User.objects.count() == 1


def test_registering_an_email_that_already_has_an_account_answers_the_same_and_tells_the_owner(
        client, settings, outbox_dir):
    # given
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    existing = customer_create(email="ada@example.com", name="Ada")

    # when
    known = _register(client, email="ADA@example.com", name="Someone else")
    unknown = _register(client, email="grace@example.com", name="Grace")

    # then both get the same answer; no second account; the owner is told how to log in instead
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert "already exists" not in client.get(known["Location"]).content.decode()
    assert User.objects.filter(pk=existing.pk, name="Ada").exists()
    assert User.objects.with_email("ada@example.com").count() == 1
    messages = {m["To"]: m for m in (message_from_bytes(f.read_bytes(), policy=policy.default)
                                       for f in outbox_dir.glob("*.eml"))}
    assert "You already have one" in messages["ada@example.com"].get_body(("plain",)).get_content()
    assert "/account/register/confirm/" in messages["grace@example.com"].get_body(("plain",)).get_content()


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "x" * 250 + "@example.com"])
def test_registering_with_a_bad_email_is_refused(client, email):
    # when
    response = _register(client, email=email)

    # then
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert User.objects.count() == 0


def test_register_post_from_another_site_is_refused(client):
    # when
    response = client.post(
        "/account/register/", {"email": "ada@example.com", "password": PASSWORD}, HTTP_SEC_FETCH_SITE="cross-site"
    )

    # then
    assert response.status_code == 403
    assert User.objects.count() == 0


def test_logged_in_customer_visiting_register_goes_to_the_account(client):
    # given
    client.force_login(customer_create())

    # when
    response = client.get("/account/register/")

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/"
