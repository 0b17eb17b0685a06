"""Under /api/ every answer is JSON with the documented error body, whatever refuses the request: size, depth,
URL length, method, an unknown path, or a bug (500). The schema states the limits the server applies."""

import json

import pytest
from django.test import Client

from shopkeep.api.middleware import MAX_JSON_DEPTH, MAX_URL_LENGTH
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import variant_create

pytestmark = pytest.mark.django_db


def error_body(response) -> dict:
    assert response["Content-Type"] == "application/json", response.content[:200]
    body = json.loads(response.content)
    assert set(body) == {"detail", "errors"} and body["detail"].endswith(".")
    return body


def test_a_body_over_the_limit_is_a_json_413(client, settings):
    # when
    response = client.post("/api/v1/carts", data=b"[" + b" " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b"]",
                           content_type="application/json")

    # then
    assert response.status_code == 413
    assert error_body(response)["detail"].startswith("The request body is too large")


def test_deeply_nested_json_is_a_json_400_not_a_recursion_error(client):
    # when
    response = client.post("/api/v1/carts", data=b"[" * 50_000, content_type="application/json")

    # then
    assert response.status_code == 400
    assert error_body(response)["detail"] == f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep."


def test_deeply_nested_json_to_the_card_gateway_is_a_400(client):
    # when
    response = client.post("/sandbox-gateway/tokens", data=b"[" * 50_000, content_type="application/json")

    # then
    assert response.status_code == 400
    assert response.json()["error"] == "The request body is nested too deeply to be a card."


def test_a_url_over_the_limit_is_a_json_414(client):
    # when
    response = client.get("/api/v1/products", {"q": "x" * MAX_URL_LENGTH})

    # then
    assert response.status_code == 414
    assert error_body(response)["detail"] == f"The URL is too long: use at most {MAX_URL_LENGTH} characters."


def test_a_wrong_method_is_a_json_405_with_the_allowed_methods(client):
    # when
    response = client.delete("/api/v1/carts")

    # then
    assert response.status_code == 405
    error_body(response)
    assert "POST" in response["Allow"]


def test_a_server_error_under_the_api_is_json(monkeypatch):
    # given: a bug somewhere below the API
    from shopkeep.api import catalog

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(catalog, "product_search", broken)
    client = Client(raise_request_exception=False)

    # when
    response = client.get("/api/v1/products")

    # then
    assert response.status_code == 500
    assert error_body(response)["detail"].startswith("Something went wrong on our side")


def test_an_unknown_api_path_is_a_json_404(client):
    # when
    response = client.get("/api/v2/nothing")

    # then
    assert response.status_code == 404
    error_body(response)


def test_pages_outside_the_api_keep_their_html_errors(client):
    # when
    response = client.get("/no-such-page/")

    # then
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("quantity, status", [(2.0, 200), (2.5, 422), ("2", 422), (True, 422), (99, 200), (100, 422)])
def test_quantities_are_whole_numbers_from_1_to_99_and_2_0_counts_as_2(client, quantity, status):
    # given
    cart = cart_with_lines()
    variant_create(sku="SOCKS-1", stock=500)

    # when
    response = client.post(f"/api/v1/carts/{cart.token}/lines", data=json.dumps({"sku": "SOCKS-1", "quantity": quantity}),
                           content_type="application/json")

    # then
    assert response.status_code in ((200, 201) if status == 200 else (status,)), response.content


def test_the_schema_states_the_quantity_limits(client):
    # when
    schema = client.get("/api/v1/openapi.json").json()

    # then
    line_add = schema["components"]["schemas"]["LineAdd"]["properties"]["quantity"]
    assert (line_add["type"], line_add["minimum"], line_add["maximum"]) == ("integer", 1, 99)
