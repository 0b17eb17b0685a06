"""Product pictures drawn as SVG from the product's kind and colours (no image files to manage)."""

import re
from datetime import datetime

from django.utils.html import escape

from shopkeep.catalog.models import Product

# Bump when the drawings change, so cached pictures are fetched again.
DRAWING_VERSION = "1"

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DEFAULT_COLOUR = "#4f6d7a"
DEFAULT_ACCENT = "#f2c14e"


def image_version(updated_at: datetime) -> str:
    """The picture's version for its URL and ETag: changes whenever the product is saved."""
    return f"{int(updated_at.timestamp())}{updated_at.microsecond:06d}"


def safe_colour(value: str, default: str) -> str:
    """The value if it is a #rgb/#rrggbb colour, else the default (never markup)."""
    return value if HEX_COLOUR.match(value or "") else default


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def mix(colour: str, other: str, share: float) -> str:
    """Blend `share` of `other` into `colour`."""
    a, b = _rgb(colour), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


def _socks(c: str, a: str, dark: str) -> str:
    sock = "M150 70h80v150c0 10 4 18 12 24l52 38c22 16 26 46 9 67-16 20-45 24-66 9l-84-62c-16-12-25-30-25-50V70z"
    return f"""
  <g transform="translate(-18 0)">
    <g transform="translate(58 14) rotate(6 200 200)">
      <path d="{sock}" fill="{mix(c, dark, 0.35)}"/>
      <rect x="150" y="70" width="80" height="34" rx="6" fill="{mix(a, dark, 0.3)}"/>
    </g>
    <path d="{sock}" fill="{c}"/>
    <rect x="150" y="70" width="80" height="34" rx="6" fill="{a}"/>
    <rect x="150" y="116" width="80" height="10" fill="{a}" opacity=".8"/>
    <rect x="150" y="136" width="80" height="10" fill="{a}" opacity=".8"/>
    <path d="M271 265l23 17c22 16 26 46 9 67-9 11-21 17-34 18 9-21 10-63 2-102z" fill="{a}"/>
  </g>"""


def _shoes(c: str, a: str, dark: str) -> str:
    return f"""
  <path d="M70 262c0-40 14-96 30-118 10-14 34-14 52-4 22 12 38 44 70 56 34 13 84 18 110 36 22 15 26 30 26 44v6H70z"
        fill="{c}"/>
  <path d="M70 268h288v18c0 10-8 18-18 18H88c-10 0-18-8-18-18z" fill="#fdfdfb"/>
  <path d="M70 290h288v4c0 6-5 10-10 10H80c-6 0-10-4-10-10z" fill="{a}"/>
  <path d="M100 144c10-14 34-14 52-4 10 6 18 16 26 26-20 10-52 12-84 4 1-10 3-19 6-26z" fill="{dark}" opacity=".3"/>
  <g stroke="#fdfdfb" stroke-width="6" stroke-linecap="round">
    <path d="M172 168l22 -14"/><path d="M188 182l22 -14"/><path d="M204 194l22 -14"/>
  </g>
  <path d="M230 214c40 6 80 10 104 24" stroke="{a}" stroke-width="8" fill="none" stroke-linecap="round"/>"""


def _dress(c: str, a: str, dark: str) -> str:
    return f"""
  <path d="M200 64c-10 0-18-4-24-10l-10 6c4 20 6 40 2 58l-14 22h92l-14-22c-4-18-2-38 2-58l-10-6c-6 6-14 10-24 10z"
        fill="{c}"/>
  <path d="M152 148h96l62 180c-36 16-72 22-110 22s-74-6-110-22z" fill="{c}"/>
  <path d="M152 148h96l62 180c-20 9-40 14-60 18z" fill="{dark}" opacity=".18"/>
  <rect x="148" y="138" width="104" height="16" rx="6" fill="{a}"/>
  <circle cx="200" cy="146" r="11" fill="{a}" stroke="#fdfdfb" stroke-width="3"/>
  <path d="M120 300c50 14 110 14 160 0" stroke="{a}" stroke-width="6" fill="none" opacity=".8"/>"""


def _electronics(c: str, a: str, dark: str) -> str:
    return f"""
  <rect x="70" y="88" width="260" height="170" rx="14" fill="{c}"/>
  <rect x="86" y="104" width="228" height="138" rx="6" fill="{mix(a, '#ffffff', 0.55)}"/>
  <path d="M86 242l82-82 52 52 34-34 60 60v4H86z" fill="{a}"/>
  <circle cx="262" cy="140" r="14" fill="#fdfdfb" opacity=".9"/>
  <path d="M176 258h48l10 46h-68z" fill="{dark}"/>
  <rect x="136" y="300" width="128" height="14" rx="7" fill="{c}"/>"""


def _other(c: str, a: str, dark: str) -> str:
    return f"""
  <rect x="100" y="150" width="200" height="170" rx="10" fill="{c}"/>
  <rect x="88" y="118" width="224" height="48" rx="10" fill="{c}"/>
  <rect x="88" y="150" width="224" height="16" fill="{dark}" opacity=".2"/>
  <rect x="186" y="118" width="28" height="202" fill="{a}"/>
  <path d="M200 118c-20-40-66-46-66-18 0 18 40 20 66 18zM200 118c20-40 66-46 66-18 0 18-40 20-66 18z"
        fill="none" stroke="{a}" stroke-width="12" stroke-linejoin="round"/>"""


DRAWINGS = {
    Product.Kind.SOCKS: _socks,
    Product.Kind.SHOES: _shoes,
    Product.Kind.DRESS: _dress,
    Product.Kind.ELECTRONICS: _electronics,
    Product.Kind.OTHER: _other,
}


def product_svg(*, name: str, kind: str, colour: str, accent: str) -> str:
    """An SVG picture of a product of this kind, drawn in its colours."""
    colour = safe_colour(colour, DEFAULT_COLOUR)
    accent = safe_colour(accent, DEFAULT_ACCENT)
    background = mix(colour, "#ffffff", 0.88)
    floor = mix(colour, "#ffffff", 0.78)
    dark = mix(colour, "#000000", 0.45)
    drawing = DRAWINGS.get(kind, _other)(colour, accent, dark)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" '
        f'role="img" aria-label="{escape(name)}">\n'
        f"  <title>{escape(name)}</title>\n"
        f'  <rect width="400" height="400" fill="{background}"/>\n'
        f'  <ellipse cx="200" cy="352" rx="150" ry="16" fill="{floor}"/>'
        f"{drawing}\n</svg>\n"
    )
