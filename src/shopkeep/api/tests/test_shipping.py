import pytest

pytestmark = pytest.mark.django_db


def test_shipping_methods_for_a_country_are_listed_cheapest_first_with_decimal_string_prices(client):
    # when
    response = client.get("/api/v1/shipping-methods", {"country": "GB"})

    # then
    assert response.status_code == 200
    assert response.json() == [
        {"code": "gb-standard", "name": "Standard (Royal Mail)", "price": "3.95", "currency": "EUR"},
        {"code": "gb-express", "name": "Express (next working day)", "price": "7.95", "currency": "EUR"},
    ]


@pytest.mark.parametrize(("country", "first"), [("us", "us-standard"), ("SE", "eu-standard"), ("DE", "eu-standard")])
def test_shipping_methods_cover_the_us_sweden_and_the_eu_in_any_letter_case(client, country, first):
    # when
    response = client.get("/api/v1/shipping-methods", {"country": country})

    # then
    assert response.status_code == 200
    assert response.json()[0]["code"] == first


def test_a_country_the_shop_does_not_deliver_to_gets_400_with_the_reason(client):
    # when
    response = client.get("/api/v1/shipping-methods", {"country": "JP"})

    # then
    assert response.status_code == 400
    assert response.json() == {"detail": "Sorry, we don't deliver to JP yet.",
                               "errors": {"country": "We don't deliver to this country yet."}}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "This field is required."),
        ({"country": "GBR"}, "Use a two-letter country code (ISO 3166-1 alpha-2) such as GB."),
        ({"country": "1"}, "Use a two-letter country code (ISO 3166-1 alpha-2) such as GB."),
    ],
)
def test_a_missing_or_malformed_country_gets_422(client, query, message):
    # when
    response = client.get("/api/v1/shipping-methods", query)

    # then
    assert response.status_code == 422
    assert response.json() == {"detail": "Please correct the highlighted fields.", "errors": {"country": message}}
