"""The hosted payment page: card form, errors on the fields, token back to the merchant, no open redirect."""

import logging
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import signing
from django.test import Client

from shopkeep.money import Money
from shopkeep.payments.gateways.sandbox import SandboxGateway
from shopkeep.sandbox_gateway.services import SESSION_SALT
from shopkeep.sandbox_gateway.models import SandboxToken
from shopkeep.sandbox_gateway.tests.factories import SUCCEEDS

pytestmark = pytest.mark.django_db

NEXT_YEAR = str(date.today().year + 1)


def pay_url(*, amount: str = "28.95", return_url: str = "/checkout/payment/return/",
            cancel_url: str = "/checkout/delivery/") -> str:
    return SandboxGateway().hosted_page_url(amount=Money(Decimal(amount), "EUR"), return_url=return_url,
                                            cancel_url=cancel_url)


def card(**overrides) -> dict:
    return {"number": SUCCEEDS, "exp_month": "12", "exp_year": NEXT_YEAR, "cvc": "737", "postal_code": "SW1Y 4JH",
            **overrides}


def field_error(html: str, field: str) -> str:
    match = re.search(rf'<p class="sbp-error" id="id_{field}_error">(.*?)</p>', html)
    return match.group(1) if match else ""


def test_the_page_shows_merchant_amount_banner_and_a_labelled_card_form(client, settings):
    # given
    settings.SHOPKEEP_SHOP_NAME = "Sock Shop"

    # when
    response = client.get(pay_url())

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sandbox Pay — test payments only, no real money" in html
    assert "Pay <strong>Sock Shop</strong>" in html and "€28.95" in html
    for field, autocomplete in (("number", "cc-number"), ("exp_month", "cc-exp-month"), ("exp_year", "cc-exp-year"),
                                ("cvc", "cc-csc"), ("postal_code", "billing postal-code")):
        assert f'<label for="id_{field}">' in html
        assert re.search(rf'<input[^>]*autocomplete="{autocomplete}"[^>]*id="id_{field}"', html), field
    assert 'href="/checkout/delivery/">Cancel' in html
    assert "sandbox_gateway/pay.css" in html and "shopkeep/shop.css" not in html
    assert 'style="' not in html and "<style" not in html
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_a_valid_card_returns_to_the_merchant_with_a_token_keeping_its_query(client):
    # given
    url = pay_url(return_url="/checkout/payment/return/?cart=abc&x=1")

    # when
    response = client.post(url, card(number="4242 4242 4242 4242"))

    # then
    assert response.status_code == 303
    token = SandboxToken.objects.get()
    assert response["Location"] == f"/checkout/payment/return/?cart=abc&x=1&payment_token={token.token}"
    assert (token.brand, token.last4, token.exp_month, token.exp_year) == ("visa", "4242", 12, int(NEXT_YEAR))


def test_a_stale_token_in_the_return_url_is_replaced(client):
    # when
    response = client.post(pay_url(return_url="/done/?payment_token=tok_old"), card())

    # then
    assert response["Location"] == f"/done/?payment_token={SandboxToken.objects.get().token}"


