"""Form fields of an address, derived from the definition, and the one address form.

Every door (customer address book, checkout, back-office phone orders) uses these fields and
`address_form_clean`, so the same input is accepted or refused everywhere with the same sentences.
Django's own `required` is off: which fields are required depends on the country (validation.py).
"""

from collections.abc import Collection

from django import forms

from shopkeep.addresses.definition import ALWAYS_REQUIRED, FIELDS, FIELD_NAMES, AddressField, country_choices
from shopkeep.addresses.validation import AddressInvalid, address_clean


def _form_field(field: AddressField, *, section: str, countries, html_required: bool) -> forms.Field:
    attrs = {"autocomplete": f"{section} {field.autocomplete}".strip()}
    if html_required and field.name in ALWAYS_REQUIRED:
        attrs["required"] = True
    if field.name == "country":
        choices = [("", "Choose a country")] + country_choices(countries)
        # A CharField, so an unknown country gets the address rules' sentence rather than Django's.
        formfield = forms.CharField(label=field.label, required=False, widget=forms.Select(attrs=attrs, choices=choices))
    else:
        if field.name == "phone":
            attrs["type"] = "tel"
        formfield = forms.CharField(label=field.label, required=False, help_text=field.help_text,
                                    widget=forms.TextInput(attrs=attrs))
    formfield.optional = field.optional  # marks the label "(optional)" (P-01)
    return formfield


def address_form_fields(*, prefix: str = "", section: str = "", countries: Collection[str] | None = None,
                        html_required: bool = True) -> dict[str, forms.Field]:
    """The form fields of an address, named `<prefix><field>`; `section` is the autofill section (shipping/billing)."""
    return {f"{prefix}{field.name}": _form_field(field, section=section, countries=countries,
                                                 html_required=html_required) for field in FIELDS}


def address_form_data(form: forms.Form, *, prefix: str = "") -> dict[str, str]:
    """The address as typed into `form`'s `<prefix><field>` fields."""
    return {name: form.cleaned_data.get(f"{prefix}{name}", "") or "" for name in FIELD_NAMES}


def address_form_clean(form: forms.Form, *, prefix: str = "", countries: Collection[str] | None = None) -> dict | None:
    """Check the address in `form`; put each problem next to its field and return None, or the clean address."""
    try:
        cleaned = address_clean(address_form_data(form, prefix=prefix), prefix=prefix, countries=countries)
    except AddressInvalid as error:
        for name, message in error.fields.items():
            if name not in form.errors:
                form.add_error(name if name in form.fields else None, message)
        return None
    form.cleaned_data.update({f"{prefix}{name}": value for name, value in cleaned.items()})
    return cleaned


class AddressForm(forms.Form):
    """One address, for the customer's address book (and any page that edits a single address)."""

    def __init__(self, *args, countries: Collection[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries = countries
        self.fields.update(address_form_fields(countries=countries))

    def clean(self):
        cleaned = super().clean()
        self.address = address_form_clean(self, countries=self.countries)
        return cleaned
