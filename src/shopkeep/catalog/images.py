"""Product pictures drawn as SVG from the product's kind and colours (no image files to manage)."""

import re
from datetime import datetime

from django.utils.html import escape

from shopkeep.catalog.models import Product

# Bump when the drawings change, so cached pictures are fetched again.
DRAWING_VERSION = "2"

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


def _headphones(c: str, a: str, dark: str) -> str:
    return f"""
  <path d="M112 236C112 104 288 104 288 236" fill="none" stroke="{c}" stroke-width="22" stroke-linecap="round"/>
  <path d="M112 236C112 118 288 118 288 236" fill="none" stroke="{dark}" stroke-width="6" opacity=".35"/>
  <rect x="84" y="206" width="64" height="112" rx="26" fill="{c}"/>
  <rect x="252" y="206" width="64" height="112" rx="26" fill="{c}"/>
  <rect x="136" y="222" width="26" height="80" rx="12" fill="{a}"/>
  <rect x="238" y="222" width="26" height="80" rx="12" fill="{a}"/>"""


def _cable(c: str, a: str, dark: str) -> str:
    return f"""
  <path d="M84 150C24 160 30 306 150 300S292 318 318 262" fill="none" stroke="{c}" stroke-width="16"
        stroke-linecap="round"/>
  <rect x="84" y="126" width="78" height="48" rx="10" fill="{c}"/>
  <rect x="84" y="126" width="20" height="48" rx="6" fill="{a}"/>
  <rect x="162" y="136" width="40" height="28" rx="4" fill="#d3d9de"/>
  <rect x="170" y="144" width="24" height="12" rx="2" fill="#9aa5ae"/>
  <rect x="240" y="232" width="78" height="48" rx="10" fill="{c}"/>
  <rect x="298" y="232" width="20" height="48" rx="6" fill="{a}"/>
  <rect x="200" y="242" width="40" height="28" rx="4" fill="#d3d9de"/>
  <rect x="206" y="250" width="24" height="12" rx="2" fill="#9aa5ae"/>"""


def _bag(c: str, a: str, dark: str) -> str:
    return f"""
  <path d="M150 176C150 96 190 96 190 176M210 176C210 96 250 96 250 176" fill="none" stroke="{dark}"
        stroke-width="12" stroke-linecap="round"/>
  <path d="M104 170h192l-14 168H118z" fill="{c}"/>
  <path d="M104 170h192l-3 30H107z" fill="{dark}" opacity=".2"/>
  <rect x="150" y="232" width="100" height="60" rx="8" fill="{a}"/>"""


def _hat(c: str, a: str, dark: str) -> str:
    return f"""
  <path d="M116 258C112 148 288 148 284 258z" fill="{c}"/>
  <path d="M162 190c8 24 10 46 8 68M200 180v78M238 190c-8 24-10 46-8 68" stroke="{dark}" stroke-width="5"
        fill="none" opacity=".3"/>
  <rect x="100" y="246" width="200" height="62" rx="16" fill="{mix(c, dark, 0.5)}"/>
  <g stroke="{c}" stroke-width="6" opacity=".55">
    <path d="M126 254v46M152 254v46M178 254v46M204 254v46M230 254v46M256 254v46M282 254v46"/>
  </g>
  <circle cx="200" cy="140" r="32" fill="{a}"/>"""


def _scarf(c: str, a: str, dark: str) -> str:
    stripes = "".join(f'<rect x="0" y="{y}" width="64" height="12" fill="{a}"/>' for y in (150, 176))
    fringe = "".join(f'<path d="M{x} 240v18" stroke="{c}" stroke-width="5"/>' for x in range(6, 64, 12))
    return f"""
  <ellipse cx="200" cy="104" rx="74" ry="30" fill="none" stroke="{c}" stroke-width="30"/>
  <g transform="translate(138 96) rotate(-6)"><rect width="64" height="240" rx="4" fill="{c}"/>{stripes}{fringe}</g>
  <g transform="translate(206 104) rotate(7)">
    <rect width="64" height="220" rx="4" fill="{mix(c, dark, 0.3)}"/>{stripes}{fringe.replace("240", "220")}
  </g>"""


