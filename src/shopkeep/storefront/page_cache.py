"""The page cache: anonymous storefront pages served without running their view, invalidated exactly.

What is cached: the response of a view marked with `shopkeep.http.cacheable_page` (home, category, product,
search, help center, policy and shop pages), for a GET or HEAD from a visitor who is not signed in, sends no
session cookie and whose cart does not travel in the address. It is filled only from a visitor without a cart,
only from a 200 response that sets no cookie, is not private/no-store and carries no CSRF token.

The key is the host, path, sorted query, cookie mode and the content version. The version is bumped by every
change a cached page may show (`PAGE_VERSION_MODELS` and the catalogue hook below: the one list), after the
change commits; it lives where every process sees it: in Redis when the shop uses Redis, else in one database
row (several workers with local-memory caches stay exact). A page rendered while a change commits is stored
under the version read before rendering, which the change's bump has already left behind.

Per-visitor parts (the header cart badge, the signed cart fields of cart forms) are rendered between markers by
`visitor_part`, which the template tags call; a page served from the cache gets the same function's output for
the visitor's own cart in place of the generic one (`visitor_parts_fill`).
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_max_age
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from shopkeep.cart.identity import CART_PARAM, SIGNATURE_FIELD, cart_in_url, cart_signature
from shopkeep.catalog.models import Category
from shopkeep.catalog.selectors import category_nav
from shopkeep.catalog.signals import catalog_changed
from shopkeep.conf import conf
from shopkeep.environment import VARIABLES
from shopkeep.http import page_is_cacheable
from shopkeep.pricing.models import ShippingMethod, ShippingZone, VatRate
from shopkeep.privacy.models import PolicyVersion
from shopkeep.shop.models import ShopIdentity, ShopPage
from shopkeep.storefront.models import PageVersion
from shopkeep.support.models import HelpArticle, HelpCategory

# Every change a cached page may show bumps the version. The catalogue (products, variants and their stock,
# prices, categories, pictures, documents) tells through its one hook, `catalog_changed`, which every catalogue
# write path reaches (services, CSV import, stock reservations, plain model saves); these models tell through
# their own saves and deletes: shipping zones and methods, VAT rates, the shop's identity and pages, the help
# center, and privacy-policy publication.
PAGE_VERSION_MODELS = (ShippingZone, ShippingMethod, VatRate, ShopIdentity, ShopPage, HelpCategory, HelpArticle,
                       PolicyVersion)

VERSION_KEY = "storefront:page-version"
ROW = 1
_pending_in_transaction = 0  # bumped at once by changes not yet committed, for the connection that made them


def _fresh_start() -> int:
    """A starting value for a lost counter (Redis evicted it, a database was flushed): above any earlier one."""
    return int(time.time() * 1000)


def _shared_version() -> int:
    if conf.redis_in_use:
        value = cache.get(VERSION_KEY)
        if value is None:
            cache.add(VERSION_KEY, _fresh_start(), timeout=None)
            value = cache.get(VERSION_KEY, 0)
        return int(value)
    return PageVersion.objects.filter(pk=ROW).values_list("value", flat=True).first() or 0


def _shared_bump() -> None:
    if conf.redis_in_use:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no counter (evicted or never set): start one above any earlier value
            cache.add(VERSION_KEY, _fresh_start(), timeout=None)
        return
    if not PageVersion.objects.filter(pk=ROW).update(value=F("value") + 1):
        PageVersion.objects.get_or_create(pk=ROW, defaults={"value": _fresh_start()})


def page_version() -> str:
    """The content version cached pages are keyed by.

    Within a transaction that changed something (a test, a shell session inside `atomic`), the changes are not
    committed yet, so the shared counter has not moved; the connection that made them still sees them, and its
    own pages must too: for it the version also counts the uncommitted changes.
    """
    pending = _pending_in_transaction if transaction.get_connection().in_atomic_block else 0
    return f"{_shared_version()}.{pending}"


def page_version_bump() -> None:
    """A change a cached page may show: bump the version once the change is committed (at once outside a
    transaction; once per transaction inside one)."""
    global _pending_in_transaction
    _pending_in_transaction += 1
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        if any(func is _shared_bump for _, func, _ in connection.run_on_commit):
            return
    transaction.on_commit(_shared_bump)


def _catalog_changed(sender, **kwargs) -> None:
    # The catalogue sends its hook at once and again after commit; inside a transaction only the pending count
    # moves, the send after commit bumps the shared counter.
    global _pending_in_transaction
    if transaction.get_connection().in_atomic_block:
        _pending_in_transaction += 1
    else:
        page_version_bump()


def _model_changed(sender, **kwargs) -> None:
    if not kwargs.get("raw"):
        page_version_bump()


def page_version_connect() -> None:
    """Listen to every change listed above (called from the storefront app's ready())."""
    catalog_changed.connect(_catalog_changed, dispatch_uid="page-cache-catalog")
    for model in PAGE_VERSION_MODELS:
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}")


