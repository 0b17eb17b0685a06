"""Support requests (P-41): the contact form and the API make tickets, staff answer by email from the shop's
address, and the customer's replies come back into the ticket through the inbound mail paths.

A reply carries a signed Reply-To (`support+<reference>.<mac>@<mail domain>`) and is threaded with
In-Reply-To and References, so the customer's answer finds its ticket by either.
"""

import hmac
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from shopkeep.conf import conf
from shopkeep.mailing.backends import letters
from shopkeep.mailing.services import email_send
from shopkeep.orders.models import Order
from shopkeep.privacy.crypto import blind_index
from shopkeep.references import reference_normalise
from shopkeep.support.errors import OrderDoesNotMatch, TicketClosed, TooManyRequests
from shopkeep.support.models import Ticket, TicketMessage

REPLY_SALT = "shopkeep.support.reply-address"
RATE_WINDOW_SECONDS = 3600
ORDER_MISMATCH = ("We could not match this order number to this email address. Check both (the number is in "
                  "your order confirmation email), or leave the order number empty.")
MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def support_request_allow(*, ip: str | None) -> None:
    """Count one request from `ip`; raise TooManyRequests past the hourly limit (form and API together)."""
    if not ip:
        return
    key = f"support-requests:{blind_index(ip)}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    if count > conf.support_requests_per_hour:
        raise TooManyRequests("You have sent several requests in the last hour. Please wait an hour before "
                              "sending another one, or reply to the email we sent you.")


def support_order_match(*, email: str, order_number: str) -> Order | None:
    """The order with this number placed with this email; OrderDoesNotMatch (saying no more) otherwise."""
    if not order_number.strip():
        return None
    order = Order.objects.filter(number=reference_normalise(order_number), email_index=blind_index(email)).first()
    if order is None:
        raise OrderDoesNotMatch(ORDER_MISMATCH, fields={"order_number": ORDER_MISMATCH})
    return order


def _synthetic_message_id(ticket: Ticket) -> str:
    return f"<request.{ticket.reference.lower()}.{letters(16)}@{conf.mail_domain}>"


@transaction.atomic
def support_request_create(*, email: str, message: str, name: str = "", order_number: str = "",
                           customer=None) -> Ticket:
    """Open a ticket for a question; never subscribes anyone. Raises OrderDoesNotMatch for a wrong order number."""
    order = support_order_match(email=email, order_number=order_number)
    ticket = Ticket.objects.create(email=email.strip().lower(), name=name.strip(), order=order,
                                   customer=customer if getattr(customer, "is_authenticated", False) else None)
    # The form has no email of its own; a Message-ID for it lets our first reply start a proper thread.
    TicketMessage.objects.create(ticket=ticket, kind=TicketMessage.Kind.CUSTOMER, body=message.strip(),
                                 message_id=_synthetic_message_id(ticket))
    return ticket


def _reply_mac(reference: str) -> str:
    return salted_hmac(REPLY_SALT, reference.lower(), algorithm="sha256").hexdigest()[:20].translate(
        str.maketrans("0123456789", "ghijklmnop"))  # letters only: no digit run a card scanner could flag


def ticket_reply_address(*, ticket: Ticket) -> str:
    """The signed address a customer's answer goes to: support+<reference>.<mac>@<mail domain>."""
    return f"{conf.support_reply_local_part}+{ticket.reference.lower()}.{_reply_mac(ticket.reference)}@{conf.mail_domain}"


def ticket_from_reply_address(address: str) -> Ticket | None:
    """The ticket a signed reply address names, or None if it is not one or its signature is wrong."""
    local, _, domain = address.strip().lower().partition("@")
    base, _, token = local.partition("+")
    if domain != conf.mail_domain.lower() or base != conf.support_reply_local_part.lower():
        return None
    reference, _, mac = token.rpartition(".")
    if not reference or not hmac.compare_digest(mac, _reply_mac(reference)):
        return None
    return Ticket.objects.filter(reference=reference.upper()).first()


