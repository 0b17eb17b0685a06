"""Django settings for shopkeep, built from the SHOPKEEP_* environment variables.

`shopkeep.environment.VARIABLES` is the one table of them (README: Configuration). Variables
that feed Django's own settings are taken out of ENV below; every other one becomes a setting
of its own name, which application code reads through `shopkeep.conf.conf`.
"""

from datetime import timedelta
from pathlib import Path

from shopkeep import environment as env

ENV = env.read_all()

BASE_DIR = Path(__file__).resolve().parent
env.files_private()  # data files 0600, directories 0700, in every process that loads the settings
DATA_DIR = env.data_dir()
ENV.pop("SHOPKEEP_DATA_DIR")

SECRET_KEY = ENV.pop("SHOPKEEP_SECRET_KEY") or env.secret_file(DATA_DIR / "secret_key")
# The data key encrypts personal data at field level; it never goes into the database. Keys are generated
# by the first `migrate` of an empty database only, and checked against the database at every start.
SHOPKEEP_KEYS_DIR = DATA_DIR / "keys"

DEBUG = ENV.pop("SHOPKEEP_DEBUG")
ALLOWED_HOSTS = ENV.pop("SHOPKEEP_ALLOWED_HOSTS")
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]
if ENV["SHOPKEEP_COOKIE_GUARD"] is None:
    ENV["SHOPKEEP_COOKIE_GUARD"] = DEBUG

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "shopkeep.catalog",
    "shopkeep.pricing",
    "shopkeep.cart",
    "shopkeep.customers",
    "shopkeep.payments",
    "shopkeep.sandbox_gateway",
    "shopkeep.orders",
    "shopkeep.checkout",
    "shopkeep.mailing",
    "shopkeep.mailing.campaigns",
    "shopkeep.support",
    "shopkeep.storefront",
    "shopkeep.backoffice",
    "shopkeep.analytics",
    "shopkeep.privacy",
    "shopkeep.outbox",
    "shopkeep.addresses",
    "shopkeep.shop",
    "shopkeep.upkeep",
]

MIDDLEWARE = [
    # Outermost: under /api/ every error, including Django's own 400/413/500 pages, is the API's JSON error body.
    "shopkeep.api.middleware.ApiJsonErrorsMiddleware",
    "shopkeep.http.TrustedProxyMiddleware",
    # Answers a page-cache hit for a visitor without a session with the headers the whole stack gave the page.
    "shopkeep.storefront.page_cache.PageCacheFastPathMiddleware",
    "shopkeep.privacy.middleware.CookieGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "shopkeep.customers.middleware.SecondFactorMiddleware",
    "shopkeep.customers.staff_session.StaffSessionMiddleware",
    "shopkeep.privacy.middleware.PracticesGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "shopkeep.cart.middleware.CartMiddleware",
    "shopkeep.analytics.middleware.AnalyticsMiddleware",
    "shopkeep.http.PrivateHeadersMiddleware",
    "shopkeep.storefront.page_cache.PageCacheMiddleware",  # innermost: fills the cache, serves other anonymous hits
]

ROOT_URLCONF = "shopkeep.urls"
WSGI_APPLICATION = "shopkeep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shopkeep.storefront.context_processors.shop",
            ],
            "builtins": ["shopkeep.storefront.templatetags.shop", "shopkeep.shop.templatetags.shop_text"],
        },
    }
]

DATABASES = {"default": env.database(ENV.pop("SHOPKEEP_DATABASE_URL"), sqlite_path=DATA_DIR / "shopkeep.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = ENV.pop("SHOPKEEP_REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "shopkeep.caches.FallbackRedisCache", "LOCATION": REDIS_URL},
              "throttle": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Task queues, most urgent first (shopkeep.outbox.models.QUEUES): mail, default (background), marketing.
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["mail", "default", "marketing"]}}
    RQ_QUEUES = {name: {"URL": REDIS_URL} for name in ("mail", "default", "marketing")}
    INSTALLED_APPS += ["django_rq"]
