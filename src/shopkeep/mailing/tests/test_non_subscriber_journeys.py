"""Nobody becomes a subscriber by ordering, registering, resetting a password or being told about a policy
change, and none of these journeys ever produces a marketing email (P-25, P-26)."""

import json

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.tests.factories import address_data
from shopkeep.checkout.tests.flow import SAME_ORIGIN, Shopper
from shopkeep.customers.tests.factories import customer_create
from shopkeep.mailing.errors import EmailRefused
from shopkeep.mailing.kinds import kinds_marketing
from shopkeep.mailing.models import EmailSend, Subscription
from shopkeep.mailing.services import subscribers_confirmed
from shopkeep.mailing.tests.factories import newsletter_send
from shopkeep.sandbox_gateway.tests.factories import card_token_create

pytestmark = pytest.mark.django_db
ADA = "ada@example.com"


@pytest.fixture
def socks():
    return variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50",
                          stock=50)


def order_via_web(client, socks):
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 1)))
    shopper.ready_to_place()
    assert shopper.place().status_code == 303


def order_via_api(client, socks):
    cart = cart_with_lines((socks, 1))
    body = {"email": ADA, "shipping_address": address_data(), "shipping_method": "gb-standard",
            "payment_token": card_token_create().token, "newsletter": False}
    response = client.post(f"/api/v1/carts/{cart.token}/checkout", data=json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 201


def register(client, socks):
    response = client.post("/account/register/", {"email": ADA, "password": "a long enough passphrase here"},
                           **SAME_ORIGIN)
    assert response.status_code == 302


def password_reset(client, socks):
    customer_create(email=ADA)
    assert client.post("/account/password-reset/", {"email": ADA}, **SAME_ORIGIN).status_code == 302


def policy_change(client, socks):
    from shopkeep.mailing.policy_notices import policy_publish

    customer_create(email=ADA)
    policy_publish(material=True, summary="We now explain newsletters.")


JOURNEYS = {
    "order via web": (order_via_web, "order_confirmation"),
    "order via API": (order_via_api, "order_confirmation"),
    "register": (register, "account_security"),
    "password reset": (password_reset, "account_security"),
    "policy change": (policy_change, "policy_change"),
}


@pytest.mark.promise("P-25")
@pytest.mark.promise("P-26", clause="no marketing without subscription")
@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_a_non_subscriber_journey_subscribes_nobody_and_sends_no_marketing_email(
    journey, client, socks, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    run, expected_kind = JOURNEYS[journey]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        run(client, socks)

    # then
    kinds = [m.extra_headers["Message-ID"][1:].split(".")[0] for m in mailoutbox]
    assert kinds == ([expected_kind] if expected_kind else [])
    assert not any("List-Unsubscribe" in m.extra_headers for m in mailoutbox)
    assert EmailSend.objects.filter(kind__in=kinds_marketing()).count() == 0
    assert Subscription.objects.count() == 0
    assert list(subscribers_confirmed()) == []
    with pytest.raises(EmailRefused):
        newsletter_send(ADA)


@pytest.mark.promise("P-26")
def test_a_customer_who_orders_three_times_gets_only_order_updates(client, socks, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        order_via_web(client, socks)
        order_via_api(client, socks)
        order_via_web(client, socks)

    # then
    assert [(m.to, m.extra_headers["Message-ID"].split(".")[0]) for m in mailoutbox] == [
        ([ADA], "<order_confirmation")] * 3
    assert list(EmailSend.objects.values_list("kind", flat=True)) == ["order_confirmation"] * 3


@pytest.mark.promise("P-25")
def test_ticking_the_registration_box_only_sends_a_confirmation_link(client, mailoutbox):
    # when
    client.post("/account/register/", {"email": ADA, "password": "a long enough passphrase here",
                                       "newsletter": "on"}, **SAME_ORIGIN)

    # then
    assert [m.extra_headers["Message-ID"].split(".")[0] for m in mailoutbox] == [
        "<account_security", "<newsletter_confirmation"]
    assert list(Subscription.objects.values_list("status", "source")) == [("pending", "registration")]


@pytest.mark.promise("P-25")
def test_ticking_the_checkout_box_only_sends_a_confirmation_link(client, socks, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    # given: the box is on the review step now, and acted on only when the order is placed
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 1)))
    shopper.ready_to_place()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = shopper.place(newsletter="on")

    # then
    assert response.status_code == 303
    assert sorted(m.extra_headers["Message-ID"].split(".")[0] for m in mailoutbox) == [
        "<newsletter_confirmation", "<order_confirmation"]
    assert list(Subscription.objects.values_list("status", "source")) == [("pending", "checkout")]
