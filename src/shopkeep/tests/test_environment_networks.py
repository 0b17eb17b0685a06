"""SHOPKEEP_TRUSTED_PROXIES is read as a list of addresses and networks, or stops the shop with a sentence."""

import pytest

from shopkeep import environment as env


def test_trusted_proxies_are_read_as_networks(monkeypatch):
    # given
    monkeypatch.setenv("SHOPKEEP_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.0/8 ,::1,, 2001:db8::/32")

    # when / then
    assert env.networks("SHOPKEEP_TRUSTED_PROXIES") == ("127.0.0.1/32", "10.0.0.0/8", "::1/128", "2001:db8::/32")


def test_no_trusted_proxies_by_default(monkeypatch):
    # given
    monkeypatch.delenv("SHOPKEEP_TRUSTED_PROXIES", raising=False)

    # when / then
    assert env.networks("SHOPKEEP_TRUSTED_PROXIES") == ()


def test_an_unreadable_proxy_stops_the_shop_with_a_sentence_naming_the_variable(monkeypatch):
    # given
    monkeypatch.setenv("SHOPKEEP_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal")

    # when
    with pytest.raises(env.ConfigurationError) as refused:
        env.networks("SHOPKEEP_TRUSTED_PROXIES")

    # then
    assert str(refused.value) == (
        "SHOPKEEP_TRUSTED_PROXIES must list IP addresses or networks such as 10.0.0.1 or 10.0.0.0/8, "
        "not 'proxy.internal'."
    )
