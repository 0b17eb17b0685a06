from django.utils.functional import SimpleLazyObject

from shopkeep.cart.identity import CART_COOKIE, cart_from_request, cart_in_url, request_cart_mode_start
from shopkeep.conf import conf


class CartMiddleware:
    """Attach `request.cart` (lazily) and set the cart cookie when a cart was started."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_cart_mode_start(request)
        request.cart = SimpleLazyObject(lambda: cart_from_request(request))
        response = self.get_response(request)
        if cart_in_url():
            # The cart token rides in addresses: never send them to another site (P-07).
            response.headers["Referrer-Policy"] = "no-referrer"
        token = getattr(request, "_cart_to_remember", None)
        if token and not conf.cookieless and request.COOKIES.get(CART_COOKIE) != token:
            # A session cookie: no Expires/Max-Age, so it ends when the browser closes (P-06).
            response.set_cookie(
                CART_COOKIE, token, httponly=True, samesite="Lax", secure=request.is_secure()
            )
        return response
