"""Cross-site request protection for forms an anonymous visitor submits.

Django's CSRF check needs a cookie set before the form is shown, which would
break "no cookie on a first visit" (P-06) and cookieless mode (P-07). Forms a
visitor can submit before logging in (add to cart, cart, checkout, log in,
register, password reset) are protected instead by the browser's Fetch Metadata
(`Sec-Fetch-Site`) or `Origin` header, and cart forms also by a signed per-cart
token (see shopkeep.cart.identity). Logged-in pages keep Django's CSRF check.
"""

from functools import wraps

from django.http import HttpRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _browser_says_same_origin(request: HttpRequest) -> bool | None:
    """What the browser's Sec-Fetch-Site or Origin header says: same origin, another site, or None when silent."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin == f"{request.scheme}://{request.get_host()}"
    return None


def request_is_same_origin(request: HttpRequest) -> bool:
    """True when the browser says the request comes from one of the shop's own pages."""
    return _browser_says_same_origin(request) is True


def request_is_cross_site(request: HttpRequest) -> bool:
    """True when the browser says the request comes from another site (a silent browser is not cross-site)."""
    return _browser_says_same_origin(request) is False


def forbidden_cross_site() -> HttpResponseForbidden:
    return HttpResponseForbidden(
        "This form was sent from another site or from an expired page. Go back, reload the page and try again.",
        content_type="text/plain; charset=utf-8",
    )


def same_origin_required(view):
    """Accept unsafe methods only from the shop's own pages; no cookie needed."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not request_is_same_origin(request):
            return forbidden_cross_site()
        return view(request, *args, **kwargs)

    return wrapped
