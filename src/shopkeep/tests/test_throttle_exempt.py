"""SHOPKEEP_RATE_LIMIT_EXEMPT lifts per-address limits for the shop's own load tests, never per-email ones."""

import pytest

from shopkeep.throttle import RATES, Throttled, throttle_hit


def test_an_exempt_address_is_never_limited_but_others_and_emails_are(settings):
    # given
    settings.SHOPKEEP_RATE_LIMIT_EXEMPT = "127.0.0.0/8"
    limit = RATES["checkout"].limit
    # when / then: the exempt address goes on past the limit
    for _ in range(limit + 5):
        throttle_hit("checkout", "127.0.0.1")
    # another address and an email address are limited as before
    for key in ("198.51.100.7", "ada@example.com"):
        for _ in range(limit):
            throttle_hit("checkout", key)
        with pytest.raises(Throttled):
            throttle_hit("checkout", key)


def test_without_the_setting_every_address_is_limited(settings):
    settings.SHOPKEEP_RATE_LIMIT_EXEMPT = ""
    for _ in range(RATES["checkout"].limit):
        throttle_hit("checkout", "127.0.0.1")
    with pytest.raises(Throttled):
        throttle_hit("checkout", "127.0.0.1")
