from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "shopkeep.pricing"
    label = "pricing"
    verbose_name = "Pricing, shipping and VAT"
