"""Every link that leaves the shop, wherever it is rendered, is marked and sends no referrer; internal links are not
marked (P-42)."""

from html.parser import HTMLParser

import pytest

from shopkeep.cart.identity import CART_COOKIE
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.models import Product
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.shop.links import EXTERNAL_TEXT, url_is_external
from shopkeep.shop.services import identity_update, page_update

pytestmark = pytest.mark.django_db


class Anchors(HTMLParser):
    """Every <a href> of a page: its address, rel, and the text inside it (including hidden text)."""

    def __init__(self):
        super().__init__()
        self.anchors, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href") is not None:
            self._open = {"href": dict(attrs)["href"], "rel": (dict(attrs).get("rel") or "").split(), "text": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.anchors.append(self._open)
            self._open = None


def anchors(html: str) -> list[dict]:
    parser = Anchors()
    parser.feed(html)
    return parser.anchors


@pytest.fixture
def shop(settings):
    settings.SHOPKEEP_BASE_URL = "https://shop.example"
    category = category_create(name="Shoes", slug="shoes")
    product = product_with_sizes(name="Trail Shoes", slug="trail-shoes", category=category)
    Product.objects.filter(pk=product.pk).update(description=(
        "Made by [the maker](https://maker.example/trail) with [our guide](/shipping-and-returns/) and "
        "[a full link back](https://shop.example/terms/).\nWrite to [us](mailto:hello@shop.example)."))
    identity_update(changed_by=None, values={"authority_url": "https://authority.example/", "authority_name": "DPA"})
    for key in ("contact", "terms", "shipping-returns", "withdrawal"):
        page_update(key=key, body=f"See [the regulator](https://regulator.example/{key}) or [our terms](/terms/).",
                    changed_by=None)
    return product


PATHS = ["/", "/c/shoes/", "/p/trail-shoes/", "/search/?q=trail", "/cart/", "/contact/", "/terms/",
         "/shipping-and-returns/", "/withdrawal/", "/privacy/", "/cookies/", "/privacy/promises/"]


@pytest.mark.promise("P-42")
def test_every_external_link_rendered_anywhere_is_marked_and_no_internal_link_is(client, shop):
    # given
    client.cookies[CART_COOKIE] = cart_with_lines((shop.variants.first(), 1)).token
    seen_external = set()

    # when
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        for anchor in anchors(response.content.decode()):
            # then
            if url_is_external(anchor["href"]):
                seen_external.add(anchor["href"])
                assert {"noopener", "noreferrer"} <= set(anchor["rel"]), (path, anchor)
                assert anchor["text"].endswith(f" {EXTERNAL_TEXT}"), (path, anchor)
            else:
                assert "noreferrer" not in anchor["rel"] and EXTERNAL_TEXT not in anchor["text"], (path, anchor)

    assert {"https://maker.example/trail", "https://authority.example/", "https://regulator.example/contact",
            "https://regulator.example/terms", "https://regulator.example/shipping-returns",
            "https://regulator.example/withdrawal"} <= seen_external


@pytest.mark.promise("P-42")
def test_the_product_text_marks_the_outbound_link_and_leaves_the_shops_own_links_alone(client, shop):
    # given / when
    html = client.get("/p/trail-shoes/").content.decode()
    description = html[html.index('<div class="product-description">'):html.index('<ul class="facts">')]
    found = {a["href"]: a for a in anchors(description)}

    # then
    assert found["https://maker.example/trail"]["text"] == f"the maker {EXTERNAL_TEXT}"
    assert found["https://maker.example/trail"]["rel"] == ["noopener", "noreferrer"]
    assert (found["/shipping-and-returns/"]["text"], found["/shipping-and-returns/"]["rel"]) == ("our guide", [])
    assert (found["https://shop.example/terms/"]["text"], found["https://shop.example/terms/"]["rel"]) == (
        "a full link back", [])
    assert (found["mailto:hello@shop.example"]["text"], found["mailto:hello@shop.example"]["rel"]) == ("us", [])


@pytest.mark.promise("P-42")
def test_leaving_the_shop_sends_no_referrer(client, shop):
    # given / when
    response = client.get("/p/trail-shoes/")

    # then: "same-origin" (cookie mode) and "no-referrer" (cookieless) both send nothing to another site,
    # and every outbound link says noreferrer as well (the test above)
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer"}
