"""A guest shopper driving the storefront through Django's test client, form by form, the way a
browser without JavaScript would: it submits the forms the pages render (hidden fields included),
follows redirects itself and keeps every response, so tests can check what each one did."""

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)

    def defaults(self) -> dict[str, str]:
        """What the browser would send without the customer touching anything."""
        data: dict[str, str] = {}
        for f in self.fields:
            if f["disabled"] or not f["name"]:
                continue
            if f["type"] in ("checkbox", "radio"):
                if f["checked"]:
                    data[f["name"]] = f["value"] if f["value"] is not None else "on"
            elif f["type"] not in ("submit", "button", "image", "reset"):
                data.setdefault(f["name"], f["value"] or "")
        return data


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(Form(action=a.get("action") or "", method=(a.get("method") or "get").lower()))
        elif tag in ("input", "button") and self.forms:
            self.forms[-1].fields.append({
                "name": a.get("name"), "value": a.get("value"), "type": (a.get("type") or "text").lower()
                if tag == "input" else "submit", "checked": "checked" in a, "disabled": "disabled" in a})
        elif tag == "select" and self.forms:
            self._select = {"name": a.get("name"), "value": None, "type": "select", "checked": False,
                            "disabled": "disabled" in a}
            self.forms[-1].fields.append(self._select)
        elif tag == "option" and self._select is not None:
            if self._select["value"] is None or "selected" in a:
                self._select["value"] = a.get("value", "")
        elif tag == "textarea" and self.forms:
            self._textarea = {"name": a.get("name"), "value": "", "type": "textarea", "checked": False,
                              "disabled": "disabled" in a}
            self.forms[-1].fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


class Shopper:
    """A browser-like guest: `open`, `follow_link`, `submit`; `responses` keeps every response."""

    def __init__(self, client: Client | None = None) -> None:
        self.client = client or Client()
        self.responses: list = []
        self.url = "/"
        self.page = None

    def _record(self, url: str, response):
        self.responses.append(response)
        while response.status_code in REDIRECTS:
            url = urljoin(url, response["Location"])
            response = self.client.get(url)
            self.responses.append(response)
        self.url, self.page = url, response
        return response

    def open(self, url: str):
        return self._record(url, self.client.get(url))

    def html(self) -> str:
        return self.page.content.decode()

    def link(self, path: str) -> str:
        """The first link on the page whose path is `path` (with whatever query it carries)."""
        for href in parse(self.html()).links:
            if urlsplit(href).path == path:
                return urljoin(self.url, href)
        raise AssertionError(f"no link to {path} on {self.url}")

    def follow_link(self, path: str):
        return self.open(self.link(path))

    def form(self, action_path: str | None = None) -> Form:
        """The page's form posting to `action_path` (None: the form posting to the page itself)."""
        for form in parse(self.html()).forms:
            target = urlsplit(urljoin(self.url, form.action)).path
            if form.method == "post" and target == (action_path or urlsplit(self.url).path):
                return form
        raise AssertionError(f"no form posting to {action_path} on {self.url}")

    def submit(self, action_path: str | None = None, **data):
        """Fill in and submit a form of the current page, as the same-origin browser would."""
        form = self.form(action_path)
        url = urljoin(self.url, form.action) if form.action else self.url
        body = {**form.defaults(), **{k: v for k, v in data.items() if v is not None}}
        for name in [k for k, v in data.items() if v is None]:
            body.pop(name, None)
        return self._record(url, self.client.post(url, body, HTTP_SEC_FETCH_SITE="same-origin"))

    def search(self, words: str):
        """Type `words` into the page's search form (a GET form) and send it."""
        for form in parse(self.html()).forms:
            target = urljoin(self.url, form.action)
            if form.method == "get" and urlsplit(target).path == reverse("catalog:search"):
                query = {**form.defaults(), "q": words}
                return self._record(target, self.client.get(urlsplit(target).path, query))
        raise AssertionError(f"no search form on {self.url}")

    def cookies_set(self) -> list[tuple[str, str]]:
        """(request path, cookie name) for every cookie any response set."""
        return [(r.request["PATH_INFO"], name) for r in self.responses for name in r.cookies]


GUEST = {
    "email": "grace@example.com",
    "shipping_name": "Grace Hopper",
    "shipping_line1": "1 Navy Yard",
    "shipping_city": "London",
    "shipping_postal_code": "SW1Y 4JH",
    "shipping_country": "GB",
}


def buy_as_guest(shopper: Shopper, *, items: list[tuple[str, str, str]], card: str, cvc: str = "123"):
    """Find each (search words, product slug, sku) by search, add it, then check out with `card` on the
    gateway's page; return the last response."""
    if not shopper.responses:
        shopper.open(reverse("storefront:home"))
    for words, slug, sku in items:
        shopper.search(words)
        shopper.follow_link(reverse("catalog:product", args=[slug]))
        shopper.submit(reverse("cart:add"), sku=sku, quantity="1")
        assert (shopper.page.status_code, urlsplit(shopper.url).path) == (200, reverse("cart:detail")), shopper.html()
    shopper.follow_link(reverse("checkout:details"))
    shopper.submit(**GUEST)
    assert urlsplit(shopper.url).path == reverse("checkout:delivery"), shopper.html()
    shopper.submit()
    assert urlsplit(shopper.url).path.startswith("/sandbox-gateway/pay/"), shopper.url
    shopper.submit(number=card, exp_month="12", exp_year=str(date.today().year + 2), cvc=cvc,
                   postal_code="SW1Y 4JH")
    assert urlsplit(shopper.url).path == reverse("checkout:review"), (shopper.url, shopper.html())
    shopper.submit(reverse("checkout:place"))
    return shopper.page


@pytest.fixture
def new_shopper():
    """Make a fresh guest browser (no cookies yet): `new_shopper()`."""
    return Shopper


@pytest.fixture
def guest_purchase():
    """`guest_purchase(shopper, items=[(search words, slug, sku)], card=..., cvc=...)`: search, add, check out."""
    return buy_as_guest
