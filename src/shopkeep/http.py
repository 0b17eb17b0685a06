"""The client's address as the shop should believe it: behind a trusted reverse proxy, from X-Forwarded-For.

`X-Forwarded-For` can be written by anyone, so it is read only when the request came straight from a
proxy listed in SHOPKEEP_TRUSTED_PROXIES; then the right-most address that is not a trusted proxy is
the client (everything left of it may be spoofed by the client itself).
"""

import ipaddress
from collections.abc import Mapping, Sequence

from django.http import HttpRequest

from shopkeep.conf import conf

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1:value.index("]")]  # "[2001:db8::1]:443" from some proxies
    elif value.count(":") == 1:
        value = value.partition(":")[0]  # "203.0.113.9:51234"
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address


def _trusted(address, networks: Sequence[Network]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip_from_meta(meta: Mapping[str, str], *, trusted: Sequence[Network] | None = None) -> str | None:
    """The client address from a WSGI environ / request.META; None when there is no valid address."""
    networks = conf.trusted_proxies if trusted is None else trusted
    peer = _address(meta.get("REMOTE_ADDR") or "")
    if peer is None or not _trusted(peer, networks):
        return str(peer) if peer is not None else None
    hops = [part for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing left of it can be trusted
        if not _trusted(address, networks):
            return str(address)
    return str(peer)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent `request`, honouring SHOPKEEP_TRUSTED_PROXIES; None if unknown."""
    return client_ip_from_meta(request.META)
