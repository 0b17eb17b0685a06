"""SHOPKEEP_* environment variables become settings, and bad values are refused with a sentence."""

import stat

import pytest

from shopkeep import environment
from shopkeep.environment import ConfigurationError


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_no_database_url_means_sqlite_in_wal_mode_in_the_data_dir(tmp_path):
    # when
    database = environment.database(None, sqlite_path=tmp_path / "shopkeep.sqlite3")

    # then
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "shopkeep.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL;" in database["OPTIONS"]["init_command"]
    assert "PRAGMA busy_timeout=20000;" in database["OPTIONS"]["init_command"]
    assert database["CONN_MAX_AGE"] > 0  # a new connection parses the whole schema: kept between requests


def test_sqlite_database_url_names_the_file(tmp_path):
    # when
    database = environment.database("sqlite:////srv/shop/db.sqlite3", sqlite_path=tmp_path / "unused")

    # then
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == "/srv/shop/db.sqlite3"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_postgresql_database_url_becomes_a_postgresql_database(tmp_path, scheme):
    # when
    database = environment.database(
        f"{scheme}://shop:s%40cret@db.example:5433/shopdb?sslmode=require", sqlite_path=tmp_path / "unused"
    )

    # then
    assert database == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shopdb",
        "USER": "shop",
        "PASSWORD": "s@cret",
        "HOST": "db.example",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "require"},
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def test_postgresql_database_url_without_name_or_port_uses_defaults(tmp_path):
    # when
    database = environment.database("postgresql://postgres@127.0.0.1", sqlite_path=tmp_path / "unused")

    # then
    assert (database["NAME"], database["USER"], database["PASSWORD"], database["PORT"]) == (
        "shopkeep",
        "postgres",
        "",
        "",
    )


def test_database_url_with_an_unknown_scheme_is_refused_with_a_sentence(tmp_path):
    # when
    with pytest.raises(ConfigurationError) as refused:
        environment.database("mysql://shop@db.example/shop", sqlite_path=tmp_path / "unused")

    # then
    assert str(refused.value) == "SHOPKEEP_DATABASE_URL must start with postgresql:// or sqlite://, not mysql://."


def test_no_email_url_writes_email_to_the_outbox(tmp_path):
    # when
    email = environment.email(None, outbox=tmp_path / "outbox")

    # then
    assert email == {
        "EMAIL_BACKEND": "shopkeep.mailing.backends.OutboxBackend",
        "SHOPKEEP_OUTBOX_DIR": tmp_path / "outbox",
    }


@pytest.mark.parametrize(
    "url, port, tls, ssl",
    [
        ("smtp://mail.example", 25, False, False),
        ("submission://mail.example", 587, True, False),
        ("smtps://mail.example", 465, False, True),
        ("submission://mail.example:2525", 2525, True, False),
    ],
)
def test_email_url_becomes_smtp_settings(tmp_path, url, port, tls, ssl):
    # when
    email = environment.email(url.replace("://", "://shop%40example:p%2Fw@"), outbox=tmp_path)

    # then
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert email["EMAIL_HOST"] == "mail.example"
    assert (email["EMAIL_PORT"], email["EMAIL_USE_TLS"], email["EMAIL_USE_SSL"]) == (port, tls, ssl)
    assert (email["EMAIL_HOST_USER"], email["EMAIL_HOST_PASSWORD"]) == ("shop@example", "p/w")


def test_email_url_with_an_unknown_scheme_is_refused_with_a_sentence(tmp_path):
    # when
    with pytest.raises(ConfigurationError) as refused:
        environment.email("http://mail.example", outbox=tmp_path)

    # then
    assert str(refused.value) == "SHOPKEEP_EMAIL_URL must start with smtp://, submission:// or smtps://, not http://."


@pytest.mark.parametrize("value, expected", [(None, "necessary"), ("necessary", "necessary"), ("none", "none")])
def test_cookies_setting_is_necessary_or_none(monkeypatch, value, expected):
    # given
    if value is None:
        monkeypatch.delenv("SHOPKEEP_COOKIES", raising=False)
    else:
        monkeypatch.setenv("SHOPKEEP_COOKIES", value)

    # when / then
    assert environment.read("SHOPKEEP_COOKIES") == expected


def test_cookies_setting_with_another_value_is_refused_with_a_sentence(monkeypatch):
    # given
    monkeypatch.setenv("SHOPKEEP_COOKIES", "all")

    # when
    with pytest.raises(ConfigurationError) as refused:
        environment.read("SHOPKEEP_COOKIES")

    # then
    assert str(refused.value) == "SHOPKEEP_COOKIES must be 'necessary' or 'none', not 'all'."


@pytest.mark.parametrize(
    "value, expected", [("1", True), ("yes", True), ("on", True), ("0", False), ("off", False), ("", False)]
)
def test_flags_read_yes_and_no(monkeypatch, value, expected):
    # given
    monkeypatch.setenv("SHOPKEEP_DEBUG", value)

    # when / then
    assert environment.read("SHOPKEEP_DEBUG") is expected


def test_a_flag_that_is_neither_yes_nor_no_is_refused(monkeypatch):
    # given
    monkeypatch.setenv("SHOPKEEP_DEBUG", "maybe")

    # when
    with pytest.raises(ConfigurationError) as refused:
        environment.read("SHOPKEEP_DEBUG")

    # then
    assert str(refused.value) == "SHOPKEEP_DEBUG must be true or false, not 'maybe'."


def test_data_dir_is_created_where_the_environment_says(monkeypatch, tmp_path):
    # given
    monkeypatch.setenv("SHOPKEEP_DATA_DIR", str(tmp_path / "shop-data"))

    # when
    path = environment.data_dir()

    # then
    assert path == tmp_path / "shop-data"
    assert path.is_dir()


@pytest.mark.promise("P-15")
def test_key_files_are_generated_once_with_mode_0600(tmp_path):
    # given
    path = tmp_path / "keys" / "data.key"

    # when
    first = environment.secret_file(path, nbytes=32)
    second = environment.secret_file(path, nbytes=32)

    # then
    assert mode(path) == 0o600
    assert first == second
    assert len(first) >= 43


@pytest.mark.promise("P-15")
def test_the_shops_data_key_files_are_readable_by_their_owner_only(tmp_path):
    # when the keys of a new shop are generated (the first `migrate` of an empty database does this)
    keys = tmp_path / "keys"
    environment.keys_ensure(keys)
    # then
    assert mode(keys) == 0o700
    assert mode(keys / "0001.key") == 0o600
    assert mode(keys / "index.key") == 0o600


def test_sqlite_database_url_with_three_slashes_names_a_relative_file(tmp_path):
    # when
    database = environment.database("sqlite:///var/shop.sqlite3", sqlite_path=tmp_path / "unused")

    # then
    assert database["NAME"] == "var/shop.sqlite3"


def test_sqlite_database_url_without_a_file_is_refused_with_a_sentence(tmp_path):
    # when
    with pytest.raises(ConfigurationError) as refused:
        environment.database("sqlite://", sqlite_path=tmp_path / "unused")

    # then
    assert str(refused.value) == (
        "SHOPKEEP_DATABASE_URL=sqlite:// needs a file, e.g. sqlite:////srv/shop/shopkeep.sqlite3."
    )
