"""The client's address as the shop should believe it: behind a trusted reverse proxy, from X-Forwarded-For.

`X-Forwarded-For` can be written by anyone, so it is read only when the request came straight from a
proxy listed in SHOPKEEP_TRUSTED_PROXIES; then the right-most address that is not a trusted proxy is
the client (everything left of it may be spoofed by the client itself).
"""

import functools
import ipaddress
from collections.abc import Mapping, Sequence

from django.http import HttpRequest
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.cache import patch_cache_control

from shopkeep.conf import conf

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> str | None:
    """The address in `value` as written (without brackets or port), or None when it is not an IP address."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1:value.index("]")]  # "[2001:db8::1]:443" from some proxies
    elif value.count(":") == 1:
        value = value.partition(":")[0]  # "203.0.113.9:51234"
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return None
    return value


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped  # a dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d
    return any(parsed.version == network.version and parsed in network for network in networks)


def client_ip_from_meta(meta: Mapping[str, str], *, trusted: Sequence[Network] | None = None) -> str | None:
    """The client address from a WSGI environ / request.META; None when there is no valid address."""
    networks = conf.trusted_proxies if trusted is None else trusted
    peer = _address(meta.get("REMOTE_ADDR") or "")
    if peer is None or not networks or not _trusted(peer, networks):
        return peer
    hops = [part for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing left of it can be trusted
        if not _trusted(address, networks):
            return address
    return peer


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, honouring SHOPKEEP_TRUSTED_PROXIES; None if unknown."""
    return client_ip_from_meta(request.META)


class TrustedProxyMiddleware:
    """Drop the X-Forwarded-Proto header unless the request came straight from a trusted proxy, so that Django's
    SECURE_PROXY_SSL_HEADER (set only with SHOPKEEP_TRUSTED_PROXIES) cannot be spoofed by a client (P-14)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_FORWARDED_PROTO" in request.META:
            peer = _address(request.META.get("REMOTE_ADDR") or "")
            if peer is None or not _trusted(peer, conf.trusted_proxies):
                del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


# Pages that show personal data: the account, checkout and order pages and the back office.
PRIVATE_PATHS = ("/account/", "/checkout/", "/orders/", "/backoffice/", "/sandbox-gateway/", "/u/", "/survey/",
                 "/contests/won/", "/contests/withdraw/", "/newsletter/confirm/", "/privacy/request/")
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
                      "payment=(), usb=(), interest-cohort=(), browsing-topics=()")


class PrivateHeadersMiddleware:
    """`Cache-Control: no-store` on every page that may show personal data (any page a signed-in person sees,
    and the account, checkout, order and back-office pages for everyone), and a Permissions-Policy that turns
    off the browser features the shop never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(PRIVATE_PATHS) or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, no_cache=True, private=True, max_age=0)
            response.headers.pop("Expires", None)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


CACHEABLE_PAGE_ATTRIBUTE = "shopkeep_cacheable_page"


def cacheable_page(view):
    """Mark a view whose page is the same for every anonymous visitor (apart from the cart parts the storefront's
    page cache fills in per request), so the page cache may keep it. Any app may use it without importing a door."""
    setattr(view, CACHEABLE_PAGE_ATTRIBUTE, True)
    return view


def page_is_cacheable(view) -> bool:
    return bool(getattr(view, CACHEABLE_PAGE_ATTRIBUTE, False))


@functools.lru_cache(maxsize=8192)
def _reversed(name: str, typed_args: tuple, prefix: str, resolver) -> str:
    return reverse(name, args=[arg for _, arg in typed_args], urlconf=resolver.urlconf_name)


def reverse_cached(name: str, *args) -> str:
    """`reverse(name, args=args)`, remembered: a page links to the same few dozen addresses on every request, and
    each `reverse` walks the URL patterns again. Keyed by the arguments with their types, the script prefix and
    the URL configuration in force (a changed ROOT_URLCONF gives a new resolver): it answers as `reverse` would."""
    return _reversed(name, tuple((type(arg), arg) for arg in args), get_script_prefix(), get_resolver(get_urlconf()))


def reverser():
    """`reverse_cached` bound to the script prefix and URL configuration in force now: for the many links of one
    part of a page (a grid of product tiles) without looking them up again for each."""
    prefix, resolver = get_script_prefix(), get_resolver(get_urlconf())

    def reverse_bound(name: str, *args) -> str:
        return _reversed(name, tuple((type(arg), arg) for arg in args), prefix, resolver)

    return reverse_bound
