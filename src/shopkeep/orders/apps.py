from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "shopkeep.orders"
    label = "orders"

    def ready(self) -> None:
        from shopkeep.orders.receivers import receivers_connect  # models are loaded only once apps are ready

        receivers_connect()
