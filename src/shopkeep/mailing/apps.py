from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "shopkeep.mailing"
    label = "mailing"
