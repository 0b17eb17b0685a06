"""No personal data in application logs (P-11): every record passes the root handler's redaction filter."""

import io
import logging
import warnings

import pytest

from shopkeep.redaction import RedactingFilter, redact

EMAIL = "bob.smith+shop@example.com"
CARD = "4111 1111 1111 1111"
IPV4 = "203.0.113.9"
IPV6 = "2001:db8:85a3::8a2e:370:7334"
SECRETS = (EMAIL, CARD, CARD.replace(" ", ""), IPV4, IPV6, "bob%40example.com", "bob@example.com")


@pytest.fixture
def log_output():
    """What the configured root handler writes, read from a buffer instead of stderr."""
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactingFilter) for f in h.filters)]
    assert handlers, "settings.LOGGING installs no redacting handler on the root logger"
    buffer = io.StringIO()
    previous = [h.setStream(buffer) for h in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous):
        handler.setStream(stream)


def assert_clean(text: str) -> None:
    assert text.strip(), "nothing was logged"
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.promise("P-11")
def test_message_arguments_are_redacted(log_output):
    # when
    logging.getLogger("shopkeep.checkout").warning("Order for %s paid with %s from %s and %s", EMAIL, CARD, IPV4, IPV6)
    # then
    assert_clean(log_output.getvalue())
    assert "Order for [email] paid with [card-number] from [ip] and [ip]" in log_output.getvalue()


@pytest.mark.promise("P-11")
def test_preformatted_messages_and_mapping_arguments_are_redacted(log_output):
    # when
    logging.getLogger("shopkeep.customers").error(f"Login failed for {EMAIL} from {IPV4}")
    logging.getLogger("shopkeep.mailing").error("Bounce %(to)s card %(card)s", {"to": EMAIL, "card": CARD.replace(" ", "-")})
    logging.getLogger().critical("root: %s", [EMAIL, IPV6])
    # then
    assert_clean(log_output.getvalue())


@pytest.mark.promise("P-11")
def test_tracebacks_and_stack_information_are_redacted(log_output):
    # when
    try:
        raise ValueError(f"Cannot charge {CARD} for {EMAIL} ({IPV4})")
    except ValueError:
        logging.getLogger("shopkeep.payments").exception("Payment failed for %s", EMAIL)
    logging.getLogger("shopkeep.orders").warning("Where %s came from", EMAIL, stack_info=True)
    # then
    output = log_output.getvalue()
    assert_clean(output)
    assert "Traceback" in output and "ValueError: Cannot charge [card-number] for [email] ([ip])" in output


@pytest.mark.promise("P-11")
@pytest.mark.django_db
@pytest.mark.urls("shopkeep.analytics.tests.urls")
def test_django_request_errors_are_redacted(client, log_output):
    # given
    client.raise_request_exception = False
    # when
    client.get(f"/no/such/page/{EMAIL}/", REMOTE_ADDR=IPV4)
    client.get("/boom/", REMOTE_ADDR=IPV4)
    # then
    output = log_output.getvalue()
    assert_clean(output)
    assert "Not Found: /no/such/page/[email]/" in output
    assert "ValueError: Declined card [card-number] for [email] from [ip]" in output


@pytest.mark.promise("P-11")
def test_development_server_request_lines_are_redacted(log_output):
    # when
    logging.getLogger("django.server").info('"GET /search/?q=%s HTTP/1.1" 200 512', "bob%40example.com")
    logging.getLogger("django.server").warning('"GET /account/%s/ HTTP/1.1" 404 0 from %s', EMAIL, IPV6)
    # then
    assert_clean(log_output.getvalue())


@pytest.mark.promise("P-11")
def test_python_warnings_routed_to_logging_are_redacted(log_output):
    # given
    logging.captureWarnings(True)
    try:
        # when
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn(f"Deprecated lookup for {EMAIL}", UserWarning, stacklevel=1)
    finally:
        logging.captureWarnings(False)
    # then
    assert_clean(log_output.getvalue())


@pytest.mark.promise("P-11")
@pytest.mark.django_db
def test_a_failed_statistics_flush_is_logged_without_personal_data_and_retried(log_output, monkeypatch):
    # given
    from shopkeep.analytics import services
    from shopkeep.analytics.models import DayConversion
    from shopkeep.analytics.recorder import recorder

    recorder.drain()
    services.conversion_record("cart_add")

    def broken(rollup):
        raise RuntimeError(f"database refused row for {EMAIL} at {IPV4}")

    monkeypatch.setattr(services, "rollup_write", broken)
    # when
    recorder.flush_safely()
    # then
    assert_clean(log_output.getvalue())
    assert "RuntimeError: database refused row for [email] at [ip]" in log_output.getvalue()
    assert DayConversion.objects.count() == 0
    # and when the database is back, the kept counts are written
    monkeypatch.undo()
    services.pageviews_flush()
    assert list(DayConversion.objects.values_list("kind", "count")) == [("cart_add", 1)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("std::string and 12:30:45.123 on 2026-01-02", "std::string and 12:30:45.123 on 2026-01-02"),
        ("order SK-1234567 of 12.50 EUR, version 1.2.3", "order SK-1234567 of 12.50 EUR, version 1.2.3"),
        ("card 4111-1111-1111-1111 and 5500005555555559", "card [card-number] and [card-number]"),
        ("from ::ffff:192.0.2.1 and fe80::1%eth0", "from [ip] and [ip]"),
        ("q=bob%40example.com&page=2", "q=[email]&page=2"),
        ("network 198.51.100.0 and 2001:db8:1:: stay", "network 198.51.100.0 and 2001:db8:1:: stay"),
    ],
)
def test_redaction_keeps_ordinary_text_and_truncated_networks(text, expected):
    assert redact(text) == expected
