"""Staff forms for dispatch, fraud review, returns and the virtual terminal."""

from django import forms
from django.utils import timezone

from shopkeep.addresses.definition import FIELD_NAMES
from shopkeep.addresses.forms import address_form_clean, address_form_data, address_form_fields
from shopkeep.catalog.selectors import variants_for_sale
from shopkeep.conf import conf
from shopkeep.orders.aftercare import refund_amount_parse
from shopkeep.orders.errors import OrderError
from shopkeep.orders.models import PhoneVerification
from shopkeep.pricing.selectors import delivery_countries, shipping_methods_by_zone


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


class ReturnRefundForm(forms.Form):
    amount = forms.CharField(max_length=20, label="Amount to refund")
    reason = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             label="Reason, if you refund less than the goods' value (the customer is told it)")

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency

    def clean_amount(self):
        try:
            return refund_amount_parse(value=self.cleaned_data["amount"], currency=self.currency)
        except OrderError as error:
            raise forms.ValidationError(str(error)) from None


TERMINAL_LINES = 3


class TerminalForm(forms.Form):
    """A phone order: the customer's email, up to three products picked from the catalogue, the delivery address
    and a shipping method picked from the shop's list (both lists work without JavaScript)."""

    email = forms.EmailField(label="Customer's email address")
    shipping_method = forms.ChoiceField(label="Shipping method")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(address_form_fields(section="shipping", countries=delivery_countries()))
        self.fields["shipping_method"].choices = [("", "Choose a shipping method")] + [
            (zone, [(m.code, f"{m.name} · {m.price}" + (f" (free over {m.free_over})" if m.free_over else ""))
                    for m in methods])
            for zone, methods in shipping_methods_by_zone(currency=conf.currency) if methods]
        self.variants = list(variants_for_sale())
        for n in range(1, TERMINAL_LINES + 1):
            self.fields[f"sku_{n}"] = forms.CharField(
                max_length=64, required=n == 1, label=f"Product {n}",
                widget=forms.TextInput(attrs={"list": "terminal-products", "autocomplete": "off",
                                              "placeholder": "Type a name or SKU"}))
            self.fields[f"quantity_{n}"] = forms.IntegerField(min_value=1, max_value=99, required=False, initial=1,
                                                              label=f"Product {n} quantity")

    def product_options(self) -> list[tuple[str, str]]:
        """(SKU, what the clerk reads) for the product list the SKU fields offer."""
        return [(v.sku, f"{v.product.name}{f', size {v.size}' if v.size else ''} · {v.price} {v.currency} · "
                        f"{v.stock} in stock") for v in self.variants]

    def clean(self):
        cleaned = super().clean()
        known = {variant.sku for variant in self.variants}
        for n in range(1, TERMINAL_LINES + 1):
            sku = (cleaned.get(f"sku_{n}") or "").strip()
            if sku and sku not in known:
                self.add_error(f"sku_{n}", f"“{sku}” is not a product on sale; pick one from the list.")
        address_form_clean(self, countries=delivery_countries())
        return cleaned

    def product_rows(self):
        return [(self[f"sku_{n}"], self[f"quantity_{n}"]) for n in range(1, TERMINAL_LINES + 1)]

    def address_fields(self):
        return [self[name] for name in FIELD_NAMES]

    def lines(self) -> list[tuple[str, int]]:
        return [(self.cleaned_data[f"sku_{n}"].strip(), self.cleaned_data.get(f"quantity_{n}") or 1)
                for n in range(1, TERMINAL_LINES + 1) if self.cleaned_data.get(f"sku_{n}", "").strip()]

    def address(self) -> dict:
        return address_form_data(self)
