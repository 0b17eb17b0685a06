"""Staff forms for finding orders and refunding them."""

from django import forms

from shopkeep.orders.aftercare import REFUND_KINDS, refund_amount_parse
from shopkeep.orders.errors import OrderError
from shopkeep.orders.models import Order


class OrderSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=254, label="Order number, customer number or email address")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Order.Status.choices], label="Status")
    placed_from = forms.DateField(required=False, label="Placed from", widget=forms.DateInput(attrs={"type": "date"}))
    placed_to = forms.DateField(required=False, label="Placed until", widget=forms.DateInput(attrs={"type": "date"}))


class CustomerSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=254, label="Customer number or email address")


class RefundForm(forms.Form):
    kind = forms.ChoiceField(choices=list(REFUND_KINDS.items()), label="Kind of refund", widget=forms.RadioSelect,
                             initial="partial")
    amount = forms.CharField(max_length=20, label="Amount to refund")
    reason = forms.CharField(max_length=500, label="Reason (the customer is told it)",
                             widget=forms.Textarea(attrs={"rows": 3}))
    key = forms.CharField(max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order

    def clean_amount(self):
        try:
            return refund_amount_parse(value=self.cleaned_data["amount"], currency=self.order.currency)
        except OrderError as error:
            raise forms.ValidationError(str(error)) from None
