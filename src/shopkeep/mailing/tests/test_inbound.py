"""Unsubscribe by email (P-28) and hard bounces (P-29): a Maildir built here with every awkward case,
an mbox, and the authenticated webhook."""

import base64
import mailbox
from email.message import EmailMessage
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from shopkeep.mailing.inbound import inbound_message_process
from shopkeep.mailing.models import Subscription, Suppression
from shopkeep.mailing.tests.factories import subscriber_create
from shopkeep.privacy.crypto import blind_index

pytestmark = pytest.mark.django_db
REMOVE = "remove@shop.example"


@pytest.fixture(autouse=True)
def _shop(settings):
    settings.DEFAULT_FROM_EMAIL = "news@shop.example"


def raw(*, sender: str | None, to: str = REMOVE, subject: str = "unsubscribe", body: str = "please",
        cte: str | None = None, reply_to: str | None = None) -> bytes:
    lines = []
    if sender is not None:
        lines.append(f"From: {sender}")
    lines += [f"To: {to}", f"Subject: {subject}", "Message-ID: <m@example.org>", "MIME-Version: 1.0"]
    if reply_to:
        lines.append(f"Reply-To: {reply_to}")
    if cte == "base64":
        lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
                  base64.encodebytes(body.encode()).decode()]
    elif cte == "quoted-printable":
        lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                  body.replace("é", "=C3=A9")]
    else:
        lines += ["Content-Type: text/plain; charset=us-ascii", "", body]
    return "\r\n".join(lines).encode() + b"\r\n"


def bounce(recipient: str, status: str = "5.1.1", action: str = "failed") -> bytes:
    message = EmailMessage()
    message["From"] = "MAILER-DAEMON@mx.example.org"
    message["To"] = "news@shop.example"
    message["Subject"] = "Undelivered Mail Returned to Sender"
    message.set_content("Your message could not be delivered.")
    message.make_mixed()
    report = (f"Reporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; {recipient}\r\n"
              f"Action: {action}\r\nStatus: {status}\r\n")
    text = message.as_bytes().decode()
    text = text.replace("multipart/mixed", 'multipart/report; report-type="delivery-status"', 1)
    boundary = message.get_boundary()
    dsn_part = f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n{report}\r\n"
    return text.replace(f"--{boundary}--", f"{dsn_part}--{boundary}--").encode()


def maildir_build(path: Path, messages: dict[str, bytes]) -> None:
    for sub in ("new", "cur", "tmp"):
        (path / sub).mkdir(parents=True)
    for name, content in messages.items():
        (path / "new" / name).write_bytes(content)


def suppressed() -> set[str]:
    return set(Suppression.objects.values_list("email_index", flat=True))


