"""Checkout forms. They only render and collect input; the rules live in shopkeep.addresses and the services."""

from django import forms

from shopkeep.addresses.definition import FIELD_NAMES
from shopkeep.addresses.formatting import address_format_text
from shopkeep.addresses.forms import address_form_data, address_form_fields
from shopkeep.checkout.models import CheckoutDraft
from shopkeep.pricing.selectors import delivery_countries
from shopkeep.pricing.shipping import ShippingOption

NEW_ADDRESS = "new"


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

    def __init__(self, *args, saved_addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.saved_addresses = {str(address.pk): address for address in saved_addresses}
        if self.saved_addresses:
            choices = [(pk, address_format_text(address, separator=", ")) for pk, address in self.saved_addresses.items()]
            self.fields["saved_address"] = forms.ChoiceField(
                label="Deliver to", choices=choices + [(NEW_ADDRESS, "A new address (enter it below)")],
                required=False, initial=NEW_ADDRESS, widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of your saved addresses or a new address."},
            )
        # Checked by the address rules when the draft is saved (draft_details_save), as in every other door.
        self.fields.update(address_form_fields(prefix="shipping_", section="shipping", countries=delivery_countries(),
                                               html_required=not self.saved_addresses))
        self.fields.update(address_form_fields(prefix="billing_", section="billing", countries=delivery_countries(),
                                               html_required=False))
        self.fields["email"].optional = False

    def prefixed(self, prefix: str) -> list:
        return [self[f"{prefix}_{field}"] for field in FIELD_NAMES]

    def shipping_fields(self) -> list:
        return self.prefixed("shipping")

    def billing_fields(self) -> list:
        return self.prefixed("billing")

    def shipping_address(self) -> dict:
        """The address typed in, or the chosen saved address."""
        chosen = self.saved_addresses.get(self.cleaned_data.get("saved_address") or "")
        return chosen.as_dict() if chosen is not None else address_form_data(self, prefix="shipping_")

    def billing_address(self) -> dict | None:
        """The billing address, or None when it is the delivery address."""
        return None if self.cleaned_data.get("billing_same") else address_form_data(self, prefix="billing_")

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
                initial.update({f"{prefix}_{f}": getattr(draft, f"{prefix}_{f}") for f in FIELD_NAMES})
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