def ticket_from_message_ids(*, header_values: list[str], sender: str) -> Ticket | None:
    """The ticket one of our replies (named in In-Reply-To/References) belongs to, if `sender` asked it."""
    ids = MESSAGE_ID.findall(" ".join(header_values))
    if not ids:
        return None
    message = (TicketMessage.objects.filter(message_id__in=ids, kind=TicketMessage.Kind.REPLY)
               .select_related("ticket").order_by("-created_at").first())
    if message is None or message.ticket.email_index != blind_index(sender):
        return None
    return message.ticket


def ticket_assign(*, ticket: Ticket, staff) -> Ticket:
    """Give the ticket to a member of customer service (or take it off everyone with None)."""
    ticket.assigned_to = staff
    ticket.save(update_fields=["assigned_to", "updated_at"])
    return ticket


def _thread(ticket: Ticket) -> list[str]:
    return [mid for mid in ticket.messages.exclude(kind=TicketMessage.Kind.NOTE).values_list("message_id", flat=True)
            if mid]


def ticket_reply(*, ticket: Ticket, body: str, by) -> TicketMessage:
    """Email the customer an answer from the shop's address, threaded to the conversation, and record it."""
    if ticket.status == Ticket.Status.CLOSED:
        raise TicketClosed("This request is closed. Reopen it before replying.")
    thread = _thread(ticket)
    headers = {"Reply-To": ticket_reply_address(ticket=ticket)}
    if thread:
        headers["In-Reply-To"] = thread[-1]
        headers["References"] = " ".join(thread[:1] + thread[1:][-19:])  # the root and the latest ones
    question = ticket.messages.filter(kind=TicketMessage.Kind.CUSTOMER).last()
    message_id = email_send(
        kind="support_reply", to=ticket.email, subject=f"Re: your question to {conf.shop_name} [{ticket.reference}]",
        template="support/email/reply", subject_ref=ticket.reference, headers=headers,
        context={"ticket": ticket, "body": body.strip(), "name": ticket.name,
                 "question": question.body if question else "", "from_address": settings.DEFAULT_FROM_EMAIL},
    )
    reply = TicketMessage.objects.create(ticket=ticket, kind=TicketMessage.Kind.REPLY, body=body.strip(),
                                         author=by, message_id=message_id)
    ticket.status = Ticket.Status.ANSWERED
    ticket.save(update_fields=["status", "updated_at"])
    return reply


def ticket_note_add(*, ticket: Ticket, body: str, by) -> TicketMessage:
    """Add a note that only staff see; nothing is emailed."""
    note = TicketMessage.objects.create(ticket=ticket, kind=TicketMessage.Kind.NOTE, body=body.strip(), author=by)
    ticket.save(update_fields=["updated_at"])
    return note


def ticket_close(*, ticket: Ticket) -> Ticket:
    """Close the ticket; its retention period starts now."""
    ticket.status, ticket.closed_at = Ticket.Status.CLOSED, timezone.now()
    ticket.save(update_fields=["status", "closed_at", "updated_at"])
    return ticket


def ticket_reopen(*, ticket: Ticket) -> Ticket:
    """Put a closed ticket back in the queue; its retention clock stops."""
    ticket.status, ticket.closed_at = Ticket.Status.OPEN, None
    ticket.save(update_fields=["status", "closed_at", "updated_at"])
    return ticket


def ticket_customer_reply_add(*, ticket: Ticket, body: str, message_id: str) -> TicketMessage | None:
    """Add the customer's emailed answer to the ticket and put it back in the queue; None if already added."""
    if message_id and ticket.messages.filter(message_id=message_id).exists():
        return None
    message = TicketMessage.objects.create(ticket=ticket, kind=TicketMessage.Kind.CUSTOMER, body=body,
                                           message_id=message_id)
    ticket.status, ticket.closed_at = Ticket.Status.OPEN, None
    ticket.save(update_fields=["status", "closed_at", "updated_at"])
    return message
