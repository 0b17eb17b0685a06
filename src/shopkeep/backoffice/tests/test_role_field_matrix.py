"""What each role sees, generated from the data map (P-36) and the URL configuration, audited (P-37).

Every back-office URL is requested by every role. A role the view does not admit gets 403. For a page a role
may open, the personal values present in the response (its HTML text, or a PDF's text) are exactly those the
data map lets that role see of what the page shows the owner, and each of them is listed in the audit entries
written by that request. A customer gets nothing from any staff URL.
"""

import io
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pypdf import PdfReader

from shopkeep.catalog.tests.factories import variant_create
from shopkeep.customers.models import User
from shopkeep.orders.fulfilment import order_dispatch, order_mark_delivered, return_exchange_accept, return_request
from shopkeep.orders.models import Order, OrderEvent, PhoneVerification
from shopkeep.orders.services import order_transition
from shopkeep.orders.tests.factories import order_place
from shopkeep.payments.models import Payment
from shopkeep.privacy.models import AuditEntry
from shopkeep.privacy.registry import fields_visible_to
from shopkeep.privacy.roles import Role
from shopkeep.sandbox_gateway.tests.factories import ADDRESS_FAILS
from shopkeep.testing.staff import staff_login, staff_user

pytestmark = pytest.mark.django_db

STAFF_NAMESPACES = ("backoffice", "analytics")
# Opened through a signed link before the person has a staff account, so no role can be required.
SIGNED_LINK_URLS = {"backoffice_staff:invitation"}

