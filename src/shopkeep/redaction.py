"""Keep personal data out of logs (P-11): a logging filter and IP truncation for access logs."""

import ipaddress
import logging
import re

EMAIL = re.compile(r"[\w.!#$%'*+^`{|}~-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# 13 to 19 digits, optionally split by single spaces or dashes: anything shaped like a card number.
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{0,4})(?:%[\w.]+)?(?![\w:]|\.\d)"
)


SECRET = "[secret]"
_SEGMENT = r"[^/?#\s\"']+"
# URL parts that are secrets on their own (whoever has them may open the page or act): cart tokens,
# signed order-confirmation, return, survey, contest and unsubscribe links, password-reset uid/token
# pairs, newsletter confirmations and the payment page's session.
SECRET_PATHS = re.compile(
    r"(?P<prefix>/(?:checkout/order|orders/return|newsletter/confirm|u|survey|contests/withdraw|contests/won|"
    r"sandbox-gateway/pay|backoffice/terminal/return|api/v1/carts|privacy/request)/)" + _SEGMENT
    + r"|(?P<reset>/account/password-reset/|/backoffice/staff/invitation/)(?!sent/|done/)" + _SEGMENT + "/" + _SEGMENT
    + r"|(?P<query>[?&](?:cart|token|session|uid|key)=)[^&#\s\"']+"
)


def _secret_sub(match: re.Match) -> str:
    prefix = match.group("prefix") or match.group("query")
    if match.group("reset"):
        return f"{match.group('reset')}{SECRET}/{SECRET}"
    return f"{prefix}{SECRET}"


def path_redact(text: str) -> str:
    """Replace the secret parts of URL paths and query strings in `text` with '[secret]'."""
    return SECRET_PATHS.sub(_secret_sub, text)


def redact(text: str) -> str:
    """Replace secret URL parts, emails, card-like digit runs and IP addresses in `text` with placeholders."""
    text = path_redact(text)
    if "@" in text or "%40" in text:  # every email the pattern finds has one (the test is cheaper than a search)
        text = EMAIL.sub("[email]", text)
    text = IPV6.sub(_ipv6_sub, text)
    text = IPV4.sub(_ipv4_sub, text)
    return CARD.sub("[card-number]", text)


def _ipv4_sub(match: re.Match) -> str:
    # A /24 network address is what `ip_truncate` leaves in access logs: no longer one person's (and what is not
    # an address at all stays too, so it needs no parsing).
    if match.group().endswith(".0"):
        return match.group()
    try:
        ipaddress.IPv4Address(match.group())
    except ValueError:
        return match.group()
    return "[ip]"


def _ipv6_sub(match: re.Match) -> str:
    candidate = match.group()
    address = candidate.split("%", 1)[0]
    full = address.count(":") == (6 if "." in address else 7)
    if not re.search(r"[0-9A-Fa-f]", address) or ("::" not in address and not full):
        return candidate
    try:
        parsed = ipaddress.IPv6Address(address)
    except ValueError:
        return candidate
    if parsed == ipaddress.IPv6Network(f"{parsed}/48", strict=False).network_address and parsed.packed[:6] != bytes(6):
        return candidate  # already truncated to /48 by `ip_truncate`
    return "[ip]"


def ip_truncate(ip: str) -> str:
    """An IP address cut to its network: IPv4 /24 ('203.0.113.0'), IPv6 /48 ('2001:db8:1::')."""
    try:
        address = ipaddress.ip_address(ip.strip().strip("[]").split("%", 1)[0])
    except ValueError:
        return "-"
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.version == 4:
        return str(ipaddress.IPv4Address(int(address) & 0xFFFFFF00))  # the /24 network
    return str(ipaddress.IPv6Address(int(address) >> 80 << 80))  # the /48 network


class RedactingFilter(logging.Filter):
    """A handler filter that rewrites each record's message, traceback and stack without personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
