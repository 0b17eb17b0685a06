from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "shopkeep.customers"
    label = "customers"

    def ready(self) -> None:
        from shopkeep.customers import lockout, staff_session  # noqa: F401 (signal receivers)

        lockout.connect()
