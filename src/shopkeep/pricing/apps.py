from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PricingConfig(AppConfig):
    name = "shopkeep.pricing"
    label = "pricing"
    verbose_name = "Pricing, shipping and VAT"

    def ready(self) -> None:
        from shopkeep.pricing.services import pricing_defaults_after_flush

        post_migrate.connect(pricing_defaults_after_flush, sender=self, dispatch_uid="pricing_defaults_after_flush")
