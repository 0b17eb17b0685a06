"""Back-office forms for shipping zones, methods and VAT rates (owner only)."""

import re
from decimal import Decimal

from django import forms

from shopkeep.addresses.definition import country_is_known, country_name
from shopkeep.catalog.models import TaxClass
from shopkeep.pricing.models import ShippingMethod, ShippingZone


class ZoneForm(forms.ModelForm):
    countries = forms.CharField(
        help_text="Two-letter country codes separated by commas or spaces, e.g. DE, AT, CH. A country belongs to one "
                  "zone only; customers can choose it at checkout once the zone has a shipping method.",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))

    class Meta:
        model = ShippingZone
        fields = ["name", "countries", "position"]
        labels = {"position": "Order"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["countries"] = ", ".join(self.instance.countries)

    def clean_countries(self) -> list[str]:
        codes = [code.upper() for code in re.split(r"[\s,;]+", self.cleaned_data["countries"]) if code]
        unknown = [code for code in codes if not country_is_known(code)]
        if unknown:
            raise forms.ValidationError(f"Not a country code: {', '.join(unknown)}. Use ISO codes such as DE or GB.")
        if not codes:
            raise forms.ValidationError("Name at least one country.")
        return sorted(set(codes))

    def country_names(self) -> list[str]:
        return [country_name(code) for code in self.instance.countries]


class MethodForm(forms.ModelForm):
    class Meta:
        model = ShippingMethod
        fields = ["name", "code", "zone", "kind", "price", "free_over", "delivery", "is_active", "position"]
        labels = {"code": "Code", "kind": "Rate", "price": "Price (VAT included)", "free_over": "Free from",
                  "is_active": "Offered at checkout", "position": "Order"}
        help_texts = {"code": "A short name for the API and reports, e.g. de-standard; letters, digits and -."}
        widgets = {"price": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
                   "free_over": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == ShippingMethod.Kind.FLAT:
            cleaned["free_over"] = None
            self.instance.free_over = None
        return cleaned


class VatForm(forms.Form):
    """The three rates of one country."""

    country = forms.CharField(max_length=2, help_text="Two-letter country code, e.g. DE.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in TaxClass.choices:
            self.fields[value] = forms.DecimalField(
                label=f"{label} (%)", min_value=Decimal("0"), max_value=Decimal("100"), max_digits=5,
                decimal_places=2, required=value != TaxClass.ZERO,
                widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}))

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        if not country_is_known(code):
            raise forms.ValidationError("Enter a two-letter country code such as DE or FR.")
        return code
