"""The whole web checkout, step by step, in both cookie modes, through the gateway's hosted page."""

from decimal import Decimal

import pytest

from shopkeep.cart.models import Cart, CartLine
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.tests.flow import Shopper, path_of, query_of
from shopkeep.customers.models import Address
from shopkeep.orders.models import Order
from shopkeep.orders.services import order_from_confirmation_token
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.models import SandboxCharge

pytestmark = pytest.mark.django_db


@pytest.fixture
def socks():
    return variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50",
                          stock=5)


@pytest.fixture
def shopper(client, socks):
    return Shopper(client=client, cart=cart_with_lines((socks, 2)))


@pytest.fixture(params=["necessary", "none"], ids=["cookies", "cookieless"])
def cookie_mode(request, settings):
    settings.SHOPKEEP_COOKIES = request.param
    return request.param


def test_a_guest_buys_through_every_step_in_both_cookie_modes(client, socks, cookie_mode):
    # given
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 2)))
    cart_param = {"cart": [shopper.cart.token]} if cookie_mode == "none" else {}
    responses = []

    # when
    responses.append(details_page := shopper.get("/checkout/"))
    responses.append(to_delivery := shopper.submit_details())
    responses.append(delivery_page := shopper.get(to_delivery["Location"]))
    responses.append(to_payment := shopper.choose_shipping("gb-express"))
    responses.append(back_from_gateway := shopper.pay("4242424242424242"))
    responses.append(review_page := shopper.get(back_from_gateway["Location"]))
    responses.append(placed := shopper.place())
    responses.append(confirmation := client.get(placed["Location"]))

    # then every step went where it should, carrying the cart in the URL only in cookieless mode (with the key
    # that unlocks the details typed into it, which only the checkout steps' links carry)
    if cookie_mode == "none":
        cart_param["dk"] = [shopper.key]
        assert shopper.key
    assert [r.status_code for r in responses] == [200, 303, 200, 303, 303, 200, 303, 200]
    assert (path_of(to_delivery["Location"]), query_of(to_delivery["Location"])) == ("/checkout/delivery/", cart_param)
    assert (path_of(to_payment["Location"]), query_of(to_payment["Location"])) == ("/checkout/payment/", cart_param)
    assert (path_of(back_from_gateway["Location"]), query_of(back_from_gateway["Location"])) == (
        "/checkout/review/", cart_param)
    assert "Standard (Royal Mail)" in delivery_page.content.decode()
    review = review_page.content.decode()
    assert "Visa ending 4242" in review
    assert "Express (next working day)" in review
    assert "€32.95" in review  # 2 × 12.50 + 7.95
    order = Order.objects.get()
    assert path_of(placed["Location"]).startswith("/checkout/order/")
    assert order_from_confirmation_token(placed["Location"].split("/")[3]) == order
    assert "cart=" not in placed["Location"]
    page = confirmation.content.decode()
    assert order.number in page and "Stripy Socks" in page and "Visa ending 4242" in page
    assert "emailed a confirmation to <strong>ada@example.com</strong>" in page
    assert (order.email, order.total, order.shipping_method, order.customer) == (
        "ada@example.com", Decimal("32.95"), "gb-express", None)
    assert Payment.objects.get().status == Payment.Status.AUTHORISED
    assert Variant.objects.get(pk=socks.pk).stock == 3
    assert not CheckoutDraft.objects.exists()
    if cookie_mode == "none":
        assert all(not r.cookies for r in responses)
        assert f'href="/cart/?cart={shopper.cart.token}"' in details_page.content.decode()
        assert f'name="cart" value="{shopper.cart.token}"' in review
    else:
        assert placed.cookies["sk_cart"].value == "" and placed.cookies["sk_cart"]["max-age"] == 0
        assert all(not r.cookies for r in responses if r is not placed)


def test_cookieless_gateway_return_url_keeps_the_cart_and_adds_the_token(client, socks, settings):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 1)))
    shopper.submit_details()
    shopper.choose_shipping()

    # when
    to_gateway = shopper.get("/checkout/payment/")
    paid = client.post(to_gateway["Location"], {"number": "4242 4242 4242 4242", "exp_month": "12",
                                                "exp_year": "2040", "cvc": "123"})

    # then
    assert path_of(paid["Location"]) == "/checkout/payment/return/"
    query = query_of(paid["Location"])
    assert query["cart"] == [shopper.cart.token]
    assert query["payment_token"][0].startswith("tok_")


def test_the_first_checkout_page_sets_no_cookie_and_has_no_csrf_token(shopper):
    # when
    response = shopper.get("/checkout/")

    # then
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert 'name="cart_sig"' in response.content.decode()


def test_checkout_without_a_cart_goes_to_the_cart_page(client):
    # when
    response = client.get("/checkout/")

    # then
    assert (response.status_code, response["Location"]) == (303, "/cart/")
    assert not response.cookies


def test_checkout_of_an_empty_cart_goes_back_to_the_cart(client):
    # given
    shopper = Shopper(client=client, cart=Cart.objects.create())

    # when
    responses = [shopper.get("/checkout/"), shopper.get("/checkout/review/"), shopper.submit_details()]

    # then
    assert [(r.status_code, r["Location"]) for r in responses] == [(303, "/cart/")] * 3
    assert not CheckoutDraft.objects.exists()


