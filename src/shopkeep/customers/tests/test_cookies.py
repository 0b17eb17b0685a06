"""Account pages a visitor sees before logging in set no cookie (P-06)."""

import pytest

from shopkeep.customers.tests.factories import customer_create

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/account/login/",
    "/account/register/",
    "/account/password-reset/",
    "/account/password-reset/sent/",
    "/account/password-reset/done/",
    "/account/password-reset/MQ/bad-token/",
    "/account/logged-out/",
    "/account/login/?next=/account/orders/",
    "/account/",
]


@pytest.mark.promise("P-06")
@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_first_visit_to_an_account_page_sets_no_cookie(client, url):
    # when
    response = client.get(url)

    # then
    assert response.status_code in {200, 302, 400}
    assert "Set-Cookie" not in response.headers
    assert list(response.cookies) == []


@pytest.mark.promise("P-06")
@pytest.mark.parametrize("url", ["/account/login/", "/account/register/", "/account/password-reset/"])
def test_anonymous_account_forms_carry_no_csrf_token(client, url):
    # when
    html = client.get(url).content.decode()

    # then
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.promise("P-06")
def test_failed_login_and_refused_registration_set_no_cookie(client):
    # given
    customer_create(email="ada@example.com")

    # when
    login = client.post("/account/login/", {"username": "ada@example.com", "password": "wrong"},
                        HTTP_SEC_FETCH_SITE="same-origin")
    register = client.post("/account/register/", {"email": "ada@example.com", "password": "short"},
                           HTTP_SEC_FETCH_SITE="same-origin")

    # then
    assert list(login.cookies) == list(register.cookies) == []


@pytest.mark.promise("P-06")
def test_logged_in_cookies_hold_no_personal_data(client):
    # given
    customer = customer_create(email="ada@example.com", name="Ada Lovelace")

    # when
    response = client.post("/account/login/", {"username": "ada@example.com", "password": "a long enough passphrase for tests"},
                           HTTP_SEC_FETCH_SITE="same-origin")

    # then
    values = " ".join(cookie.value for cookie in response.cookies.values())
    for personal in ("ada", "Ada", "Lovelace", customer.customer_number, str(customer.pk) + ":"):
        assert personal not in values
