"""Staff forms for dispatch, fraud review, returns and the virtual terminal."""

from django import forms
from django.utils import timezone

from shopkeep.addresses.definition import FIELD_NAMES
from shopkeep.addresses.forms import address_form_clean, address_form_data, address_form_fields
from shopkeep.pricing.selectors import delivery_countries
from shopkeep.orders.models import PhoneVerification


class DispatchForm(forms.Form):
    carrier = forms.CharField(max_length=60, label="Carrier")
    tracking_number = forms.CharField(max_length=80, label="Tracking number")

    def __init__(self, *args, lines, remaining: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []
        for line in lines:
            left = remaining.get(line.pk, 0)
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(
                min_value=0, max_value=left, initial=left, required=False,
                label=f"{line.product_name}{f' (size {line.size})' if line.size else ''}, {line.sku}: quantity to send "
                      f"(of {left} left)",
            )
            self.lines.append((line, left, name))

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(name) or 0 for line, _, name in self.lines}

    def line_fields(self):
        return [(line, left, self[name]) for line, left, name in self.lines]


class ReviewForm(forms.Form):
    called_at = forms.DateTimeField(label="When you phoned (YYYY-MM-DD HH:MM)", initial=timezone.now)
    outcome = forms.ChoiceField(choices=PhoneVerification.Outcome.choices, label="Outcome of the call")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000, label="Note")
    decision = forms.ChoiceField(choices=(("approve", "Approve"), ("reject", "Reject")), widget=forms.HiddenInput,
                                 required=False)


class ShipReplacementForm(forms.Form):
    carrier = forms.CharField(max_length=60, label="Carrier")
    tracking_number = forms.CharField(max_length=80, label="Tracking number")


TERMINAL_LINES = 3


class TerminalForm(forms.Form):
    """A phone order: the customer's email, up to three products, the delivery address and method."""

    email = forms.EmailField(label="Customer's email address")
    shipping_method = forms.CharField(max_length=40, label="Shipping method code (e.g. gb-standard)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(address_form_fields(section="shipping", countries=delivery_countries()))
        for n in range(1, TERMINAL_LINES + 1):
            self.fields[f"sku_{n}"] = forms.CharField(max_length=64, required=n == 1, label=f"Product {n} SKU")
            self.fields[f"quantity_{n}"] = forms.IntegerField(min_value=1, max_value=99, required=False, initial=1,
                                                              label=f"Product {n} quantity")

    def product_rows(self):
        return [(self[f"sku_{n}"], self[f"quantity_{n}"]) for n in range(1, TERMINAL_LINES + 1)]

    def address_fields(self):
        return [self[name] for name in FIELD_NAMES]

    def clean(self):
        cleaned = super().clean()
        address_form_clean(self, countries=delivery_countries())
        return cleaned

    def lines(self) -> list[tuple[str, int]]:
        return [(self.cleaned_data[f"sku_{n}"].strip(), self.cleaned_data.get(f"quantity_{n}") or 1)
                for n in range(1, TERMINAL_LINES + 1) if self.cleaned_data.get(f"sku_{n}", "").strip()]

    def address(self) -> dict:
        return address_form_data(self)
