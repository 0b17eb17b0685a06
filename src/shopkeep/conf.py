"""The one place application code reads shopkeep's settings, always at call time.

`conf.<name>` is the setting SHOPKEEP_<NAME> of a row of the table in `shopkeep.environment`
(`conf.return_window_days` is SHOPKEEP_RETURN_WINDOW_DAYS); its default, type and meaning are
in that row and nowhere else. The properties below are values derived from those settings.
"""

import functools
import ipaddress
from pathlib import Path

from django.conf import settings

# The identity settings only seed the shop's first identity; the owner then edits it in the back office.
IDENTITY_SEED_KEYS = ("legal_name", "postal_address", "contact_email", "phone", "data_protection_contact",
                      "vat_number", "authority_name", "authority_url", "return_address")


@functools.lru_cache(maxsize=16)
def _networks(items: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Networks from a setting's items, parsed once per value (the client address is worked out per request)."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())


class ShopConf:
    """Typed, late-bound access to the SHOPKEEP_* settings."""

    def __getattr__(self, name: str):
        setting = f"SHOPKEEP_{name.upper()}"
        if name.startswith("_") or not hasattr(settings, setting):
            raise AttributeError(f"conf has no {name!r}: no row {setting} in the table of shopkeep/environment.py.")
        return getattr(settings, setting)

    @property
    def shop_country(self) -> str:
        """The country the shop is established in (ISO 3166-1 alpha-2); VAT falls back to its rates."""
        return settings.SHOPKEEP_SHOP_COUNTRY.upper()

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
    def external_mail_host(self) -> str:
        """The SMTP server mail leaves through (an email processor), or "" when mail stays in the outbox."""
        if settings.EMAIL_BACKEND == "shopkeep.mailing.backends.OutboxBackend":
            return ""
        return getattr(settings, "EMAIL_HOST", "") or "an external mail server"

    @property
    def redis_in_use(self) -> bool:
        """Whether the cache and the task queue run on Redis (SHOPKEEP_REDIS_URL)."""
        return bool(settings.REDIS_URL)

    @property
    def immediate_capture_allowed(self) -> bool:
        """Whether products marked capture_immediately may be charged at checkout (with the customer's consent)."""
        return bool(settings.SHOPKEEP_IMMEDIATE_CAPTURE)

    @property
    def fraud_order_value_limit(self) -> str:
        """Orders with a total above this are held for a phone check (in the order's currency)."""
        return str(settings.SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT)

    @property
    def trusted_proxies(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """Reverse proxies whose X-Forwarded-For header is believed; empty: the direct peer is the client."""
        value = settings.SHOPKEEP_TRUSTED_PROXIES
        return _networks(tuple(value.split(",") if isinstance(value, str) else value))

    @property
    def rate_limit_exempt(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """Client networks no per-address rate limit applies to (the shop's own load tests, monitoring)."""
        value = settings.SHOPKEEP_RATE_LIMIT_EXEMPT
        return _networks(tuple(value.split(",") if isinstance(value, str) else value))

    @property
    def password_reset_timeout(self) -> int:
        """Seconds a password-reset link stays valid (Django's PASSWORD_RESET_TIMEOUT)."""
        return settings.PASSWORD_RESET_TIMEOUT

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
        return settings.SHOPKEEP_REMOVE_EMAIL or f"remove@{self.mail_domain}"

    @property
    def inbound_email_secret(self) -> str:
        """Shared secret the inbound-email webhook must present; empty = webhook switched off."""
        return settings.SHOPKEEP_INBOUND_SECRET or ""

    @property
    def identity_seed(self) -> dict[str, str]:
        """The first values of the shop's identity (SHOPKEEP_LEGAL_NAME, …); empty strings where unset."""
        seed = {key: (getattr(settings, f"SHOPKEEP_{key.upper()}") or "").replace("\\n", "\n").strip()
                for key in IDENTITY_SEED_KEYS}
        return {**seed, "country": settings.SHOPKEEP_SHOP_COUNTRY}

    @property
    def document_max_bytes(self) -> int:
        """Largest product document (PDF) the back office accepts, in bytes (SHOPKEEP_DOCUMENT_MAX_MB)."""
        return int(settings.SHOPKEEP_DOCUMENT_MAX_MB * 1024 * 1024)

    @property
    def picture_max_bytes(self) -> int:
        """Largest product picture the back office accepts, in bytes (SHOPKEEP_PICTURE_MAX_MB)."""
        return int(settings.SHOPKEEP_PICTURE_MAX_MB * 1024 * 1024)


conf = ShopConf()
