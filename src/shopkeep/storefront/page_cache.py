"""The page cache: anonymous storefront pages served without running their view, invalidated exactly.

What is cached: the response of a view marked with `shopkeep.http.cacheable_page` (home, category, product,
search, help center, policy and shop pages), for a GET or HEAD from a visitor who is not signed in, sends no
session cookie and whose cart does not travel in the address. It is filled only from a visitor without a cart,
only from a 200 response that sets no cookie, is not private/no-store and carries no CSRF token.

The key is the host, path, sorted query, cookie mode and the other settings; the entry records the content version
it was rendered under and is served only while that is still the version. The version is bumped by every change a
cached page may show (`PAGE_VERSION_MODELS` and the catalogue hook below: the one list), after the change commits;
it lives where every process sees it: in Redis when the shop uses Redis (read in the same round trip as the page),
else in one database row (several workers with local-memory caches stay exact). A page rendered while a change
commits is stored under the version read before rendering, which the change's bump has already left behind.

Two middlewares serve it:
- `PageCacheFastPathMiddleware`, near the top of the stack, answers a hit for a request that carries no session
  and no CSRF cookie (a cart cookie is fine) before the rest of the stack runs. The entry holds the headers the
  whole stack gave the page when it was filled (security headers, CSP, Vary, Permissions-Policy …: they are the
  same for every such request to the same key), so the answer is the one the whole stack would give; the page view
  is counted through the statistics' own function, and a visitor's cart parts are filled in as below.
- `PageCacheMiddleware`, innermost, fills the cache (the fast path adds the whole stack's headers on the way out)
  and serves the other anonymous requests (a CSRF cookie from an earlier form, say) with every middleware run.

Per-visitor parts (the header cart badge, the signed cart fields of cart forms) are rendered between markers by
`visitor_part`, which the template tags call; a page served from the cache gets the same function's output for
the visitor's own cart in place of the generic one (`visitor_parts_fill`).
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_max_age
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from shopkeep.analytics.middleware import pageview_counted, pageview_path, pageview_record
from shopkeep.cart.identity import (
    CART_COOKIE,
    CART_PARAM,
    SIGNATURE_FIELD,
    cart_from_request,
    cart_in_url,
    cart_signature,
    request_cart_mode_start,
)
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
STATIC_PREFIX = "/" + settings.STATIC_URL.strip("/") + "/"
ROW = 1
_pending_in_transaction = 0  # bumped at once by changes not yet committed, for the connection that made them


def _fresh_start() -> int:
    """A starting value for a lost counter (Redis evicted it, a database was flushed): above any earlier one."""
    return int(time.time() * 1000)


def _redis_version(value) -> int:
    """The shared counter as read from Redis (`value`); a lost counter is started again."""
    if value is None:
        cache.add(VERSION_KEY, _fresh_start(), timeout=None)
        value = cache.get(VERSION_KEY, 0)
    return int(value)


_ROW_SQL = f'SELECT "value" FROM "{PageVersion._meta.db_table}" WHERE "id" = {ROW}'  # noqa: S608 (constants)


def _row_version() -> int:
    """The shared counter's database row (plain SQL without parameters: this runs for every cached page)."""
    with connection.cursor() as cursor:
        cursor.execute(_ROW_SQL)
        row = cursor.fetchone()
    return row[0] if row else 0


def _shared_version() -> int:
    if conf.redis_in_use:
        return _redis_version(cache.get(VERSION_KEY))
    return _row_version()


def _shared_bump() -> None:
    if conf.redis_in_use:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no counter (evicted or never set): start one above any earlier value
            cache.add(VERSION_KEY, _fresh_start(), timeout=None)
        return
    if not PageVersion.objects.filter(pk=ROW).update(value=F("value") + 1):
        PageVersion.objects.get_or_create(pk=ROW, defaults={"value": _fresh_start()})


def _version_of(shared: int) -> str:
    pending = _pending_in_transaction if transaction.get_connection().in_atomic_block else 0
    return f"{shared}.{pending}"


def page_version() -> str:
    """The content version a cached page must have been rendered under to be served.

    Within a transaction that changed something (a test, a shell session inside `atomic`), the changes are not
    committed yet, so the shared counter has not moved; the connection that made them still sees them, and its
    own pages must too: for it the version also counts the uncommitted changes.
    """
    return _version_of(_shared_version())


def _lookup(key: str) -> tuple[dict | None, str | None]:
    """The cached entry under `key` and the current version: with Redis both in one round trip; without, the
    version (a database read) only when there is an entry to compare it with, else None."""
    if conf.redis_in_use:
        found = cache.get_many([VERSION_KEY, key])
        return found.get(key), _version_of(_redis_version(found.get(VERSION_KEY)))
    entry = cache.get(key)
    return entry, None if entry is None else page_version()


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


_digest: list[str] = []  # the settings' digest, worked out once per process (and again when a setting changes)


def _settings_digest() -> str:
    """The shop's settings (pages show some, such as the return window): a changed setting means new keys."""
    if not _digest:
        values = repr([(variable.name, getattr(settings, variable.name, None)) for variable in VARIABLES])
        _digest.append(hashlib.sha256(values.encode()).hexdigest()[:16])
    return _digest[0]


