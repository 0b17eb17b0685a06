"""The address book: saved addresses exist only because the customer added them (P-09)."""

import pytest

from shopkeep.customers.models import Address
from shopkeep.customers.tests.factories import address_create, customer_create, order_place

pytestmark = pytest.mark.django_db


def _address(**overrides) -> dict:
    return {
        "name": "Ada Lovelace", "line1": "12 St James's Square", "line2": "", "city": "London", "region": "",
        "postal_code": "SW1Y 4JH", "country": "GB", "phone": "", **overrides,
    }


@pytest.fixture
def customer(client):
    customer = customer_create()
    client.force_login(customer)
    return customer


@pytest.mark.promise("P-09")
def test_a_new_account_has_no_saved_address(client, customer):
    # when
    response = client.get("/account/addresses/")

    # then
    assert response.status_code == 200
    assert list(response.context["addresses"]) == []
    assert "You have no saved addresses." in response.content.decode()


@pytest.mark.promise("P-09")
def test_placing_an_order_saves_no_address_in_the_address_book(client, customer):
    # when
    order_place(customer=customer)

    # then
    assert Address.objects.filter(customer=customer).count() == 0


@pytest.mark.promise("P-01")
def test_add_address_form_marks_optional_fields(client, customer):
    # when
    html = client.get("/account/addresses/add/").content.decode()

    # then
    for field, label in (("line2", "Address line 2"), ("phone", "Phone")):
        assert f'<label for="id_{field}">{label} <span class="optional">(optional)</span></label>' in html
    # The region is required in some countries (a US state), so it is not marked optional.
    for field, label in (("name", "Full name"), ("line1", "Address line 1"), ("city", "Town or city"),
                         ("region", "County, state or region"), ("postal_code", "Postal code"), ("country", "Country")):
        assert f'<label for="id_{field}">{label}</label>' in html
    assert '<option value="GB">United Kingdom</option>' in html


@pytest.mark.promise("P-09")
def test_customer_adds_an_address(client, customer):
    # when
    response = client.post("/account/addresses/add/", _address(line2=" Flat 3 ", country="gb", phone="+44 20 7946 0000"))

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/addresses/?done=added"
    address = Address.objects.get(customer=customer)
    assert address.as_dict() == _address(line2="Flat 3", phone="+44 20 7946 0000")
    listing = client.get(response["Location"]).content.decode()
    assert "The address has been added." in listing
    assert "12 St James&#x27;s Square" in listing


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"country": "JP"}, "country", "Sorry, we don't deliver to that country yet."),
        ({"country": ""}, "country", "Country is required."),
        ({"name": ""}, "name", "Full name is required."),
        ({"postal_code": "   "}, "postal_code", "Postal code is required."),
        ({"city": "x" * 101}, "city", "Use at most 100 characters."),
        ({"phone": "call me maybe"}, "phone", "Enter a phone number with digits only (and + - ( ) spaces)."),
    ],
)
def test_bad_address_is_refused_with_a_field_message_and_nothing_saved(client, customer, overrides, field, message):
    # when
    response = client.post("/account/addresses/add/", _address(**overrides))

    # then
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Address.objects.count() == 0


def test_customer_edits_their_address(client, customer):
    # given
    address = address_create(customer=customer)

    # when
    response = client.post(f"/account/addresses/{address.pk}/edit/", _address(city="Manchester", postal_code="M1 1AE"))

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/addresses/?done=saved"
    address.refresh_from_db()
    assert (address.city, address.postal_code, address.customer_id) == ("Manchester", "M1 1AE", customer.pk)


def test_edit_form_is_filled_with_the_address(client, customer):
    # given
    address = address_create(customer=customer, city="Bath")

    # when
    response = client.get(f"/account/addresses/{address.pk}/edit/")

    # then
    assert response.status_code == 200
    assert 'value="Bath"' in response.content.decode()


def test_bad_edit_changes_nothing(client, customer):
    # given
    address = address_create(customer=customer)

    # when
    response = client.post(f"/account/addresses/{address.pk}/edit/", _address(city="Tokyo", country="JP"))

    # then
    assert response.status_code == 200
    address.refresh_from_db()
    assert address.as_dict() == _address()


def test_customer_deletes_their_address_after_confirming(client, customer):
    # given
    address = address_create(customer=customer)
    confirm = client.get(f"/account/addresses/{address.pk}/delete/")

    # when
    response = client.post(f"/account/addresses/{address.pk}/delete/")

    # then
    assert confirm.status_code == 200
    assert "Delete this address?" in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/account/addresses/?done=deleted"
    assert Address.objects.filter(pk=address.pk).exists() is False


def test_editing_or_deleting_a_saved_address_never_changes_an_order(client, customer):
    # given
    order = order_place(customer=customer)
    shipping = order.shipping_address.as_dict()

    # when
    saved = address_create(customer=customer)
    client.post(f"/account/addresses/{saved.pk}/edit/", _address(city="Leeds"))
    client.post(f"/account/addresses/{saved.pk}/delete/")

    # then
    order.refresh_from_db()
    assert order.shipping_address.as_dict() == shipping


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_another_customers_address_is_not_found(client, customer, action):
    # given
    theirs = address_create(customer=customer_create(), city="Bristol")

    # when
    page = client.get(f"/account/addresses/{theirs.pk}/{action}/")
    post = client.post(f"/account/addresses/{theirs.pk}/{action}/", _address(city="Leeds"))

    # then
    assert (page.status_code, post.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.city == "Bristol"


def test_an_order_address_is_not_in_anyones_address_book(client, customer):
    # given
    order = order_place(customer=customer)

    # when
    response = client.get(f"/account/addresses/{order.shipping_address.pk}/edit/")

    # then
    assert response.status_code == 404


def test_address_list_shows_only_the_customers_addresses(client, customer):
    # given
    mine = address_create(customer=customer, city="Bath")
    address_create(customer=customer_create(), city="Bristol")

    # when
    response = client.get("/account/addresses/")

    # then
    assert list(response.context["addresses"]) == [mine]
    assert "Bristol" not in response.content.decode()


def test_address_book_changes_need_the_csrf_token():
    # given
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    customer = customer_create()
    client.force_login(customer)
    address = address_create(customer=customer)

    # when
    added = client.post("/account/addresses/add/", _address())
    deleted = client.post(f"/account/addresses/{address.pk}/delete/")

    # then
    assert (added.status_code, deleted.status_code) == (403, 403)
    assert list(Address.objects.filter(customer=customer)) == [address]


@pytest.mark.parametrize("url", ["/account/addresses/", "/account/addresses/add/"])
def test_address_pages_need_a_login(client, url):
    # when
    response = client.get(url)

    # then
    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={url}"


def test_every_problem_in_an_address_is_reported_at_once(client, customer):
    # when
    response = client.post("/account/addresses/add/", _address(name="", city="", country="JP", phone="call me"))

    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Full name is required."],
        "city": ["Town or city is required."],
        "country": ["Sorry, we don't deliver to that country yet."],
        "phone": ["Enter a phone number with digits only (and + - ( ) spaces)."],
    }
    assert Address.objects.count() == 0


def test_address_book_shows_the_country_name(client, customer):
    # given
    address_create(customer=customer, country="FR", city="Paris", postal_code="75001")

    # when
    html = client.get("/account/addresses/").content.decode()

    # then
    assert "75001 PARIS<br>FRANCE" in html  # La Poste: postcode, then the town in capitals
