"""The checkout draft: what a customer entered in the earlier steps, saved per cart until the order is placed."""

from django.utils.crypto import constant_time_compare, salted_hmac

from shopkeep.analytics.services import conversion_record
from shopkeep.cart.models import Cart
from shopkeep.checkout.errors import CheckoutError
from shopkeep.addresses.definition import FIELD_NAMES
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.checkout.services import CheckoutDetails, CheckoutPrice, checkout_price, email_clean
from shopkeep.checkout.shipping import delivery_address_clean
from shopkeep.payments.errors import InvalidPaymentToken
from shopkeep.payments.gateways.registry import gateway_get
from shopkeep.pricing.selectors import shipping_method_get
from shopkeep.pricing.shipping import ShippingOption


def draft_get(*, cart: Cart) -> CheckoutDraft:
    """The cart's draft, or a new unsaved one (a GET never writes)."""
    return CheckoutDraft.objects.filter(cart=cart).first() or CheckoutDraft(cart=cart)


def draft_details_save(*, cart: Cart, email: str, shipping_address: dict, billing_address: dict | None) -> CheckoutDraft:
    """Check and save contact and addresses; raise CheckoutError naming every bad field."""
    fields: dict[str, str] = {}
    cleaned: dict = {}
    for name, clean in (
        ("email", lambda: email_clean(email)),
        ("shipping", lambda: delivery_address_clean(shipping_address, prefix="shipping_")),
        ("billing", lambda: delivery_address_clean(billing_address, prefix="billing_") if billing_address is not None else None),
    ):
        try:
            cleaned[name] = clean()
        except CheckoutError as error:
            fields.update(error.fields)
    if fields:
        raise CheckoutError("Please correct the highlighted fields.", fields=fields)
    draft = draft_get(cart=cart)
    if not draft.email:
        conversion_record("checkout_start")
    draft.email = cleaned["email"]
    draft.billing_same = cleaned["billing"] is None
    for prefix, address in (("shipping", cleaned["shipping"]), ("billing", cleaned["billing"] or {})):
        for field in FIELD_NAMES:
            setattr(draft, f"{prefix}_{field}", address.get(field, ""))
    if draft.shipping_method and draft_shipping_method(draft=draft) is None:
        draft.shipping_method = ""
    draft.save()
    return draft


def draft_shipping_method(*, draft: CheckoutDraft) -> ShippingOption | None:
    """The chosen shipping method, if it still delivers to the draft's country."""
    if not draft.shipping_method or not draft.shipping_country:
        return None
    return shipping_method_get(code=draft.shipping_method, country=draft.shipping_country, currency=draft.cart.currency)


def draft_price(*, draft: CheckoutDraft, coupon_code: str = "") -> CheckoutPrice:
    """What the draft's cart costs with its shipping method and `coupon_code`, and the amount to authorise."""
    return checkout_price(cart=draft.cart, shipping_method=draft_shipping_method(draft=draft) if draft.pk else None,
                          destination=draft.shipping_country, coupon_code=coupon_code, email=draft.email)


def draft_shipping_method_save(*, cart: Cart, code: str) -> CheckoutDraft:
    """Choose the shipping method; it must deliver to the delivery country."""
    draft = draft_get(cart=cart)
    if shipping_method_get(code=code or "", country=draft.shipping_country, currency=cart.currency) is None:
        raise CheckoutError(
            "Please choose a shipping method.",
            fields={"shipping_method": "Choose one of the shipping methods that deliver to your country."},
        )
    draft.shipping_method = code
    draft.save()
    return draft


def draft_payment_save(*, cart: Cart, token: str) -> CheckoutDraft:
    """Keep the gateway's card token with brand, last 4 and expiry; raise InvalidPaymentToken if unknown."""
    card = gateway_get().card_details(token=token) if token and len(token) <= 64 else None
    if card is None:
        raise InvalidPaymentToken()
    draft = draft_get(cart=cart)
    draft.payment_token = token
    draft.card_brand = card.brand
    draft.card_last4 = card.last4
    draft.card_exp_month = card.exp_month
    draft.card_exp_year = card.exp_year
    draft.save()
    return draft


def draft_payment_clear(*, cart: Cart) -> None:
    """Forget the card (declined or expired), so the customer is asked for another."""
    CheckoutDraft.objects.filter(cart=cart).update(
        payment_token="", card_brand="", card_last4="", card_exp_month=None, card_exp_year=None
    )


def draft_next_step(*, draft: CheckoutDraft) -> str | None:
    """The first step still missing ("details", "delivery" or "payment"), or None when ready to review."""
    if not draft.pk or not draft.has_details:
        return "details"
    if draft_shipping_method(draft=draft) is None:
        return "delivery"
    if not draft.has_payment:
        return "payment"
    return None


def draft_checkout_details(*, draft: CheckoutDraft) -> CheckoutDetails:
    """The draft as the details `checkout_complete` takes."""
    return CheckoutDetails(
        email=draft.email,
        shipping_address=draft.shipping_address,
        billing_address=draft.billing_address,
        shipping_method=draft.shipping_method,
    )


def draft_key(*, draft: CheckoutDraft) -> str:
    """The key that unlocks the draft's personal details when the cart travels in the URL (P-07).

    A keyed hash of the cart and the details themselves: only the person who typed them is given it (in the
    links of the checkout steps, never in product or cart links), and it changes when someone enters other
    details. "" while there are no details to protect.
    """
    if not draft.pk or not draft.has_details:
        return ""
    parts = [draft.cart.token, draft.email] + [str(getattr(draft, f"{prefix}_{field}"))
                                                for prefix in ("shipping", "billing") for field in FIELD_NAMES]
    return salted_hmac("shopkeep.checkout.draft-key", "\x1f".join(parts)).hexdigest()[:32]


def draft_key_valid(*, draft: CheckoutDraft, key: str) -> bool:
    expected = draft_key(draft=draft)
    return not expected or (bool(key) and constant_time_compare(expected, key))
