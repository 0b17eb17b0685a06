"""Checkout forms. They only render and collect input; the rules live in addresses.py and services.py."""

from django import forms

from shopkeep.checkout.addresses import address_lines
from shopkeep.checkout.models import ADDRESS_FIELDS, CheckoutDraft
from shopkeep.checkout.shipping import COUNTRIES
from shopkeep.pricing.shipping import ShippingOption

# label, autocomplete token, optional (P-01: optional fields are marked so), help text
ADDRESS_SPEC = {
    "name": ("Full name", "name", False, ""),
    "line1": ("Address line 1", "address-line1", False, ""),
    "line2": ("Address line 2", "address-line2", True, ""),
    "city": ("Town or city", "address-level2", False, ""),
    "region": ("County, state or region", "address-level1", True, ""),
    "postal_code": ("Postal code", "postal-code", False, ""),
    "country": ("Country", "country", False, ""),
    "phone": ("Phone", "tel", True, "Only passed to the carrier if they need to reach you about the delivery."),
}
NEW_ADDRESS = "new"


def _address_field(*, kind: str, field: str, html_required: bool) -> forms.Field:
    label, autocomplete, optional, help_text = ADDRESS_SPEC[field]
    attrs = {"autocomplete": f"{kind} {autocomplete}"}
    if html_required and not optional:
        attrs["required"] = True
    if field == "country":
        choices = [("", "Choose a country")] + list(COUNTRIES.items())
        # A CharField, so an unknown country gets the domain's message rather than Django's.
        formfield = forms.CharField(label=label, required=False, widget=forms.Select(attrs=attrs, choices=choices))
    else:
        if field == "phone":
            attrs["type"] = "tel"
        formfield = forms.CharField(label=label, required=False, help_text=help_text, widget=forms.TextInput(attrs=attrs))
    # Validation happens in the domain (address_clean); `required=False` keeps Django from adding
    # a second message, and `optional` decides the "(optional)" mark in the label.
    formfield.optional = optional
    return formfield


class DetailsForm(forms.Form):
    """Step 1: contact email, delivery address, billing address (same as delivery by default)."""

    email = forms.CharField(
        label="Email address",
        required=False,
        help_text="For your order confirmation and delivery updates only.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}),
    )
    billing_same = forms.BooleanField(label="Billing address is the same as the delivery address", required=False,
                                      initial=True)
    newsletter = forms.BooleanField(
        label="Send me the newsletter (we email you a link to confirm first; ordering alone never subscribes you)",
        required=False, initial=False,
    )

    def __init__(self, *args, saved_addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_addresses = {str(address.pk): address for address in saved_addresses}
        if self.saved_addresses:
            choices = [(pk, ", ".join(address_lines(address))) for pk, address in self.saved_addresses.items()]
            self.fields["saved_address"] = forms.ChoiceField(
                label="Deliver to", choices=choices + [(NEW_ADDRESS, "A new address (enter it below)")],
                required=False, initial=NEW_ADDRESS, widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of your saved addresses or a new address."},
            )
        for field in ADDRESS_FIELDS:
            self.fields[f"shipping_{field}"] = _address_field(
                kind="shipping", field=field, html_required=not self.saved_addresses)
        for field in ADDRESS_FIELDS:
            self.fields[f"billing_{field}"] = _address_field(kind="billing", field=field, html_required=False)
        self.fields["email"].optional = False

    def prefixed(self, prefix: str) -> list:
        return [self[f"{prefix}_{field}"] for field in ADDRESS_FIELDS]

    def shipping_fields(self) -> list:
        return self.prefixed("shipping")

    def billing_fields(self) -> list:
        return self.prefixed("billing")

    def _address(self, prefix: str) -> dict:
        return {field: self.cleaned_data.get(f"{prefix}_{field}", "") for field in ADDRESS_FIELDS}

    def shipping_address(self) -> dict:
        """The address typed in, or the chosen saved address."""
        chosen = self.saved_addresses.get(self.cleaned_data.get("saved_address") or "")
        return chosen.as_dict() if chosen is not None else self._address("shipping")

    def billing_address(self) -> dict | None:
        """The billing address, or None when it is the delivery address."""
        return None if self.cleaned_data.get("billing_same") else self._address("billing")

    def add_domain_errors(self, fields: dict[str, str]) -> None:
        """Put the domain's messages next to the fields they concern."""
        for name, message in fields.items():
            if name.startswith("shipping_") and self.cleaned_data.get("saved_address") in self.saved_addresses:
                name = "saved_address"
            self.add_error(name if name in self.fields else None, message)

    @staticmethod
    def initial_from(*, draft: CheckoutDraft, user) -> dict:
        """Prefill from the draft, or a logged-in customer's email (and first saved address)."""
        initial: dict = {"billing_same": draft.billing_same}
        if draft.pk:
            initial["email"] = draft.email
            for prefix in ("shipping", "billing"):
                initial.update({f"{prefix}_{f}": getattr(draft, f"{prefix}_{f}") for f in ADDRESS_FIELDS})
        elif user.is_authenticated:
            initial["email"] = user.email
        return initial


class DeliveryForm(forms.Form):
    """Step 2: a shipping method for the delivery country."""

    shipping_method = forms.ChoiceField(
        label="Shipping method", required=False, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the shipping methods that deliver to your country."},
    )

    def __init__(self, *args, methods: list[ShippingOption], **kwargs):
        super().__init__(*args, **kwargs)
        self.methods = methods
        self.fields["shipping_method"].choices = [(m.code, m.name) for m in methods]
        self.fields["shipping_method"].optional = False
