"""An address prints the way the destination country's post office expects."""

import pytest

from shopkeep.addresses.formatting import address_format_html, address_format_lines, address_format_text


@pytest.mark.parametrize(
    ("address", "lines"),
    [
        # Royal Mail: post town in capitals, then the postcode on its own line.
        ({"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
          "country": "GB"},
         ["Ada Lovelace", "12 St James's Square", "LONDON", "SW1Y 4JH", "UNITED KINGDOM"]),
        # USPS: "CITY, ST 12345" on one line.
        ({"name": "Grace Hopper", "line1": "1 Navy Yard", "line2": "Apt 2", "city": "Arlington", "region": "VA",
          "postal_code": "22202", "country": "US"},
         ["Grace Hopper", "1 Navy Yard", "Apt 2", "ARLINGTON, VA 22202", "UNITED STATES"]),
        # Deutsche Post: postcode before the town.
        ({"name": "Erika Mustermann", "line1": "Heidestraße 17", "city": "Köln", "postal_code": "51147",
          "country": "DE"},
         ["Erika Mustermann", "Heidestraße 17", "51147 KÖLN", "GERMANY"]),
        # PostNord: "SE-" postcode, then the post town.
        ({"name": "Sven Svensson", "line1": "Storgatan 1", "city": "Stockholm", "postal_code": "111 22",
          "country": "SE"},
         ["Sven Svensson", "Storgatan 1", "SE-111 22 STOCKHOLM", "SWEDEN"]),
        # Japan Post, written in latin letters: street and ward, prefecture, then the postcode.
        ({"name": "Taro Yamada", "line1": "1-2-3 Ginza", "city": "Chuo-ku", "region": "Tokyo",
          "postal_code": "104-0061", "country": "JP"},
         ["Taro Yamada", "1-2-3 Ginza", "Chuo-ku, TOKYO", "104-0061", "JAPAN"]),
        # Japan Post, in Japanese: 〒 postcode first, then prefecture, address, and the name last.
        ({"name": "山田太郎", "line1": "銀座1-2-3", "city": "中央区", "region": "東京都", "postal_code": "104-0061",
          "country": "JP"},
         ["〒104-0061", "東京都", "銀座1-2-3", "中央区", "山田太郎", "JAPAN"]),
    ],
    ids=["GB", "US", "DE", "SE", "JP-latin", "JP"],
)
def test_an_address_prints_in_the_order_its_post_office_expects(address, lines):
    # when / then
    assert address_format_lines(address) == lines


def test_a_county_goes_between_the_post_town_and_the_postcode():
    # given
    address = {"name": "A", "line1": "1 High Street", "city": "Sevenoaks", "region": "Kent",
               "postal_code": "TN13 1AA", "country": "GB"}

    # when / then
    assert address_format_lines(address) == ["A", "1 High Street", "SEVENOAKS", "Kent", "TN13 1AA", "UNITED KINGDOM"]


def test_an_empty_postcode_leaves_no_prefix_behind():
    # given
    address = {"name": "Sven", "line1": "Storgatan 1", "city": "Stockholm", "country": "SE"}

    # when / then
    assert address_format_lines(address) == ["Sven", "Storgatan 1", "STOCKHOLM", "SWEDEN"]


def test_an_address_without_a_known_country_prints_its_fields_in_order():
    # given
    address = {"name": "A", "line1": "1 Road", "city": "Town", "postal_code": "123", "country": ""}

    # when / then
    assert address_format_lines(address) == ["A", "1 Road", "Town", "123"]


def test_a_partial_address_prints_what_it_has():
    # given: a staff member allowed to see only the town and country
    address = {"city": "London", "country": "GB"}

    # when / then
    assert address_format_lines(address) == ["LONDON", "UNITED KINGDOM"]


def test_text_and_html_put_one_line_per_line_and_escape_values():
    # given
    address = {"name": "<b>Ada</b>", "line1": "1 Rue", "city": "Paris", "postal_code": "75001", "country": "FR"}

    # when / then
    assert address_format_text(address) == "<b>Ada</b>\n1 Rue\n75001 PARIS\nFRANCE"
    assert address_format_html(address) == "&lt;b&gt;Ada&lt;/b&gt;<br>1 Rue<br>75001 PARIS<br>FRANCE"
