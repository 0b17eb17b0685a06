from django_tasks import task

from shopkeep.orders.models import Order
from shopkeep.orders.services import order_confirmation_send


@task()
def order_confirmation_send_task(order_id: int) -> None:
    order_confirmation_send(order=Order.objects.get(pk=order_id))
