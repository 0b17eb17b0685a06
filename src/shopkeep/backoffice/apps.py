from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "shopkeep.backoffice"
    label = "backoffice"
