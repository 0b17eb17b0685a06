"""SHOPKEEP_EMAIL_URL=smtp://… delivers through a real SMTP conversation (a tiny fake server on 127.0.0.1)."""

import email
import email.policy
import socket
import socketserver
import threading

import pytest

from shopkeep import environment
from shopkeep.mailing.models import EmailSend
from shopkeep.mailing.tests.factories import newsletter_send, subscriber_create

pytestmark = pytest.mark.django_db


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 fake ESMTP")
        envelope = {"rcpt": []}
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake")
            elif verb == "MAIL":
                envelope["from"] = command
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["rcpt"].append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.received.append((envelope["rcpt"], b"".join(data)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.promise("P-27")
def test_a_newsletter_goes_out_over_smtp_with_both_parts_and_the_unsubscribe_headers(settings, smtp_server):
    # given
    for key, value in environment.email(f"smtp://127.0.0.1:{smtp_server.server_address[1]}", outbox=None).items():
        setattr(settings, key, value)
    settings.SHOPKEEP_BASE_URL = "https://shop.example"
    subscriber_create(email="ada@example.com")

    # when
    message_id = newsletter_send("ada@example.com")

    # then
    [(recipients, data)] = smtp_server.received
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert recipients == ["ada@example.com"]
    assert message["Message-ID"] == message_id
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip().startswith("<https://shop.example/u/")
    assert [part.get_content_type() for part in message.walk()] == ["multipart/alternative", "text/plain",
                                                                    "text/html"]
    assert EmailSend.objects.get().status == "sent"


def test_when_the_smtp_server_is_down_delivery_is_retried_then_marked_failed(settings):
    # given
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for key, value in environment.email(f"smtp://127.0.0.1:{port}", outbox=None).items():
        setattr(settings, key, value)
    settings.EMAIL_TIMEOUT = 2
    subscriber_create(email="ada@example.com")

    # when
    newsletter_send("ada@example.com")

    # then
    record = EmailSend.objects.get()
    assert (record.status, record.attempts, record.recipient, record.payload) == ("failed", 5, "", "")
