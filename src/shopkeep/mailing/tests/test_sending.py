"""The one send function: declared kinds, who may receive each, the send log and delivery with retries."""

import re
from pathlib import Path

import pytest
from django.core import mail

from shopkeep.mailing.errors import EmailRefused
from shopkeep.mailing.kinds import EMAIL_KINDS, kinds_marketing
from shopkeep.mailing.models import EmailSend
from shopkeep.mailing.services import email_send, suppression_add, unsubscribe
from shopkeep.mailing.tests.factories import newsletter_send, subscriber_create
from shopkeep.privacy.crypto import blind_index
from shopkeep.privacy.taxonomy import LEGAL_BASES

pytestmark = pytest.mark.django_db


def send(kind: str, to: str) -> str:
    return email_send(kind=kind, to=to, subject="Hello", template="mailing/email/test_newsletter",
                      context={"body": "Hi"})


@pytest.mark.promise("P-26", clause="declared kinds")
def test_every_kind_of_email_declares_a_known_lawful_basis_and_only_consent_kinds_are_marketing():
    # then
    assert all(kind.basis in LEGAL_BASES for kind in EMAIL_KINDS.values())
    assert set(kinds_marketing()) == {"newsletter", "survey_invitation"}
    assert all(EMAIL_KINDS[name].basis == "consent" for name in kinds_marketing())


# (kind, recipient state) -> may the email go?
RECIPIENTS = [
    (kind, state, not EMAIL_KINDS[kind].marketing or state == "confirmed"
     or (not EMAIL_KINDS[kind].needs_subscription and state in ("stranger", "pending")))
    for kind in EMAIL_KINDS
    for state in ("stranger", "pending", "confirmed", "unsubscribed", "bounced")
]


@pytest.mark.promise("P-26", clause=("declared kinds", "no marketing without subscription"))
@pytest.mark.promise("P-29")
@pytest.mark.parametrize(("kind", "state", "allowed"), RECIPIENTS, ids=[f"{k}-{s}" for k, s, _ in RECIPIENTS])
def test_who_may_receive_each_kind_of_email(kind, state, allowed, mailoutbox):
    # given
    address = "ada@example.com"
    if state in ("confirmed", "unsubscribed", "bounced"):
        subscriber_create(email=address)
    elif state == "pending":
        from shopkeep.mailing.models import Subscription

        Subscription.objects.create(email=address, source="form")
    if state == "unsubscribed":
        unsubscribe(email=address)
    if state == "bounced":
        suppression_add(email=address, reason="bounced")

    # when / then
    if allowed:
        send(kind, address)
        assert [(m.to, m.extra_headers["Message-ID"].split(".")[0]) for m in mailoutbox] == [([address], f"<{kind}")]
    else:
        with pytest.raises(EmailRefused):
            send(kind, address)
        assert mailoutbox == []
        assert EmailSend.objects.count() == 0


def test_every_send_is_recorded_with_kind_keyed_hash_time_and_message_id_and_nothing_readable_is_kept(mailoutbox):
    # when
    message_id = send("order_update", "ada@example.com")

    # then
    record = EmailSend.objects.get()
    assert (record.kind, record.recipient_index, record.message_id, record.status) == (
        "order_update", blind_index("ada@example.com"), message_id, "sent")
    assert record.sent_at is not None
    assert (record.recipient, record.payload) == ("", "")


@pytest.mark.promise("P-17")
def test_messages_have_plain_text_and_html_and_a_message_id(mailoutbox):
    # when
    message_id = send("order_update", "ada@example.com")

    # then
    message = mailoutbox[0]
    assert message.extra_headers["Message-ID"] == message_id
    assert re.fullmatch(r"<order_update\.[a-z]{20}@[\w.]+>", message_id)
    assert "Hi" in message.body
    assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]


@pytest.mark.promise("P-17")
def test_an_email_containing_a_card_number_is_refused(mailoutbox):
    # when / then
    with pytest.raises(EmailRefused, match="card number"):
        email_send(kind="order_update", to="ada@example.com", subject="Your card",
                   template="mailing/email/test_newsletter", context={"body": "4242 4242 4242 4242"})
    assert mailoutbox == []
    assert EmailSend.objects.count() == 0


class FlakyBackend:
    """An email backend that fails the first `failures` deliveries."""

    failures = 0
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls <= FlakyBackend.failures:
            raise ConnectionRefusedError("smtp down")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.mark.parametrize(("failures", "status", "attempts", "delivered"), [
    (0, "sent", 1, 1), (2, "sent", 3, 1), (4, "sent", 5, 1), (9, "failed", 5, 0),
])
def test_a_failed_delivery_is_retried_up_to_five_attempts(settings, mailoutbox, failures, status, attempts, delivered):
    # given
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.calls = failures, 0

    # when
    send("order_update", "ada@example.com")

    # then
    record = EmailSend.objects.get()
    assert (record.status, record.attempts, FlakyBackend.calls, len(mailoutbox)) == (
        status, attempts, min(failures + 1, 5), delivered)


def test_a_retry_on_a_queue_waits_in_the_outbox_before_the_next_attempt(settings, mailoutbox):
    # given: a real queue (not the in-process test backend) and a transport that fails once
    from django.utils import timezone

    from shopkeep.mailing import tasks
    from shopkeep.outbox.models import OutboxMessage
    from shopkeep.outbox.relay import outbox_relay

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                 "QUEUES": ["mail", "default", "marketing"]}}
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.calls = 1, 0

    # when
    record = EmailSend.objects.create(kind="order_update", recipient_index="x", message_id="<m@x>",
                                      recipient="ada@example.com",
                                      payload='{"subject": "s", "text": "t", "html": "h", "headers": {}}')
    outcome = tasks.email_deliver_task.call(record.pk, 1)
    relayed_now = outbox_relay()

    # then: the next attempt is recorded for later and not handed to the queue before its time
    assert outcome == "retrying"
    retry = OutboxMessage.objects.get()
    assert (retry.task, retry.args) == ("shopkeep.mailing.tasks.email_deliver_task", [record.pk, 2])
    assert retry.run_after > timezone.now()
    assert (relayed_now["relayed"], retry.relayed_at) == (0, None)
    assert outbox_relay(now=retry.run_after)["relayed"] == 1


def test_existing_kinds_still_send_to_anyone(mailoutbox):
    # when
    send("order_confirmation", "x@example.com")
    send("account_security", "x@example.com")
    send("policy_change", "x@example.com")

    # then
    assert len(mailoutbox) == 3


@pytest.mark.promise("P-26")
def test_no_code_outside_the_mailing_app_sends_email_directly():
    # given
    root = Path(__file__).resolve().parents[2]
    direct = re.compile(r"\b(send_mail|send_mass_mail|mail_admins|EmailMessage|EmailMultiAlternatives)\b")

    # when
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "mailing" not in path.relative_to(root).parts[:1] and "tests" not in path.parts
        and any(direct.search(line) and not line.lstrip().startswith(("def send_mail", "#"))
                for line in path.read_text().splitlines())
    ]

    # then
    assert offenders == []


def test_digit_runs_inside_the_shops_own_links_are_not_mistaken_for_card_numbers(mailoutbox):
    # when
    email_send(kind="order_update", to="ada@example.com", subject="Your order",
               template="mailing/email/test_newsletter",
               context={"body": "https://shop.example/o/4242424242424242/ and https://shop.example/x?t=4242424242424242"})

    # then
    assert len(mailoutbox) == 1
