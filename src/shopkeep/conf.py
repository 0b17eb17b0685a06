"""The one place application code reads shopkeep's settings, always at call time."""

from pathlib import Path

from django.conf import settings


class ShopConf:
    """Typed, late-bound access to the SHOPKEEP_* settings."""

    @property
    def shop_name(self) -> str:
        return settings.SHOPKEEP_SHOP_NAME

    @property
    def currency(self) -> str:
        return settings.SHOPKEEP_CURRENCY

    @property
    def cookieless(self) -> bool:
        """True when SHOPKEEP_COOKIES=none: the shop sets no cookie at all (P-07)."""
        return settings.SHOPKEEP_COOKIES == "none"

    @property
    def data_dir(self) -> Path:
        return Path(settings.SHOPKEEP_DATA_DIR)

    @property
    def outbox_dir(self) -> Path:
        return Path(settings.SHOPKEEP_OUTBOX_DIR)

    @property
    def payment_gateway(self) -> str:
        return settings.SHOPKEEP_PAYMENT_GATEWAY

    @property
    def order_link_max_age(self) -> int:
        """Seconds an emailed order-confirmation link stays valid."""
        return getattr(settings, "SHOPKEEP_ORDER_LINK_MAX_AGE", 180 * 24 * 3600)

    @property
    def max_line_quantity(self) -> int:
        return getattr(settings, "SHOPKEEP_MAX_LINE_QUANTITY", 99)

    @property
    def base_url(self) -> str:
        """The shop's public address, for links in emails."""
        return settings.SHOPKEEP_BASE_URL.rstrip("/")

    def absolute_url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    @property
    def mail_domain(self) -> str:
        return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "shopkeep.localhost"


conf = ShopConf()