# One recognisable value per personal field; its presence in a response means the field is shown.
SENTINELS = {
    ("customers.User", "email"): "acct.person@example.com",
    ("customers.User", "name"): "Matrixina Accountname",
    ("orders.Order", "email"): "order.person@example.com",
    ("orders.Order", "checkout_ip"): "203.0.113.77",
    ("customers.Address", "name"): "Shipname Sentinel",
    ("customers.Address", "line1"): "77 Sentinel Road",
    ("customers.Address", "phone"): "+442079460777",
    ("payments.Payment", "card_brand"): "zebracard",
    ("payments.Payment", "card_last4"): "9876",
    ("orders.ReturnRequest", "reason"): "Sentinel return reason",
    ("orders.OrderEvent", "note"): "Sentinel staff note",
    ("orders.PhoneVerification", "note"): "Sentinel phone note",
}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def response_text(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(parser.parts)


def fields_present(text: str) -> set[tuple[str, str]]:
    lowered = text.lower()
    return {key for key, value in SENTINELS.items() if value.lower() in lowered}


def visible(role: str) -> set[tuple[str, str]]:
    from django.apps import apps

    return {(label, name) for label, name in SENTINELS
            if name in fields_visible_to(apps.get_model(label), {role})}


def _sentinel_order(customer, *, held: bool = False, **options):
    order = order_place(customer=customer, email=SENTINELS[("orders.Order", "email")],
                        phone=SENTINELS[("customers.Address", "phone")], **options)
    if order.status == Order.Status.ON_HOLD and not held:  # several orders of one customer trip the velocity rule
        order_transition(order=order, to=Order.Status.READY_TO_DISPATCH, note="Released for the test.", email=False)
    address = order.shipping_address
    address.name, address.line1 = SENTINELS[("customers.Address", "name")], SENTINELS[("customers.Address", "line1")]
    address.save()
    Payment.objects.filter(order=order).update(card_brand="zebracard", card_last4="9876")
    OrderEvent.objects.create(order=order, kind=OrderEvent.Kind.NOTE, from_status=order.status,
                              to_status=order.status, note=SENTINELS[("orders.OrderEvent", "note")])
    return order


@pytest.fixture
def shop_state():
    """Orders of one customer in every state a staff page handles, every personal field holding its sentinel."""
    customer = User.objects.create_user(SENTINELS[("customers.User", "email")], "a long customer password 1",
                                        name=SENTINELS[("customers.User", "name")])
    held = _sentinel_order(customer, held=True, card=ADDRESS_FAILS, client_ip=SENTINELS[("orders.Order", "checkout_ip")])
    PhoneVerification.objects.create(order=held, called_at=timezone.now(), outcome="unreachable",
                                     note=SENTINELS[("orders.PhoneVerification", "note")])
    ready = _sentinel_order(customer)
    returned = _sentinel_order(customer)
    exchanged = _sentinel_order(customer)
    for order in (returned, exchanged):
        order_dispatch(order=order, quantities={line.pk: line.quantity for line in order.lines.all()},
                       carrier="DPD", tracking_number="T-1", by=None)
        order_mark_delivered(order=order)
    socks = returned.lines.order_by("id").first()
    refund = return_request(order=returned, quantities={socks.pk: 1}, kind="refund",
                            reason=SENTINELS[("orders.ReturnRequest", "reason")])
    socks = exchanged.lines.order_by("id").first()
    larger = variant_create(product=socks.variant.product, sku="MATRIX-L", size="L", price="12.50", stock=5)
    exchange = return_request(order=exchanged, quantities={socks.pk: 1}, kind="exchange", reason="Too small",
                              exchange_variants={socks.pk: larger.pk})
    return_exchange_accept(request=exchange, by=None)
    return {"customer": customer, "held": held, "ready": ready, "refund": refund, "exchange": exchange}


def _arguments(name: str, converters: dict, state) -> dict:
    """Sample values for a URL's arguments: the order or return the page is about, else a harmless stand-in."""
    values = {}
    for argument in converters:
        if argument == "number" and name == "backoffice_orders:customer":
            values[argument] = state["customer"].customer_number
        elif argument == "number":
            values[argument] = (state["held"] if "fraud" in name else state["ready"]).number
        elif argument == "pk" and name in ("backoffice:return_handle", "backoffice_orders:return_refuse"):
            values[argument] = state["refund"].pk
        elif argument == "pk" and name == "backoffice_orders:replacement":
            values[argument] = state["exchange"].pk
        else:
            values[argument] = 999999 if type(converters[argument]).__name__ == "IntConverter" else "x"
    return values


def staff_urls(state) -> list[tuple[str, str, frozenset]]:
    """(name, url, roles admitted) of every URL in the staff namespaces, from the URL configuration."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace and namespace.startswith(STAFF_NAMESPACES):
                name = f"{namespace}:{pattern.name}"
                if name in SIGNED_LINK_URLS:
                    continue
                roles = getattr(pattern.callback, "roles", None)
                assert roles is not None, f"{name} does not declare the roles it admits (use role_required)"
                url = reverse(name, kwargs=_arguments(name, pattern.pattern.converters, state))
                found.append((name, url, roles))

    walk(get_resolver().url_patterns, None)
    return found


def _request(client, url):
    response = client.get(url)
    return client.post(url) if response.status_code == 405 else response


@pytest.mark.promise("P-36", clause="every screen")
@pytest.mark.promise("P-37")
def test_each_role_sees_on_each_staff_page_exactly_the_personal_fields_the_data_map_gives_it(client, shop_state):
    # given: every staff URL, and what the owner sees on each
    urls = staff_urls(shop_state)
    assert {"backoffice_orders:detail", "backoffice:dispatch_order", "backoffice:fraud_review",
            "backoffice_orders:invoice_pdf"} <= {name for name, _, _ in urls}
    staff_login(client, Role.OWNER)
    owner_sees = {url: fields_present(response_text(r)) for name, url, _ in urls
                  if (r := client.get(url)).status_code == 200}
    problems = []

    for role in (Role.BILLING, Role.CUSTOMER_SERVICE, Role.FULFILMENT, Role.MARKETING):
        client.logout()
        staff_login(client, role)
        for name, url, admitted in urls:
            # when
            before = AuditEntry.objects.count()
            response = _request(client, url)

            # then: a page not for this role is refused; a page for it shows exactly what the map allows
            if role not in admitted:
                if response.status_code != 403:
                    problems.append(f"{role} on {name}: {response.status_code}, expected 403")
                continue
            if response.status_code != 200 or url not in owner_sees:
                continue
            shown = fields_present(response_text(response))
            expected = owner_sees[url] & visible(role)
            audited = {tuple(field.rsplit(".", 1)) for entry in AuditEntry.objects.order_by("id")[before:]
                       for field in entry.fields}
            if shown != expected:
                problems.append(f"{role} on {name}: shows {sorted(shown)}, the data map allows {sorted(expected)}")
            if not shown <= audited:
                problems.append(f"{role} on {name}: {sorted(shown - audited)} shown but not in the audit entry")
    assert problems == []


@pytest.mark.promise("P-36", clause="every screen")
def test_fulfilment_and_customer_service_never_see_the_card_while_the_billing_clerk_does(client, shop_state):
    # given
    pages = [("backoffice:dispatch_order", shop_state["ready"].number, Role.FULFILMENT),
             ("backoffice:fraud_review", shop_state["held"].number, Role.CUSTOMER_SERVICE),
             ("backoffice_orders:detail", shop_state["ready"].number, Role.CUSTOMER_SERVICE),
             ("backoffice_orders:detail", shop_state["ready"].number, Role.BILLING)]
    seen = {}
    staff = {role: staff_user(role) for role in (Role.FULFILMENT, Role.CUSTOMER_SERVICE, Role.BILLING)}
    for name, number, role in pages:
        client.logout()
        staff_login(client, staff[role])

        # when
        seen[(name, role)] = fields_present(response_text(client.get(reverse(name, args=[number]))))

    # then
    card = {("payments.Payment", "card_brand"), ("payments.Payment", "card_last4")}
    assert not seen[("backoffice:dispatch_order", Role.FULFILMENT)] & card
    assert not seen[("backoffice:fraud_review", Role.CUSTOMER_SERVICE)] & card
    assert not seen[("backoffice_orders:detail", Role.CUSTOMER_SERVICE)] & card
    assert card <= seen[("backoffice_orders:detail", Role.BILLING)]


def test_a_customer_gets_nothing_from_any_staff_url(client, shop_state):
    # given
    client.force_login(shop_state["customer"])  # a customer, not staff

    # when
    responses = {name: _request(client, url) for name, url, _ in staff_urls(shop_state)}

    # then
    assert {name: r.status_code for name, r in responses.items() if r.status_code not in (302, 403)} == {}
    assert {name for name, r in responses.items() if fields_present(r.content.decode(errors="replace"))} == set()
