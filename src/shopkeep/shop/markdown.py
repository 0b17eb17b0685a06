"""A tiny, safe Markdown subset for newsletters, shop pages, product texts and help articles.

Everything is escaped first, then only these constructs become HTML: paragraphs, `#`/`##`/`###`
headings, `- ` lists, **bold**, *italic* and [links](https://…) to http(s) or mailto addresses or to
a path in the shop (`/shipping-and-returns/`). No raw HTML, no images, no scripts. Pages marks the
links that leave the shop with `shopkeep.shop.links.external_links_mark` (the `markdown` filter)."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")
LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:|/(?![/\\]))[^\s()<>\"'\\]*)\)")
HEADING = re.compile(r"^(#{1,3})\s+(.+)$")


def _inline(text: str) -> str:
    html = escape(text)
    html = LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', html)
    html = BOLD.sub(r"<strong>\1</strong>", html)
    return ITALIC.sub(r"<em>\1</em>", html)


def markdown_to_html(text: str) -> SafeString:
    """Render the subset above; any other character is shown as typed."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>\n".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>\n" + "\n".join(f"<li>{_inline(item)}</li>" for item in items) + "\n</ul>")
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        heading = HEADING.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level = len(heading.group(1)) + 1  # the email's own title is the h1
            blocks.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif line.startswith(("- ", "* ")):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return mark_safe("\n".join(blocks))


def markdown_to_text(text: str) -> str:
    """The plain-text part: the Markdown as written, with links spelled out."""
    return LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", (text or "").replace("\r\n", "\n")).strip()
