"""The shop's own flows feed the conversion counts: cart additions, checkouts started, orders placed."""

import pytest

from shopkeep.analytics.recorder import recorder as default_recorder
from shopkeep.analytics.services import pageviews_flush
from shopkeep.analytics.models import DayConversion
from shopkeep.cart.services import cart_add_line, cart_create
from shopkeep.catalog.tests.factories import variant_create


@pytest.mark.django_db
def test_adding_to_a_cart_counts_one_cart_addition(django_capture_on_commit_callbacks):
    default_recorder.drain()
    variant = variant_create(stock=5)
    cart = cart_create()
    with django_capture_on_commit_callbacks(execute=True):
        cart_add_line(cart=cart, sku=variant.sku, quantity=2)
    pageviews_flush()
    assert list(DayConversion.objects.values_list("kind", "count")) == [("cart_add", 1)]
