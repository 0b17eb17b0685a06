"""A tiny, safe Markdown subset for newsletters: everything is escaped first, then only these
constructs become HTML: paragraphs, `#`/`##`/`###` headings, `- ` lists, **bold**, *italic* and
[links](https://…) to http(s) or mailto addresses. No raw HTML, no images, no scripts.

Pages of the shop itself (the help center) may also link to the shop's own paths, `[returns](/help/…)`:
a single leading slash, never `//` or `/\`, which browsers read as another host."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])")
LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:)[^\s()<>\"']+)\)")
SITE_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:)[^\s()<>\"']+|/(?![/\\])[^\s()<>\"'\\]*)\)")
HEADING = re.compile(r"^(#{1,3})\s+(.+)$")


def _inline(text: str, *, links: re.Pattern = LINK) -> str:
    html = escape(text)
    html = links.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', html)
    html = BOLD.sub(r"<strong>\1</strong>", html)
    return ITALIC.sub(r"<em>\1</em>", html)


def markdown_to_html(text: str, *, site_links: bool = False) -> SafeString:
    """Render the subset above (with links to the shop's own paths if `site_links`); any other character is
    shown as typed."""
    links = SITE_LINK if site_links else LINK
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append("<p>" + "<br>\n".join(_inline(line, links=links) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>\n" + "\n".join(f"<li>{_inline(item, links=links)}</li>" for item in items) + "\n</ul>")
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        heading = HEADING.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level = len(heading.group(1)) + 1  # the email's own title is the h1
            blocks.append(f"<h{level}>{_inline(heading.group(2), links=links)}</h{level}>")
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
