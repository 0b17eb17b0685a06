"""The customer address book, the checkout page, the back-office phone order and the API accept and refuse
the same addresses, with the same sentence for each field: they all use shopkeep.addresses."""

import pytest
from pydantic import ValidationError

from shopkeep.addresses.schemas import AddressIn
from shopkeep.backoffice.forms import TerminalForm
from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import variant_create
from shopkeep.checkout.drafts import draft_details_save
from shopkeep.checkout.errors import CheckoutError
from shopkeep.checkout.forms import DetailsForm
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.shipping import delivery_address_clean
from shopkeep.pricing.selectors import delivery_countries
from shopkeep.customers.forms import AddressForm

pytestmark = pytest.mark.django_db

GB = {"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
      "country": "GB"}
US = {"name": "Grace Hopper", "line1": "1 Navy Yard", "city": "Arlington", "region": "VA", "postal_code": "22202",
      "country": "US"}
SE = {"name": "Sven Svensson", "line1": "Storgatan 1", "city": "Stockholm", "postal_code": "111 22", "country": "SE"}
IE = {"name": "Nora Barnacle", "line1": "1 Main Street", "city": "Galway", "country": "IE"}

# (address, the problems every door reports: {} means accepted)
CASES = [
    (GB, {}),
    (US, {}),
    (SE, {}),
    (IE, {}),  # no Eircode: Irish addresses need none
    ({**GB, "postal_code": ""}, {"postal_code": "Postal code is required."}),
    ({**GB, "postal_code": "12345"}, {"postal_code": "Enter a postal code in the form EC1Y 8SY or GIR 0AA."}),
    ({**US, "region": ""}, {"region": "State is required."}),
    ({**US, "postal_code": "2220"}, {"postal_code": "Enter a ZIP code in the form 95014 or 22162-1010."}),
    ({**SE, "city": ""}, {"city": "Town or city is required."}),
    ({**GB, "name": "", "line1": ""}, {"name": "Full name is required.", "line1": "Address line 1 is required."}),
    ({**GB, "country": "JP"}, {"country": "Sorry, we don't deliver to that country yet."}),
    ({**GB, "country": ""}, {"country": "Country is required."}),
    ({**GB, "city": "x" * 101}, {"city": "Use at most 100 characters."}),
    ({**GB, "phone": "call me"}, {"phone": "Enter a phone number with digits only (and + - ( ) spaces)."}),
]
IDS = ["GB", "US", "SE", "IE", "GB-no-postcode", "GB-bad-postcode", "US-no-state", "US-bad-zip", "SE-no-town",
       "no-name", "not-delivered", "no-country", "too-long", "bad-phone"]


def _full(address: dict) -> dict:
    return {"line2": "", "region": "", "phone": "", **address}


def customer_form(address: dict) -> dict:
    form = AddressForm(data=_full(address), countries=delivery_countries())
    return {} if form.is_valid() else {name: " ".join(errors) for name, errors in form.errors.items()}


def checkout_page(address: dict) -> dict:
    data = {"email": "ada@example.com", "billing_same": "on", **{f"shipping_{k}": v for k, v in _full(address).items()}}
    form = DetailsForm(data=data)
    assert form.is_valid(), form.errors
    try:
        draft_details_save(cart=cart_with_lines((variant_create(stock=3), 1)), email=form.cleaned_data["email"],
                           shipping_address=form.shipping_address(), billing_address=form.billing_address())
    except CheckoutError as refused:
        return {name.removeprefix("shipping_"): message for name, message in refused.fields.items()}
    return {}


def back_office_form(address: dict) -> dict:
    # the phone-order form picks products from the catalogue: the mug must be on sale
    if not Variant.objects.filter(sku="MUG-1").exists():
        variant_create(sku="MUG-1", stock=3)
    form = TerminalForm(data={"email": "grace@example.com", "shipping_method": "gb-standard", "sku_1": "MUG-1",
                              "quantity_1": 1, **_full(address)})
    return {} if form.is_valid() else {name: " ".join(errors) for name, errors in form.errors.items()}


def api_schema(address: dict) -> dict:
    """What POST /checkout does with an address: the schema, then the same delivery check."""
    try:
        parsed = AddressIn.model_validate(_full(address))
    except ValidationError as refused:
        return {".".join(map(str, error["loc"])): "refused by the schema" for error in refused.errors()}
    try:
        delivery_address_clean(parsed.model_dump())
    except CheckoutError as refused:
        return dict(refused.fields)
    return {}


@pytest.mark.parametrize(("address", "problems"), CASES, ids=IDS)
def test_every_door_accepts_and_refuses_the_same_address_with_the_same_sentences(address, problems):
    # when
    answers = {"customer": customer_form(address), "checkout": checkout_page(address),
               "back office": back_office_form(address)}
    api = api_schema(address)

    # then
    assert answers == {door: problems for door in answers}
    if len(address.get("city", "")) > 100:  # the schema itself refuses an over-long value
        assert api == {"city": "refused by the schema"}
    else:
        assert api == problems
    if problems:
        assert CheckoutDraft.objects.count() == 0