@pytest.mark.promise("P-28")
@pytest.mark.promise("P-29")
def test_a_maildir_with_every_kind_of_message_is_processed_and_a_rerun_does_nothing(tmp_path):
    # given
    for address in ("plain@example.com", "qp@example.com", "b64@example.com", "jose@example.com",
                    "big@example.com", "keep@example.com", "from@example.com"):
        subscriber_create(email=address)
    maildir = tmp_path / "Maildir"
    maildir_build(maildir, {
        "1.plain": raw(sender="Plain <plain@example.com>", subject="stop"),
        "2.qp": raw(sender="qp@example.com", body="Merci, arrêtez: café", cte="quoted-printable"),
        "3.b64": raw(sender="b64@example.com", body="please remove me", cte="base64"),
        "4.encoded": raw(sender="=?utf-8?q?Jos=C3=A9_Garc=C3=ADa?= <jose@example.com>",
                         subject="=?utf-8?b?w6lzaWxpbmc=?="),
        "5.nofrom": raw(sender=None),
        "6.big": raw(sender="big@example.com", body=("x" * 76 + "\r\n") * (10 * 1024 * 1024 // 78)),
        "7.notmail": bytes(range(256)) * 40,
        "8.other": raw(sender="keep@example.com", to="shop@shop.example"),
        "9.replyto": raw(sender="from@example.com", reply_to="keep@example.com"),
        "10.bounce": bounce("gone@example.net"),
    })
    out = StringIO()

    # when
    call_command("process_inbound", "--maildir", str(maildir), stdout=out)
    rerun = StringIO()
    call_command("process_inbound", "--maildir", str(maildir), stdout=rerun)

    # then
    assert out.getvalue().splitlines()[0] == "10 messages: 6 unsubscribed, 1 bounced, 1 ignored, 2 skipped"
    assert "skipped 5.nofrom: no usable From address" in out.getvalue()
    assert "skipped 7.notmail: not an email message" in out.getvalue()
    assert suppressed() == {blind_index(a) for a in ("plain@example.com", "qp@example.com", "b64@example.com",
                                                     "jose@example.com", "big@example.com", "from@example.com",
                                                     "gone@example.net")}
    assert Suppression.objects.get(email_index=blind_index("gone@example.net")).reason == "bounced"
    assert [s.email for s in Subscription.objects.all()] == ["keep@example.com"]
    assert rerun.getvalue().splitlines()[0] == "0 messages: 0 unsubscribed, 0 bounced, 0 ignored, 0 skipped"
    assert list((maildir / "new").iterdir()) == []
    assert len(list((maildir / ".processed" / "cur").iterdir())) == 8
    assert sorted(p.name for p in (maildir / ".skipped" / "cur").iterdir()) == ["5.nofrom:2,S", "7.notmail:2,S"]


@pytest.mark.promise("P-28")
def test_an_mbox_is_processed_and_emptied_so_a_rerun_does_nothing(tmp_path):
    # given
    subscriber_create(email="ada@example.com")
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(path)
    box.add(raw(sender="ada@example.com"))
    box.add(raw(sender=None))
    box.flush()
    box.close()
    out, rerun = StringIO(), StringIO()

    # when
    call_command("process_inbound", "--mbox", str(path), stdout=out)
    call_command("process_inbound", "--mbox", str(path), stdout=rerun)

    # then
    assert out.getvalue().splitlines()[0] == "2 messages: 1 unsubscribed, 0 bounced, 0 ignored, 1 skipped"
    assert rerun.getvalue().splitlines()[0] == "0 messages: 0 unsubscribed, 0 bounced, 0 ignored, 0 skipped"
    assert suppressed() == {blind_index("ada@example.com")}
    assert len(mailbox.mbox(tmp_path / "inbox.mbox.processed")) == 2


def test_a_missing_maildir_is_a_clear_error(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="is not a Maildir"):
        call_command("process_inbound", "--maildir", str(tmp_path / "nope"))


@pytest.mark.parametrize(("status", "action", "outcome"), [
    ("5.1.1", "failed", "bounced"), ("4.2.2", "delayed", "ignored"), ("2.0.0", "delivered", "ignored"),
])
def test_only_a_permanent_failure_suppresses_the_bounced_address(status, action, outcome):
    # when
    result = inbound_message_process(bounce("gone@example.net", status=status, action=action))

    # then
    assert result.outcome == outcome
    assert Suppression.objects.filter(email_index=blind_index("gone@example.net")).exists() == (outcome == "bounced")


@pytest.mark.promise("P-28")
def test_the_remove_address_is_matched_whatever_its_case_and_in_cc():
    # when
    result = inbound_message_process(raw(sender="ada@example.com", to="Shop <shop@shop.example>, REMOVE@Shop.Example"))

    # then
    assert result.outcome == "unsubscribed"
    assert suppressed() == {blind_index("ada@example.com")}


@pytest.mark.promise("P-28")
def test_the_webhook_with_the_shared_secret_unsubscribes_the_sender(client, settings):
    # given
    settings.SHOPKEEP_INBOUND_SECRET = "s3cret-value"
    subscriber_create(email="ada@example.com")

    # when
    response = client.post("/hooks/inbound-email", raw(sender="ada@example.com"), content_type="message/rfc822",
                           HTTP_X_SHOPKEEP_INBOUND_SECRET="s3cret-value")

    # then
    assert (response.status_code, response.json()) == (200, {"outcome": "unsubscribed", "detail": ""})
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize(("configured", "given"), [("s3cret-value", "wrong"), ("s3cret-value", None), ("", "")])
def test_the_webhook_without_the_right_secret_changes_nothing(client, settings, configured, given):
    # given
    settings.SHOPKEEP_INBOUND_SECRET = configured
    subscriber_create(email="ada@example.com")
    headers = {} if given is None else {"HTTP_X_SHOPKEEP_INBOUND_SECRET": given}

    # when
    response = client.post("/hooks/inbound-email", raw(sender="ada@example.com"), content_type="message/rfc822",
                           **headers)

    # then
    assert response.status_code == 403
    assert Subscription.objects.count() == 1
    assert Suppression.objects.count() == 0


def test_the_webhook_reports_a_message_it_cannot_use(client, settings):
    # given
    settings.SHOPKEEP_INBOUND_SECRET = "s3cret-value"

    # when
    response = client.post("/hooks/inbound-email", b"\x00\x01 not mail", content_type="message/rfc822",
                           HTTP_X_SHOPKEEP_INBOUND_SECRET="s3cret-value")

    # then
    assert (response.status_code, response.json()) == (422, {"outcome": "skipped", "detail": "not an email message"})
