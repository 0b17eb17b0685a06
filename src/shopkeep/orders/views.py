"""The customer's own order pages: order history in the account, and the return form (signed link or account)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shopkeep.catalog.models import Variant
from shopkeep.conf import conf
from shopkeep.csrf import same_origin_required
from shopkeep.orders.errors import ReturnRefused
from shopkeep.orders.wording import customer_status
from shopkeep.shop.services import identity_current
from shopkeep.orders.fulfilment import return_request, return_window_open, returnable_quantities
from shopkeep.orders.models import ReturnRequest
from shopkeep.orders.selectors import order_detail_for_customer, order_list_for_customer
from shopkeep.orders.services import order_confirmation_path, order_from_confirmation_token
from shopkeep.payments.selectors import payment_for_order


class ReturnForm(forms.Form):
    kind = forms.ChoiceField(choices=ReturnRequest.Kind.choices, widget=forms.RadioSelect, label="What would you like?",
                             initial=ReturnRequest.Kind.REFUND)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             label="Why are you returning it?")

    def __init__(self, *args, order, returnable: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for line in order.lines.select_related("variant"):
            left = returnable.get(line.pk, 0)
            if left <= 0:
                continue
            qty = f"quantity_{line.pk}"
            self.fields[qty] = forms.IntegerField(min_value=0, max_value=left, initial=0, required=False,
                                                  label=f"How many to return (of {left})")
            sizes = Variant.objects.filter(product_id=line.variant.product_id).exclude(pk=line.variant_id) \
                if line.variant else Variant.objects.none()
            size = f"size_{line.pk}"
            self.fields[size] = forms.ChoiceField(choices=[("", "—"), *((v.pk, v.size or v.sku) for v in sizes)],
                                                  required=False, label="Exchange for size")
            self.rows.append((line, self[qty], self[size]))

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"quantity_{line.pk}") or 0 for line, _, _ in self.rows}

    def exchange_variants(self) -> dict[int, int]:
        return {line.pk: int(self.cleaned_data[f"size_{line.pk}"]) for line, _, _ in self.rows
                if self.cleaned_data.get(f"size_{line.pk}")}


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
def return_form(request, token: str):
    """Pick lines, quantities and a reason, and ask for a refund or another size (P-22)."""
    order = order_from_confirmation_token(token)
    if order is None:
        raise Http404("This order link is not valid or has expired.")
    context = {"order": order, "window_days": conf.return_window_days,
               "order_path": order_confirmation_path(order), "cart": None}
    if not return_window_open(order=order):
        return render(request, "orders/return.html", {**context, "closed": True}, status=200)
    form = ReturnForm(request.POST or None, order=order, returnable=returnable_quantities(order=order))
    if request.method == "POST" and form.is_valid():
        try:
            created = return_request(order=order, quantities=form.quantities(), reason=form.cleaned_data["reason"],
                                     kind=form.cleaned_data["kind"], exchange_variants=form.exchange_variants())
        except ReturnRefused as error:
            form.add_error(None, str(error))
        else:
            return render(request, "orders/return.html", {
                **context, "created": created, "created_lines": list(created.lines.select_related("line")),
                "return_address_lines": identity_current().return_address_lines})
    return render(request, "orders/return.html", {**context, "form": form},
                  status=400 if request.method == "POST" else 200)


@never_cache
@login_required
def account_orders(request: HttpRequest) -> HttpResponse:
    """The customer's orders, newest first."""
    return render(request, "orders/account_orders.html", {"orders": order_list_for_customer(customer=request.user)})


@never_cache
@login_required
def account_order(request: HttpRequest, number: str) -> HttpResponse:
    """One of the customer's orders; someone else's order is a 404, so its existence is not revealed."""
    found = order_detail_for_customer(customer=request.user, number=number)
    if found is None:
        raise Http404("No such order in your account.")
    return render(request, "orders/account_order.html",
                  {"order": found, "lines": found.lines.all(), "payment": payment_for_order(order=found),
                   "customer_status": customer_status(order=found, payments=found.payments.all())})
