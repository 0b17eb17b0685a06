from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "shopkeep.outbox"
    label = "outbox"
    verbose_name = "Work handed to the task queue after a commit"

    def ready(self) -> None:
        from shopkeep import health
        from shopkeep.outbox import relay

        health.check_register("outbox", relay.outbox_health)
