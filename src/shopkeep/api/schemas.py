"""Request and response shapes of the JSON API.

Requests are strict: unknown fields are refused (`extra="forbid"`) and values must have
the JSON type the schema names (a quantity is a JSON integer, never "2", 2.5 or true; 2.0 counts as 2).
Amounts are decimal strings with two places ("12.50"), never floats.
"""

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from shopkeep.addresses.schemas import AddressIn  # the one address shape (shopkeep.addresses)
from shopkeep.conf import conf


def _plain_text(value: str) -> str:
    """Refuse text no database column can hold (NUL characters, lone surrogates)."""
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode.") from None
    return value


# Text that arrives in a JSON body (strict: must be a JSON string).
# The schema states the NUL rule too, so a generated "valid" string never holds one.
NO_NUL = {"pattern": "^[^\\x00]*$"}
Text = Annotated[StrictStr, AfterValidator(_plain_text), Field(json_schema_extra=NO_NUL)]
# An email address as the shop checks it (Django's validator, at most 254 characters), stated in the schema.
EMAIL_PATTERN = (r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                 r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z-]{0,61}[A-Za-z]$")
Email = Annotated[StrictStr, AfterValidator(_plain_text),
                  Field(max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN}, examples=["ada@example.com"])]
# Text from a URL path or query string (always a string there).
UrlText = Annotated[str, AfterValidator(_plain_text), Field(json_schema_extra=NO_NUL)]
Amount = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["12.50"])]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["EUR"])]


def _whole_number(value):
    # JSON does not tell 2 from 2.0; a whole-number float is the integer it spells, 2.5 is refused.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A JSON integer; a whole-number float such as 2.0 is accepted as 2 (never "2", 2.5 or true).
WholeNumber = Annotated[StrictInt, BeforeValidator(_whole_number)]
# The maximum is stated in the schema and enforced by the cart (422 with its own sentence).
Quantity = Annotated[StrictInt, Field(ge=1, json_schema_extra={"maximum": conf.max_line_quantity},
                                      description=f"A JSON integer from 1 to {conf.max_line_quantity} "
                                                  "(the shop's maximum per line); 2.0 counts as 2."),
                     BeforeValidator(_whole_number)]


class StrictInput(BaseModel):
    """A request body: unknown fields are refused, never ignored."""

    model_config = ConfigDict(extra="forbid")


class Error(Schema):
    """Every error: a sentence a person can act on, and per-field messages when input was at fault."""

    detail: str = Field(examples=["Quantity must be at least 1."])
    errors: dict[str, str] = Field(default_factory=dict, examples=[{"quantity": "Must be at least 1."}])


# Catalogue


class VariantOut(Schema):
    sku: str
    size: str = Field(description="Empty when the product comes in one size.")
    price: Amount
    currency: Currency
    in_stock: bool


class ProductOut(Schema):
    slug: str
    name: str
    category: str = Field(description="The category's slug (the `category` filter of the product list).")
    description: str
    url: str = Field(description="The product page in the shop.")
    image_url: str
    variants: list[VariantOut]


class ProductPage(Schema):
    count: int = Field(ge=0, description="Products matching the filters, on all pages.")
    page: int = Field(ge=1)
    pages: int = Field(ge=1)
    page_size: int = Field(ge=1, le=100)
    results: list[ProductOut]


# Carts


class CartCreated(Schema):
    token: str = Field(description="The cart's secret id; whoever holds it can read and change the cart.")


class LineAdd(StrictInput):
    sku: Annotated[Text, Field(min_length=1, max_length=64)]
    quantity: Quantity


class LineChange(StrictInput):
    quantity: Quantity


class VatLineOut(Schema):
    rate: Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["19.00"], description="Percent.")]
    amount: Amount = Field(description="The VAT included at this rate.")


class CartLineOut(Schema):
    id: int
    sku: str
    name: str
    size: str
    quantity: int = Field(ge=1)
    unit_price: Amount
    line_total: Amount


