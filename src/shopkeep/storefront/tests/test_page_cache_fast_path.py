"""The page cache's fast path: a hit for a visitor without a session is answered before the rest of the middleware
stack, and the answer is the one the whole stack gives: the same headers byte for byte, the visitor's own cart
parts, the page view counted as the statistics middleware counts it. Requests the whole stack would treat otherwise
(a session, a CSRF cookie, plain HTTP with HTTPS required, an unknown host) go through the whole stack."""

import pytest
from django.conf import settings as django_settings

from shopkeep.analytics.recorder import PageView, recorder
from shopkeep.cart.identity import CART_COOKIE, cart_signature
from shopkeep.cart.services import cart_add_line, cart_create
from shopkeep.catalog.tests.factories import category_create, product_with_sizes
from shopkeep.customers.tests.factories import customer_create
from shopkeep.shop.services import identity_update
from shopkeep.shop.tests.factories import IDENTITY
from shopkeep.storefront import page_cache

pytestmark = pytest.mark.django_db

PAGES = ["/", "/c/socks/", "/p/harbour-socks/", "/search/?q=harbour", "/help/", "/privacy/", "/contact/"]
VALID_CSRF_COOKIE = "a" * 32


@pytest.fixture(autouse=True)
def shop(settings):
    settings.SHOPKEEP_PAGE_CACHE = True
    identity_update(changed_by=None, values=IDENTITY)
    return product_with_sizes(name="Harbour socks", slug="harbour-socks", sizes={"S": 5, "M": 5}, price="12.50",
                              category=category_create(name="Socks", slug="socks"))


@pytest.fixture(autouse=True)
def empty_recorder():
    recorder.drain()
    yield
    recorder.drain()


def rendered(response) -> bool:
    return bool(response.templates)


def fast(response) -> bool:
    """Whether the fast path answered: the session middleware and everything after it never saw the request."""
    return not hasattr(response.wsgi_request, "session")


def views() -> list[tuple]:
    """The page views recorded since the last call, without their timestamps."""
    return [view[1:] for view in recorder.drain() if isinstance(view, PageView)]


# The answer is the whole stack's answer ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_a_fast_hit_has_the_headers_and_body_of_the_rendered_page_byte_for_byte(client, path):
    # given
    first = client.get(path)
    assert first.status_code == 200 and rendered(first) and not fast(first)

    # when
    second = client.get(path)

    # then
    assert second.status_code == 200 and fast(second)
    assert list(second.items()) == list(first.items())
    assert second.content == first.content
    assert not second.cookies


def test_over_https_the_fast_hit_carries_hsts_and_the_other_security_headers(client, settings):
    # given
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    first = client.get("/p/harbour-socks/", secure=True)
    assert first["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

    # when
    second = client.get("/p/harbour-socks/", secure=True)
    plain = client.get("/p/harbour-socks/")

    # then
    assert fast(second)
    assert list(second.items()) == list(first.items())
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                   "Cross-Origin-Opener-Policy", "Permissions-Policy"):
        assert second[header] == first[header]
    assert "Strict-Transport-Security" not in plain  # plain HTTP is another key, without HSTS


def test_without_cookies_the_fast_hit_keeps_the_no_referrer_policy(client, settings):
    # given
    settings.SHOPKEEP_COOKIES = "none"
    first = client.get("/p/harbour-socks/")

    # when
    second = client.get("/p/harbour-socks/")

    # then
    assert fast(second)
    assert second["Referrer-Policy"] == first["Referrer-Policy"] == "no-referrer"
    assert list(second.items()) == list(first.items())


def test_a_head_request_gets_the_headers_of_the_get_without_counting_a_view(client):
    # given
    first = client.get("/p/harbour-socks/")
    views()

    # when
    head = client.head("/p/harbour-socks/")

    # then
    assert head.status_code == 200 and fast(head)
    assert list(head.items()) == list(first.items())
    assert head.content == b""
    assert views() == []


def test_a_visitor_with_a_cart_gets_their_own_parts_and_the_right_length(client, shop):
    # given
    client.get("/p/harbour-socks/")
    cart = cart_create()
    cart_add_line(cart=cart, sku=shop.variants.first().sku, quantity=2)
    client.cookies[CART_COOKIE] = cart.token

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert fast(response) and not rendered(response)
    html = response.content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> items</span></span>' in html
    assert f'name="cart" value="{cart.token}"' in html
    assert f'name="cart_sig" value="{cart_signature(cart.token)}"' in html
    assert response["Content-Length"] == str(len(response.content))
    assert not response.cookies


def test_a_cart_cookie_naming_no_cart_gets_the_generic_page(client):
    # given
    generic = client.get("/p/harbour-socks/")
    client.cookies[CART_COOKIE] = "no-such-cart"

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert fast(response)
    assert response.content == generic.content and not response.cookies