def category_nav_versioned(request: HttpRequest) -> list[dict]:
    """The category menu; on a cacheable page, read under the page version (exact across processes)."""
    version = getattr(request, "_page_version", None)
    if version is None:
        return category_nav()
    key = f"storefront:nav:{version}"
    categories = cache.get(key)
    if categories is None:
        categories = list(Category.objects.values("name", "slug"))
        cache.set(key, categories, conf.page_cache_seconds)
    return categories


# Per-visitor parts -------------------------------------------------------------------------------------------

_START, _END = "<!--sk-visitor:{}-->", "<!--/sk-visitor-->"
_PART_PATTERN = re.compile(r"<!--sk-visitor:([a-z-]+)-->.*?<!--/sk-visitor-->", re.S)


def _cart_badge(cart) -> str:
    count = cart.item_count if cart is not None else 0
    if not count:
        return ""
    return format_html(' <span class="badge">{}<span class="visually-hidden"> item{}</span></span>',
                       count, "" if count == 1 else "s")


def _cart_fields(cart) -> str:
    if cart is None:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}"><input type="hidden" name="{}" value="{}">',
                       CART_PARAM, cart.token, SIGNATURE_FIELD, cart_signature(cart.token))


VISITOR_PARTS = {"cart-badge": _cart_badge, "cart-fields": _cart_fields}


def visitor_part(name: str, cart) -> SafeString:
    """One per-visitor part of a page for `cart` (None: no cart), between markers the page cache finds again."""
    return mark_safe(_START.format(name) + VISITOR_PARTS[name](cart) + _END)  # noqa: S308 (parts are format_html)


def visitor_parts_fill(html: str, cart) -> str:
    """`html` (a page rendered for no cart) with every per-visitor part rendered for `cart` instead."""
    return _PART_PATTERN.sub(lambda match: visitor_part(match.group(1), cart), html)


# The middleware ----------------------------------------------------------------------------------------------

def _servable(request: HttpRequest, view_func) -> bool:
    if not conf.page_cache or request.method not in ("GET", "HEAD") or not page_is_cacheable(view_func):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # a session: maybe signed in, maybe messages waiting
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # The cart travels in the address (cookieless mode, or cookies blocked): every link carries it.
    return not (CART_PARAM in request.GET or cart_in_url() and not conf.cookieless)


def _settings_digest() -> str:
    """The shop's settings (pages show some, such as the return window): a changed setting means new keys."""
    values = repr([(variable.name, getattr(settings, variable.name, None)) for variable in VARIABLES])
    return hashlib.sha256(values.encode()).hexdigest()[:16]


def page_key(request: HttpRequest, version: str) -> str:
    """Host, path, sorted query, cookie mode (and the other settings) and the content version."""
    query = "&".join(f"{key}={value}" for key, values in sorted(request.GET.lists()) for value in sorted(values))
    address = (f"{request.scheme}://{request.get_host()}{request.path}?{query}|{settings.SHOPKEEP_COOKIES}"
               f"|{_settings_digest()}")
    return f"storefront:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def _fillable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control or get_max_age(response) == 0:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_cart_to_remember", None):
        return False  # the page used a CSRF token, or started a cart
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return b"csrfmiddlewaretoken" not in response.content


class PageCacheMiddleware:
    """Serve cacheable anonymous pages from the cache and fill it (innermost, so every other middleware still runs
    for a page served from the cache: analytics, cart, CSP, security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_page_cache_fill", None)
        if key and request.method == "GET" and _fillable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            cache.set(key, {"content": response.content, "headers": headers}, conf.page_cache_seconds)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not _servable(request, view_func):
            return None
        version = page_version()  # read before the view renders: a change committing meanwhile moves past it
        request._page_version = version
        key = page_key(request, version)
        cart = getattr(request, "cart", None) or None
        entry = cache.get(key)
        if entry is None:
            if cart is None:
                request._page_cache_fill = key
            return None
        response = HttpResponse(entry["content"], headers=entry["headers"])
        if cart is not None:
            response.content = visitor_parts_fill(response.content.decode(response.charset), cart)
        return response
