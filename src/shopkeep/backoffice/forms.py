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
