"""Links that leave the shop are marked, carry rel="noopener noreferrer", and internal ones are left alone (P-42)."""

import pytest
from django.template import Context, Template

from shopkeep.shop.links import EXTERNAL_TEXT, external_links_mark, url_is_external


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.SHOPKEEP_BASE_URL = "https://shop.example"


@pytest.mark.parametrize(("url", "external"), [
    ("https://en.wikipedia.org/wiki/Leather", True),
    ("http://other.example/page", True),
    ("//other.example/page", True),
    ("HTTPS://OTHER.EXAMPLE/", True),
    ("https://shop.example/terms/", False),
    ("/shipping-and-returns/", False),
    ("?page=2", False),
    ("#main", False),
    ("mailto:hello@shop.example", False),
    ("tel:+35315550142", False),
])
def test_a_link_is_external_exactly_when_it_names_another_host(url, external):
    # given / when / then
    assert url_is_external(url) is external


def test_an_external_link_gets_rel_noopener_noreferrer_and_a_marker_for_eyes_and_screen_readers():
    # given
    html = '<p><a href="https://other.example/a?x=1&amp;y=2" rel="opener">Other</a> and <a href="/terms/">terms</a></p>'

    # when
    marked = external_links_mark(html)

    # then
    assert marked.startswith('<p><a href="https://other.example/a?x=1&amp;y=2" rel="noopener noreferrer" '
                             'data-external>Other<span class="external-mark"><svg ')
    assert f'<span class="visually-hidden"> {EXTERNAL_TEXT}</span></span></a> and <a href="/terms/">terms</a></p>' in (
        marked)
    assert 'rel="opener"' not in marked


def test_marking_twice_changes_nothing_more():
    # given
    once = external_links_mark('<a href="https://other.example/">x</a>')

    # when / then
    assert external_links_mark(once) == once


def test_the_markdown_filter_marks_external_links_in_shop_text_and_escapes_everything_else():
    # given
    template = Template("{{ text|markdown }}")
    text = "See [the maker](https://maker.example/) or our [returns](/shipping-and-returns/).\n<script>x</script>"

    # when
    html = template.render(Context({"text": text}))

    # then
    assert html.count(EXTERNAL_TEXT) == 1
    assert '<a href="https://maker.example/" rel="noopener noreferrer" data-external>the maker<span' in html
    assert '<a href="/shipping-and-returns/">returns</a>' in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


@pytest.mark.parametrize("text", ["[x](//evil.example/)", "[x](/\\evil.example/)", "[x](javascript:alert(1))"])
def test_the_markdown_subset_makes_no_link_of_protocol_relative_or_script_addresses(text):
    # given / when
    html = Template("{{ text|markdown }}").render(Context({"text": text}))

    # then
    assert "<a " not in html
