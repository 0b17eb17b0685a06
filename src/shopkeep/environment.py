"""Read shopkeep's environment variables into Django settings values.

Only settings.py calls these; the rest of the code reads `shopkeep.conf.conf`.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigurationError(Exception):
    """An environment variable has a value shopkeep cannot use."""


def data_dir() -> Path:
    """Return the data directory, creating it if needed."""
    path = Path(os.environ.get("SHOPKEEP_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
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


def flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}.")


def positive_number(name: str, default: float) -> float:
    """Read a number above zero from the environment."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0 or number == float("inf"):
        raise ConfigurationError(f"{name} must be a number above zero, not {value!r}.")
    return number


def database(url: str | None, *, sqlite_path: Path) -> dict:
    """Turn SHOPKEEP_DATABASE_URL (or the embedded default) into a DATABASES entry."""
    if not url:
        return sqlite_database(sqlite_path)
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # As in SQLAlchemy and dj-database-url: sqlite:///relative.sqlite3, sqlite:////absolute/path.sqlite3
        path = unquote(parts.path)[1:]
        if not path:
            raise ConfigurationError(
                "SHOPKEEP_DATABASE_URL=sqlite:// needs a file, e.g. sqlite:////srv/shop/shopkeep.sqlite3."
            )
        return sqlite_database(Path(path))
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ConfigurationError(
            f"SHOPKEEP_DATABASE_URL must start with postgresql:// or sqlite://, not {parts.scheme}://."
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "shopkeep",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": dict(parse_qsl(parts.query)),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def sqlite_database(path: Path) -> dict:
    """SQLite in WAL mode, waiting on locks, taking the write lock at BEGIN."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
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
    if not url:
        return {"EMAIL_BACKEND": "shopkeep.mailing.backends.OutboxBackend", "SHOPKEEP_OUTBOX_DIR": outbox}
    parts = urlsplit(url)
    ports = {"smtp": 25, "submission": 587, "smtps": 465}
    if parts.scheme not in ports:
        raise ConfigurationError(
            f"SHOPKEEP_EMAIL_URL must start with smtp://, submission:// or smtps://, not {parts.scheme}://."
        )
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


def country_code(name: str, default: str) -> str:
    """Read a two-letter country code (ISO 3166-1 alpha-2) from the environment, in upper case."""
    value = os.environ.get(name, "").strip() or default
    if len(value) != 2 or not value.isascii() or not value.isalpha():
        raise ConfigurationError(f"{name} must be a two-letter country code such as DE, not {value!r}.")
    return value.upper()


def cookies_mode() -> str:
    """SHOPKEEP_COOKIES: `necessary` (default) or `none`."""
    value = os.environ.get("SHOPKEEP_COOKIES", "necessary")
    if value not in {"necessary", "none"}:
        raise ConfigurationError(f"SHOPKEEP_COOKIES must be 'necessary' or 'none', not {value!r}.")
    return value
