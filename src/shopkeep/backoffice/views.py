"""Staff pages for orders: dispatch (fulfilment), fraud review and returns (customer service).

Each page is limited to its role; personal data is read only through personal_data_for_staff (audited).
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shopkeep.backoffice.forms import DispatchForm, ReturnRefundForm, ReviewForm, TerminalForm
from shopkeep.cart.errors import CartError
from shopkeep.catalog.errors import CatalogError
from shopkeep.checkout.drafts import draft_get, draft_price
from shopkeep.checkout.errors import CheckoutError
from shopkeep.backoffice import phone_orders
from shopkeep.customers.staff_session import password_is_recent
from shopkeep.orders import fulfilment
from shopkeep.orders.errors import OrderError
from shopkeep.orders.models import Order, ReturnRequest
from shopkeep.payments.errors import PaymentError
from shopkeep.payments.gateways.registry import gateway_get
from shopkeep.payments.selectors import order_refundable, payment_for_order
from shopkeep.payments.models import Payment
from shopkeep.privacy.access import personal_data_for_staff, personal_data_for_staff_many
from shopkeep.privacy.roles import Role, role_required
from shopkeep.shop.services import identity_current


def _subject_ref(order: Order) -> str:
    return order.customer.customer_number if order.customer_id else order.number


def _address(request, order: Order, *, which: str, reason: str) -> dict:
    address = getattr(order, which)
    return personal_data_for_staff(staff=request.user, instance=address, subject_ref=_subject_ref(order),
                                   reason=reason)


def _card(request, order: Order, *, reason: str) -> dict:
    """The card's brand and last 4 digits, for the roles the data map lets see them (audited); else empty."""
    payment = payment_for_order(order=order)
    if payment is None:
        return {}
    return personal_data_for_staff_many(staff=request.user, queryset=Payment.objects.filter(pk=payment.pk),
                                        fields=("card_brand", "card_last4"), subject_ref=_subject_ref(order),
                                        reason=reason)[0]


def _verifications(request, order: Order, *, reason: str) -> list[tuple[object, dict]]:
    """The phone checks of a held order with their notes and outcomes as the role may see them (audited)."""
    checks = order.verifications.select_related("by").order_by("created_at", "id")
    shown = personal_data_for_staff_many(staff=request.user, queryset=checks, fields=("called_at", "outcome", "note"),
                                         subject_ref=_subject_ref(order), reason=reason)
    return list(zip(checks, shown, strict=True))


@require_GET
@role_required(Role.FULFILMENT)
def dispatch_list(request):
    orders = list(fulfilment.orders_to_dispatch())
    return render(request, "backoffice/dispatch_list.html", {
        "orders": orders, "replacements": list(fulfilment.replacements_to_dispatch())})


