"""Inbound mail: unsubscribe by email (P-28) and hard bounces (P-29).

Any message addressed to the remove address (To, Cc, Delivered-To, X-Original-To or Envelope-To)
unsubscribes its **From** address from every marketing list, whatever its subject or body.
Why From and not Reply-To: From is the mailbox the message was written from, i.e. the address our
newsletter reached; Reply-To is a free-form routing hint that often names someone else (a shared
inbox, a colleague, a mailing list), so honouring it would let anyone unsubscribe a third party
just by naming them, and would miss the subscriber's own address. Unsubscribing is the safe
direction, so we never need to trust more than From.

A delivery status notification (multipart/report; report-type=delivery-status) whose recipient
has Action: failed and a permanent Status 5.x.x puts that recipient on the suppression list as
bounced. Anything that is not a mail message, or has no usable From, is skipped and reported,
never crashing the batch.

Other apps take their own replies out of the same paths (the maildir/mbox command and the webhook) by
registering a handler with `inbound_handler_register`: support answers come back into their ticket
this way. A handler sees each message that is neither a delivery report nor addressed to the remove
address, and returns an InboundResult when the message is its own (None otherwise).
"""

import email
import email.message
import email.policy
import mailbox
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path

from shopkeep.conf import conf
from shopkeep.mailing.models import Suppression
from shopkeep.mailing.services import suppression_add

RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")


@dataclass(frozen=True)
class InboundResult:
    outcome: str  # "unsubscribed", "bounced", "ignored", "skipped", or a registered handler's own outcome
    detail: str = ""


InboundMessage = email.message.EmailMessage  # what a handler is given: parsed with email.policy.default
InboundHandler = Callable[[InboundMessage], "InboundResult | None"]
HANDLERS: list[InboundHandler] = []


def inbound_handler_register(handler: InboundHandler) -> None:
    """Let another app claim the inbound messages that are its own (called once, from its AppConfig.ready)."""
    if handler not in HANDLERS:
        HANDLERS.append(handler)


@dataclass
class InboundSummary:
    counts: dict = field(default_factory=lambda: {"unsubscribed": 0, "bounced": 0, "ignored": 0, "skipped": 0})
    problems: list = field(default_factory=list)

    def add(self, name: str, result: InboundResult) -> None:
        self.counts[result.outcome] = self.counts.get(result.outcome, 0) + 1
        if result.outcome == "skipped":
            self.problems.append(f"{name}: {result.detail}")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def text(self) -> str:
        lines = [f"{self.total} messages: " + ", ".join(f"{n} {k}" for k, n in self.counts.items())]
        lines += [f"skipped {problem}" for problem in self.problems]
        return "\n".join(lines)


def _addresses(values) -> list[str]:
    return [addr.strip().lower() for _, addr in getaddresses([str(v) for v in values]) if "@" in addr]


def _looks_like_mail(headers) -> bool:
    names = {name.lower() for name in headers.keys()}
    return bool(names & {"from", "to", "subject", "date", "message-id", "received", "content-type"})


def _bounced_recipients(message) -> list[str]:
    """Recipients a DSN reports as permanently failed (Action: failed, Status: 5.x.x)."""
    failed = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for block in part.get_payload():
            status = str(block.get("Status", "")).strip()
            action = str(block.get("Action", "")).strip().lower()
            recipient = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
            if status.startswith("5.") and action in ("failed", "") and ";" in recipient:
                address = recipient.split(";", 1)[1].strip().strip("<>")
                if "@" in address:
                    failed.append(address)
    return failed


def _handled_elsewhere(raw: bytes) -> InboundResult | None:
    """The result of the first registered handler that claims the message, if any."""
    if not HANDLERS:
        return None
    message = email.message_from_bytes(raw, policy=email.policy.default)
    for handler in HANDLERS:
        result = handler(message)
        if result is not None:
            return result
    return None


def inbound_message_process(raw: bytes) -> InboundResult:
    """Act on one raw RFC 5322 message: unsubscribe, record a hard bounce, ignore it, or skip it."""
    try:
        headers = BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
        if not _looks_like_mail(headers):
            return InboundResult("skipped", "not an email message")
        if headers.get_content_type() == "multipart/report":
            message = email.message_from_bytes(raw, policy=email.policy.compat32)
            bounced = _bounced_recipients(message)
            for address in bounced:
                suppression_add(email=address, reason=Suppression.Reason.BOUNCED)
            if bounced:
                return InboundResult("bounced", f"{len(bounced)} recipient(s)")
            return InboundResult("ignored", "delivery report without a permanent failure")
        remove = conf.mail_remove_address.lower()
        recipients = _addresses(v for name in RECIPIENT_HEADERS for v in headers.get_all(name, []))
        if remove not in recipients:
            return _handled_elsewhere(raw) or InboundResult("ignored", "not addressed to the remove address")
        senders = _addresses(headers.get_all("From", []))
        if not senders:
            return InboundResult("skipped", "no usable From address")
        suppression_add(email=senders[0], reason=Suppression.Reason.UNSUBSCRIBED)
        return InboundResult("unsubscribed")
    except Exception as exc:  # a malformed message must never stop the batch
        return InboundResult("skipped", f"unreadable message ({type(exc).__name__})")


def _move(path: Path, folder: Path) -> None:
    target = folder / "cur"
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    name = path.name if ":2," in path.name else f"{path.name}:2,S"
    os.replace(path, target / name)


def maildir_process(path: Path) -> InboundSummary:
    """Process every message in a Maildir's new/ and cur/; move each to .processed/ (or .skipped/)."""
    path = Path(path)
    if not (path / "new").is_dir() and not (path / "cur").is_dir():
        raise FileNotFoundError(f"{path} is not a Maildir (no new/ or cur/ folder)")
    summary = InboundSummary()
    for sub in ("new", "cur"):
        folder = path / sub
        if not folder.is_dir():
            continue
        for item in sorted(folder.iterdir()):
            if item.name.startswith(".") or not item.is_file():
                continue
            try:
                result = inbound_message_process(item.read_bytes())
            except OSError as exc:
                result = InboundResult("skipped", f"cannot read ({type(exc).__name__})")
            summary.add(item.name, result)
            _move(item, path / (".skipped" if result.outcome == "skipped" else ".processed"))
    return summary


def mbox_process(path: Path) -> InboundSummary:
    """Process every message of an mbox; processed messages move to `<path>.processed` (also an mbox)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not an mbox file")
    box = mailbox.mbox(path, create=False)
    done = mailbox.mbox(f"{path}.processed")
    summary = InboundSummary()
    box.lock()
    try:
        for key in list(box.keys()):
            try:
                raw = box.get_bytes(key)
                result = inbound_message_process(raw)
            except Exception as exc:
                raw, result = None, InboundResult("skipped", f"unreadable message ({type(exc).__name__})")
            summary.add(f"message {key + 1}", result)
            if raw is not None:
                done.add(raw)
            box.remove(key)
        done.flush()
        box.flush()
    finally:
        box.unlock()
        box.close()
        done.close()
    return summary
