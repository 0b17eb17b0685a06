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
    def stripe_secret_key(self) -> str:
        return getattr(settings, "SHOPKEEP_STRIPE_SECRET_KEY", "")

    @property
    def payment_authorisation_days(self) -> int:
        """Days a card authorisation stays valid at the gateway (sandbox: 7)."""
        return getattr(settings, "SHOPKEEP_PAYMENT_AUTHORISATION_DAYS", 7)

    @property
    def payment_reconcile_grace_minutes(self) -> int:
        """Minutes an authorisation may wait for its order before reconciliation voids it."""
        return getattr(settings, "SHOPKEEP_PAYMENT_RECONCILE_GRACE_MINUTES", 30)

    @property
    def order_link_max_age(self) -> int:
        """Seconds an emailed order-confirmation link stays valid."""
        return getattr(settings, "SHOPKEEP_ORDER_LINK_MAX_AGE", 180 * 24 * 3600)

    @property
    def max_line_quantity(self) -> int:
        return getattr(settings, "SHOPKEEP_MAX_LINE_QUANTITY", 99)

    @property
    def password_reset_timeout(self) -> int:
        """Seconds a password-reset link stays valid (Django's PASSWORD_RESET_TIMEOUT)."""
        return settings.PASSWORD_RESET_TIMEOUT

    @property
    def fraud_order_value_limit(self) -> str:
        """Orders with a total above this are held for a phone check (in the order's currency)."""
        return str(getattr(settings, "SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT", "1000"))

    @property
    def fraud_max_orders_per_hour(self) -> int:
        """More orders than this from one card or email address within an hour are held."""
        return int(getattr(settings, "SHOPKEEP_FRAUD_MAX_ORDERS_PER_HOUR", 3))

    @property
    def fraud_max_declines_per_hour(self) -> int:
        """More declined attempts than this with one card within an hour hold the next order."""
        return int(getattr(settings, "SHOPKEEP_FRAUD_MAX_DECLINES_PER_HOUR", 2))

    @property
    def checkout_ip_retention_days(self) -> int:
        """Days the client IP of a checkout is kept for fraud screening (P-19)."""
        return int(getattr(settings, "SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS", 90))

    @property
    def immediate_capture_allowed(self) -> bool:
        """Whether products marked capture_immediately may be charged at checkout (with the customer's consent)."""
        return bool(getattr(settings, "SHOPKEEP_IMMEDIATE_CAPTURE", False))

    @property
    def return_window_days(self) -> int:
        """Days after delivery in which a customer may ask to return goods (P-22)."""
        return int(getattr(settings, "SHOPKEEP_RETURN_WINDOW_DAYS", 14))

    @property
    def identity_seed(self) -> dict[str, str]:
        """The first values of the shop's identity (SHOPKEEP_LEGAL_NAME, …); empty strings where unset."""
        return dict(getattr(settings, "SHOPKEEP_IDENTITY_SEED", {}))

    @property
    def document_max_bytes(self) -> int:
        """Largest product document (PDF) the back office accepts, in bytes (SHOPKEEP_DOCUMENT_MAX_MB)."""
        return int(getattr(settings, "SHOPKEEP_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))

    @property
    def base_url(self) -> str:
        """The shop's public address, for links in emails."""
        return settings.SHOPKEEP_BASE_URL.rstrip("/")

    def absolute_url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    @property
    def mail_domain(self) -> str:
        return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "shopkeep.localhost"

    @property
    def mail_remove_address(self) -> str:
        """The address that unsubscribes whoever writes to it (P-28)."""
        return getattr(settings, "SHOPKEEP_REMOVE_EMAIL", "") or f"remove@{self.mail_domain}"

    @property
    def inbound_email_secret(self) -> str:
        """Shared secret the inbound-email webhook must present; empty = webhook switched off."""
        return getattr(settings, "SHOPKEEP_INBOUND_SECRET", "")

    @property
    def analytics_retention_months(self) -> int:
        """Months the daily statistics roll-ups are kept (non-personal aggregates)."""
        return getattr(settings, "SHOPKEEP_ANALYTICS_RETENTION_MONTHS", 25)

    @property
    def analytics_flush_interval(self) -> float:
        """Seconds between flushes of recorded page views into the roll-ups; 0 = flush by hand."""
        return getattr(settings, "SHOPKEEP_ANALYTICS_FLUSH_INTERVAL", 5.0)

    @property
    def analytics_flush_batch(self) -> int:
        """Buffered page views that trigger an early flush."""
        return getattr(settings, "SHOPKEEP_ANALYTICS_FLUSH_BATCH", 500)

    @property
    def analytics_buffer_limit(self) -> int:
        """Most page views a process buffers before it drops new ones (flusher stalled)."""
        return getattr(settings, "SHOPKEEP_ANALYTICS_BUFFER_LIMIT", 50_000)

    @property
    def campaign_rate(self) -> float:
        """Newsletter messages handed to the mail queue per second, at most (campaign sending)."""
        return float(getattr(settings, "SHOPKEEP_CAMPAIGN_RATE", 20))

    @property
    def campaign_batch_size(self) -> int:
        """Subscribers one campaign task handles before queueing the next batch."""
        return int(getattr(settings, "SHOPKEEP_CAMPAIGN_BATCH_SIZE", 200))

    @property
    def survey_after_days(self) -> int:
        """Days after an order that its opted-in customer is invited to the survey (delivery expected by then)."""
        return int(getattr(settings, "SHOPKEEP_SURVEY_AFTER_DAYS", 10))


conf = ShopConf()
