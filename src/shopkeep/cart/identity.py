"""How a request finds its cart: a random-id session cookie, or in cookieless mode the URL (P-06, P-07).

Cart forms carry the cart token and a signature of it; a valid signature proves the
form was rendered by the shop for that cart, which is the CSRF protection cart forms
use in both modes.

With cookies on but blocked by the browser, the cart can travel in the URL too: a link carrying
the token *and* its signature (the "URL form" the cart page offers when the cookie did not come
back) puts that request in URL mode, and every link built by `cart_url` then carries both.
Other apps may ask links under a path to carry one more value in URL mode (`url_carry`): checkout
carries the key that unlocks the details typed into it, which product and cart links never do.
"""

from collections.abc import Mapping
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils.crypto import constant_time_compare, salted_hmac

from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_by_token
from shopkeep.conf import conf

CART_COOKIE = settings.CART_COOKIE_NAME  # "sk_cart", "__Host-sk_cart" with SHOPKEEP_HTTPS
CART_PARAM = "cart"
SIGNATURE_FIELD = "cart_sig"


# Per request (reset by CartMiddleware at the start of each): whether the cart travels in the URL although
# cookies are on, and the extra values links under a path carry in URL mode.
_IN_URL: ContextVar[bool] = ContextVar("shopkeep_cart_in_url", default=False)
_CARRIED: ContextVar[tuple] = ContextVar("shopkeep_cart_carried", default=())


def cart_signature(token: str) -> str:
    return salted_hmac("shopkeep.cart.form", token).hexdigest()[:32]


def _signed(token: str, signature: str) -> bool:
    return bool(token and signature) and constant_time_compare(cart_signature(token), signature)


def request_cart_mode_start(request: HttpRequest) -> None:
    """Start a request: URL mode when cookies are on, no cart cookie came, and the URL names a signed cart."""
    _CARRIED.set(())
    _IN_URL.set(not conf.cookieless and CART_COOKIE not in request.COOKIES
                and _signed(request.GET.get(CART_PARAM, ""), request.GET.get(SIGNATURE_FIELD, "")))


def cart_url_mode_for_form(request: HttpRequest) -> None:
    """A signed cart form POSTed without the cart cookie (cookies on): the browser blocks it, use URL mode."""
    if not conf.cookieless and CART_COOKIE not in request.COOKIES and signed_form_token(request):
        _IN_URL.set(True)


def cart_in_url() -> bool:
    """Whether this request's links carry the cart: cookieless mode, or cookies blocked (URL mode)."""
    return conf.cookieless or _IN_URL.get()


def url_carry(*, prefix: str, name: str, value: str) -> None:
    """In URL mode, links to paths under `prefix` built for the rest of this request also carry `name=value`."""
    _CARRIED.set((*_CARRIED.get(), (prefix, name, value)))


def cart_token_from_request(request: HttpRequest) -> str:
    """The cart token the request carries (cookie, or URL/form in cookieless mode or URL mode)."""
    if cart_in_url():
        return request.GET.get(CART_PARAM, "") or request.POST.get(CART_PARAM, "")
    return request.COOKIES.get(CART_COOKIE, "")


def cart_from_request(request: HttpRequest) -> Cart | None:
    return cart_by_token(token=cart_token_from_request(request))


def signed_form_token(request: HttpRequest) -> str:
    """The cart token a POSTed form carries, if its signature is valid; else ""."""
    token = request.POST.get(CART_PARAM, "")
    return token if _signed(token, request.POST.get(SIGNATURE_FIELD, "")) else ""


def signed_query_token(request: HttpRequest, *, param: str, signature_param: str) -> str:
    """A cart token a link carries in `param` with its signature in `signature_param`, if valid; else ""."""
    token = request.GET.get(param, "")
    return token if _signed(token, request.GET.get(signature_param, "")) else ""


def cart_from_signed_form(request: HttpRequest) -> Cart | None:
    """The cart named by a POSTed form, if its signature is valid."""
    token = signed_form_token(request)
    return cart_by_token(token=token) if token else None


def cart_url(path: str, *, cart: Cart | None, query: Mapping[str, str] | QueryDict | None = None) -> str:
    """`path` with the `query` parameters; in cookieless mode it also carries the cart token (P-07)."""
    if not query and (cart is None or not cart_in_url()):
        return path  # nothing to add (most links of most pages)
    params = QueryDict(mutable=True)
    carried = cart_in_url() and cart is not None
    own = {CART_PARAM}
    if carried:
        params[CART_PARAM] = cart.token
        if not conf.cookieless:  # URL mode: the signature proves the link came from the shop
            params[SIGNATURE_FIELD] = cart_signature(cart.token)
            own.add(SIGNATURE_FIELD)
        for prefix, name, value in _CARRIED.get():
            if path.startswith(prefix) and value:
                params[name] = value
                own.add(name)
    pairs = query.lists() if isinstance(query, QueryDict) else ((key, [value]) for key, value in (query or {}).items())
    for key, values in pairs:
        if not (carried and key in own):
            params.setlist(key, values)
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else path


def cart_url_form(path: str, *, cart: Cart) -> str:
    """`path` carrying the cart token and its signature: the cart in the URL, for a browser that blocks cookies."""
    return f"{path}?{CART_PARAM}={cart.token}&{SIGNATURE_FIELD}={cart_signature(cart.token)}"


def remember_cart(request: HttpRequest, cart: Cart) -> None:
    """Make later requests find this cart (the middleware sets the cookie)."""
    request.cart = cart
    request._cart_to_remember = cart.token
