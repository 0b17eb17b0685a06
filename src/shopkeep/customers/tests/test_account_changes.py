"""A customer changes their password (the current one asked for) and email (confirmed from the new address, the
old one told), and corrects their name (P-31)."""

import re

import pytest

from shopkeep.customers.models import User
from shopkeep.customers.tests.factories import PASSWORD, customer_create

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a different long passphrase"


@pytest.mark.promise("P-31")
def test_a_password_change_needs_the_current_password_and_logs_out_other_browsers(client, django_user_model):
    # given the customer logged in on two browsers
    from django.test import Client

    customer = customer_create()
    other = Client()
    other.force_login(customer)
    client.force_login(customer)

    # when first with a wrong current password, then the right one
    wrong = client.post("/account/password/", {"old_password": "nope", "new_password1": NEW_PASSWORD,
                                               "new_password2": NEW_PASSWORD})
    right = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                               "new_password2": NEW_PASSWORD})

    # then
    assert wrong.status_code == 200 and "incorrectly" in wrong.content.decode()
    assert right.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert client.get("/account/privacy/").status_code == 200
    assert "Log in to see your data" in other.get("/account/privacy/").content.decode()


@pytest.mark.promise("P-31")
def test_an_email_change_is_confirmed_from_the_new_address_and_the_old_one_is_told(client, mailoutbox):
    # given
    customer = customer_create(email="ada@example.com")
    client.force_login(customer)

    # when she asks, with her password, and opens the link sent to the new address
    asked = client.post("/account/email/", {"new_email": "Ada@New.example", "password": PASSWORD})
    to_new = next(m for m in mailoutbox if m.to == ["ada@new.example"])
    to_old = next(m for m in mailoutbox if m.to == ["ada@example.com"])
    customer.refresh_from_db()
    assert customer.email == "ada@example.com"  # nothing changes before the link is opened
    link = re.search(r"https?://[^/\s]+(/account/email/confirm/[^\s]+)", to_new.body).group(1)
    confirmed = client.get(link)
    again = client.get(link)

    # then
    assert asked.status_code == 302
    assert "a…@new.example" in to_old.body
    assert confirmed.status_code == 302
    customer.refresh_from_db()
    assert customer.email == "ada@new.example"
    assert User.objects.with_email("ada@new.example").get() == customer
    assert again.status_code == 400


def test_an_email_change_to_an_address_with_an_account_changes_nothing_and_says_the_same(client, mailoutbox):
    # given
    customer = customer_create(email="ada@example.com")
    customer_create(email="grace@example.com")
    client.force_login(customer)

    # when
    asked = client.post("/account/email/", {"new_email": "grace@example.com", "password": PASSWORD})

    # then the same answer; the other address is told, with no link
    assert asked.status_code == 302 and asked["Location"] == "/account/privacy/?done=email_sent"
    to_grace = next(m for m in mailoutbox if m.to == ["grace@example.com"])
    assert "already has its own account" in to_grace.body and "/account/email/confirm/" not in to_grace.body
    customer.refresh_from_db()
    assert customer.email == "ada@example.com"


def test_an_email_change_needs_the_password(client, mailoutbox):
    # given
    customer = customer_create(email="ada@example.com")
    client.force_login(customer)

    # when
    response = client.post("/account/email/", {"new_email": "ada@new.example", "password": "wrong"})

    # then
    assert response.status_code == 200 and "That is not your current password." in response.content.decode()
    assert mailoutbox == []