def _setting_changed(**kwargs) -> None:
    _digest.clear()  # settings change at run time only in tests (override_settings); the next key sees it


setting_changed.connect(_setting_changed, dispatch_uid="page-cache-settings-digest")


def page_key(request: HttpRequest) -> str:
    """Host, path, sorted query, cookie mode (and the other settings); the version is in the entry."""
    query = "&".join(f"{key}={value}" for key, values in sorted(request.GET.lists()) for value in sorted(values))
    address = (f"{request.scheme}://{request.get_host()}{request.path}?{query}|{settings.SHOPKEEP_COOKIES}"
               f"|{_settings_digest()}")
    return f"storefront:page:{hashlib.sha256(address.encode()).hexdigest()}"


def _uncacheable(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return "private" in cache_control or "no-store" in cache_control or get_max_age(response) == 0


def _fillable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies or _uncacheable(response):
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


def _with_visitor_parts(response: HttpResponse, cart) -> HttpResponse:
    if cart is not None:
        response.content = visitor_parts_fill(response.content.decode(response.charset), cart)
    return response


class PageCacheMiddleware:
    """Serve cacheable anonymous pages from the cache and fill it (innermost, so every other middleware still runs
    for a page served from here: analytics, cart, CSP, security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        fill = getattr(request, "_page_cache_fill", None)
        if fill and request.method == "GET" and _fillable(request, response):
            key, version = fill
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            entry = {"version": version, "content": response.content, "headers": headers}
            cache.set(key, entry, conf.page_cache_seconds)
            request._page_cache_entry = (key, entry)  # the fast path adds the whole stack's headers
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not _servable(request, view_func):
            return None
        key = page_key(request)
        # The version is read before the view renders (here, or by the fast path when it looked this key up):
        # a change committing meanwhile moves past it.
        looked_up = getattr(request, "_page_cache_lookup", None)
        entry, version = looked_up[1:] if looked_up and looked_up[0] == key else _lookup(key)
        if version is None:
            version = page_version()
        request._page_version = version
        cart = getattr(request, "cart", None) or None
        if entry is None or entry["version"] != version:
            if cart is None:
                request._page_cache_fill = (key, version)
            return None
        return _with_visitor_parts(HttpResponse(entry["content"], headers=entry["headers"]), cart)


def _fast_path_key(request: HttpRequest) -> str | None:
    """The page key when the whole stack would treat `request` as the cache's filling request was treated (no
    session or CSRF cookie, no cart in the address, no redirect to HTTPS or to www, an allowed host), else None."""
    if not conf.page_cache or request.method not in ("GET", "HEAD") or request.path_info.startswith(STATIC_PREFIX):
        return None  # static files are never a page: no key, no look-up
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies or CART_PARAM in request.GET:
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure() or settings.PREPEND_WWW:
        return None
    if settings.DISALLOWED_USER_AGENTS:
        return None
    try:
        return page_key(request)
    except DisallowedHost:
        return None  # the whole stack answers it


class PageCacheFastPathMiddleware:
    """Answer a cache hit for a visitor without a session before the rest of the stack (placed right after
    TrustedProxyMiddleware, which decides whether the request came over HTTPS); on the way out, complete the entry
    `PageCacheMiddleware` filled with the headers the whole stack added and the path its page view is counted
    under."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _fast_path_key(request)
        if key is not None:
            entry, version = _lookup(key)  # any page: only cacheable ones have entries
            if entry is not None and entry["version"] == version and "final" in entry:
                return self._hit(request, entry)
            request._page_cache_lookup = (key, entry, version)  # the innermost middleware needs no second look
        response = self.get_response(request)
        filled = getattr(request, "_page_cache_entry", None)
        if filled is not None:
            # Filled from a request without session, cart or address cart that set no cookie: whatever else it
            # carried (a valid CSRF cookie), the stack added the headers it adds to every request the fast path
            # answers for this key.
            self._complete(request, response, *filled)
        return response

    @staticmethod
    def _hit(request: HttpRequest, entry: dict) -> HttpResponse:
        request_cart_mode_start(request)  # as CartMiddleware does at the start of every request
        cart = cart_from_request(request) if CART_COOKIE in request.COOKIES else None
        response = _with_visitor_parts(HttpResponse(entry["content"], headers=entry["final"]), cart)
        if "Content-Length" in response.headers:
            response.headers["Content-Length"] = str(len(response.content))  # as CommonMiddleware set it
        if request.method == "GET" and entry["pageview"] is not None:
            pageview_record(request, path=entry["pageview"])
        return response

    @staticmethod
    def _complete(request: HttpRequest, response: HttpResponse, key: str, entry: dict) -> None:
        if (response.status_code != 200 or response.streaming or response.cookies or _uncacheable(response)
                or response.content != entry["content"]):
            return  # the stack changed the page or made it personal: only the innermost middleware serves it
        entry["final"] = list(response.items())  # Content-Length too: the hit sets its value in the same place
        entry["pageview"] = pageview_path(request) if pageview_counted(request, response) else None
        cache.set(key, entry, conf.page_cache_seconds)
