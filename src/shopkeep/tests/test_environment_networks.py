"""SHOPKEEP_TRUSTED_PROXIES is read as a list of addresses and networks, or stops the shop with a sentence."""

import pytest

from shopkeep import environment as env


def test_trusted_proxies_are_read_as_networks():
    # given
    environ = {"SHOPKEEP_TRUSTED_PROXIES": " 127.0.0.1, 10.0.0.0/8 ,::1,, 2001:db8::/32"}

    # when / then
    assert env.read("SHOPKEEP_TRUSTED_PROXIES", environ) == ["127.0.0.1/32", "10.0.0.0/8", "::1/128", "2001:db8::/32"]


def test_no_trusted_proxies_by_default():
    # when / then
    assert env.read("SHOPKEEP_TRUSTED_PROXIES", {}) == []


def test_an_unreadable_proxy_stops_the_shop_with_a_sentence_naming_the_variable():
    # given
    environ = {"SHOPKEEP_TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"}

    # when
    with pytest.raises(env.ConfigurationError) as refused:
        env.read("SHOPKEEP_TRUSTED_PROXIES", environ)

    # then
    assert str(refused.value) == (
        "SHOPKEEP_TRUSTED_PROXIES must be IP addresses or networks such as 10.0.0.0/8, comma-separated, "
        "not '10.0.0.0/8, proxy.internal'."
    )
