"""With the cart in the URL, a link carrying only the cart token never shows the personal details typed into it."""

import pytest
from django.test import Client

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_with_sizes
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.tests.flow import Shopper, details_form
from shopkeep.orders.models import Order

pytestmark = pytest.mark.django_db

EMAIL, NAME, STREET = "ada@example.com", "Ada Lovelace", "12 St James's Square"


@pytest.fixture
def cookieless(settings):
    settings.SHOPKEEP_COOKIES = "none"


@pytest.fixture
def shopper(client, cookieless):
    socks = product_with_sizes(slug="socks", sizes={"M": 10}).variants.get()
    return Shopper(client=client, cart=cart_with_lines((socks, 1)))


def shows_details(page: str) -> bool:
    return any(value in page for value in (EMAIL, NAME, STREET))


def test_a_shared_cart_link_opened_elsewhere_shows_no_personal_details(shopper):
    # given a guest in cookieless mode entered their details and reached the review step
    shopper.ready_to_place()
    token = shopper.cart.token
    # when someone else opens links that carry only the cart token (a product page, the checkout, the review)
    other = Client()
    pages = [other.get(f"/p/socks/?cart={token}"), other.get(f"/checkout/?cart={token}"),
             other.get(f"/checkout/review/?cart={token}", follow=True),
             other.get(f"/checkout/delivery/?cart={token}", follow=True)]
    # then none shows the email, name or street, and the details page asks for them again
    assert all(p.status_code == 200 for p in pages)
    assert not any(shows_details(p.content.decode()) for p in pages)
    assert "shown only on the device that entered them" in pages[1].content.decode()


def test_the_customer_who_typed_the_details_keeps_seeing_them_through_the_steps(shopper):
    review = shopper.ready_to_place()
    assert shows_details(review.content.decode())
    # and the links of the checkout steps carry the key, product and cart links do not
    page = review.content.decode()
    assert f"dk={shopper.key}" in page
    assert f'href="/cart/?cart={shopper.cart.token}"' in page


def test_a_wrong_key_neither_shows_nor_places(shopper):
    shopper.ready_to_place()
    shopper.key = "0" * 32
    assert not shows_details(shopper.get(shopper.url("/checkout/review/"), follow=True).content.decode())
    response = shopper.place()
    assert response.status_code == 303 and response["Location"].startswith("/checkout/?")
    assert not Order.objects.exists()


def test_details_entered_again_elsewhere_replace_the_old_ones_and_drop_the_card(shopper, client):
    # given the first guest is ready to place, with a card
    shopper.ready_to_place()
    other = Shopper(client=Client(), cart=shopper.cart)
    # when another browser with only the cart token enters other details
    assert other.submit_details(**{"email": "eve@example.com", "shipping_name": "Eve"}).status_code == 303
    # then the first guest's card is no longer on the draft, and the first key no longer unlocks anything
    draft = CheckoutDraft.objects.get(cart=shopper.cart)
    assert draft.payment_token == "" and draft.email == "eve@example.com"
    assert "eve@example.com" not in shopper.get(shopper.url("/checkout/review/"), follow=True).content.decode()


def test_in_cookie_mode_the_cookie_is_the_proof_and_nothing_changes(client, settings):
    settings.SHOPKEEP_COOKIES = "necessary"
    socks = product_with_sizes(slug="socks", sizes={"M": 10}).variants.get()
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 1)))
    review = shopper.ready_to_place()
    assert shows_details(review.content.decode()) and "dk=" not in review.content.decode()
    assert details_form()["email"] == EMAIL
