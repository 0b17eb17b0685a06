"""Logging in and out: own view, same-origin protected, only the session and CSRF cookies (P-06)."""

import pytest
from django.contrib.auth import SESSION_KEY

from shopkeep.customers.tests.factories import PASSWORD, customer_create

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
BAD_LOGIN = "That email address and password don't match an account. Check them and try again."


def _login(client, **data):
    return client.post("/account/login/", {"username": "ada@example.com", "password": PASSWORD, **data}, **SAME_ORIGIN)


def test_login_page_has_labelled_email_and_password_fields(client):
    # when
    response = client.get("/account/login/")

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Email address</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html
    assert 'href="/account/password-reset/"' in html
    assert 'href="/account/register/"' in html


@pytest.mark.promise("P-06")
def test_logging_in_sets_exactly_the_session_and_csrf_cookies_without_expiry(client):
    # given
    customer = customer_create(email="ada@example.com")

    # when
    response = _login(client)

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert sorted(response.cookies) == ["sk_csrf", "sk_session"]
    for cookie in response.cookies.values():
        assert (cookie["max-age"], cookie["expires"]) == ("", "")
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
    assert client.session[SESSION_KEY] == str(customer.pk)


def test_logging_in_rotates_the_session_key(client):
    # given
    customer_create(email="ada@example.com")
    session = client.session
    session["marker"] = "before"
    session.save()
    key_before = session.session_key

    # when
    _login(client)

    # then
    assert client.session.session_key != key_before
    assert client.session["marker"] == "before"


def test_email_is_matched_regardless_of_case_and_spaces(client):
    # given
    customer = customer_create(email="ada@example.com")

    # when
    response = _login(client, username="  ADA@Example.COM ")

    # then
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(customer.pk)


@pytest.mark.parametrize(
    ("username", "password"),
    [("ada@example.com", "the wrong passphrase, sadly"), ("nobody@example.com", PASSWORD), ("", ""),
     ("ada@example.com", "")],
)
def test_bad_credentials_get_one_generic_error_and_no_cookie(client, username, password):
    # given
    customer_create(email="ada@example.com")

    # when
    response = _login(client, username=username, password=password)

    # then
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert list(response.cookies) == []
    if username and password:
        assert response.context["form"].non_field_errors() == [BAD_LOGIN]
        assert BAD_LOGIN.replace("'", "&#x27;") in response.content.decode()


def test_inactive_account_cannot_log_in(client):
    # given
    customer_create(email="ada@example.com", is_active=False)

    # when
    response = _login(client)

    # then
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [BAD_LOGIN]
    assert SESSION_KEY not in client.session


def test_login_honours_a_safe_next_page(client):
    # given
    customer_create(email="ada@example.com")

    # when
    response = _login(client, next="/account/orders/?page=2")

    # then
    assert response["Location"] == "/account/orders/?page=2"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_login_ignores_a_next_page_that_leaves_the_shop(client, next_url):
    # given
    customer_create(email="ada@example.com")

    # when
    response = _login(client, next=next_url)

    # then
    assert response["Location"] == "/account/"


def test_login_page_keeps_the_next_page_in_the_form(client):
    # when
    html = client.get("/account/login/?next=/account/addresses/").content.decode()

    # then
    assert '<input type="hidden" name="next" value="/account/addresses/">' in html


def test_account_pages_send_anonymous_visitors_to_log_in(client):
    # when
    response = client.get("/account/orders/")

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/orders/"


def test_login_post_from_another_site_is_refused(client):
    # given
    customer_create(email="ada@example.com")

    # when
    response = client.post(
        "/account/login/", {"username": "ada@example.com", "password": PASSWORD}, HTTP_ORIGIN="https://evil.example"
    )

    # then
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_login_post_without_any_origin_information_is_refused(client):
    # given
    customer_create(email="ada@example.com")

    # when
    response = client.post("/account/login/", {"username": "ada@example.com", "password": PASSWORD})

    # then
    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_login_post_with_the_shops_own_origin_is_accepted(client):
    # given
    customer_create(email="ada@example.com")

    # when
    response = client.post(
        "/account/login/", {"username": "ada@example.com", "password": PASSWORD}, HTTP_ORIGIN="http://testserver"
    )

    # then
    assert response.status_code == 302


@pytest.mark.promise("P-07")
@pytest.mark.parametrize(
    "url", ["/account/login/", "/account/register/", "/account/password-reset/"]
)
def test_in_cookieless_mode_account_pages_explain_that_guest_checkout_works(client, settings, url):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    customer_create(email="ada@example.com")

    # when
    page = client.get(url)
    post = client.post(url, {"username": "ada@example.com", "password": PASSWORD, "email": "ada@example.com"},
                       **SAME_ORIGIN)

    # then
    for response in (page, post):
        assert response.status_code == 200
        assert list(response.cookies) == []
        html = response.content.decode()
        assert "Accounts are switched off in this shop" in html
        assert "You can still buy everything as a guest." in html
    assert SESSION_KEY not in client.session


def test_logout_ends_the_session(client):
    # given
    customer_create(email="ada@example.com")
    _login(client)

    # when
    response = client.post("/account/logout/")

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/logged-out/"
    assert sorted(name for name, cookie in response.cookies.items() if cookie["max-age"] == 0) == [
        "sk_csrf", "sk_session"
    ]
    assert SESSION_KEY not in client.session
    assert client.get("/account/").status_code == 302


def test_logout_by_get_is_not_allowed(client):
    # given
    customer = customer_create(email="ada@example.com")
    client.force_login(customer)

    # when
    response = client.get("/account/logout/")

    # then
    assert response.status_code == 405
    assert client.session[SESSION_KEY] == str(customer.pk)


def test_logout_needs_the_csrf_token(client):
    # given
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    customer = customer_create(email="ada@example.com")
    csrf_client.force_login(customer)

    # when
    response = csrf_client.post("/account/logout/")

    # then
    assert response.status_code == 403
    assert csrf_client.session[SESSION_KEY] == str(customer.pk)
