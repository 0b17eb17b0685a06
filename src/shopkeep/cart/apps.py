from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "shopkeep.cart"
    label = "cart"
