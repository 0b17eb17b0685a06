"""Hypothesis fuzzing of the checkout details, registration, contact and address forms: whatever is typed, the
answer is a page with the form's errors (or the normal next step), never a server error, and a refused form
writes nothing (row counts unchanged)."""

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck, given, settings, strategies as st

from shopkeep.addresses.models import AbstractAddress
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.tests.flow import Shopper, details_form
from shopkeep.customers.models import Address, User
from shopkeep.customers.tests.factories import customer_create
from shopkeep.support.models import Ticket

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}
FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Text an attacker or a clumsy keyboard may send: any character (NUL, controls, emoji, right-to-left), huge
# values, markup and SQL, in and around the field.
NASTY = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.sampled_from(["\x00", "'; DROP TABLE customers_user; --", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
                     "𝓐𝓭𝓪", "\u202eevil", " ", "a" * 10_000, "ada@example.com\r\nBcc: x@y.z", "../../etc/passwd"]),
)


def fields(names):
    return st.fixed_dictionaries({}, optional={name: NASTY for name in names})


def _no_server_error(response):
    assert response.status_code < 500, response.status_code


def _refused(response) -> bool:
    return response.status_code in (200, 400, 403, 409, 422, 429)


@given(data=fields(["email", "password", "name", "newsletter"]))
@FUZZ
def test_registration_form(client, data):
    caches["throttle"].clear()
    before = User.objects.count()
    response = client.post("/account/register/", data, **SAME_ORIGIN)
    _no_server_error(response)
    if _refused(response):
        assert User.objects.count() == before
    client.logout()


@given(data=fields(["email", "name", "order_number", "message"]))
@FUZZ
def test_contact_form(client, data):
    caches["throttle"].clear()
    caches["default"].clear()
    before = Ticket.objects.count()
    response = client.post("/help/contact/", data, **SAME_ORIGIN)
    _no_server_error(response)
    if _refused(response):
        assert Ticket.objects.count() == before


ADDRESS_FIELDS = [f.name for f in AbstractAddress._meta.get_fields() if f.concrete and f.name != "id"]


@given(data=fields(ADDRESS_FIELDS))
@FUZZ
def test_address_form(client, data):
    customer = User.objects.with_email("ada@example.com").first() or customer_create(email="ada@example.com")
    client.force_login(customer)
    before = Address.objects.count()
    response = client.post("/account/addresses/add/", data)
    _no_server_error(response)
    if _refused(response):
        assert Address.objects.count() == before


@given(data=fields(list(details_form())))
@FUZZ
def test_checkout_details_form(client, data):
    variant = Variant.objects.filter(sku="FUZZ-M").first() or variant_create(
        product=product_create(name="Fuzz Socks"), sku="FUZZ-M", price="9.00", stock=10_000)
    shopper = Shopper(client=client, cart=cart_with_lines((variant, 1)))
    before = (CheckoutDraft.objects.count(), Address.objects.count())
    response = shopper.post("/checkout/", data)
    _no_server_error(response)
    if _refused(response):
        assert (CheckoutDraft.objects.count(), Address.objects.count()) == before
