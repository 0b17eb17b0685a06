"""Checking an address for its country: required fields and postcode shapes differ per country."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopkeep.addresses.definition import FIELD_NAMES
from shopkeep.addresses.validation import AddressInvalid, address_clean, address_required_fields


def address(**fields) -> dict:
    return {"name": "A Person", "line1": "1 Main Street", **fields}


@pytest.mark.parametrize(
    ("country", "required"),
    [
        ("GB", {"name", "line1", "city", "postal_code", "country"}),
        ("US", {"name", "line1", "city", "region", "postal_code", "country"}),
        ("DE", {"name", "line1", "city", "postal_code", "country"}),
        ("SE", {"name", "line1", "city", "postal_code", "country"}),
        ("JP", {"name", "line1", "region", "postal_code", "country"}),
        ("IE", {"name", "line1", "city", "country"}),  # an Eircode is not required
    ],
)
def test_each_country_requires_what_its_post_needs(country, required):
    # when / then
    assert address_required_fields(country=country) == required


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"city": "New York", "postal_code": "10001", "country": "US"}, {"region": "State is required."}),
        ({"city": "New York", "region": "NY", "country": "US"}, {"postal_code": "ZIP code is required."}),
        ({"city": "New York", "region": "NY", "postal_code": "1001", "country": "US"},
         {"postal_code": "Enter a ZIP code in the form 95014 or 22162-1010."}),
        ({"city": "New York", "region": "Narnia", "postal_code": "10001", "country": "US"},
         {"region": "Enter the state by its name or code, e.g. AL."}),
        ({"city": "London", "postal_code": "12345", "country": "GB"},
         {"postal_code": "Enter a postal code in the form EC1Y 8SY or GIR 0AA."}),
        ({"city": "London", "country": "GB"}, {"postal_code": "Postal code is required."}),
        ({"city": "Berlin", "postal_code": "1011", "country": "DE"},
         {"postal_code": "Enter a postal code in the form 26133 or 53225."}),
        ({"city": "Stockholm", "postal_code": "1234", "country": "SE"},
         {"postal_code": "Enter a postal code in the form 11455 or 12345."}),
        ({"postal_code": "104-0061", "country": "JP"}, {"region": "Prefecture is required."}),
        ({"city": "London", "postal_code": "SW1Y 4JH", "country": "XX"}, {"country": "Choose a country from the list."}),
        ({"city": "London", "postal_code": "SW1Y 4JH", "country": "GB", "phone": "call me"},
         {"phone": "Enter a phone number with digits only (and + - ( ) spaces)."}),
        ({"city": "x" * 101, "postal_code": "SW1Y 4JH", "country": "GB"}, {"city": "Use at most 100 characters."}),
        ({"city": "Lon\x00don", "postal_code": "SW1Y 4JH", "country": "GB"},
         {"city": "Use only letters, digits, spaces and punctuation (no control characters)."}),
    ],
)
def test_a_bad_address_is_refused_with_a_sentence_per_field(fields, errors):
    # when
    with pytest.raises(AddressInvalid) as refused:
        address_clean(address(**fields))

    # then
    assert refused.value.fields == errors
    assert refused.value.message == "Please check the address."


@pytest.mark.parametrize(
    ("fields", "normalised"),
    [
        ({"city": "London", "postal_code": " sw1y  4jh ", "country": "gb"},
         {"city": "London", "postal_code": "SW1Y 4JH", "country": "GB", "region": ""}),
        ({"city": "New York", "region": "new york", "postal_code": "10001-1234", "country": "US"},
         {"city": "New York", "region": "NY", "postal_code": "10001-1234", "country": "US"}),
        ({"city": "Stockholm", "postal_code": "111 22", "country": "SE"},
         {"city": "Stockholm", "postal_code": "111 22", "country": "SE", "region": ""}),
        ({"region": "Tokyo", "postal_code": "104-0061", "country": "JP"},
         {"city": "", "region": "Tokyo", "postal_code": "104-0061", "country": "JP"}),
        ({"city": "Dublin", "country": "IE"}, {"city": "Dublin", "postal_code": "", "country": "IE", "region": ""}),
    ],
)
def test_a_good_address_is_accepted_and_normalised(fields, normalised):
    # when
    cleaned = address_clean(address(**fields))

    # then
    assert {name: cleaned[name] for name in normalised} == normalised
    assert set(cleaned) == set(FIELD_NAMES)


def test_the_caller_decides_which_countries_it_accepts():
    # given
    japan = address(city="Chuo-ku", region="Tokyo", postal_code="104-0061", country="JP")

    # when
    with pytest.raises(AddressInvalid) as refused:
        address_clean(japan, prefix="shipping_", countries={"GB", "DE"})

    # then: only the country is reported; Japan's own rules do not apply to a refused country
    assert refused.value.fields == {"shipping_country": "Sorry, we don't deliver to that country yet."}
    assert address_clean(japan)["country"] == "JP"


def test_unknown_fields_are_refused_by_name():
    # when
    with pytest.raises(AddressInvalid) as refused:
        address_clean({**address(city="London", postal_code="SW1Y 4JH", country="GB"), "vat_id": "1"},
                      prefix="billing_")

    # then
    assert refused.value.fields == {"billing_address": "Unknown address field(s): vat_id."}


@settings(max_examples=300, deadline=None)
@given(
    # Any code point, lone surrogates too (a JSON body can carry "\ud800").
    fields=st.fixed_dictionaries({}, optional={name: st.text(st.characters(exclude_categories=()), max_size=40)
                                               for name in FIELD_NAMES}),
    country=st.sampled_from(["GB", "US", "DE", "SE", "JP", "IE", "FR", "NL", "CN", "BR", "KR", "", "XX", "gb"])
    | st.text(max_size=3),
)
def test_validation_never_raises_anything_but_address_invalid_for_any_text(fields, country):
    # when
    try:
        cleaned = address_clean({**fields, "country": country})
    except AddressInvalid as refused:
        # then: every problem is a sentence about a known field
        assert refused.fields and set(refused.fields) <= set(FIELD_NAMES)
        assert all(message.endswith(".") for message in refused.fields.values())
    else:
        assert set(cleaned) == set(FIELD_NAMES)
        assert all(isinstance(value, str) for value in cleaned.values())
