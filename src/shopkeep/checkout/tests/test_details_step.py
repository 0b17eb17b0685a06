"""Step 1 (contact and addresses) and step 2 (shipping method): messages next to the fields, nothing saved on error."""

import re

import pytest

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.tests.factories import variant_create
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.tests.flow import Shopper
from shopkeep.customers.tests.factories import address_create, customer_create
from shopkeep.orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client):
    return Shopper(client=client, cart=cart_with_lines((variant_create(price="12.50", stock=5), 2)))


def field_error(html: str, field_id: str) -> str:
    """The message shown under the field with this id ('' if none)."""
    match = re.search(rf'<p class="field-error" id="{field_id}_error">(?:<span[^>]*>Error: </span>)?(.*?)</p>', html)
    return match.group(1) if match else ""


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"email": ""}, "email", "Email address is required."),
    ({"email": "ada@"}, "email", "Enter a valid email address."),
    ({"email": "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"}, "email",
     "Use at most 254 characters."),
    ({"shipping_name": ""}, "shipping_name", "Full name is required."),
    ({"shipping_line1": "  "}, "shipping_line1", "Address line 1 is required."),
    ({"shipping_city": ""}, "shipping_city", "Town or city is required."),
    ({"shipping_postal_code": ""}, "shipping_postal_code", "Postal code is required."),
    ({"shipping_country": ""}, "shipping_country", "Country is required."),
    ({"shipping_country": "XX"}, "shipping_country", "Sorry, we don&#x27;t deliver to that country yet."),
    ({"shipping_name": "A" * 151}, "shipping_name", "Use at most 150 characters."),
    ({"shipping_line2": "B" * 201}, "shipping_line2", "Use at most 200 characters."),
    ({"shipping_postal_code": "1" * 21}, "shipping_postal_code", "Use at most 20 characters."),
    ({"shipping_phone": "call me"}, "shipping_phone", "Enter a phone number with digits only (and + - ( ) spaces)."),
    ({"shipping_phone": "12"}, "shipping_phone", "Enter a phone number with digits only (and + - ( ) spaces)."),
    ({"billing_same": "", "billing_name": ""}, "billing_name", "Full name is required."),
    ({"billing_same": "", "billing_country": "ZZ"}, "billing_country", "Sorry, we don&#x27;t deliver to that country yet."),
])
def test_each_bad_field_gets_its_message_next_to_it_and_nothing_is_saved(shopper, overrides, field, message):
    # given
    if overrides.get("billing_same") == "":
        overrides = {"billing_name": "Ada L", "billing_line1": "1 Main St", "billing_city": "Paris",
                     "billing_postal_code": "75001", "billing_country": "FR", **overrides}

    # when
    response = shopper.submit_details(**overrides)

    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error(html, f"id_{field}") == message
    assert f'href="#id_{field}"' in html  # the summary at the top links to the field
    assert 'aria-invalid="true"' in html
    assert not CheckoutDraft.objects.exists()


def test_every_missing_field_is_reported_at_once(shopper):
    # when
    response = shopper.submit_details(email="", shipping_name="", shipping_line1="", shipping_city="",
                                      shipping_postal_code="", shipping_country="")

    # then
    html = response.content.decode()
    assert [field for field in ("email", "shipping_name", "shipping_line1", "shipping_city", "shipping_postal_code",
                                "shipping_country") if field_error(html, f"id_{field}")] == [
        "email", "shipping_name", "shipping_line1", "shipping_city", "shipping_postal_code", "shipping_country"]


def test_typed_values_are_kept_after_an_error(shopper):
    # when
    html = shopper.submit_details(email="bad", shipping_city="Londinium").content.decode()

    # then
    assert 'value="Londinium"' in html
    assert 'value="bad"' in html


@pytest.mark.promise("P-01")
def test_optional_fields_can_be_left_empty(shopper):
    # when
    response = shopper.submit_details(shipping_line2="", shipping_region="", shipping_phone="")

    # then
    assert (response.status_code, response["Location"]) == (303, "/checkout/delivery/")
    draft = CheckoutDraft.objects.get()
    assert (draft.shipping_line2, draft.shipping_region, draft.shipping_phone) == ("", "", "")


@pytest.mark.promise("P-01")
def test_exactly_the_fields_the_order_does_not_need_are_marked_optional(shopper):
    # when
    html = shopper.get("/checkout/").content.decode()

    # then
    found = re.findall(r'<label for="id_(\w+)">[^<]*(<span class="optional">\(optional\)</span>)?', html)
    labels = {name: bool(optional) for name, optional in found}
    assert {name for name, optional in labels.items() if optional} == {
        "shipping_line2", "shipping_phone", "billing_line2", "billing_phone"}
    # The region is required in some countries (a US state, a Japanese prefecture), so it is not marked optional.
    assert {name for name, optional in labels.items() if not optional} == {
        "email", "shipping_name", "shipping_line1", "shipping_city", "shipping_region", "shipping_postal_code",
        "shipping_country", "billing_name", "billing_line1", "billing_city", "billing_region", "billing_postal_code",
        "billing_country"}


@pytest.mark.promise("P-01")
def test_checkout_asks_for_nothing_beyond_contact_address_and_billing(shopper):
    # when
    html = shopper.get("/checkout/").content.decode()

    # then
    inputs = set(re.findall(r'<(?:input|select|textarea)[^>]*name="(\w+)"', html)) - {"q"}  # q: the site search
    assert inputs == {
        "cart", "cart_sig", "email", "billing_same",
        *(f"{prefix}_{field}" for prefix in ("shipping", "billing")
          for field in ("name", "line1", "line2", "city", "region", "postal_code", "country", "phone")),
    }
    # The newsletter box moved to the review step: it is acted on only when the order is placed (P-25).
    assert 'name="newsletter"' not in html