class CartOut(Schema):
    token: str
    lines: list[CartLineOut]
    subtotal: Amount
    currency: Currency
    item_count: int = Field(ge=0)
    vat: list[VatLineOut] = Field(default=[], description="The VAT the subtotal includes, per rate, at the rates "
                                  "of the shop's country (the destination's rates apply at checkout).")
    ordered: bool = Field(description="True once the cart became an order; it can then no longer change.")


# Shipping


class ShippingMethodOut(Schema):
    code: str
    name: str
    price: Amount
    currency: Currency


# Checkout


class CheckoutIn(StrictInput):
    email: Email
    shipping_address: AddressIn
    billing_address: AddressIn | None = Field(default=None, description="Defaults to the shipping address.")
    shipping_method: Annotated[Text, Field(max_length=40, description="A code from GET /shipping-methods.")]
    payment_token: Annotated[
        Text, Field(max_length=64, description="A card token from the payment gateway (never a card number).")
    ]
    newsletter: StrictBool = Field(
        default=False,
        description="True only emails a link to confirm the newsletter subscription (double opt-in, P-25); "
        "nothing is subscribed until it is followed. Ordering never subscribes anyone by itself.",
    )
    coupon: Annotated[Text, Field(max_length=32)] = Field(
        default="", description="A coupon code; subscriber coupons work only for the subscribed email address (P-30)."
    )
    survey_opt_in: StrictBool = Field(
        default=False, description="True to be invited to a short survey after delivery (opt-in, P-30)."
    )


class OrderOut(Schema):
    number: str
    status: str
    discount: Amount = Field(default="0.00", description="Taken off the items by a coupon; included in `total`.")
    total: Amount
    vat: list[VatLineOut] = Field(default=[], description="The VAT `total` includes, per rate.")
    currency: Currency
    confirmation_url: str = Field(description="The signed order confirmation page; works without an account.")
    replayed: bool = Field(
        default=False,
        description="True when the cart had already become this order (a repeated checkout): nothing was "
        "authorised, redeemed or emailed again, whatever payment token was sent.",
    )


# Contests


class ContestOut(Schema):
    id: int
    title: str
    prize: str
    rules: str = Field(description="The rules in the shop's simple Markdown.")
    question: str = Field(description="The question entrants answer; empty for a pure prize draw.")
    status: str = Field(description="open, closed (waiting for the draw) or drawn.")
    opens_at: str
    closes_at: str
    minimum_age: int
    eligible_countries: list[str] = Field(description="Two-letter codes; empty = anywhere.")
    winners_count: int
    needs_purchase: bool = Field(description="Buyers also take part; the free entry route always counts the same.")
    commitment: str = Field(description="SHA-256 (hex) of the secret seed, published when the contest opens.")
    seed: str | None = Field(description="The seed, published at the draw (null before).")
    entry_ids: list[str] | None = Field(description="Every entry id at the draw, sorted (null before).")
    winner_ids: list[str] | None = Field(description="The winning entry ids in drawn order (null before).")
    skipped_ids: list[str] | None = Field(description="Drawn ids passed over: withdrawn or did not answer in time.")
    url: str


class ContestEntryIn(StrictInput):
    email: Email
    name: Annotated[Text, Field(max_length=100)] = ""
    answer: Annotated[Text, Field(max_length=500)] = Field(
        default="", description="Required when the contest has a question.")
    eligible: StrictBool = Field(description="True: the entrant meets the age and country conditions and accepts "
                                             "the rules. Required to be true.")
    newsletter: StrictBool = Field(
        default=False,
        description="True only emails a link to confirm the newsletter subscription (double opt-in); entering "
                    "never subscribes anyone.")


class ContestEntryOut(Schema):
    entry_id: str = Field(description="Published in the list of entry ids at the draw.")
    contest_id: int
    newsletter_confirmation_sent: bool = Field(description="True when a double opt-in email was requested.")
    detail: str