def _gloves(c: str, a: str, dark: str) -> str:
    mitten = "M0 150V40C0-10 90-10 90 40V110C106 92 136 96 136 122 136 142 112 160 90 170V190H0z"
    return f"""
  <g transform="translate(96 118) rotate(-8)">
    <path d="{mitten}" fill="{mix(c, dark, 0.35)}"/><rect y="170" width="90" height="44" rx="6" fill="{mix(a, dark, 0.3)}"/>
  </g>
  <g transform="translate(170 112) rotate(6)">
    <path d="{mitten}" fill="{c}"/><rect y="170" width="90" height="44" rx="6" fill="{a}"/>
    <path d="M10 186h70M10 198h70" stroke="{c}" stroke-width="4" opacity=".5"/>
  </g>"""


def _wallet(c: str, a: str, dark: str) -> str:
    return f"""
  <rect x="128" y="120" width="130" height="84" rx="8" fill="{a}" transform="rotate(-10 193 162)"/>
  <rect x="150" y="126" width="120" height="80" rx="8" fill="#fdfdfb" transform="rotate(6 210 166)"/>
  <rect x="96" y="170" width="208" height="140" rx="16" fill="{c}"/>
  <path d="M96 186c0-9 7-16 16-16h176c9 0 16 7 16 16v34H96z" fill="{dark}" opacity=".25"/>
  <path d="M304 214h-58c-12 0-22 10-22 22s10 22 22 22h58z" fill="{mix(c, dark, 0.4)}"/>
  <circle cx="248" cy="236" r="8" fill="{a}"/>
  <path d="M110 296h180" stroke="{dark}" stroke-width="3" stroke-dasharray="6 6" opacity=".4"/>"""


DRAWINGS = {
    Product.Kind.SOCKS: _socks,
    Product.Kind.SHOES: _shoes,
    Product.Kind.DRESS: _dress,
    Product.Kind.ELECTRONICS: _electronics,
    Product.Kind.OTHER: _other,
}

# Within a kind, a word in the product's name picks a closer drawing.
NAMED_DRAWINGS = {
    Product.Kind.ELECTRONICS: [
        (("headphone", "earbud", "headset"), _headphones),
        (("cable", "adapter", "charger", "plug", "hub"), _cable),
    ],
    Product.Kind.OTHER: [
        (("bag", "tote"), _bag),
        (("beanie", "hat", "cap"), _hat),
        (("scarf",), _scarf),
        (("glove", "mitten"), _gloves),
        (("wallet", "purse"), _wallet),
    ],
}


def _drawing(kind: str, name: str):
    lowered = name.lower()
    for words, drawing in NAMED_DRAWINGS.get(kind, []):
        if any(word in lowered for word in words):
            return drawing
    return DRAWINGS.get(kind, _other)


def product_svg(*, name: str, kind: str, colour: str, accent: str) -> str:
    """An SVG picture of a product of this kind, drawn in its colours."""
    colour = safe_colour(colour, DEFAULT_COLOUR)
    accent = safe_colour(accent, DEFAULT_ACCENT)
    background = mix(colour, "#ffffff", 0.88)
    floor = mix(colour, "#ffffff", 0.78)
    dark = mix(colour, "#000000", 0.45)
    drawing = _drawing(kind, name)(colour, accent, dark)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" '
        f'role="img" aria-label="{escape(name)}">\n'
        f"  <title>{escape(name)}</title>\n"
        f'  <rect width="400" height="400" fill="{background}"/>\n'
        f'  <ellipse cx="200" cy="352" rx="150" ry="16" fill="{floor}"/>'
        f"{drawing}\n</svg>\n"
    )
