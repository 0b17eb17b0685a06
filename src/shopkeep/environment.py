"""Every SHOPKEEP_* environment variable: one table, read here and nowhere else.

Each row says the variable's name, its kind (how its text is read and checked), its default,
one help sentence (the README's configuration table is generated from it) and, when the kind's
own sentence is not precise enough, the sentence that refuses a bad value. settings.py turns the
values into Django settings; application code reads them through `shopkeep.conf.conf`.
A value shopkeep cannot use raises ConfigurationError naming the variable, which stops the start.

Adding a setting is adding one row to VARIABLES; `conf.<name without SHOPKEEP_, lower case>`
then returns its value.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
import math
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url


class ConfigurationError(Exception):
    """An environment variable has a value shopkeep cannot use."""


class Invalid(ValueError):
    """A kind's parser refuses a text; `sentence` replaces the usual one when the reason is particular."""

    def __init__(self, sentence: str = "") -> None:
        super().__init__(sentence)
        self.sentence = sentence


@dataclass(frozen=True)
class Kind:
    """How a variable's text is read: `parse` returns the value or raises Invalid; `error` says what was expected."""

    parse: Callable[[str], object]
    error: str  # formatted with {name}, {value} (the text) and {scheme} (the text's URL scheme)


@dataclass(frozen=True)
class Variable:
    name: str
    kind: Kind
    default: str | None  # as it would be written in the environment; None: unset (see `unset`)
    help: str
    error: str = ""  # the sentence for a bad value, when not the kind's
    unset: str = ""  # what an unset or empty variable means, when not simply its default


def _flag(text: str) -> bool:
    if text.lower() in {"1", "true", "yes", "on"}:
        return True
    if text.lower() in {"0", "false", "no", "off"}:
        return False
    raise Invalid


def _number(*, minimum: float, above: bool) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            raise Invalid from None
        if not math.isfinite(number) or number < minimum or (above and number == minimum):
            raise Invalid
        return number

    return parse


