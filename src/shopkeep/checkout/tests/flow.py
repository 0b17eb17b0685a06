"""Drive the web checkout with the Django test client, as a browser would, in either cookie mode."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

from shopkeep.cart.identity import CART_COOKIE, cart_signature
from shopkeep.cart.models import Cart
from shopkeep.conf import conf

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def details_form(**overrides) -> dict:
    """A complete details form for a guest shipping to the UK, billed to the same address."""
    return {
        "email": "ada@example.com",
        "shipping_name": "Ada Lovelace",
        "shipping_line1": "12 St James's Square",
        "shipping_line2": "",
        "shipping_city": "London",
        "shipping_region": "",
        "shipping_postal_code": "SW1Y 4JH",
        "shipping_country": "GB",
        "shipping_phone": "",
        "billing_same": "on",
        **overrides,
    }


def card_form(number: str = "4242424242424242", **overrides) -> dict:
    """The hosted payment page's card form, filled in."""
    return {"number": number, "exp_month": "12", "exp_year": str(date.today().year + 2), "cvc": "737",
            "postal_code": "SW1Y 4JH", **overrides}


def path_of(url: str) -> str:
    return urlsplit(url).path


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@dataclass
class Shopper:
    """A browser with a cart: in cookie mode the cart rides in the sk_cart cookie, else in every URL."""

    client: object
    cart: Cart
    key: str = ""  # cookieless: the draft key the details step hands out (the checkout links carry it)

    def __post_init__(self) -> None:
        if not conf.cookieless:
            self.client.cookies[CART_COOKIE] = self.cart.token

    def url(self, path: str) -> str:
        if not conf.cookieless:
            return path
        return f"{path}?{urlencode({'cart': self.cart.token, **({'dk': self.key} if self.key else {})})}"

    def signed(self, data: dict | None = None) -> dict:
        return {"cart": self.cart.token, "cart_sig": cart_signature(self.cart.token),
                **({"dk": self.key} if self.key else {}), **(data or {})}

    def get(self, path: str, **extra):
        return self.client.get(path if "?" in path else self.url(path), **extra)

    def post(self, path: str, data: dict | None = None, **extra):
        return self.client.post(path, self.signed(data), **{**SAME_ORIGIN, **extra})

    def submit_details(self, **overrides):
        response = self.post("/checkout/", details_form(**overrides))
        if response.status_code == 303:
            self.key = query_of(response["Location"]).get("dk", [""])[0]
        return response

    def choose_shipping(self, code: str = "gb-standard"):
        return self.post("/checkout/delivery/", {"shipping_method": code})

    def pay(self, number: str = "4242424242424242", **card):
        """Go to the gateway's hosted page, post the card form and follow the way back to the shop."""
        to_gateway = self.get("/checkout/payment/")
        assert to_gateway.status_code == 303, to_gateway
        assert path_of(to_gateway["Location"]).startswith("/sandbox-gateway/pay/")
        gateway_page = self.client.get(to_gateway["Location"])
        assert gateway_page.status_code == 200
        paid = self.client.post(to_gateway["Location"], card_form(number, **card))
        if paid.status_code != 303:
            return paid
        return self.client.get(paid["Location"])

    def place(self, **data):
        return self.post("/checkout/place/", data)

    def ready_to_place(self, number: str = "4242424242424242"):
        """Fill in every step up to the review page; return the review page."""
        assert self.submit_details().status_code == 303
        assert self.choose_shipping().status_code == 303
        back = self.pay(number)
        assert back.status_code == 303, back
        review = self.get(back["Location"])
        assert review.status_code == 200
        return review
