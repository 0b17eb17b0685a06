from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "shopkeep.storefront"
    label = "storefront"

    def ready(self) -> None:
        from shopkeep.storefront.page_cache import page_version_connect

        page_version_connect()
