from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "shopkeep.orders"
    label = "orders"
