"""Placing the order from the web: every test card, declines and retries, replays, stock running out, forged posts."""

import re
from decimal import Decimal

import pytest
from django.db import connection

from shopkeep.cart.models import Cart, CartLine
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout import services as checkout_services
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.tests.flow import Shopper, path_of
from shopkeep.customers.models import Address
from shopkeep.orders.models import Order, OrderLine
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.cards import luhn_valid
from shopkeep.sandbox_gateway.models import SandboxCharge, SandboxToken
from shopkeep.sandbox_gateway.tests.factories import (
    ADDRESS_FAILS,
    CVC_FAILS,
    DECLINED,
    INSUFFICIENT_FUNDS,
    SUCCEEDS,
    TEST_CARDS,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def socks():
    return variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50",
                          stock=5)


@pytest.fixture
def shopper(client, socks):
    return Shopper(client=client, cart=cart_with_lines((socks, 2)))


def nothing_was_ordered(shopper: Shopper, socks, *, stock: int = 5) -> bool:
    cart = Cart.objects.get(pk=shopper.cart.pk)
    return (
        not Order.objects.exists() and not OrderLine.objects.exists() and not Address.objects.exists()
        and cart.ordered_at is None and CartLine.objects.filter(cart=cart).count() == 1
        and Variant.objects.get(pk=socks.pk).stock == stock
    )


@pytest.mark.parametrize(("number", "cvc_check", "address_check"), [
    (SUCCEEDS, "pass", "pass"),
    (CVC_FAILS, "fail", "pass"),
    (ADDRESS_FAILS, "pass", "fail"),
])
def test_cards_that_authorise_place_the_order_and_record_the_checks(shopper, number, cvc_check, address_check):
    # given
    shopper.ready_to_place(number)

    # when
    response = shopper.place()

    # then
    assert response.status_code == 303
    order = Order.objects.get()
    payment = Payment.objects.get()
    assert (payment.order, payment.status, payment.amount) == (order, Payment.Status.AUTHORISED, Decimal("28.95"))
    assert (payment.card_brand, payment.card_last4, payment.cvc_check, payment.address_check) == (
        "visa", number[-4:], cvc_check, address_check)


@pytest.mark.parametrize(("number", "message"), [
    (DECLINED, "Your card was declined. Please use another card or contact your bank."),
    (INSUFFICIENT_FUNDS, "Your card was declined for insufficient funds. Please use another card."),
])
def test_a_declined_card_shows_why_keeps_the_cart_and_asks_for_another_card(shopper, socks, number, message):
    # given
    shopper.ready_to_place(number)

    # when
    response = shopper.place()

    # then
    html = response.content.decode()
    assert response.status_code == 402
    assert message in html
    assert "Nothing has been charged and your cart is kept." in html
    assert 'href="/checkout/payment/">Pay with another card' in html
    assert "Place order" not in html
    assert nothing_was_ordered(shopper, socks)
    assert Payment.objects.get().status == Payment.Status.DECLINED
    draft = CheckoutDraft.objects.get()
    assert (draft.payment_token, draft.card_last4, draft.email) == ("", "", "ada@example.com")


def test_after_a_decline_the_customer_pays_with_another_card(shopper, socks):
    # given
    shopper.ready_to_place(DECLINED)
    shopper.place()

    # when
    back = shopper.pay(SUCCEEDS)
    review = shopper.get(back["Location"])
    placed = shopper.place()

    # then
    assert "Visa ending 4242" in review.content.decode()
    assert placed.status_code == 303
    order = Order.objects.get()
    assert list(Payment.objects.values_list("card_last4", "status", "order")) == [
        ("0002", Payment.Status.DECLINED, None), ("4242", Payment.Status.AUTHORISED, order.pk)]
    assert Variant.objects.get(pk=socks.pk).stock == 3


def test_placing_again_with_the_declined_card_does_not_ask_the_gateway_again(shopper):
    # given
    shopper.ready_to_place(DECLINED)
    token = CheckoutDraft.objects.get().payment_token
    shopper.place()
    CheckoutDraft.objects.update(payment_token=token, card_last4="0002", card_brand="visa")

    # when
    response = shopper.place()

    # then
    assert response.status_code == 402
    assert (Payment.objects.count(), SandboxCharge.objects.count()) == (1, 1)


