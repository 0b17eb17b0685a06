"""The default email transport: every message is written as one .eml file in the outbox."""

import secrets
import string
from email import message_from_bytes
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

from shopkeep.conf import conf


def letters(n: int) -> str:
    """Random lower-case letters: ids with no digit runs that a card scanner could mistake."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(n))


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        outbox = conf.outbox_dir
        outbox.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            mime = message.message()
            for part in mime.walk():
                if part.is_multipart():
                    part.set_boundary(f"sk-{letters(24)}")
            path = Path(outbox) / f"{message_file_stem(mime)}-{letters(8)}.eml"
            path.write_bytes(mime.as_bytes(linesep="\r\n"))
            sent += 1
        return sent


def message_file_stem(mime) -> str:
    when = parsedate_to_datetime(mime["Date"]) if mime["Date"] else None
    return when.strftime("%Y%m%dT%H%M%S") if when else "message"


def outbox_delete_for(*, email: str) -> int:
    """Delete the outbox files of messages to `email` (an erasure must leave no copy, P-33)."""
    outbox = Path(conf.outbox_dir)
    if not outbox.is_dir():
        return 0
    wanted = email.strip().lower()
    deleted = 0
    for path in outbox.glob("*.eml"):
        message = message_from_bytes(path.read_bytes())
        recipients = {address.lower() for _, address in getaddresses(message.get_all("To", []) + message.get_all("Cc", []))}
        if wanted in recipients:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