@pytest.mark.parametrize(("path", "goes_to"), [
    ("/checkout/delivery/", "/checkout/"),
    ("/checkout/payment/", "/checkout/"),
    ("/checkout/review/", "/checkout/"),
])
def test_a_later_step_sends_the_customer_back_to_the_first_missing_one(shopper, path, goes_to):
    # when
    response = shopper.get(path)

    # then
    assert (response.status_code, response["Location"]) == (303, goes_to)


def test_payment_and_review_need_a_shipping_method_first(shopper):
    # given
    shopper.submit_details()

    # when
    responses = [shopper.get("/checkout/payment/"), shopper.get("/checkout/review/")]

    # then
    assert [(r.status_code, r["Location"]) for r in responses] == [(303, "/checkout/delivery/")] * 2


def test_review_without_a_card_sends_the_customer_to_the_gateway(shopper):
    # given
    shopper.submit_details()
    shopper.choose_shipping()

    # when
    review = shopper.get("/checkout/review/")
    payment = shopper.get(review["Location"])

    # then
    assert (review.status_code, review["Location"]) == (303, "/checkout/payment/")
    assert payment.status_code == 303 and payment["Location"].startswith("/sandbox-gateway/pay/")


def test_review_shows_items_addresses_shipping_totals_card_and_edit_links(shopper):
    # when
    html = shopper.ready_to_place().content.decode()

    # then
    for text in ("Stripy Socks", "12 St James&#x27;s Square", "LONDON<br>SW1Y 4JH<br>UNITED KINGDOM",
                 "Standard (Royal Mail)", "€3.95", "€25.00", "€28.95", "Visa ending 4242", "Same as the delivery address",
                 'href="/checkout/"', 'href="/checkout/delivery/"', 'href="/checkout/payment/"',
                 'action="/checkout/place/"', "Place order"):
        assert text in html, text
    # 28.95 × 19/119: outside the EU the shop's own VAT applies
    assert '<dt class="vat-line">incl. VAT 19%</dt><dd class="vat-line">€4.62</dd>' in html


def test_progress_indicator_marks_the_current_step(shopper):
    # given
    shopper.submit_details()

    # when
    html = shopper.get("/checkout/delivery/").content.decode()

    # then
    assert '<li class="is-done"><a href="/checkout/">Your details</a>' in html
    assert '<li aria-current="step">Delivery</li>' in html


def test_the_confirmation_link_works_without_a_cart_or_cookie(shopper, client):
    # given
    shopper.ready_to_place()
    placed = shopper.place()
    client.cookies.clear()

    # when
    response = client.get(placed["Location"])

    # then
    assert response.status_code == 200
    assert Order.objects.get().number in response.content.decode()


@pytest.mark.parametrize("token", ["nonsense", "SK-0000000", "eyJhIjoxfQ:1abc:forged"])
def test_a_forged_confirmation_link_is_not_found(client, token):
    # when
    response = client.get(f"/checkout/order/{token}/")

    # then
    assert response.status_code == 404


def test_an_expired_confirmation_link_is_not_found(shopper, client, settings):
    # given
    shopper.ready_to_place()
    placed = shopper.place()
    settings.SHOPKEEP_ORDER_LINK_MAX_AGE = -1

    # when
    response = client.get(placed["Location"])

    # then
    assert response.status_code == 404


def test_a_confirmation_link_signed_for_another_purpose_is_not_found(shopper, client):
    # given
    from django.core import signing

    shopper.ready_to_place()
    shopper.place()
    token = signing.dumps(Order.objects.get().number)  # right number, wrong salt

    # when
    response = client.get(f"/checkout/order/{token}/")

    # then
    assert response.status_code == 404


def test_after_ordering_the_cart_is_forgotten(shopper, client, socks):
    # given
    shopper.ready_to_place()
    placed = shopper.place()

    # when
    again = shopper.get("/checkout/")

    # then
    assert placed.cookies["sk_cart"].value == ""
    assert (again.status_code, again["Location"]) == (303, "/cart/")
    assert Cart.objects.get(pk=shopper.cart.pk).is_ordered
    assert CartLine.objects.filter(cart=shopper.cart).count() == 1


def test_addresses_on_the_order_are_copies_not_the_draft(shopper):
    # given
    shopper.ready_to_place()

    # when
    shopper.place()

    # then
    order = Order.objects.select_related("shipping_address").get()
    assert order.shipping_address.as_dict() == {
        "name": "Ada Lovelace", "line1": "12 St James's Square", "line2": "", "city": "London", "region": "",
        "postal_code": "SW1Y 4JH", "country": "GB", "phone": "",
    }
    assert order.billing_address_id == order.shipping_address_id
    assert Address.objects.count() == 1


def test_charges_at_the_gateway_match_the_order_total(shopper):
    # given
    shopper.ready_to_place()

    # when
    shopper.place()

    # then
    charge = SandboxCharge.objects.get()
    assert (charge.amount, charge.currency, charge.status) == (Decimal("28.95"), "EUR", SandboxCharge.Status.AUTHORISED)
