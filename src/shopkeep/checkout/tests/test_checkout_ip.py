"""The checkout IP kept for fraud screening (P-19) is the client's, also behind a trusted reverse proxy."""

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.tests.flow import Shopper
from shopkeep.orders.models import Order

pytestmark = pytest.mark.django_db

CLIENT = "81.2.69.142"
PROXY = "10.1.2.3"


@pytest.fixture
def shopper(client):
    socks = variant_create(product=product_create(name="Stripy Socks"), sku="SOCKS-M", price="12.50", stock=5)
    return Shopper(client=client, cart=cart_with_lines((socks, 1)))


@pytest.mark.promise("P-19")
@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "kept"),
    [
        ((), CLIENT, None, CLIENT),
        (("10.0.0.0/8",), PROXY, CLIENT, CLIENT),
        ((), PROXY, CLIENT, PROXY),
        (("10.0.0.0/8",), "203.0.113.7", CLIENT, "203.0.113.7"),
    ],
    ids=["direct", "behind-trusted-proxy", "header-from-untrusted-proxy-ignored", "spoofed-header-ignored"],
)
def test_the_page_checkout_keeps_the_client_address(shopper, settings, trusted, peer, forwarded, kept):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = trusted
    shopper.ready_to_place()
    headers = {"REMOTE_ADDR": peer, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}

    # when
    response = shopper.post("/checkout/place/", **headers)

    # then
    assert response.status_code == 303
    assert Order.objects.get().checkout_ip == kept
