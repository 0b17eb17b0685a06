"""The account page: customer number shown prominently (P-05), email, editable name."""

import pytest

from shopkeep.customers.models import User
from shopkeep.customers.tests.factories import customer_create
from shopkeep.references import reference_is_valid

pytestmark = pytest.mark.django_db


@pytest.mark.promise("P-05")
def test_account_page_shows_a_valid_customer_number_to_quote(client):
    # given
    customer = customer_create(email="ada@example.com", name="Ada Lovelace")
    client.force_login(customer)

    # when
    response = client.get("/account/")

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert reference_is_valid(customer.customer_number, prefix="C") is True
    assert f'Your customer number: <strong class="reference">{customer.customer_number}</strong>' in html
    assert "Quote it when you contact us." in html
    assert "ada@example.com" in html
    assert 'value="Ada Lovelace"' in html
    assert 'href="/account/orders/"' in html
    assert 'href="/account/addresses/"' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.promise("P-05")
def test_every_customer_gets_a_different_valid_customer_number():
    # when
    numbers = [customer_create().customer_number for _ in range(20)]

    # then
    assert len(set(numbers)) == 20
    assert all(reference_is_valid(number, prefix="C") for number in numbers)


def test_customer_can_change_their_name(client):
    # given
    customer = customer_create(name="Ada")
    client.force_login(customer)

    # when
    response = client.post("/account/", {"name": "  Ada King  "})

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/?saved=1"
    assert User.objects.get(pk=customer.pk).name == "Ada King"
    assert "Your details have been saved." in client.get(response["Location"]).content.decode()


def test_customer_can_clear_their_optional_name(client):
    # given
    customer = customer_create(name="Ada")
    client.force_login(customer)

    # when
    client.post("/account/", {"name": ""})

    # then
    assert User.objects.get(pk=customer.pk).name == ""


def test_a_too_long_name_is_refused_and_nothing_changes(client):
    # given
    customer = customer_create(name="Ada")
    client.force_login(customer)

    # when
    response = client.post("/account/", {"name": "x" * 151})

    # then
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Ensure this value has at most 150 characters (it has 151)."]
    assert User.objects.get(pk=customer.pk).name == "Ada"


def test_the_name_form_cannot_change_other_fields(client):
    # given
    customer = customer_create(email="ada@example.com", name="Ada")
    number = customer.customer_number
    client.force_login(customer)

    # when
    client.post("/account/", {"name": "Ada", "email": "eve@example.com", "customer_number": "C-0000000",
                              "is_staff": "on"})

    # then
    customer.refresh_from_db()
    assert (customer.email, customer.customer_number, customer.is_staff) == ("ada@example.com", number, False)


def test_changing_the_name_needs_the_csrf_token():
    # given
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    customer = customer_create(name="Ada")
    client.force_login(customer)

    # when
    response = client.post("/account/", {"name": "Eve"})

    # then
    assert response.status_code == 403
    assert User.objects.get(pk=customer.pk).name == "Ada"


def test_account_page_needs_a_login(client):
    # when
    response = client.get("/account/")

    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/"