def test_the_page_needs_no_csrf_cookie_it_stands_for_another_site(settings):
    # given
    browser = Client(enforce_csrf_checks=True)

    # when
    response = browser.post(pay_url(), card())

    # then
    assert response.status_code == 303


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"number": ""}, "number", "Enter the card number."),
    ({"number": "4242424242424241"}, "number", "This card number is not valid. Check the digits and try again."),
    ({"number": "4242"}, "number", "This card number is not valid. Check the digits and try again."),
    ({"number": "4242 4242 4242 4242 4242 4"}, "number", "This card number is not valid. Check the digits and try again."),
    ({"exp_month": ""}, "exp_month", "Enter the expiry month."),
    ({"exp_month": "ab"}, "exp_month", "Enter the expiry month as a number, like 04."),
    ({"exp_month": "13"}, "exp_month", "The expiry month must be between 1 and 12."),
    ({"exp_month": "0"}, "exp_month", "The expiry month must be between 1 and 12."),
    ({"exp_year": ""}, "exp_year", "Enter the expiry year."),
    ({"exp_year": "20x5"}, "exp_year", "Enter the expiry year as 4 digits, like 2030."),
    ({"exp_year": "2001"}, "exp_year", "This card has expired."),
    ({"exp_year": "2999"}, "exp_year", "The expiry year is not valid."),
    ({"cvc": ""}, "cvc", "Enter the security code."),
    ({"cvc": "12"}, "cvc", "The security code is the 3 or 4 digits on the card."),
    ({"cvc": "12a"}, "cvc", "The security code is the 3 or 4 digits on the card."),
    ({"cvc": "12345"}, "cvc", "The security code is the 3 or 4 digits on the card."),
    ({"postal_code": "X" * 21}, "postal_code", "The postal code is too long."),
])
def test_a_bad_card_field_gets_its_message_and_no_token_is_made(client, overrides, field, message):
    # when
    response = client.post(pay_url(), card(**overrides))

    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error(html, field) == message
    assert f'href="#id_{field}"' in html
    assert not SandboxToken.objects.exists()


def test_the_postal_code_is_optional(client):
    # when
    response = client.post(pay_url(), card(postal_code=""))

    # then
    assert response.status_code == 303


@pytest.mark.promise("P-13")
def test_the_security_code_is_never_shown_again_and_nothing_is_logged(client, caplog):
    # given
    caplog.set_level(logging.DEBUG)

    # when
    response = client.post(pay_url(), card(cvc="9876", exp_month="13"))

    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert "9876" not in html
    assert "9876" not in caplog.text and SUCCEEDS not in caplog.text


@pytest.mark.parametrize("session", [
    "nonsense",
    signing.dumps({"amount": "1.00", "currency": "EUR", "return": "/r/", "cancel": "/c/"}, salt="another.salt"),
    signing.dumps({"amount": "1.00", "currency": "EUR", "return": "https://evil.example/r/", "cancel": "/c/"},
                  salt=SESSION_SALT),
    signing.dumps({"amount": "1.00", "currency": "EUR", "return": "//evil.example/r/", "cancel": "/c/"},
                  salt=SESSION_SALT),
    signing.dumps({"amount": "1.00", "currency": "EUR", "return": "/\\evil.example/r/", "cancel": "/c/"},
                  salt=SESSION_SALT),
    signing.dumps({"amount": "1.00", "currency": "EUR", "return": "/r/", "cancel": "javascript:alert(1)"},
                  salt=SESSION_SALT),
    signing.dumps({"amount": "-1.00", "currency": "EUR", "return": "/r/", "cancel": "/c/"}, salt=SESSION_SALT),
    signing.dumps({"amount": "lots", "currency": "EUR", "return": "/r/", "cancel": "/c/"}, salt=SESSION_SALT),
    signing.dumps({"amount": "1.00", "return": "/r/", "cancel": "/c/"}, salt=SESSION_SALT),
    signing.dumps(["not", "a", "dict"], salt=SESSION_SALT),
], ids=["nonsense", "foreign-salt", "absolute-return", "scheme-relative-return", "backslash-return",
        "javascript-cancel", "negative-amount", "bad-amount", "no-currency", "not-a-dict"])
def test_a_bad_or_foreign_session_gets_a_400_page_and_no_token(client, session):
    # when
    shown = client.get(f"/sandbox-gateway/pay/{session}/")
    posted = client.post(f"/sandbox-gateway/pay/{session}/", card())

    # then
    assert (shown.status_code, posted.status_code) == (400, 400)
    assert "This payment link is not valid or has expired" in shown.content.decode()
    assert not SandboxToken.objects.exists()


def test_an_expired_session_gets_a_400_page(client, monkeypatch):
    # given
    from shopkeep.sandbox_gateway import views

    url = pay_url()
    monkeypatch.setattr(views, "SESSION_MAX_AGE", -1)

    # when
    response = client.get(url)

    # then
    assert response.status_code == 400
