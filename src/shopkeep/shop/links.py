"""Links that leave the shop (P-42): one function marks them wherever shop text is rendered.

A link is external when its address names another host than the shop's (SHOPKEEP_BASE_URL).
It gets rel="noopener noreferrer" (no referrer, no window handle for the other site) and a
visible marker with words for screen readers. Links inside the shop and mailto:/tel: links
are left as they are. The `external_links` and `markdown` template filters call this.
"""

import html
import re
from urllib.parse import urlsplit

from django.utils.safestring import SafeString, mark_safe

from shopkeep.conf import conf

ANCHOR = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<inner>.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
HREF = re.compile(r"""\bhref\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.IGNORECASE)
REL = re.compile(r"""\s+rel\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
EXTERNAL_ATTRIBUTE = "data-external"
EXTERNAL_TEXT = "(opens another site)"
MARKER = (
    '<span class="external-mark"><svg class="external-icon" viewBox="0 0 16 16" width="12" height="12" '
    'aria-hidden="true" focusable="false"><path d="M6 3H3v10h10v-3M9 2h5v5M14 2 7 9" fill="none" '
    'stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>'
    f'<span class="visually-hidden"> {EXTERNAL_TEXT}</span></span>'
)


def _shop_hosts() -> set[str]:
    return {urlsplit(conf.base_url).netloc.lower()}


def url_is_external(url: str) -> bool:
    """True when following `url` leaves the shop (another host); relative, mailto: and tel: links stay."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
        return False
    if not parts.netloc:
        return url.startswith(("//", "\\\\", "/\\"))
    return parts.netloc.lower() not in _shop_hosts()


def _mark(match: re.Match) -> str:
    attrs, inner = match.group("attrs"), match.group("inner")
    href = HREF.search(attrs)
    if href is None or EXTERNAL_ATTRIBUTE in attrs:
        return match.group(0)
    url = html.unescape(href.group("dq") or href.group("sq") or href.group("bare") or "")
    if not url_is_external(url):
        return match.group(0)
    attrs = REL.sub("", attrs)
    return f'<a{attrs} rel="noopener noreferrer" {EXTERNAL_ATTRIBUTE}>{inner}{MARKER}</a>'


def external_links_mark(markup: str) -> SafeString:
    """Mark every link in `markup` (already safe HTML) that leaves the shop; idempotent."""
    return mark_safe(ANCHOR.sub(_mark, str(markup)))