# The page view is counted as the statistics middleware counts it ------------------------------------------------

@pytest.mark.parametrize("extra", [{}, {"HTTP_SEC_GPC": "1"}, {"HTTP_DNT": "1"}, {"HTTP_SEC_PURPOSE": "prefetch"},
                                   {"HTTP_REFERER": "https://news.example.org/a", "HTTP_USER_AGENT": "Firefox/125.0",
                                    "REMOTE_ADDR": "198.51.100.23"}],
                         ids=["plain", "gpc", "dnt", "prefetch", "referrer"])
def test_a_fast_hit_records_the_same_page_view_as_the_rendered_page(client, extra):
    # given
    rendered_page = client.get("/p/harbour-socks/?utm_source=news", **extra)
    assert not fast(rendered_page)
    counted_by_the_stack = views()

    # when
    hit = client.get("/p/harbour-socks/?utm_source=news", **extra)

    # then
    assert fast(hit)
    assert views() == counted_by_the_stack
    assert len(counted_by_the_stack) == (0 if "HTTP_SEC_PURPOSE" in extra else 1)


def test_the_page_view_of_a_fast_hit_names_the_page(client):
    # given
    client.get("/c/socks/?page=1")
    views()

    # when
    client.get("/c/socks/?page=1")

    # then
    (view,) = views()
    assert view[:2] == ("/c/socks/", "page=1")
    assert view[-1] is False


# Requests the whole stack treats otherwise -----------------------------------------------------------------------

def test_a_signed_in_customer_and_staff_never_get_the_fast_path(client, admin_client):
    # given
    client.get("/p/harbour-socks/")
    assert fast(client.get("/p/harbour-socks/"))
    client.force_login(customer_create())

    # when
    customer = client.get("/p/harbour-socks/")
    staff = admin_client.get("/p/harbour-socks/")

    # then
    assert not fast(customer) and rendered(customer)
    assert not fast(staff)
    assert "no-store" in customer["Cache-Control"]


def test_a_visitor_with_a_csrf_cookie_gets_the_cached_page_through_the_whole_stack(client):
    # given
    first = client.get("/p/harbour-socks/")
    client.cookies[django_settings.CSRF_COOKIE_NAME] = VALID_CSRF_COOKIE

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert not fast(response) and not rendered(response)
    assert response.content == first.content
    assert not response.cookies


def test_a_malformed_csrf_cookie_is_replaced_as_the_whole_stack_replaces_it(client):
    # given
    client.get("/p/harbour-socks/")
    client.cookies[django_settings.CSRF_COOKIE_NAME] = "not a token!"

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert not fast(response)
    assert django_settings.CSRF_COOKIE_NAME in response.cookies


def test_the_fast_path_completes_a_page_filled_by_a_visitor_with_a_csrf_cookie(client):
    # given: the first request after a change comes from a visitor with a CSRF cookie
    client.cookies[django_settings.CSRF_COOKIE_NAME] = VALID_CSRF_COOKIE
    filled = client.get("/p/harbour-socks/")
    assert rendered(filled)
    del client.cookies[django_settings.CSRF_COOKIE_NAME]

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert fast(response)
    assert list(response.items()) == list(filled.items())


def test_plain_http_is_redirected_to_https_when_https_is_required(client, settings):
    # given
    settings.SECURE_SSL_REDIRECT = True
    client.get("/p/harbour-socks/", secure=True)
    assert fast(client.get("/p/harbour-socks/", secure=True))

    # when
    response = client.get("/p/harbour-socks/")

    # then
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/p/harbour-socks/"


def test_an_unknown_host_gets_the_stacks_bad_request(client):
    # given
    client.get("/p/harbour-socks/")

    # when
    response = client.get("/p/harbour-socks/", HTTP_HOST="evil.example")

    # then
    assert response.status_code == 400


def test_a_change_is_served_on_the_very_next_fast_request(client, shop):
    # given
    client.get("/p/harbour-socks/")
    assert fast(client.get("/p/harbour-socks/"))

    # when
    shop.description = "Knitted by the harbour, now with a reinforced heel."
    shop.save()

    # then
    fresh = client.get("/p/harbour-socks/")
    assert rendered(fresh) and "reinforced heel" in fresh.content.decode()
    again = client.get("/p/harbour-socks/")
    assert fast(again) and "reinforced heel" in again.content.decode()


def test_static_files_are_never_looked_up(client, monkeypatch):
    # given
    looked_up = []
    monkeypatch.setattr(page_cache, "_lookup", lambda key: looked_up.append(key) or (None, None))

    # when
    response = client.get("/static/shopkeep/favicon.svg")
    client.get("/p/harbour-socks/")

    # then
    assert response.status_code == 200
    assert len(looked_up) == 1  # the page only, once: the innermost middleware reuses the fast path's look-up
