"""How orders hears what payments tells it (payments never imports orders)."""

from shopkeep.orders.models import Order
from shopkeep.orders.services import order_flag
from shopkeep.payments.signals import authorisation_renewal_failed


def order_flag_on_failed_renewal(sender, *, payment, reason: str, **kwargs) -> None:
    """Flag the order whose card refused to renew its authorisation, for customer service."""
    order_flag(order=Order.objects.get(pk=payment.order_id), reason=reason)


def receivers_connect() -> None:
    """Connect the orders receivers to the signals of the apps below (called once, from OrdersConfig.ready)."""
    authorisation_renewal_failed.connect(
        order_flag_on_failed_renewal, sender=None, dispatch_uid="orders.order_flag_on_failed_renewal"
    )