def test_a_replayed_place_order_shows_the_same_order_and_authorises_once(shopper):
    # given
    shopper.ready_to_place()
    first = shopper.place()

    # when
    second = shopper.place()
    third = shopper.place()

    # then
    order = Order.objects.get()
    assert [r.status_code for r in (first, second, third)] == [303, 303, 303]
    assert {r["Location"].split(":")[0] for r in (first, second, third)} == {first["Location"].split(":")[0]}
    assert all(path_of(r["Location"]).startswith("/checkout/order/") for r in (second, third))
    assert order.number in shopper.client.get(third["Location"]).content.decode()
    assert (Payment.objects.count(), SandboxCharge.objects.count(), Order.objects.count()) == (1, 1, 1)


def test_a_place_order_replayed_in_cookieless_mode_shows_the_same_order(client, socks, settings):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 1)))
    shopper.ready_to_place()
    shopper.place()

    # when
    again = shopper.place()

    # then
    assert again.status_code == 303
    assert Order.objects.get().number in client.get(again["Location"]).content.decode()
    assert Payment.objects.count() == 1


def test_stock_sold_out_before_placing_names_the_item_and_charges_nothing(shopper, socks):
    # given
    shopper.ready_to_place()
    Variant.objects.filter(pk=socks.pk).update(stock=1)

    # when
    response = shopper.place()

    # then
    html = response.content.decode()
    assert response.status_code == 409
    assert "Sorry, only 1 of Stripy Socks M left in stock; you asked for 2." in html
    assert 'href="/cart/">Update your cart' in html
    assert nothing_was_ordered(shopper, socks, stock=1)
    assert not Payment.objects.exists() and not SandboxCharge.objects.exists()
    assert CheckoutDraft.objects.get().payment_token != ""  # the card is kept for the next try


def test_stock_taken_while_authorising_voids_the_authorisation_and_writes_nothing(shopper, socks, monkeypatch):
    # given
    shopper.ready_to_place()
    authorise = checkout_services.payment_authorise

    def authorise_then_someone_else_buys_the_socks(**kwargs):
        payment = authorise(**kwargs)
        Variant.objects.filter(pk=socks.pk).update(stock=0)
        return payment

    monkeypatch.setattr(checkout_services, "payment_authorise", authorise_then_someone_else_buys_the_socks)

    # when
    response = shopper.place()

    # then
    assert response.status_code == 409
    assert "Sorry, Stripy Socks M is sold out." in response.content.decode()
    assert nothing_was_ordered(shopper, socks, stock=0)
    assert Payment.objects.get().status == Payment.Status.VOIDED
    assert SandboxCharge.objects.get().status == SandboxCharge.Status.VOIDED


def test_after_a_voided_authorisation_placing_again_authorises_afresh(shopper, socks, monkeypatch):
    # given
    shopper.ready_to_place()
    authorise = checkout_services.payment_authorise
    calls = []

    def sell_out_on_the_first_try(**kwargs):
        payment = authorise(**kwargs)
        if not calls:
            Variant.objects.filter(pk=socks.pk).update(stock=0)
        calls.append(payment)
        return payment

    monkeypatch.setattr(checkout_services, "payment_authorise", sell_out_on_the_first_try)
    shopper.place()
    Variant.objects.filter(pk=socks.pk).update(stock=5)

    # when
    response = shopper.place()

    # then
    assert response.status_code == 303
    order = Order.objects.get()
    assert list(Payment.objects.values_list("status", "order")) == [
        (Payment.Status.VOIDED, None), (Payment.Status.AUTHORISED, order.pk)]


def test_placing_an_emptied_cart_goes_back_to_the_cart(shopper):
    # given
    shopper.ready_to_place()
    CartLine.objects.filter(cart=shopper.cart).delete()

    # when
    response = shopper.place()

    # then
    assert (response.status_code, response["Location"]) == (303, "/cart/")
    assert not Order.objects.exists() and not Payment.objects.exists()


def test_a_shipping_method_that_stopped_delivering_is_shown_on_the_delivery_step(shopper):
    # given
    shopper.ready_to_place()
    CheckoutDraft.objects.update(shipping_method="us-express")  # e.g. the rates changed meanwhile

    # when
    response = shopper.post("/checkout/place/")

    # then
    assert (response.status_code, response["Location"]) == (303, "/checkout/delivery/")
    assert not Order.objects.exists() and not Payment.objects.exists()


