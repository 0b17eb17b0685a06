"""Every URL pattern, enumerated from the URL configuration, against an anonymous visitor, customer A, customer B
and each staff role: no one reaches what is not theirs (P-36 boundaries, P-38 second factor)."""

import re

import pytest
from django.urls import URLResolver, get_resolver

from shopkeep.customers.models import Address
from shopkeep.customers.tests.factories import customer_create
from shopkeep.orders.tests.factories import order_place
from shopkeep.privacy.roles import Role
from shopkeep.support.services import support_request_create
from shopkeep.testing.staff import staff_login

pytestmark = pytest.mark.django_db
ALL = set(Role.values)
# Who may open the staff screens under each prefix (the longest matching prefix wins); the owner may open all.
STAFF_SCREENS = {
    "backoffice/": ALL,  # each role's home shows only its own cards
    "backoffice/practices/": ALL,
    "backoffice/practices/publish/": {Role.OWNER},
    "backoffice/stats/": {Role.MARKETING},
    "backoffice/campaigns/": {Role.MARKETING},
    "backoffice/support/": {Role.CUSTOMER_SERVICE},
    "backoffice/shop/": {Role.OWNER},
    "backoffice/dispatch/": {Role.FULFILMENT},
    "backoffice/fraud/": {Role.CUSTOMER_SERVICE},
    "backoffice/returns/": {Role.CUSTOMER_SERVICE},
    "backoffice/terminal/": {Role.BILLING},
    "backoffice/orders/": {Role.CUSTOMER_SERVICE, Role.BILLING},
    "backoffice/stats/sales/": {Role.MARKETING, Role.BILLING},
    "backoffice/customers/": {Role.CUSTOMER_SERVICE, Role.BILLING},
    "backoffice/catalog/": {Role.OWNER},
    "backoffice/catalog/stock/": {Role.FULFILMENT},
    "backoffice/settings/": {Role.OWNER},
    "backoffice/staff/": {Role.OWNER},
}
# Pages for a signed-in account (anyone else is sent to the login page).
ACCOUNT_PAGES = ("account/", "account/addresses/", "account/orders/", "account/support/", "survey/preferences/",
                 "account/second-factor/set-up/", "account/confirm-password/")
PUBLIC_PREFIXES = ("", "contact/", "terms/", "shipping-and-returns/", "withdrawal/", "c/", "p/", "search/", "privacy/",
                   "cookies/", "newsletter/", "u/", "hooks/", "survey/", "contests/", "help/", "cart/", "checkout/",
                   "account/", "orders/return/", "sandbox-gateway/", "api/v1/", "healthz")


def url_patterns(patterns=None, prefix=""):
    """(path template, view name) of every URL pattern, admin included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name


def filled(template: str, values: dict[str, str]) -> str:
    """The template with each <converter:name> replaced (unknown names get a value that matches nothing)."""
    template = template.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    template = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", template)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "999999"), template)


def _user_number(client) -> str:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"]).customer_number


def _allowed(path: str) -> set[str]:
    best = max((prefix for prefix in STAFF_SCREENS if path.startswith(prefix)), key=len)
    return STAFF_SCREENS[best] | {Role.OWNER}


@pytest.fixture
def world():
    ada = customer_create(email="ada@example.com", name="Ada Adams")
    bob = customer_create(email="bob@example.com", name="Bob Brown")
    order = order_place(customer=ada, email="ada@example.com")
    address = Address.objects.create(customer=ada, name="Ada Adams", line1="1 Secret Lane", city="London",
                                     postal_code="SW1A 1AA", country="GB")
    ticket = support_request_create(email="ada@example.com", message="Ada's private question", customer=ada)
    values = {"number": order.number, "address_id": str(address.pk), "reference": ticket.reference}
    return {"ada": ada, "bob": bob, "order": order, "address": address, "ticket": ticket, "values": values}


def test_every_url_pattern_is_known_to_this_suite():
    patterns = list(url_patterns())
    assert len(patterns) > 100
    unknown = [path for path, _ in patterns
               if not path.startswith(("backoffice/", "admin/")) and not path.startswith(PUBLIC_PREFIXES[1:])
               and path != ""]
    assert unknown == []


def test_anonymous_visitors_reach_no_staff_or_account_page(client, world):
    for path, _name in url_patterns():
        if not path.startswith(("backoffice/", "admin/")):
            continue
        url = filled(path, world["values"])
        response = client.get(url)
        if path.startswith("backoffice/staff/invitation/"):
            assert response.status_code == 400, url  # the invitation link itself: a made-up one is refused
            continue
        assert response.status_code in (302, 404, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith(("/account/login/", "/admin/login/")), url
    for page in ACCOUNT_PAGES:
        assert client.get("/" + page)["Location"].startswith("/account/login/"), page


@pytest.mark.parametrize("who", ["ada", "bob"])
def test_customers_reach_no_staff_page(client, world, who):
    client.force_login(world[who])
    for path, _name in url_patterns():
        if path.startswith(("backoffice/", "admin/")) and not path.startswith("backoffice/staff/invitation/"):
            url = filled(path, world["values"])
            response = client.get(url)
            assert response.status_code in (302, 403, 404, 405), url
            if response.status_code == 302:
                assert response["Location"].startswith(("/account/login/", "/admin/login/")), url


def test_customer_b_never_sees_customer_a_s_order_address_or_request(client, world):
    client.force_login(world["bob"])
    values = world["values"]
    for url in (f"/account/orders/{values['number']}/", f"/account/addresses/{values['address_id']}/edit/",
                f"/account/addresses/{values['address_id']}/delete/", f"/account/support/{values['reference']}/"):
        response = client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert "Secret Lane" not in html and "Ada" not in html and "private question" not in html
    assert client.post(f"/account/addresses/{values['address_id']}/delete/").status_code == 404
    assert Address.objects.filter(pk=world["address"].pk).exists()
    for page in ("/account/", "/account/orders/", "/account/addresses/", "/account/support/"):
        assert "Secret Lane" not in client.get(page).content.decode()
        assert values["number"] not in client.get(page).content.decode()


@pytest.mark.parametrize("role", list(Role.values))
def test_each_staff_role_opens_only_its_own_screens(client, world, role):
    staff_login(client, role)
    opened, refused = [], []
    for path, _name in url_patterns():
        if not path.startswith("backoffice/") or "<" in path or path.endswith((".csv", "delete", "send/", "draw/")):
            continue
        response = client.get("/" + path)
        if response.status_code == 405:
            continue  # a POST-only action (its role check is the same decorator)
        (opened if response.status_code == 200 else refused).append(("/" + path, response.status_code))
        if role in _allowed(path):
            assert response.status_code in (200, 405), (path, response.status_code)
        else:
            assert response.status_code == 403, (path, response.status_code)
    assert opened
    assert client.get("/admin/").status_code == 404  # there is no second staff door
    # and every refusal is in the security event log, by customer number only
    from shopkeep.privacy.models import SecurityEvent

    denied = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ROLE_DENIED)
    assert denied.count() == len([1 for _path, status in refused if status == 403])
    assert set(denied.values_list("account_ref", flat=True)) <= {_user_number(client)}
