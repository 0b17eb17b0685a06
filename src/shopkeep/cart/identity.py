"""How a request finds its cart: a random-id session cookie, or in cookieless mode the URL (P-06, P-07).

Cart forms carry the cart token and a signature of it; a valid signature proves the
form was rendered by the shop for that cart, which is the CSRF protection cart forms
use in both modes.
"""

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils.crypto import constant_time_compare, salted_hmac

from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_by_token
from shopkeep.conf import conf

CART_COOKIE = settings.CART_COOKIE_NAME  # "sk_cart", "__Host-sk_cart" with SHOPKEEP_HTTPS
CART_PARAM = "cart"
SIGNATURE_FIELD = "cart_sig"


def cart_signature(token: str) -> str:
    return salted_hmac("shopkeep.cart.form", token).hexdigest()[:32]


def cart_token_from_request(request: HttpRequest) -> str:
    """The cart token the request carries (cookie, or URL/form in cookieless mode)."""
    if conf.cookieless:
        return request.GET.get(CART_PARAM, "") or request.POST.get(CART_PARAM, "")
    return request.COOKIES.get(CART_COOKIE, "")


def cart_from_request(request: HttpRequest) -> Cart | None:
    return cart_by_token(token=cart_token_from_request(request))


def signed_form_token(request: HttpRequest) -> str:
    """The cart token a POSTed form carries, if its signature is valid; else ""."""
    token = request.POST.get(CART_PARAM, "")
    signature = request.POST.get(SIGNATURE_FIELD, "")
    if not token or not signature or not constant_time_compare(cart_signature(token), signature):
        return ""
    return token


def cart_from_signed_form(request: HttpRequest) -> Cart | None:
    """The cart named by a POSTed form, if its signature is valid."""
    token = signed_form_token(request)
    return cart_by_token(token=token) if token else None


def cart_url(path: str, *, cart: Cart | None, query: Mapping[str, str] | QueryDict | None = None) -> str:
    """`path` with the `query` parameters; in cookieless mode it also carries the cart token (P-07)."""
    params = QueryDict(mutable=True)
    carried = conf.cookieless and cart is not None
    if carried:
        params[CART_PARAM] = cart.token
    pairs = query.lists() if isinstance(query, QueryDict) else ((key, [value]) for key, value in (query or {}).items())
    for key, values in pairs:
        if not (carried and key == CART_PARAM):
            params.setlist(key, values)
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else path


def remember_cart(request: HttpRequest, cart: Cart) -> None:
    """Make later requests find this cart (the middleware sets the cookie)."""
    request.cart = cart
    request._cart_to_remember = cart.token
