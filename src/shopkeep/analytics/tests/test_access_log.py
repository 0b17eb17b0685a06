"""The production server's access log keeps no full IP address and no query string (P-11)."""

import datetime as dt
import importlib
import re

import pytest
from gunicorn.config import Config

from shopkeep import gunicorn_conf
from shopkeep.redaction import ip_truncate


class Response:
    status = "200 OK"
    sent = 512
    headers = [("Content-Type", "text/html"), ("Set-Cookie", "sk_session=s3cret; HttpOnly")]


class Request:
    headers = [("X-FORWARDED-FOR", "198.51.100.23, 2001:db8:abcd:12::1"), ("COOKIE", "sk_session=s3cret"),
               ("AUTHORIZATION", "Basic Ym9iOnNlY3JldA==")]


def environ(**extra) -> dict:
    return {
        "REMOTE_ADDR": "203.0.113.77", "REQUEST_METHOD": "GET", "SERVER_PROTOCOL": "HTTP/1.1",
        "RAW_URI": "/search/?q=bob%40example.com&card=4111111111111111", "PATH_INFO": "/search/",
        "QUERY_STRING": "q=bob%40example.com&card=4111111111111111",
        "HTTP_REFERER": "https://mail.example.net/inbox/bob?id=5", "HTTP_USER_AGENT": "Mozilla/5.0 Firefox/125.0",
        **extra,
    }


def access_line(tmp_path, env: dict, log_format: str | None = None) -> str:
    """Configure gunicorn from shopkeep.gunicorn_conf (as `shopkeep serve` does) and log one request."""
    config = Config()
    for name in ("accesslog", "errorlog", "access_log_format", "logger_class"):
        config.set(name, getattr(gunicorn_conf, name))
    config.set("accesslog", str(tmp_path / "access.log"))
    if log_format:
        config.set("access_log_format", log_format)
    logger = config.logger_class(config)
    logger.access(Response(), Request(), env, dt.timedelta(microseconds=2500))
    for handler in logger.access_log.handlers:
        handler.flush()
    return (tmp_path / "access.log").read_text()


@pytest.mark.promise("P-11")
def test_shopkeep_serve_configuration_loads_the_privacy_logger():
    # when
    module = importlib.import_module("shopkeep.gunicorn_conf")
    config = Config()
    config.set("logger_class", module.logger_class)
    # then
    assert config.logger_class is gunicorn_conf.PrivacyLogger
    assert module.accesslog == "-"


@pytest.mark.promise("P-11")
def test_access_log_line_has_a_truncated_ipv4_address_and_no_query_string(tmp_path):
    # when
    line = access_line(tmp_path, environ())
    # then
    assert line.startswith('203.0.113.0 - - [')
    assert '"GET /search/ HTTP/1.1" 200 512 "https://mail.example.net" "Mozilla/5.0 Firefox/125.0"' in line
    for secret in ("203.0.113.77", "?", "bob", "4111", "inbox"):
        assert secret not in line


@pytest.mark.promise("P-11")
def test_access_log_line_has_an_ipv6_address_truncated_to_48_bits(tmp_path):
    # when
    line = access_line(tmp_path, environ(REMOTE_ADDR="2001:db8:abcd:12:3456:789a:bcde:f012"))
    # then
    assert line.startswith("2001:db8:abcd:: - - [")
    assert "3456" not in line


@pytest.mark.promise("P-11")
def test_custom_formats_cannot_bring_back_addresses_cookies_or_query_strings(tmp_path):
    # given
    log_format = '%(h)s %(q)s %({x-forwarded-for}i)s %({cookie}i)s %({authorization}i)s %({set-cookie}o)s %({query_string}e)s %({remote_addr}e)s %(u)s'
    # when
    line = access_line(tmp_path, environ(), log_format)
    # then
    assert line.strip() == "203.0.113.0 - 198.51.100.0, 2001:db8:abcd:: - - - - - -"


@pytest.mark.parametrize(
    "address, truncated",
    [
        ("203.0.113.77", "203.0.113.0"),
        ("10.1.2.255", "10.1.2.0"),
        ("2001:db8:abcd:12:3456:789a:bcde:f012", "2001:db8:abcd::"),
        ("::ffff:198.51.100.23", "198.51.100.0"),
        ("[2001:db8::1]", "2001:db8::"),
        ("not an address", "-"),
        ("", "-"),
    ],
)
def test_ip_truncation_keeps_only_the_network(address, truncated):
    assert ip_truncate(address) == truncated


@pytest.mark.promise("P-11")
@pytest.mark.parametrize("proxies", ["", "203.0.113.0/24"])
def test_the_shops_format_gives_the_line_the_full_set_of_atoms_gives(tmp_path, settings, proxies):
    # given: the shop's format names no header atom, so the logger builds only the one-letter atoms
    settings.SHOPKEEP_TRUSTED_PROXIES = proxies
    env = environ(HTTP_X_FORWARDED_FOR="198.51.100.23", HTTP_AUTHORIZATION="Basic Ym9iOnNlY3JldA==")
    with_a_header_atom = gunicorn_conf.access_log_format + " %({x-nothing}i)s"

    (tmp_path / "short").mkdir()
    (tmp_path / "full").mkdir()

    # when
    line = access_line(tmp_path / "short", env)
    full = access_line(tmp_path / "full", env, with_a_header_atom)

    # then: the same line (the clock may have ticked between the two)
    line, full = (re.sub(r"\[[^]]*\]", "[time]", text.rstrip("\n")) for text in (line, full))
    assert full.endswith(" -")
    assert line == full[: -len(" -")]
    assert line.startswith("198.51.100.0 - - [" if proxies else "203.0.113.0 - - [")
