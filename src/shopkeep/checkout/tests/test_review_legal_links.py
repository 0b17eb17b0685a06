"""The review step links the terms and the withdrawal information next to the place-order button."""

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.tests.flow import Shopper

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cookies", ["necessary", "none"])
def test_the_review_step_links_the_terms_and_the_withdrawal_information_by_the_place_order_button(client, settings,
                                                                                                    cookies):
    # given
    settings.SHOPKEEP_COOKIES = cookies
    socks = variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", size="M", price="12.50", stock=5)
    shopper = Shopper(client=client, cart=cart_with_lines((socks, 2)))
    suffix = f"?cart={shopper.cart.token}" if cookies == "none" else ""

    # when
    html = shopper.ready_to_place().content.decode()

    # then
    form = html[html.index('<form class="place-form"'):]
    form = form[:form.index("</form>")]
    assert f'accept our <a href="/terms/{suffix}">terms and conditions</a>' in form
    assert f'read about your <a href="/withdrawal/{suffix}">right of withdrawal</a>' in form
    assert f'<a href="/shipping-and-returns/{suffix}">shipping and returns</a>' in form
    assert "You may withdraw from your order within 14 days of delivery without giving a reason" in form
    assert form.index("/terms/") < form.index("Place order ·")
