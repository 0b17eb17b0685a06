from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "shopkeep.support"
    label = "support"
    verbose_name = "Help center and support requests"

    def ready(self) -> None:
        # Customer replies to a support email arrive through mailing's inbound paths (command and webhook).
        from shopkeep.support import inbound

        inbound.register()
