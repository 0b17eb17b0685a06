from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "shopkeep.payments"
    label = "payments"
