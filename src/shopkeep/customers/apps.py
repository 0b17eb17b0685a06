from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "shopkeep.customers"
    label = "customers"
