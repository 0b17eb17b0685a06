"""Staff pages to find and run orders: search, the order in full, and its actions with a confirmation step.

Customer service and the billing clerk search and open orders; each action first shows what it will do (money
moved, emails sent) and acts only when confirmed. Personal fields are read only through the audited access
function (orders.staff_reads), so each role sees what the data map allows and nothing more.
"""

import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shopkeep.backoffice.order_forms import OrderSearchForm, RefundForm
from shopkeep.customers.staff_session import recent_password_required
from shopkeep.orders import aftercare, fulfilment
from shopkeep.orders.errors import OrderError
from shopkeep.orders.invoices import order_document, order_document_pdf
from shopkeep.orders.models import Order, ReturnRequest
from shopkeep.orders.staff_reads import order_for_staff, order_search, rows_for_staff, subject_ref
from shopkeep.payments.errors import PaymentError
from shopkeep.payments.selectors import order_refundable, payment_for_order
from shopkeep.privacy.access import personal_data_for_staff
from shopkeep.privacy.roles import Role, role_required, user_has_role

ORDER_ROLES = (Role.CUSTOMER_SERVICE, Role.BILLING)
CANCELLABLE = (Order.Status.PLACED, Order.Status.ON_HOLD, Order.Status.READY_TO_DISPATCH)


def _order(number: str) -> Order:
    return get_object_or_404(Order.objects.select_related("customer"), number=number)


@require_GET
@role_required(*ORDER_ROLES)
def order_list(request):
    form = OrderSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(order_search(query=filters.get("q", ""), status=filters.get("status", ""),
                                  placed_from=filters.get("placed_from"), placed_to=filters.get("placed_to")),
                     50).get_page(request.GET.get("page"))
    rows = rows_for_staff(staff=request.user, queryset=Order.objects.filter(pk__in=[o.pk for o in page])
                          .select_related("customer").order_by("-created_at", "-id"),
                          fields=("customer", "total", "created_at"), reason="order search", subject="order list")
    return render(request, "backoffice/orders/list.html", {"form": form, "page": page, "rows": rows,
                                                           "searched": bool(filters.get("q"))})


