from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "shopkeep.storefront"
    label = "storefront"
