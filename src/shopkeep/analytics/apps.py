from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "shopkeep.analytics"
    label = "analytics"
    verbose_name = "Statistics"
