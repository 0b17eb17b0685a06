"""A customer's emailed answer to a support reply goes back into its ticket (through mailing's inbound paths).

A message is ours when it is addressed to a signed reply address (support+<reference>.<mac>@…), or when its
In-Reply-To/References name one of our replies and it comes from the address that asked. Only the new text
is kept: the quoted earlier conversation and anything after a signature line are left out.
"""

import re
from email.utils import getaddresses

from django.utils.html import strip_tags

from shopkeep.mailing.inbound import RECIPIENT_HEADERS, InboundMessage, InboundResult, inbound_handler_register
from shopkeep.support.services import ticket_customer_reply_add, ticket_from_message_ids, ticket_from_reply_address

MAX_CHARS = 10_000
QUOTE_INTRO = re.compile(r"^(on .{0,200}wrote:|-----\s*original message\s*-----|from: .+)$", re.IGNORECASE)
SIGNATURE = "-- "


def _addresses(message: InboundMessage, names) -> list[str]:
    values = [str(v) for name in names for v in message.get_all(name, [])]
    return [addr.strip().lower() for _, addr in getaddresses(values) if "@" in addr]


def _plain_text(message: InboundMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    return strip_tags(text) if part.get_content_type() == "text/html" else text


def reply_text(message: InboundMessage) -> str:
    """The new words of a reply: up to the quoted conversation or the signature, without '>' lines."""
    kept = []
    for line in _plain_text(message).replace("\r\n", "\n").split("\n"):
        if QUOTE_INTRO.match(line.strip()) or line == SIGNATURE:
            break
        if not line.lstrip().startswith(">"):
            kept.append(line.rstrip())
    return "\n".join(kept).strip()[:MAX_CHARS]


def support_reply_receive(message: InboundMessage) -> InboundResult | None:
    """Put a customer's answer into its ticket; None for a message that is not a support reply."""
    senders = _addresses(message, ["From"])
    ticket = next(filter(None, map(ticket_from_reply_address, _addresses(message, RECIPIENT_HEADERS))), None)
    if ticket is None and senders:
        threads = [str(v) for name in ("In-Reply-To", "References") for v in message.get_all(name, [])]
        ticket = ticket_from_message_ids(header_values=threads, sender=senders[0])
    if ticket is None:
        return None
    text = reply_text(message)
    if not text:
        return InboundResult("skipped", f"empty reply to support request {ticket.reference}")
    added = ticket_customer_reply_add(ticket=ticket, body=text, message_id=str(message.get("Message-ID", "")).strip())
    return InboundResult("support_reply", ticket.reference if added else f"{ticket.reference} (already added)")


def register() -> None:
    """Claim support replies among inbound messages."""
    inbound_handler_register(support_reply_receive)