else:
    # Rate limits and login lockouts must be shared by every web worker: without Redis they live in a
    # database table (created by the privacy app's migration), not in one process's memory.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shopkeep"},
              "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                           "LOCATION": "shopkeep_throttle_cache"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail", "default", "marketing"]}}

AUTH_USER_MODEL = "customers.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "shopkeep.customers.backends.EmailBackend"]
# Login throttling (P-16, django-axes): failures counted per email address and client address together,
# kept in the cache (Redis when configured), so no table holds addresses or user agents.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "throttle"
AXES_FAILURE_LIMIT = ENV["SHOPKEEP_LOGIN_FAILURE_LIMIT"]
AXES_COOLOFF_TIME = timedelta(minutes=ENV["SHOPKEEP_LOGIN_LOCKOUT_MINUTES"])
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "shopkeep.customers.lockout.login_username"
AXES_CLIENT_IP_CALLABLE = "shopkeep.customers.lockout.login_client_ip"
AXES_LOCKOUT_CALLABLE = "shopkeep.customers.lockout.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
# The email column is encrypted (P-15); uniqueness is enforced on its blind index instead.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
# NIST SP 800-63B-4 (P-16): length by code point (15, or 8 with a second factor), breached and common
# passwords, repetition and sequences, the account's own email and name; no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "shopkeep.customers.passwords.LengthValidator"},
    {"NAME": "shopkeep.customers.passwords.BlocklistValidator"},
    {"NAME": "shopkeep.customers.passwords.AccountDetailsValidator"},
]
# A reset link lasts an hour and works once (its token covers the password hash and the last login).
PASSWORD_RESET_TIMEOUT = 3600
LOGIN_URL = "customers:login"
LOGIN_REDIRECT_URL = "customers:account"

# HTTPS only in production (P-14): on by default when not debugging and the public address is https.
HTTPS = ENV["SHOPKEEP_HTTPS"]
if HTTPS is None:
    HTTPS = ENV["SHOPKEEP_HTTPS"] = not DEBUG and str(ENV["SHOPKEEP_BASE_URL"]).startswith("https://")
HSTS_PRELOAD = ENV["SHOPKEEP_HSTS_PRELOAD"]
# `__Host-` cookies are sent only over HTTPS, only to this host, for every path: no subdomain can set them.
COOKIE_PREFIX = "__Host-" if HTTPS else ""
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = HSTS_PRELOAD
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    if not HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")  # preloading is the owner's choice (SHOPKEEP_HSTS_PRELOAD)
    if ENV["SHOPKEEP_TRUSTED_PROXIES"]:
        # Believed only from a trusted proxy: shopkeep.http.TrustedProxyMiddleware drops the header otherwise.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Strictly necessary cookies only (P-06): no cookie until a cart or a login needs one.
SESSION_COOKIE_NAME = COOKIE_PREFIX + "sk_session"
CART_COOKIE_NAME = COOKIE_PREFIX + "sk_cart"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 14 * 24 * 3600  # a customer session also ends on the server after two weeks at most
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = COOKIE_PREFIX + "sk_csrf"
CSRF_COOKIE_AGE = None
CSRF_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SECURE_REFERRER_POLICY = "no-referrer" if ENV["SHOPKEEP_COOKIES"] == "none" else "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

globals().update(env.email(ENV.pop("SHOPKEEP_EMAIL_URL"), outbox=DATA_DIR / "outbox"))
DEFAULT_FROM_EMAIL = ENV.pop("SHOPKEEP_FROM_EMAIL")

SHOPKEEP_DATA_DIR = DATA_DIR
# Every other SHOPKEEP_* variable is a setting of the same name (SHOPKEEP_CURRENCY, SHOPKEEP_COOKIES, ...).
globals().update(ENV)
del ENV

# Every log record passes the root handler's filter, which redacts emails, card-like numbers and
# IP addresses (P-11); Django's own loggers are routed through it instead of their default handlers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "shopkeep.redaction.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