def _whole(*, minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise Invalid from None
        if number < minimum:
            raise Invalid
        return number

    return parse


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Invalid from None
    if not amount.is_finite() or amount <= 0:
        raise Invalid
    return amount


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _networks(text: str) -> list[str]:
    names = _names(text)
    try:
        return [str(ipaddress.ip_network(name, strict=False)) for name in names]
    except ValueError:
        raise Invalid from None


def _country(text: str) -> str:
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise Invalid
    return text.upper()


def _currency(text: str) -> str:
    if len(text) != 3 or not text.isalpha() or not text.isupper():
        raise Invalid
    return text


def _choice(*choices: str) -> Kind:
    def parse(text: str) -> str:
        if text not in choices:
            raise Invalid
        return text

    listed = " or ".join(f"'{choice}'" for choice in choices)
    return Kind(parse, f"{{name}} must be {listed}, not {{value!r}}.")


def _url(*schemes: str) -> Kind:
    def parse(text: str) -> str:
        try:
            scheme = urlsplit(text).scheme
        except ValueError:
            raise Invalid("{name} is not a URL shopkeep can read: {value!r}.") from None
        if scheme not in schemes:
            raise Invalid
        return text

    starts = [f"{scheme}://" for scheme in schemes]
    listed = starts[0] if len(starts) == 1 else ", ".join(starts[:-1]) + " or " + starts[-1]
    return Kind(parse, f"{{name}} must start with {listed}, not {{scheme}}://.")


UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _schedule(text: str) -> dict[str, timedelta]:
    """`name=interval` pairs such as `payments=15m,retention=1d` (units s, m, h, d)."""
    schedule = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        name, _, interval = item.partition("=")
        interval = interval.strip()
        if not name.strip() or len(interval) < 2 or interval[-1] not in UNITS or not interval[:-1].isdigit() \
                or int(interval[:-1]) == 0:
            raise Invalid
        schedule[name.strip()] = timedelta(seconds=int(interval[:-1]) * UNITS[interval[-1]])
    return schedule


def _database_url(text: str) -> str:
    try:
        parts = urlsplit(text)
    except ValueError:
        raise Invalid("{name} is not a URL shopkeep can read: {value!r}.") from None
    if parts.scheme == "sqlite" and not unquote(parts.path)[1:]:
        raise Invalid("{name}=sqlite:// needs a file, e.g. sqlite:////srv/shop/shopkeep.sqlite3.")
    if parts.scheme not in {"postgresql", "postgres", "sqlite"}:
        raise Invalid
    return text


TEXT = Kind(str, "")
FLAG = Kind(_flag, "{name} must be true or false, not {value!r}.")
POSITIVE_NUMBER = Kind(_number(minimum=0, above=True), "{name} must be a number above zero, not {value!r}.")
NUMBER = Kind(_number(minimum=0, above=False), "{name} must be a number, zero or above, not {value!r}.")
POSITIVE_WHOLE = Kind(_whole(minimum=1), "{name} must be a whole number above zero, not {value!r}.")
WHOLE = Kind(_whole(minimum=0), "{name} must be a whole number, zero or above, not {value!r}.")
AMOUNT = Kind(_amount, "{name} must be an amount above zero such as 1000 or 99.95, not {value!r}.")
NAMES = Kind(_names, "")
PATH = Kind(Path, "")
NETWORKS = Kind(_networks,
                "{name} must be IP addresses or networks such as 10.0.0.0/8, comma-separated, not {value!r}.")
COUNTRY = Kind(_country, "{name} must be a two-letter ISO 3166 country code such as DE, not {value!r}.")
CURRENCY = Kind(_currency, "{name} must be a three-letter ISO 4217 currency code such as EUR, not {value!r}.")
SCHEDULE = Kind(_schedule, "{name} must be name=interval pairs such as payments=15m,retention=1d (units s, m, h, d), "
                           "not {value!r}.")
DATABASE_URL = Kind(_database_url, "{name} must start with postgresql:// or sqlite://, not {scheme}://.")

VARIABLES = (
    Variable("SHOPKEEP_DATA_DIR", PATH, "./var", "where the shop keeps its files: the SQLite file `shopkeep.sqlite3` "
             "(WAL mode), the generated `secret_key` and `keys/` (mode 0600), `outbox/` and `static/`"),
    Variable("SHOPKEEP_DATABASE_URL", DATABASE_URL, None, "`postgresql://user:password@host:5432/name` or "
             "`sqlite:////absolute/path.sqlite3`", unset="SQLite in the data dir"),
    Variable("SHOPKEEP_REDIS_URL", _url("redis", "rediss", "unix"), None, "`redis://host:6379/0`: Redis cache, and "
             "background tasks on RQ instead of the database queue"),
    Variable("SHOPKEEP_PAGE_CACHE", FLAG, "true", "serve anonymous catalogue, help and policy pages from the cache, "
             "invalidated exactly by every change they show (README \"Page cache\")"),
    Variable("SHOPKEEP_PAGE_CACHE_SECONDS", POSITIVE_WHOLE, "600", "seconds a cached page is kept at most (a "
             "safety limit: every change a page shows already replaces it)"),
    Variable("SHOPKEEP_SECRET_KEY", TEXT, None, "Django's secret key (signs cart forms, order links, sessions)",
             unset="generated into `<data dir>/secret_key`"),
    Variable("SHOPKEEP_DATA_KEYS", NAMES, None, "field-encryption keys, comma-separated, newest first (P-15); set "
             "SHOPKEEP_INDEX_KEY too", unset="key files under `<data dir>/keys/`"),
    Variable("SHOPKEEP_INDEX_KEY", TEXT, None, "the blind-index key for look-ups by email (P-15); set it with "
             "SHOPKEEP_DATA_KEYS", unset="`<data dir>/keys/index.key`"),
    Variable("SHOPKEEP_DEBUG", FLAG, "false", "Django debug mode (`true`/`false`)"),
    Variable("SHOPKEEP_ALLOWED_HOSTS", NAMES, "127.0.0.1,localhost,[::1]", "host names the shop answers to, "
             "comma-separated"),
    Variable("SHOPKEEP_HTTPS", FLAG, None, "HTTPS only (P-14): redirect to https, HSTS for a year with subdomains, "
             "`Secure` cookies named with the `__Host-` prefix", unset="true when SHOPKEEP_DEBUG is false and "
             "SHOPKEEP_BASE_URL starts with https://"),
    Variable("SHOPKEEP_HSTS_PRELOAD", FLAG, "false", "ask browsers to preload HSTS for the domain (hstspreload.org); "
             "only with SHOPKEEP_HTTPS, and hard to undo"),
    Variable("SHOPKEEP_RATE_LIMIT_EXEMPT", NETWORKS, "", "client addresses or networks that no per-address rate "
             "limit applies to (your own load tests or monitoring; never a proxy's address); empty: none"),
    Variable("SHOPKEEP_TRUSTED_PROXIES", NETWORKS, "", "reverse proxies (addresses or networks, comma-separated) "
             "whose X-Forwarded-For header is believed for the client's address; empty: none"),
    Variable("SHOPKEEP_BASE_URL", _url("http", "https"), "http://127.0.0.1:8000", "the shop's public address, for "
             "links in emails"),
    Variable("SHOPKEEP_PASSWORD_MIN_LENGTH", POSITIVE_WHOLE, "15", "shortest password (in characters) of an "
             "account that signs in with its password alone (P-16)"),
    Variable("SHOPKEEP_PASSWORD_MIN_LENGTH_SECOND_FACTOR", POSITIVE_WHOLE, "8", "shortest password once the "
             "account has a second factor (P-16)"),
    Variable("SHOPKEEP_LOGIN_FAILURE_LIMIT", POSITIVE_WHOLE, "5", "wrong passwords for one email address from one "
             "client address before logging in is refused for a while, even with the right password (P-16)"),
    Variable("SHOPKEEP_LOGIN_LOCKOUT_MINUTES", POSITIVE_WHOLE, "15", "minutes a login stays refused after too many "
             "wrong passwords"),
    Variable("SHOPKEEP_STAFF_IDLE_MINUTES", POSITIVE_WHOLE, "5", "minutes without a request after which a staff "
             "session locks and asks for the password again (P-38)"),
    Variable("SHOPKEEP_STAFF_SESSION_HOURS", POSITIVE_WHOLE, "12", "hours after signing in that a staff session ends "
             "(the second factor is asked again after as long)"),
    Variable("SHOPKEEP_REAUTH_MINUTES", POSITIVE_WHOLE, "5", "refunds, staff changes and other dangerous actions need "
             "the password typed within this many minutes"),
    Variable("SHOPKEEP_CHECKOUT_DECLINE_LIMIT", POSITIVE_WHOLE, "5", "declined payments for one cart or one email "
             "address before checkout refuses them for a while (card testing)"),
    Variable("SHOPKEEP_CHECKOUT_BLOCK_MINUTES", POSITIVE_WHOLE, "60", "minutes checkout stays refused for a cart or "
             "email address after too many declined payments"),
    Variable("SHOPKEEP_COOKIES", _choice("necessary", "none"), "necessary", "`necessary`: only strictly necessary "
             "cookies (cart, login, CSRF), none on a first visit; `none`: no cookie at all, the cart travels in the "
             "URL (P-06, P-07)"),
    Variable("SHOPKEEP_COOKIE_GUARD", FLAG, None, "fail every response that sets a cookie not declared in "
             "`privacy/cookies.py` (P-08)", unset="as SHOPKEEP_DEBUG"),
    Variable("SHOPKEEP_EMAIL_URL", _url("smtp", "submission", "smtps"), None, "`smtp://host`, "
             "`submission://user:password@host` (STARTTLS, 587) or `smtps://…` (465)",
             unset="`.eml` files in `<data dir>/outbox/`"),
    Variable("SHOPKEEP_FROM_EMAIL", TEXT, "shop@shopkeep.localhost", "sender address of the shop's email"),
    Variable("SHOPKEEP_REMOVE_EMAIL", TEXT, None, "any message to this address unsubscribes its sender (P-28)",
             unset="`remove@<domain of SHOPKEEP_FROM_EMAIL>`"),
    Variable("SHOPKEEP_INBOUND_SECRET", TEXT, "", "shared secret the inbound-mail provider sends in "
             "`X-Shopkeep-Inbound-Secret`", unset="the inbound webhook answers 403"),
    Variable("SHOPKEEP_CAMPAIGN_RATE", POSITIVE_NUMBER, "20", "newsletter messages a campaign hands to the "
             "marketing queue per second, on average: each batch is scheduled after the previous one's messages at "
             "this rate"),
    Variable("SHOPKEEP_CAMPAIGN_BATCH_SIZE", POSITIVE_WHOLE, "200", "subscribers one campaign batch handles before "
             "the next batch is scheduled"),
    Variable("SHOPKEEP_SURVEY_AFTER_DAYS", POSITIVE_WHOLE, "10", "days after an order that a customer who opted in "
             "is invited to the survey"),
    Variable("SHOPKEEP_SUPPORT_TICKET_RETENTION_DAYS", POSITIVE_WHOLE, "365", "days a closed support request and its "
             "messages are kept after closing (P-41)"),
    Variable("SHOPKEEP_CART_RETENTION_DAYS", POSITIVE_WHOLE, "30", "days after its last change that a cart never "
             "ordered, and its checkout details, are deleted (P-35)"),
    Variable("SHOPKEEP_ORDER_RETENTION_DAYS", POSITIVE_WHOLE, "2190", "days orders and payments are kept for the "
             "accounting records (6 years); then their contact details, addresses, notes and card details are erased, "
             "the figures stay (P-35)"),
    Variable("SHOPKEEP_SURVEY_RETENTION_DAYS", POSITIVE_WHOLE, "730", "days after answering that survey answers and "
             "invitations are deleted (P-35)"),
    Variable("SHOPKEEP_AUDIT_RETENTION_DAYS", Kind(_whole(minimum=365), ""), "730", "days the log of staff access, "
             "the security log and who changed what are kept; then they are deleted or unlinked from the staff "
             "member (P-35). A year at least: the append-only log refuses to delete younger entries",
             error="{name} must be a whole number of days, 365 or more (the audit log keeps a year at least), "
                   "not {value!r}."),
    Variable("SHOPKEEP_UNCONFIRMED_SIGNUP_RETENTION_DAYS", POSITIVE_WHOLE, "30", "days a newsletter sign-up that was "
             "never confirmed is kept, then deleted (P-35)"),
    Variable("SHOPKEEP_EMAIL_DELIVERY_RETENTION_DAYS", POSITIVE_WHOLE, "7", "days an email's recipient and content "
             "are kept for delivery, then blanked (P-35)"),
    Variable("SHOPKEEP_EMAIL_LOG_RETENTION_DAYS", POSITIVE_WHOLE, "730", "days the record of each sent email (kind, "
             "keyed hash of the recipient, time) is kept, then deleted (P-35)"),
    Variable("SHOPKEEP_INACTIVE_ACCOUNT_DAYS", POSITIVE_WHOLE, "1095", "days without a login after which a customer "
             "account is deleted (orders stay for accounting) (P-35)"),
    Variable("SHOPKEEP_INACTIVE_ACCOUNT_WARNING_DAYS", POSITIVE_WHOLE, "30", "days before that deletion that the "
             "customer is warned by email"),
    Variable("SHOPKEEP_SUPPORT_REQUESTS_PER_HOUR", POSITIVE_WHOLE, "5", "support requests one IP address may send per "
             "hour (contact form and API together)"),
    Variable("SHOPKEEP_SUPPORT_REPLY_LOCAL_PART", TEXT, "support", "support replies carry `Reply-To: <this>+<signed "
             "token>@<domain of SHOPKEEP_FROM_EMAIL>`"),
    Variable("SHOPKEEP_CONTEST_ENTRY_RETENTION_DAYS", POSITIVE_WHOLE, "30", "days after a contest's draw that its "
             "entries that did not win are deleted"),
    Variable("SHOPKEEP_CONTEST_WINNER_RETENTION_DAYS", POSITIVE_WHOLE, "365", "days after a contest's draw that its "
             "winners' entries (email, name, answer) are deleted"),
    Variable("SHOPKEEP_CONTEST_WINNER_ANSWER_DAYS", POSITIVE_WHOLE, "14", "days a drawn winner has to confirm before "
             "the next drawn entry takes their place"),
    Variable("SHOPKEEP_CONTEST_ENTRIES_PER_HOUR", POSITIVE_WHOLE, "10", "contest entry attempts one IP address may "
             "make per hour (web form and API together)"),
    Variable("SHOPKEEP_LEGAL_NAME", TEXT, "", "the shop's legal name (seeds the shop identity; then edited in the back office)"),
    Variable("SHOPKEEP_POSTAL_ADDRESS", TEXT, "", "the shop's postal address, lines separated by `\\n` (seeds the identity)"),
    Variable("SHOPKEEP_CONTACT_EMAIL", TEXT, "", "the address customers write to (seeds the identity)"),
    Variable("SHOPKEEP_PHONE", TEXT, "", "the shop's phone number, optional (seeds the identity)"),
    Variable("SHOPKEEP_DATA_PROTECTION_CONTACT", TEXT, "", "the data-protection contact, optional (seeds the identity)"),
    Variable("SHOPKEEP_VAT_NUMBER", TEXT, "", "the shop's VAT number, optional (seeds the identity)"),
    Variable("SHOPKEEP_AUTHORITY_NAME", TEXT, "", "the supervisory authority customers may complain to; unset: chosen "
             "from the shop's country (seeds the identity)"),
    Variable("SHOPKEEP_AUTHORITY_URL", TEXT, "", "that authority's web address (seeds the identity)"),
    Variable("SHOPKEEP_RETURN_ADDRESS", TEXT, "", "where customers send returns; unset: the postal address (seeds the "
             "identity)"),
    Variable("SHOPKEEP_HOSTING_PROVIDER", TEXT, "", "who hosts the shop's servers and where, e.g. `Hetzner Online "
             "GmbH, Germany`; the privacy policy names it as a recipient", unset="the shop runs on its own server"),
    Variable("SHOPKEEP_DOCUMENT_MAX_MB", POSITIVE_NUMBER, "10", "largest product document (PDF) the back office "
             "accepts, in MB"),
    Variable("SHOPKEEP_PICTURE_MAX_MB", POSITIVE_NUMBER, "8", "largest product picture (JPEG, PNG, WebP or GIF) the "
             "back office accepts, in MB"),
    Variable("SHOPKEEP_SHOP_NAME", TEXT, "shopkeep demo shop", "the name shown on pages and in email"),
    Variable("SHOPKEEP_SHOP_COUNTRY", COUNTRY, "DE", "the country the shop is established in: its VAT rates apply "
             "to deliveries outside the EU (ISO 3166 code)"),
    Variable("SHOPKEEP_CURRENCY", CURRENCY, "EUR", "the currency of prices, carts and orders (ISO 4217)"),
    Variable("SHOPKEEP_MAX_LINE_QUANTITY", POSITIVE_WHOLE, "99", "most items of one product and size in a cart"),
    Variable("SHOPKEEP_PAYMENT_GATEWAY", TEXT, "sandbox", "`sandbox` (the stand-in gateway) or `stripe`"),
    Variable("SHOPKEEP_STRIPE_SECRET_KEY", TEXT, "", "the Stripe secret key, when SHOPKEEP_PAYMENT_GATEWAY=stripe"),
    Variable("SHOPKEEP_PAYMENT_AUTHORISATION_DAYS", POSITIVE_WHOLE, "7", "days a card authorisation stays valid at "
             "the gateway; older ones are renewed before dispatch"),
    Variable("SHOPKEEP_PAYMENT_RECONCILE_GRACE_MINUTES", POSITIVE_WHOLE, "30", "minutes an authorisation may wait "
             "for its order before reconciliation voids it"),
    Variable("SHOPKEEP_IMMEDIATE_CAPTURE", FLAG, "false", "whether products marked `capture_immediately` may be "
             "charged at checkout, with the customer's consent"),
    Variable("SHOPKEEP_ORDER_LINK_MAX_AGE", POSITIVE_WHOLE, "15552000", "seconds an emailed order-confirmation link "
             "stays valid (180 days)"),
    Variable("SHOPKEEP_FRAUD_ORDER_VALUE_LIMIT", AMOUNT, "1000", "orders with a total above this (in the order's "
             "currency) are held for a phone check (P-20)"),
    Variable("SHOPKEEP_FRAUD_MAX_ORDERS_PER_HOUR", WHOLE, "3", "more orders than this from one card or email "
             "address within an hour are held (P-20)"),
    Variable("SHOPKEEP_FRAUD_MAX_DECLINES_PER_HOUR", WHOLE, "2", "more declined attempts than this with one card "
             "within an hour hold the next order (P-20)"),
    Variable("SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS", POSITIVE_WHOLE, "90", "days the IP address of a checkout is "
             "kept for fraud screening, then erased (P-19); the privacy policy states it"),
    Variable("SHOPKEEP_EXPORT_LINK_DAYS", POSITIVE_WHOLE, "7", "days the download link of a customer's data export "
             "works; then the file is deleted (P-32)"),
    Variable("SHOPKEEP_ERASURE_GRACE_DAYS", POSITIVE_WHOLE, "14", "days between a request to erase a person's data "
             "and the erasure, during which a link in the email cancels it (P-33)"),
    Variable("SHOPKEEP_ERASURE_RECORD_DAYS", POSITIVE_WHOLE, "730", "days the record of an erasure request (a keyed "
             "hash of the email, no more) is kept after it was carried out or cancelled"),
    Variable("SHOPKEEP_PRIVACY_LINK_MINUTES", POSITIVE_WHOLE, "60", "minutes the emailed link of a guest's privacy "
             "request works (once), and how long the page it opens stays open (P-34)"),
    Variable("SHOPKEEP_PRIVACY_REQUESTS_PER_HOUR", POSITIVE_WHOLE, "5", "links to see one's data (`/privacy/request/` "
             "and the API together) one IP address may ask for, and one email address may receive, per hour"),
    Variable("SHOPKEEP_RETURN_WINDOW_DAYS", POSITIVE_WHOLE, "14", "days after delivery in which a customer may ask "
             "to return goods (P-22)"),
    Variable("SHOPKEEP_UPKEEP_SCHEDULE", SCHEDULE, "payments=15m,surveys=1d,contests=1d,"
             "retention=1d,erasures=1h,inbound=5m,practices=1d", "how often each upkeep job runs (`shopkeep upkeep --status` lists them); `serve` and "
             "`worker` run them, each once across all processes"),
    Variable("SHOPKEEP_INBOUND_MAILDIR", PATH, None, "a Maildir of messages to the remove address and bounces, "
             "read by the `inbound` upkeep job", unset="no polling (use the inbound webhook or `process_inbound`)"),
    Variable("SHOPKEEP_ANALYTICS_RETENTION_MONTHS", POSITIVE_WHOLE, "25", "months the daily statistics (aggregates, "
             "no personal data) are kept"),
    Variable("SHOPKEEP_ANALYTICS_FLUSH_INTERVAL", NUMBER, "5", "seconds between flushes of recorded page views into "
             "the statistics; 0 = flush by hand"),
    Variable("SHOPKEEP_ANALYTICS_FLUSH_BATCH", POSITIVE_WHOLE, "500", "buffered page views that trigger an early "
             "flush"),
    Variable("SHOPKEEP_ANALYTICS_BUFFER_LIMIT", POSITIVE_WHOLE, "50000", "most page views a process buffers before "
             "it drops new ones (flusher stalled)"),
)
TABLE = {variable.name: variable for variable in VARIABLES}


def value_of(variable: Variable, text: str | None) -> object:
    """The value of `variable` written as `text` (None or blank: its default); ConfigurationError if unusable."""
    text = (text or "").strip() or variable.default
    if text is None:
        return None
    try:
        return variable.kind.parse(text)
    except ValueError as invalid:  # Invalid, or a parser's own (urlsplit refuses "http://[::1")
        sentence = getattr(invalid, "sentence", "") or variable.error or variable.kind.error
        raise ConfigurationError(sentence.format(name=variable.name, value=text, scheme=_scheme(text))) from None


def _scheme(text: str) -> str:
    try:
        return urlsplit(text).scheme
    except ValueError:
        return ""


def read(name: str, environ: Mapping[str, str] | None = None) -> object:
    """The value of the SHOPKEEP_* variable `name` in `environ` (this process's environment by default)."""
    environ = os.environ if environ is None else environ
    return value_of(TABLE[name], environ.get(name))


def read_all(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Every variable of the table, read and checked; the first unusable one raises ConfigurationError."""
    return {name: read(name, environ) for name in TABLE}


def export_default(name: str, text: str) -> None:
    """Pass `name`=`text` to child processes (web workers) unless the operator set it."""
    os.environ.setdefault(name, text)


def readme_table() -> str:
    """The configuration table of README.md, generated from VARIABLES."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for variable in VARIABLES:
        if variable.default:
            shown = f"`{variable.default}`"
        else:
            shown = f"unset: {variable.unset}" if variable.unset else "unset"
        lines.append(f"| `{variable.name}` | {shown} | {variable.help} |")
    return "\n".join(lines) + "\n"


PRIVATE_UMASK = 0o077


def files_private() -> None:
    """Everything this process creates from now on is readable by its own user only: files 0600, directories
    0700 (the SQLite database with its WAL and SHM files, the outbox, exports, keys, uploaded documents)."""
    os.umask(PRIVATE_UMASK)


def data_dir() -> Path:
    """Return the data directory, creating it (mode 0700) if needed."""
    path = read("SHOPKEEP_DATA_DIR").resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def secret_file(path: Path, *, nbytes: int = 48) -> str:
    """Return the secret kept in `path`, generating it (mode 0600) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()


def keys_ensure(directory: Path) -> None:
    """Generate the first field-encryption key (0001.key) and the blind-index key (index.key), mode 0600."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not any(directory.glob("[0-9][0-9][0-9][0-9].key")):
        secret_file(directory / "0001.key", nbytes=32)
    secret_file(directory / "index.key", nbytes=32)


def database(url: str | None, *, sqlite_path: Path) -> dict:
    """Turn SHOPKEEP_DATABASE_URL (or the embedded default) into a DATABASES entry."""
    url = value_of(TABLE["SHOPKEEP_DATABASE_URL"], url)
    if not url:
        return sqlite_database(sqlite_path)
    # As in SQLAlchemy: sqlite:///relative.sqlite3, sqlite:////absolute/path.sqlite3
    parsed = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if parsed["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_database(Path(parsed["NAME"]))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed["NAME"] or "shopkeep",
        "USER": parsed["USER"],
        "PASSWORD": parsed["PASSWORD"],
        "HOST": parsed["HOST"],
        "PORT": str(parsed["PORT"]),
        "OPTIONS": parsed.get("OPTIONS", {}),
        "CONN_MAX_AGE": parsed["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": parsed["CONN_HEALTH_CHECKS"],
    }


def sqlite_database(path: Path) -> dict:
    """SQLite in WAL mode, waiting on locks, taking the write lock at BEGIN; connections kept between requests.

    A new connection runs its PRAGMAs and parses the whole schema (about a hundred tables) before its first
    statement, which costs more than rendering a product page, so a web worker keeps its connection as with
    PostgreSQL.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON"
            ),
        },
        "TEST": {"NAME": None},
    }


def email(url: str | None, *, outbox: Path) -> dict:
    """Turn SHOPKEEP_EMAIL_URL into Django email settings; default: .eml files in the outbox."""
    url = value_of(TABLE["SHOPKEEP_EMAIL_URL"], url)
    if not url:
        return {"EMAIL_BACKEND": "shopkeep.mailing.backends.OutboxBackend", "SHOPKEEP_OUTBOX_DIR": outbox}
    parts = urlsplit(url)
    ports = {"smtp": 25, "submission": 587, "smtps": 465}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or ports[parts.scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "submission",
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "SHOPKEEP_OUTBOX_DIR": outbox,
    }
