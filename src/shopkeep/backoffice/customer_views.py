"""Staff pages to find customers and open one: the account (as the role may see it) and its orders."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from shopkeep.backoffice.order_forms import CustomerSearchForm
from shopkeep.customers.models import User
from shopkeep.orders.models import Order
from shopkeep.orders.staff_reads import ACCOUNT_FIELDS, customer_search, rows_for_staff
from shopkeep.privacy.access import personal_data_for_staff_many
from shopkeep.privacy.roles import Role, role_required

CUSTOMER_ROLES = (Role.CUSTOMER_SERVICE, Role.BILLING)


@require_GET
@role_required(*CUSTOMER_ROLES)
def customer_list(request):
    form = CustomerSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = Paginator(customer_search(query=query), 50).get_page(request.GET.get("page"))
    rows = rows_for_staff(staff=request.user, queryset=User.objects.filter(pk__in=[c.pk for c in page])
                          .order_by("-date_joined", "-id"), fields=("customer_number", "name", "email", "date_joined"),
                          reason="customer search", subject="customer list")
    return render(request, "backoffice/orders/customers.html", {"form": form, "page": page, "rows": rows})


@require_GET
@role_required(*CUSTOMER_ROLES)
def customer_detail(request, number: str):
    customer = get_object_or_404(User, customer_number=number, is_staff=False)
    reason = f"customer {customer.customer_number} opened"
    account = personal_data_for_staff_many(staff=request.user, queryset=User.objects.filter(pk=customer.pk),
                                           fields=ACCOUNT_FIELDS, subject_ref=customer.customer_number,
                                           reason=reason)[0]
    orders = rows_for_staff(staff=request.user, queryset=Order.objects.filter(customer=customer)
                            .select_related("customer").order_by("-created_at", "-id"),
                            fields=("total", "created_at"), reason=reason, subject=customer.customer_number)
    return render(request, "backoffice/orders/customer.html", {"customer": customer, "account": account,
                                                               "orders": orders})
