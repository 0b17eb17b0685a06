"""POST /sandbox-gateway/tokens: JSON card in, token with brand, last 4 and expiry out; every bad input a 400."""

import json
from datetime import date

import pytest

from shopkeep.sandbox_gateway.models import Behaviour, SandboxToken
from shopkeep.sandbox_gateway.tests.factories import TEST_CARDS

pytestmark = pytest.mark.django_db

URL = "/sandbox-gateway/tokens"
YEAR = date.today().year + 2


def card(**overrides) -> dict:
    return {"number": "4242424242424242", "exp_month": 12, "exp_year": YEAR, "cvc": "737", "postal_code": "SW1Y 4JH",
            **overrides}


def post(client, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, data, content_type="application/json")


@pytest.mark.parametrize("number", TEST_CARDS)
def test_a_test_card_is_tokenised(client, number):
    # when
    response = post(client, card(number=number))

    # then
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "brand", "last4", "exp_month", "exp_year"}
    assert body["token"].startswith("tok_")
    assert (body["brand"], body["last4"], body["exp_month"], body["exp_year"]) == ("visa", number[-4:], 12, YEAR)
    assert SandboxToken.objects.get().token == body["token"]


def test_the_test_cards_behave_as_documented(client):
    # when
    for number in TEST_CARDS:
        post(client, card(number=number))

    # then
    assert dict(SandboxToken.objects.values_list("last4", "behaviour")) == {
        "4242": Behaviour.SUCCEED, "0002": Behaviour.DECLINE, "0101": Behaviour.CVC_FAIL,
        "0010": Behaviour.ADDRESS_FAIL, "9995": Behaviour.INSUFFICIENT_FUNDS,
    }


def test_postal_code_may_be_left_out_and_a_two_digit_year_is_understood(client):
    # given
    body = card(exp_year=YEAR % 100)
    del body["postal_code"]

    # when
    response = post(client, body)

    # then
    assert response.status_code == 201
    assert response.json()["exp_year"] == YEAR


@pytest.mark.parametrize(("body", "error", "field"), [
    ("{not json", "The request body must be a JSON object.", None),
    ("", "The request body must be a JSON object.", None),
    (b"\xff\xfe", "The request body must be a JSON object.", None),
    ("[1, 2]", "The request body must be a JSON object.", None),
    ('"4242424242424242"', "The request body must be a JSON object.", None),
    (card(cardholder="Ada"), "Unknown field 'cardholder'; send only number, exp_month, exp_year, cvc, postal_code.",
     "cardholder"),
    ({k: v for k, v in card().items() if k != "number"}, "The field 'number' is required.", "number"),
    ({k: v for k, v in card().items() if k != "exp_month"}, "The field 'exp_month' is required.", "exp_month"),
    ({k: v for k, v in card().items() if k != "exp_year"}, "The field 'exp_year' is required.", "exp_year"),
    ({k: v for k, v in card().items() if k != "cvc"}, "The field 'cvc' is required.", "cvc"),
    (card(number=4242424242424242), "The field 'number' must be a string.", "number"),
    (card(exp_month="12"), "The field 'exp_month' must be a whole number.", "exp_month"),
    (card(exp_month=True), "The field 'exp_month' must be a whole number.", "exp_month"),
    (card(exp_month=12.0), "The field 'exp_month' must be a whole number.", "exp_month"),
    (card(exp_year=None), "The field 'exp_year' must be a whole number.", "exp_year"),
    (card(cvc=737), "The field 'cvc' must be a string.", "cvc"),
    (card(postal_code=None), "The field 'postal_code' must be a string.", "postal_code"),
    (card(number="4242424242424241"), "This card number is not valid. Check the digits and try again.", "number"),
    (card(number="4242-4242-4242-424x"), "This card number is not valid. Check the digits and try again.", "number"),
    (card(number="4" * 5000), "This card number is not valid. Check the digits and try again.", "number"),
    (card(exp_month=0), "The expiry month must be between 1 and 12.", "exp_month"),
    (card(exp_month=13), "The expiry month must be between 1 and 12.", "exp_month"),
    (card(exp_year=2001), "This card has expired.", "exp_year"),
    (card(exp_year=10**30), "The expiry year is not valid.", "exp_year"),
    (card(exp_year=-5), "This card has expired.", "exp_year"),
    (card(cvc="12"), "The security code is the 3 or 4 digits on the card.", "cvc"),
    (card(postal_code="X" * 21), "The postal code is too long.", "postal_code"),
])
def test_bad_input_gets_a_400_with_the_reason_and_the_field(client, body, error, field):
    # when
    response = post(client, body)

    # then
    assert response.status_code == 400
    assert response.json() == {"error": error, "field": field}
    assert not SandboxToken.objects.exists()


def test_only_post_is_allowed(client):
    # when
    response = client.get(URL)

    # then
    assert response.status_code == 405


@pytest.mark.promise("P-13")
def test_the_response_and_the_stored_token_hold_no_card_number_or_cvc(client):
    # when
    response = post(client, card(cvc="9876"))

    # then
    text = response.content.decode()
    assert "4242424242424242" not in text and "9876" not in text
    stored = SandboxToken.objects.values().get()
    assert not any("4242424242424242" in str(v) or "9876" in str(v) for v in stored.values())
