"""client_ip: the address fraud screening, statistics and the access log believe (SHOPKEEP_TRUSTED_PROXIES)."""

import pytest
from django.test import RequestFactory

from shopkeep.http import client_ip, client_ip_from_meta

CLIENT = "81.2.69.142"
PROXY = "10.0.0.5"


def request_from(peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_direct_peer_is_the_client_and_x_forwarded_for_is_ignored(settings):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = ()

    # when
    found = client_ip(request_from(PROXY, forwarded=CLIENT))

    # then
    assert found == PROXY


def test_behind_a_trusted_proxy_the_forwarded_client_is_the_client(settings):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = ("10.0.0.0/8",)

    # when
    found = client_ip(request_from(PROXY, forwarded=CLIENT))

    # then
    assert found == CLIENT


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(settings):
    # given: the peer is not a proxy of ours, it only claims to forward for someone
    settings.SHOPKEEP_TRUSTED_PROXIES = ("10.0.0.0/8",)

    # when
    found = client_ip(request_from("203.0.113.7", forwarded="198.51.100.1, 10.0.0.9"))

    # then
    assert found == "203.0.113.7"


def test_addresses_the_client_wrote_left_of_the_one_our_proxy_saw_are_ignored(settings):
    # given: the client sent "X-Forwarded-For: 1.1.1.1"; our two proxies appended what they saw
    settings.SHOPKEEP_TRUSTED_PROXIES = ("10.0.0.0/8", "192.168.1.1")

    # when
    found = client_ip(request_from(PROXY, forwarded=f"1.1.1.1, {CLIENT}, 192.168.1.1"))

    # then: the right-most address that is not one of our proxies
    assert found == CLIENT


def test_a_trusted_proxy_that_forwards_nothing_is_itself_the_client(settings):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = ("10.0.0.0/8",)

    # when / then
    assert client_ip(request_from(PROXY)) == PROXY
    assert client_ip(request_from(PROXY, forwarded="")) == PROXY


def test_ipv6_peers_proxies_and_clients_are_understood(settings):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = ("2001:db8:1::/48", "127.0.0.1")

    # when
    behind = client_ip(request_from("2001:db8:1::5", forwarded="2a02:8010::1"))
    bracketed = client_ip(request_from("2001:db8:1::5", forwarded="[2a02:8010::2]:443"))
    direct = client_ip(request_from("2a02:8010::3", forwarded="2a02:8010::99"))
    mapped_proxy = client_ip(request_from("::ffff:127.0.0.1", forwarded=CLIENT))

    # then
    assert (behind, bracketed, direct, mapped_proxy) == ("2a02:8010::1", "2a02:8010::2", "2a02:8010::3", CLIENT)


@pytest.mark.parametrize("forwarded", ["not-an-address", "81.2.69.142, 999.1.1.1", ",,", "81.2.69.142;drop", " "])
def test_a_malformed_header_never_fails_and_never_names_an_address_it_cannot_read(settings, forwarded):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = ("10.0.0.0/8",)

    # when
    found = client_ip(request_from(PROXY, forwarded=forwarded))

    # then: the proxy, since nothing believable is forwarded
    assert found == PROXY


def test_a_missing_or_unreadable_peer_address_gives_none():
    # when / then
    assert client_ip_from_meta({}, trusted=()) is None
    assert client_ip_from_meta({"REMOTE_ADDR": "garbage"}, trusted=()) is None


def test_a_port_after_an_ipv4_address_is_dropped(settings):
    # given
    settings.SHOPKEEP_TRUSTED_PROXIES = "10.0.0.0/8"

    # when / then
    assert client_ip(request_from(PROXY, forwarded=f"{CLIENT}:51234")) == CLIENT
