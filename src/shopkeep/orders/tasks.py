from django_tasks import task

from shopkeep.orders.models import Order
from shopkeep.orders.services import order_confirmation_send, order_update_send


@task(queue_name="mail")
def order_confirmation_send_task(order_id: int) -> None:
    order_confirmation_send(order=Order.objects.get(pk=order_id))


@task(queue_name="mail")
def order_update_send_task(order_id: int, headline: str, message: str, extra: dict) -> None:
    order_update_send(order=Order.objects.get(pk=order_id), headline=headline, message=message, **extra)
