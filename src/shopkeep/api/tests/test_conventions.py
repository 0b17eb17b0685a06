"""What holds for every endpoint: JSON errors, no cookies, no CSRF token, a complete OpenAPI schema."""

import json

import pytest
from django.test import Client

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_with_sizes
from shopkeep.checkout.tests.factories import address_data
from shopkeep.mailing.campaigns.tests.factories import contest_make
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db


def every_endpoint(cart_token: str, line_id: int, payment_token: str,
                   contest_id: int = 0) -> list[tuple[str, str, dict | None]]:
    checkout = {"email": "ada@example.com", "shipping_address": address_data(), "shipping_method": "gb-standard",
                "payment_token": payment_token}
    return [
        ("get", "/api/v1/products", None),
        ("get", "/api/v1/products/stripy-socks", None),
        ("get", "/api/v1/shipping-methods?country=GB", None),
        ("post", "/api/v1/carts", None),
        ("get", f"/api/v1/carts/{cart_token}", None),
        ("post", f"/api/v1/carts/{cart_token}/lines", {"sku": "STRIPY-SOCKS-S", "quantity": 1}),
        ("patch", f"/api/v1/carts/{cart_token}/lines/{line_id}", {"quantity": 2}),
        ("delete", f"/api/v1/carts/{cart_token}/lines/{line_id}", None),
        ("post", f"/api/v1/carts/{cart_token}/checkout", checkout),
        ("get", "/api/v1/contests", None),
        ("post", f"/api/v1/contests/{contest_id}/entries", {"email": "ada@example.com", "eligible": True}),
    ]


@pytest.mark.promise("P-06")
def test_no_endpoint_sets_a_cookie_or_needs_a_csrf_token():
    # given
    client = Client(enforce_csrf_checks=True)
    socks = product_with_sizes(slug="stripy-socks").variants.get(size="M")
    cart = cart_with_lines((socks, 1))
    line = cart.lines.get()
    payment_token = card_token_create().token
    contest = contest_make()

    # when
    responses = [
        (path, getattr(client, method)(path, data=json.dumps(body) if body else None, content_type="application/json"))
        for method, path, body in every_endpoint(cart.token, line.pk, payment_token, contest.pk)
    ]

    # then
    assert [(path, r.status_code) for path, r in responses] == [
        (path, status) for (_, path, _), status in zip(
            every_endpoint(cart.token, line.pk, payment_token, contest.pk),
            [200, 200, 200, 201, 200, 201, 200, 200, 201, 200, 201]
        )
    ]
    assert [path for path, r in responses if r.cookies or r.has_header("Set-Cookie")] == []


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v1/products/", "/api/v1/carts/a/b/c/d"])
def test_an_unknown_api_path_gets_a_json_404(path):
    # when
    response = Client().post(path)

    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such API endpoint; see /api/v1/openapi.json.", "errors": {}}


def test_errors_are_json_with_a_sentence_and_field_messages():
    # when
    response = Client().get("/api/v1/shipping-methods?country=XX")

    # then
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Sorry, we don't deliver to XX yet.",
                               "errors": {"country": "We don't deliver to this country yet."}}


def test_the_openapi_schema_declares_every_endpoint_and_every_status_it_returns():
    # when
    response = Client().get("/api/v1/openapi.json")

    # then
    assert response.status_code == 200
    paths = response.json()["paths"]
    declared = {
        (method.upper(), path): sorted(operation["responses"]) for path, item in paths.items()
        for method, operation in item.items()
    }
    assert declared == {
        ("GET", "/api/v1/products"): ["200", "404", "422"],
        ("GET", "/api/v1/products/{slug}"): ["200", "404", "422"],
        ("POST", "/api/v1/carts"): ["201"],
        ("GET", "/api/v1/carts/{token}"): ["200", "404", "422"],
        ("POST", "/api/v1/carts/{token}/lines"): ["201", "400", "404", "409", "422"],
        ("PATCH", "/api/v1/carts/{token}/lines/{line_id}"): ["200", "400", "404", "409", "422"],
        ("DELETE", "/api/v1/carts/{token}/lines/{line_id}"): ["200", "404", "409", "422"],
        ("GET", "/api/v1/shipping-methods"): ["200", "400", "422"],
        ("POST", "/api/v1/carts/{token}/checkout"): ["200", "201", "400", "402", "404", "409", "422", "429"],
        ("GET", "/api/v1/help/articles"): ["200", "422"],
        ("GET", "/api/v1/help/articles/{slug}"): ["200", "404", "422"],
        ("POST", "/api/v1/support-requests"): ["202", "400", "422", "429"],
        ("GET", "/api/v1/contests"): ["200"],
        ("POST", "/api/v1/contests/{contest_id}/entries"): ["201", "400", "404", "409", "422", "429"],
        ("GET", "/api/v1/me/data"): ["200", "401"],
        ("POST", "/api/v1/me/export"): ["202", "401", "403"],
        ("POST", "/api/v1/me/erasure"): ["202", "400", "401", "403", "422"],
        ("POST", "/api/v1/privacy-requests"): ["202", "400", "422", "429"],
    }


def test_request_bodies_refuse_unknown_fields_in_the_schema_too():
    # when
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]

    # then
    assert {name: schema.get("additionalProperties") for name, schema in schemas.items() if name.endswith("In")
            or name.startswith("Line")} == {"AddressIn": False, "CheckoutIn": False, "ContestEntryIn": False,
                                            "ErasureIn": False, "LineAdd": False, "LineChange": False, "PrivacyRequestIn": False,
                                            "SupportRequestIn": False}
