from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "shopkeep.checkout"
    label = "checkout"
