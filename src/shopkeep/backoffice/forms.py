"""Staff forms for dispatch, fraud review, returns and the virtual terminal."""

from django import forms
from django.utils import timezone

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
    name = forms.CharField(max_length=150, label="Name")
    line1 = forms.CharField(max_length=200, label="Address line 1")
    line2 = forms.CharField(max_length=200, label="Address line 2", required=False)
    city = forms.CharField(max_length=100, label="Town or city")
    region = forms.CharField(max_length=100, label="County, state or region", required=False)
    postal_code = forms.CharField(max_length=20, label="Postal code", required=False)
    country = forms.CharField(max_length=2, label="Country code (e.g. GB)")
    phone = forms.CharField(max_length=30, label="Phone", required=False)
    shipping_method = forms.CharField(max_length=40, label="Shipping method code (e.g. gb-standard)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, TERMINAL_LINES + 1):
            self.fields[f"sku_{n}"] = forms.CharField(max_length=64, required=n == 1, label=f"Product {n} SKU")
            self.fields[f"quantity_{n}"] = forms.IntegerField(min_value=1, max_value=99, required=False, initial=1,
                                                              label=f"Product {n} quantity")

    def product_rows(self):
        return [(self[f"sku_{n}"], self[f"quantity_{n}"]) for n in range(1, TERMINAL_LINES + 1)]

    def address_fields(self):
        return [self[name] for name in ("name", "line1", "line2", "city", "region", "postal_code", "country", "phone")]

    def lines(self) -> list[tuple[str, int]]:
        return [(self.cleaned_data[f"sku_{n}"].strip(), self.cleaned_data.get(f"quantity_{n}") or 1)
                for n in range(1, TERMINAL_LINES + 1) if self.cleaned_data.get(f"sku_{n}", "").strip()]

    def address(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in
                ("name", "line1", "line2", "city", "region", "postal_code", "country", "phone")}