@require_GET
@role_required(*ORDER_ROLES)
def order_detail(request, number: str):
    order = _order(number)
    view = order_for_staff(staff=request.user, order=order, reason=f"order {order.number} opened")
    return render(request, "backoffice/orders/detail.html", {
        "view": view, "order": view.order, "cancellable": order.status in CANCELLABLE,
        "can_cancel": user_has_role(request.user, Role.CUSTOMER_SERVICE),
        "can_refund": user_has_role(request.user, Role.BILLING) and bool(view.refundable and view.refundable.amount),
        "can_invoice": user_has_role(request.user, Role.BILLING),
        "can_pack": user_has_role(request.user, Role.FULFILMENT),
    })


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def order_cancel_confirm(request, number: str):
    """Cancel before dispatch, after a page saying what happens: the authorisation is voided, stock returns."""
    order = _order(number)
    if order.status not in CANCELLABLE:
        messages.error(request, f"Order {order.number} is {order.get_status_display().lower()} and cannot be "
                                "cancelled here.")
        return redirect("backoffice_orders:detail", number=order.number)
    if request.method == "POST":
        try:
            fulfilment.order_cancel(order=order, by=request.user,
                                    note=request.POST.get("note", "").strip()[:500] or "Cancelled by customer service.")
        except (OrderError, PaymentError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Order {order.number} cancelled; the card authorisation was voided.")
        return redirect("backoffice_orders:detail", number=order.number)
    return render(request, "backoffice/orders/cancel.html", {"order": order, "payment": payment_for_order(order=order)})


@require_http_methods(["GET", "POST"])
@role_required(Role.BILLING)
@recent_password_required  # money leaves the shop: the password must be fresh (P-38)
def order_refund(request, number: str):
    """A partial or goodwill refund with a reason: fill in, check the confirmation, then refund."""
    order = _order(number)
    refundable = order_refundable(order=order)
    form = RefundForm(request.POST or None, order=order)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("step") == "confirm":
            try:
                aftercare.order_refund_with_reason(order=order, amount=data["amount"], reason=data["reason"],
                                                   kind=data["kind"], by=request.user, key=data["key"])
            except (OrderError, PaymentError) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Refunded {data['amount']} on order {order.number}; the customer is told.")
                return redirect("backoffice_orders:detail", number=order.number)
        else:
            try:
                aftercare.refund_check(order=order, amount=data["amount"])
            except OrderError as error:
                form.add_error("amount", str(error))
            else:
                return render(request, "backoffice/orders/refund_confirm.html", {
                    "order": order, "form": form, "data": data, "refundable": refundable,
                    "kind_label": aftercare.REFUND_KINDS[data["kind"]]})
    return render(request, "backoffice/orders/refund.html", {
        "order": order, "form": form, "refundable": refundable, "key": secrets.token_urlsafe(12),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@role_required(*ORDER_ROLES)
def order_note(request, number: str):
    order = _order(number)
    try:
        aftercare.order_note_add(order=order, note=request.POST.get("note", ""), by=request.user)
    except OrderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Note added to the order's history.")
    return redirect("backoffice_orders:detail", number=order.number)


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def order_resend(request, number: str):
    """Resend the email for the order's current state, after saying which email goes out."""
    order = _order(number)
    if request.method == "POST":
        sent = aftercare.order_email_resend(order=order, by=request.user)
        messages.success(request, f"Sent {sent} again to the customer of order {order.number}.")
        return redirect("backoffice_orders:detail", number=order.number)
    return render(request, "backoffice/orders/resend.html", {"order": order})


def _document(request, number: str, *, kind: str, pdf: bool):
    order = get_object_or_404(Order.objects.select_related("customer", "shipping_address", "billing_address"),
                              number=number)
    which = order.billing_address if kind == "invoice" else order.shipping_address
    address = personal_data_for_staff(staff=request.user, instance=which, subject_ref=subject_ref(order),
                                      reason=f"{kind.replace('_', ' ')} of order {order.number}")
    document = order_document(order=order, kind=kind, address=address)
    if pdf:
        response = HttpResponse(order_document_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document.number}.pdf"'
        return response
    return render(request, "backoffice/orders/document.html", {"document": document, "order": order})


@require_GET
@role_required(Role.BILLING)
def invoice(request, number: str):
    return _document(request, number, kind="invoice", pdf=False)


@require_GET
@role_required(Role.BILLING)
def invoice_pdf(request, number: str):
    return _document(request, number, kind="invoice", pdf=True)


@require_GET
@role_required(Role.FULFILMENT)
def packing_slip(request, number: str):
    return _document(request, number, kind="packing_slip", pdf=False)


@require_GET
@role_required(Role.FULFILMENT)
def packing_slip_pdf(request, number: str):
    return _document(request, number, kind="packing_slip", pdf=True)


@require_http_methods(["GET", "POST"])
@role_required(Role.CUSTOMER_SERVICE)
def return_refuse(request, pk: int):
    """Refuse a return with a reason, after a page saying the customer is told and nothing is refunded."""
    return_request = get_object_or_404(ReturnRequest.objects.select_related("order"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            aftercare.return_refuse(request=return_request, reason=request.POST.get("reason", ""), by=request.user)
        except OrderError as refused:
            error = str(refused)
        else:
            messages.success(request, f"Return for order {return_request.order.number} refused; the customer is told why.")
            return redirect("backoffice:returns_list")
    return render(request, "backoffice/orders/return_refuse.html", {
        "return": return_request, "order": return_request.order, "error": error,
        "reason": request.POST.get("reason", ""),
    }, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@role_required(Role.FULFILMENT)
def replacement_dispatch(request, pk: int):
    """Send an exchange's replacement from the dispatch queue, to the order's delivery address."""
    return_request = get_object_or_404(ReturnRequest.objects.select_related("order", "order__customer",
                                                                            "order__shipping_address"), pk=pk)
    order = return_request.order
    error = ""
    if request.method == "POST":
        try:
            fulfilment.replacement_dispatch(request=return_request, by=request.user,
                                            carrier=request.POST.get("carrier", ""),
                                            tracking_number=request.POST.get("tracking_number", ""))
        except (OrderError, PaymentError) as failed:
            error = str(failed)
        else:
            messages.success(request, f"Replacement for order {order.number} dispatched.")
            return redirect("backoffice:dispatch_list")
    address = personal_data_for_staff(staff=request.user, instance=order.shipping_address,
                                      subject_ref=subject_ref(order), reason=f"replacement for order {order.number}")
    return render(request, "backoffice/orders/replacement.html", {
        "return": return_request, "order": order, "address": address, "error": error,
        "lines": list(return_request.lines.select_related("line", "exchange_variant")),
        "carrier": request.POST.get("carrier", ""), "tracking_number": request.POST.get("tracking_number", ""),
    }, status=400 if error else 200)