def test_a_card_token_the_gateway_forgot_asks_for_the_card_again(shopper, socks):
    # given
    shopper.ready_to_place()
    SandboxToken.objects.all().delete()

    # when
    response = shopper.place()

    # then
    assert response.status_code == 402
    assert "The payment details have expired or are not valid. Please enter your card again." in (
        response.content.decode())
    assert nothing_was_ordered(shopper, socks)
    assert CheckoutDraft.objects.get().payment_token == ""


@pytest.mark.parametrize("query", ["", "?payment_token=", "?payment_token=tok_unknown", "?payment_token=" + "x" * 300])
def test_returning_from_the_gateway_without_a_valid_token_asks_to_pay_again(shopper, query):
    # given
    shopper.submit_details()
    shopper.choose_shipping()

    # when
    response = shopper.client.get(f"/checkout/payment/return/{query}")

    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert "The payment details have expired or are not valid. Please enter your card again." in html
    assert 'href="/checkout/payment/">Pay with another card' in html
    assert CheckoutDraft.objects.get().payment_token == ""


def test_cancelling_on_the_gateway_page_returns_to_the_delivery_step(shopper):
    # given
    shopper.submit_details()
    shopper.choose_shipping()
    gateway_page = shopper.client.get(shopper.get("/checkout/payment/")["Location"]).content.decode()

    # when
    cancel = re.search(r'<p class="sbp-cancel"><a href="([^"]+)"', gateway_page).group(1)

    # then
    assert cancel == "/checkout/delivery/"
    assert shopper.get(cancel).status_code == 200


@pytest.mark.parametrize("data", [
    {},
    {"cart_sig": "0" * 32},
])
def test_place_order_without_the_signed_cart_is_refused(shopper, data):
    # given
    shopper.ready_to_place()
    form = {**shopper.signed(), **data} if data else {}

    # when
    response = shopper.client.post("/checkout/place/", form or {"cart": shopper.cart.token},
                                   HTTP_SEC_FETCH_SITE="same-origin")

    # then
    assert response.status_code == 403
    assert not Order.objects.exists() and not Payment.objects.exists()


def test_place_order_from_another_site_is_refused_even_with_the_cart_fields(shopper):
    # given
    shopper.ready_to_place()

    # when
    response = shopper.post("/checkout/place/", HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert response.status_code == 403
    assert not Order.objects.exists() and not Payment.objects.exists()


def test_details_from_another_site_are_refused(shopper):
    # when
    response = shopper.post("/checkout/", {"email": "evil@example.com"}, HTTP_SEC_FETCH_SITE="cross-site")

    # then
    assert response.status_code == 403
    assert not CheckoutDraft.objects.exists()


def test_place_order_is_post_only(shopper):
    # when
    response = shopper.get("/checkout/place/")

    # then
    assert response.status_code == 405


@pytest.mark.promise("P-13")
def test_card_numbers_never_reach_the_shop_database_pages_or_email(shopper, client, outbox_dir, settings,
                                                                   django_capture_on_commit_callbacks):
    # given
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    shopper.ready_to_place()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        placed = shopper.place()
    confirmation = client.get(placed["Location"]).content.decode()

    # then
    assert placed.status_code == 303
    assert SUCCEEDS not in confirmation
    runs = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                runs.update(run for value in row for run in re.findall(r"\d{13,19}", str(value)))
    assert SUCCEEDS not in "".join(runs)
    # Payment card numbers begin with a major industry identifier of 2 to 6 (ISO/IEC 7812); a millisecond
    # timestamp (13 digits beginning with 1 until 2033) passes the Luhn check one time in ten and is not a card.
    assert [run for run in runs if run[0] in "23456" and luhn_valid(run)] == []
    mail = b"".join(path.read_bytes() for path in outbox_dir.glob("*.eml"))
    assert b"ending 4242" in mail and SUCCEEDS.encode() not in mail
    for model in (CheckoutDraft, Payment, SandboxToken, SandboxCharge):
        assert not {f.name for f in model._meta.get_fields()} & {"number", "card_number", "cvc", "cvv", "pan"}