def test_billing_same_as_delivery_is_ticked_by_default(shopper):
    # when
    html = shopper.get("/checkout/").content.decode()

    # then
    assert re.search(r'<input type="checkbox" name="billing_same"[^>]*checked', html)


def test_billing_fields_are_ignored_while_same_as_delivery_is_ticked(shopper):
    # when
    response = shopper.submit_details(billing_same="on", billing_name="", billing_country="ZZ")

    # then
    assert response.status_code == 303
    draft = CheckoutDraft.objects.get()
    assert (draft.billing_same, draft.billing_name, draft.billing_country, draft.billing_address) == (True, "", "", None)


def test_a_separate_billing_address_ends_up_on_the_order(shopper):
    # given
    shopper.submit_details(billing_same="", billing_name="Charles Babbage", billing_line1="1 Dorset Street",
                           billing_city="London", billing_postal_code="W1U 4EG", billing_country="GB")
    shopper.choose_shipping()
    shopper.get(shopper.pay()["Location"])

    # when
    shopper.place()

    # then
    order = Order.objects.select_related("billing_address", "shipping_address").get()
    assert (order.billing_address.name, order.billing_address.line1) == ("Charles Babbage", "1 Dorset Street")
    assert order.shipping_address.name == "Ada Lovelace"


def test_going_back_to_details_shows_what_was_entered(shopper):
    # given
    shopper.submit_details(shipping_city="Manchester", shipping_postal_code="M1 1AA")

    # when
    html = shopper.get("/checkout/").content.decode()

    # then
    assert 'value="Manchester"' in html and 'value="M1 1AA"' in html and 'value="ada@example.com"' in html


def test_delivery_lists_the_methods_for_the_country_with_price_and_time(shopper):
    # given
    shopper.submit_details(shipping_country="US", shipping_region="NY", shipping_postal_code="10001",
                           shipping_city="New York")

    # when
    html = shopper.get("/checkout/delivery/").content.decode()

    # then
    assert re.findall(r'name="shipping_method" id="[^"]+" value="([\w-]+)"', html) == ["us-standard", "us-express"]
    assert "Standard international" in html and "€12.95" in html and "6–10 working days" in html
    assert "Express international" in html and "€29.95" in html and "2–4 working days" in html


@pytest.mark.parametrize("code", ["", "gb-standard", "teleport"])
def test_a_method_that_does_not_deliver_to_the_country_is_refused(shopper, code):
    # given
    shopper.submit_details(shipping_country="SE", shipping_city="Stockholm", shipping_postal_code="111 22")

    # when
    response = shopper.choose_shipping(code)

    # then
    assert response.status_code == 400
    assert "Choose one of the shipping methods that deliver to your country." in response.content.decode()
    assert CheckoutDraft.objects.get().shipping_method == ""


def test_changing_the_country_drops_a_method_that_no_longer_delivers(shopper):
    # given
    shopper.submit_details()
    shopper.choose_shipping("gb-express")

    # when
    shopper.submit_details(shipping_country="FR", shipping_city="Paris", shipping_postal_code="75001")

    # then
    assert CheckoutDraft.objects.get().shipping_method == ""
    assert shopper.get("/checkout/review/")["Location"] == "/checkout/delivery/"


def test_a_logged_in_customer_gets_their_email_prefilled_and_saved_addresses_offered(client):
    # given
    customer = customer_create(email="grace@example.com")
    address_create(customer=customer, name="Grace Hopper", line1="1 Navy Yard", city="Arlington", region="VA",
                   postal_code="22202", country="US")
    client.force_login(customer)
    shopper = Shopper(client=client, cart=cart_with_lines((variant_create(stock=3), 1), customer=customer))

    # when
    html = shopper.get("/checkout/").content.decode()

    # then
    assert 'value="grace@example.com"' in html
    assert "Grace Hopper, 1 Navy Yard, ARLINGTON, VA 22202, UNITED STATES" in html
    assert "A new address" in html
    assert "csrfmiddlewaretoken" not in html


def test_a_customer_can_deliver_to_a_saved_address_and_the_order_is_theirs(client):
    # given
    customer = customer_create(email="grace@example.com")
    saved = address_create(customer=customer, name="Grace Hopper", line1="1 Navy Yard", city="Arlington",
                           region="VA", postal_code="22202", country="US")
    client.force_login(customer)
    shopper = Shopper(client=client, cart=cart_with_lines((variant_create(stock=3), 1), customer=customer))

    # when
    details = shopper.post("/checkout/", {"email": "grace@example.com", "saved_address": str(saved.pk),
                                          "billing_same": "on"})
    shopper.choose_shipping("us-standard")
    shopper.get(shopper.pay()["Location"])
    shopper.place()

    # then
    assert details.status_code == 303
    order = Order.objects.select_related("shipping_address").get()
    assert order.customer == customer
    assert (order.shipping_address.name, order.shipping_address.country) == ("Grace Hopper", "US")
    assert order.shipping_address.pk != saved.pk  # the order keeps its own copy


def test_someone_elses_saved_address_cannot_be_chosen(client):
    # given
    stranger = address_create(customer=customer_create(), name="Someone Else")
    customer = customer_create()
    address_create(customer=customer)
    client.force_login(customer)
    shopper = Shopper(client=client, cart=cart_with_lines((variant_create(stock=3), 1), customer=customer))

    # when
    response = shopper.post("/checkout/", {"email": "me@example.com", "saved_address": str(stranger.pk),
                                           "billing_same": "on"})

    # then
    assert response.status_code == 400
    assert "Choose one of your saved addresses or a new address." in response.content.decode()
    assert not CheckoutDraft.objects.exists()