@require_http_methods(["GET", "POST"])
@role_required(Role.FULFILMENT)
def dispatch_order(request, number: str):
    order = get_object_or_404(Order.objects.select_related("shipping_address", "customer"), number=number)
    if order.status not in (Order.Status.READY_TO_DISPATCH, Order.Status.PARTIALLY_DISPATCHED):
        messages.error(request, f"Order {order.number} is {order.get_status_display().lower()} and cannot be sent.")
        return redirect("backoffice:dispatch_list")
    remaining = fulfilment.remaining_quantities(order=order)
    lines = list(order.lines.all())
    form = DispatchForm(request.POST or None, lines=lines, remaining=remaining)
    if request.method == "POST" and form.is_valid():
        try:
            shipment = fulfilment.order_dispatch(order=order, quantities=form.quantities(),
                                                 carrier=form.cleaned_data["carrier"],
                                                 tracking_number=form.cleaned_data["tracking_number"],
                                                 by=request.user)
        except (OrderError, PaymentError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Order {order.number} dispatched; captured {shipment.amount} {order.currency}.")
            return redirect("backoffice:dispatch_list")
    reason = f"dispatch of order {order.number}"
    address = _address(request, order, which="shipping_address", reason=reason)
    return render(request, "backoffice/dispatch_order.html", {
        "order": order, "form": form, "address": address, "payment": payment_for_order(order=order),
        "card": _card(request, order, reason=reason),
        "shipments": list(order.shipments.prefetch_related("lines__line")),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@role_required(Role.FULFILMENT, Role.CUSTOMER_SERVICE)
def order_delivered(request, number: str):
    order = get_object_or_404(Order, number=number)
    try:
        fulfilment.order_mark_delivered(order=order, by=request.user)
    except OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {order.number} marked as delivered.")
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/backoffice/")
                    else "backoffice:home")


@require_POST
@role_required(Role.CUSTOMER_SERVICE)
def order_cancel(request, number: str):
    order = get_object_or_404(Order, number=number)
    try:
        fulfilment.order_cancel(order=order, by=request.user, note=request.POST.get("note", "").strip()[:500])
    except (OrderError, PaymentError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Order {order.number} cancelled; the authorisation was released.")
    return redirect("backoffice:home")


@require_GET
@role_required(Role.CUSTOMER_SERVICE)
def fraud_list(request):
    return render(request, "backoffice/fraud_list.html", {"orders": list(fulfilment.orders_on_hold())})


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def fraud_review(request, number: str):
    order = get_object_or_404(Order.objects.select_related("billing_address", "shipping_address", "customer"),
                              number=number)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and order.status == Order.Status.ON_HOLD and form.is_valid():
        data = form.cleaned_data
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            form.add_error(None, "Choose Approve or Reject.")
        else:
            try:
                fulfilment.order_review(order=order, by=request.user, review=fulfilment.Review(
                    called_at=data["called_at"], outcome=data["outcome"], note=data["note"],
                    approve=decision == "approve"))
            except (OrderError, PaymentError) as error:
                form.add_error(None, str(error))
            else:
                verb = "approved and released for dispatch" if decision == "approve" else "rejected and cancelled"
                messages.success(request, f"Order {order.number} {verb}.")
                return redirect("backoffice:fraud_list")
    reason = f"fraud review of order {order.number}"
    contact = _address(request, order, which="billing_address", reason=reason)
    screening = personal_data_for_staff(staff=request.user, instance=order, subject_ref=_subject_ref(order),
                                        reason=reason)
    return render(request, "backoffice/fraud_review.html", {
        "order": order, "form": form, "contact": contact, "checkout_ip": screening.get("checkout_ip"),
        "email": screening.get("email"), "payment": payment_for_order(order=order),
        "card": _card(request, order, reason=reason), "total": screening.get("total"),
        "verifications": _verifications(request, order, reason=reason),
        "lines": list(order.lines.all()),
    }, status=400 if request.method == "POST" else 200)


@require_GET
@role_required(Role.CUSTOMER_SERVICE)
def returns_list(request):
    returns = (ReturnRequest.objects.select_related("order").filter(status=ReturnRequest.Status.REQUESTED)
               .order_by("created_at"))
    delivered = Order.objects.filter(Q(status=Order.Status.DISPATCHED)).order_by("created_at")[:50]
    return render(request, "backoffice/returns_list.html", {"returns": list(returns), "dispatched": list(delivered)})


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def return_handle(request, pk: int):
    """Handle a return: refund the goods (or less, with a reason) after a confirmation, receive an exchange's goods
    (the replacement then waits in fulfilment's dispatch queue), or refuse it (a separate page)."""
    return_request = get_object_or_404(ReturnRequest.objects.select_related("order", "order__customer"), pk=pk)
    order = return_request.order
    value = fulfilment.return_value(request=return_request)
    action = request.POST.get("action", "")
    refund_form = ReturnRefundForm(request.POST if action.startswith("refund") else None, initial={"amount": value.amount},
                                   currency=order.currency)
    confirm = False
    if action.startswith("refund") and not password_is_recent(request):
        # Money leaves the shop: the password must have been typed in the last few minutes (P-38).
        return redirect(f"{reverse('customers:confirm_password')}?next={request.path}")
    if request.method == "POST":
        try:
            if action == "refund" and refund_form.is_valid():
                fulfilment.return_refund(request=return_request, by=request.user, amount=refund_form.cleaned_data["amount"],
                                         reason=refund_form.cleaned_data["reason"])
                messages.success(request, f"Return for order {order.number} refunded.")
                return redirect("backoffice:returns_list")
            if action == "refund_review" and refund_form.is_valid():
                confirm = True
            if action == "exchange":
                fulfilment.return_exchange_accept(request=return_request, by=request.user)
                messages.success(request, f"Goods for order {order.number} received; the replacement is in the "
                                          "dispatch queue.")
                return redirect("backoffice:returns_list")
        except (OrderError, PaymentError) as error:
            refund_form.add_error(None, str(error))
    details = personal_data_for_staff(staff=request.user, instance=return_request, subject_ref=_subject_ref(order),
                                      reason=f"return for order {order.number}")
    return render(request, "backoffice/return_handle.html", {
        "return": return_request, "order": order, "reason": details.get("reason", ""),
        "lines": list(return_request.lines.select_related("line", "exchange_variant")),
        "value": value, "refundable": order_refundable(order=order), "refund_form": refund_form, "confirm": confirm,
        "return_address_lines": identity_current().return_address_lines,
    }, status=400 if refund_form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.BILLING)
def terminal(request):
    """Virtual terminal (P-21): build a phone order, then take the card on the gateway's own page."""
    form = TerminalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cart = phone_orders.phone_order_start(email=form.cleaned_data["email"], lines=form.lines(),
                                                  shipping_address=form.address(),
                                                  shipping_method=form.cleaned_data["shipping_method"])
        except CheckoutError as error:
            form.add_error(None, error.message)
            for field, message in error.fields.items():
                name = field.removeprefix("shipping_")
                form.add_error(name if name in form.fields else None, message)
        except (CartError, CatalogError) as error:
            form.add_error(None, str(error))
        else:
            token = phone_orders.phone_order_token(cart=cart)
            return redirect(gateway_get().hosted_page_url(
                amount=draft_price(draft=draft_get(cart=cart)).amount,
                return_url=reverse("backoffice:terminal_return", args=[token]),
                cancel_url=reverse("backoffice:terminal"),
            ))
    return render(request, "backoffice/terminal.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
@role_required(Role.BILLING)
def terminal_return(request, token: str):
    """The gateway sends the clerk back with the card token; authorise and place the order."""
    cart = phone_orders.phone_order_cart(token=token)
    if cart is None:
        raise Http404("This phone order has expired; start it again.")
    try:
        order = phone_orders.phone_order_complete(cart=cart, payment_token=request.GET.get("payment_token", ""),
                                                  clerk=request.user).order
    except (PaymentError, CheckoutError, CartError, CatalogError) as error:
        messages.error(request, f"The phone order was not placed: {error}")
        return redirect("backoffice:terminal")
    messages.success(request, f"Phone order {order.number} placed ({order.get_status_display().lower()}); "
                              f"the customer gets the confirmation email.")
    return redirect("backoffice:terminal")
