"""Data map of orders: who ordered, where it goes, what was bought."""

from shopkeep.backoffice.roles import Role
from shopkeep.orders.models import Order, OrderLine
from shopkeep.privacy.registry import Personal, register, register_policy_notice_source

ORDER = ("essential.service.operations", "essential.legal_obligation")
HISTORY = Personal("user.behavior.purchase_history", ORDER, "legal_obligation", "order",
                   roles=(Role.CUSTOMER_SERVICE, Role.BILLING, Role.FULFILMENT), erase="keep")

register(
    Order,
    description="orders",
    subject="customer",
    personal={
        "customer": Personal("user.unique_id", ORDER, "contract", "order", roles=(Role.CUSTOMER_SERVICE, Role.BILLING),
                             erase="blank"),
        "email": Personal("user.contact.email", ("essential.service.operations", "essential.service.notifications"),
                          "contract", "order", roles=(Role.CUSTOMER_SERVICE, Role.BILLING),
                          processors=("email_provider",), encrypted=True, erase="marker"),
        "email_index": Personal("user.contact.email", ("essential.service.operations",), "contract", "order",
                                encrypted=True, erase="marker"),
        "subtotal": HISTORY,
        "shipping_total": HISTORY,
        "discount_total": HISTORY,
        "coupon_code": HISTORY,
        "total": HISTORY,
        "created_at": HISTORY,
    },
    non_personal=["id", "number", "cart", "status", "currency", "shipping_method", "shipping_method_name",
                  "shipping_address", "billing_address", "updated_at"],
    notes="Addresses are customers.Address rows (declared there).",
)
register(
    OrderLine,
    description="the products of each order",
    subject="order__customer",
    personal={"quantity": HISTORY, "line_total": HISTORY},
    non_personal=["id", "order", "variant", "sku", "product_name", "size", "unit_price"],
)

OPEN_STATUSES = {Order.Status.PLACED}


def _open_order_emails():
    return Order.objects.filter(status__in=OPEN_STATUSES).values_list("email", flat=True).iterator()


register_policy_notice_source(_open_order_emails)
