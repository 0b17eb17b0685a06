"""How a request finds its cart: a random-id session cookie, or in cookieless mode the URL (P-06, P-07).

Cart forms carry the cart token and a signature of it; a valid signature proves the
form was rendered by the shop for that cart, which is the CSRF protection cart forms
use in both modes.
"""

from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

from shopkeep.cart.models import Cart
from shopkeep.cart.selectors import cart_by_token
from shopkeep.conf import conf

CART_COOKIE = "sk_cart"
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


def remember_cart(request: HttpRequest, cart: Cart) -> None:
    """Make later requests find this cart (the middleware sets the cookie)."""
    request.cart = cart
    request._cart_to_remember = cart.token
