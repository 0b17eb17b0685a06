"""The newsletter Markdown subset: only known constructs become HTML; everything else is escaped."""

import pytest

from shopkeep.shop.markdown import markdown_to_html, markdown_to_text


@pytest.mark.parametrize(("source", "html"), [
    ("Hello **there** and *you*", "<p>Hello <strong>there</strong> and <em>you</em></p>"),
    ("# Big\n## Smaller", "<h2>Big</h2>\n<h3>Smaller</h3>"),
    ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("line one\nline two\n\nnext", "<p>line one<br>\nline two</p>\n<p>next</p>"),
    ("[Shop](https://shop.example/?a=1&b=2)", '<p><a href="https://shop.example/?a=1&amp;b=2">Shop</a></p>'),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ('[x](https://a.example/" onmouseover="y)', '<p>[x](https://a.example/&quot; onmouseover=&quot;y)</p>'),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
])
def test_only_the_subset_becomes_html_and_the_rest_is_shown_as_typed(source, html):
    # given the newsletter text / when / then
    assert markdown_to_html(source) == html


def test_the_plain_text_part_spells_out_links():
    # given / when / then
    assert markdown_to_text("See [our socks](https://shop.example/socks).") == (
        "See our socks (https://shop.example/socks).")
