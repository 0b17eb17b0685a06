"""Erasure (P-33): after the grace period everything about the person is gone, orders stay anonymised, the email
is suppressed; a rerun after an interruption finishes the job."""

import logging
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shopkeep.customers.models import User
from shopkeep.mailing.services import suppression_contains
from shopkeep.orders.models import Order
from shopkeep.privacy import rights
from shopkeep.privacy.models import ErasureRequest
from shopkeep.privacy.subjects import subject_for_email
from shopkeep.privacy.tests.people import ADA, BOB, database_scan, person_with_everything, sessions_of
from shopkeep.testing.staff import staff_user

pytestmark = pytest.mark.django_db
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def _totals(orders):
    return {order.pk: (order.subtotal, order.shipping_total, order.total, list(order.tax_lines.values_list(
        "rate", "amount"))) for order in Order.objects.filter(pk__in=[o.pk for o in orders])}


def _outbox_text(outbox_dir) -> str:
    return "".join(path.read_bytes().decode("latin-1") for path in outbox_dir.glob("*.eml")).lower()


@pytest.mark.promise("P-33")
def test_after_the_grace_period_nothing_about_the_person_is_left_anywhere(
        client, settings, outbox_dir, caplog, django_capture_on_commit_callbacks):
    # given Ada and Bob with data everywhere, sending mail to the outbox, with every log line captured
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
    settings.SHOPKEEP_ERASURE_GRACE_DAYS = 14
    caplog.set_level(logging.DEBUG)
    owner = staff_user("owner")
    with django_capture_on_commit_callbacks(execute=True):
        ada = person_with_everything(staff=owner, **ADA)
        bob = person_with_everything(staff=owner, **BOB)
    client.force_login(ada.user)
    totals = _totals(ada.orders)
    assert database_scan(ada.needles)  # the scan does find her before

    # when she asks for erasure in her privacy center, with her password
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/privacy/", {"action": "erase", "password": "a long enough passphrase for tests",
                                                     "confirm": "on"})
    request = ErasureRequest.objects.get()
    # and the erasure runner passes a day before the grace period ends, then when it has ended
    early = rights.erasures_due(now=request.requested_at + timedelta(days=13, hours=23))
    assert early == [] and User.objects.get(pk=ada.user.pk).is_active
    with django_capture_on_commit_callbacks(execute=True):
        done = rights.erasures_due(now=request.requested_at + timedelta(days=14))

    # then
    assert response.status_code == 302 and [r.pk for r in done] == [request.pk]
    assert database_scan(ada.needles) == []
    assert not any(needle.lower() in _outbox_text(outbox_dir) for needle in ada.needles.values())
    assert not any(needle.lower() in caplog.text.lower() for needle in ada.needles.values())
    # her orders remain, with their totals and VAT
    assert _totals(ada.orders) == totals
    assert all(total[2] > Decimal("0") for total in totals.values())
    # her email is suppressed, her sessions ended, and she can no longer log in
    assert suppression_contains(ada.email)
    assert sessions_of(ada.user) == 0
    login = client.post("/account/login/", {"username": ada.email, "password": "a long enough passphrase for tests"},
                        **SAME_ORIGIN)
    assert login.status_code == 200 and "match an account" in login.content.decode()
    # Bob is untouched
    assert len(database_scan(bob.needles)) > 5
    assert User.objects.get(pk=bob.user.pk).is_active


@pytest.mark.promise("P-33")
def test_an_erasure_interrupted_half_way_completes_when_rerun(monkeypatch, django_capture_on_commit_callbacks):
    # given a due erasure whose run breaks after a few rows
    with django_capture_on_commit_callbacks(execute=True):
        ada = person_with_everything(**ADA)
        request = rights.erasure_request(subject=subject_for_email(ada.email), source="account")
    real, calls = rights.personal_data_erase, []

    def breaks_after_five(instance, declaration, **scope):
        calls.append(instance)
        if len(calls) > 5:
            raise RuntimeError("the machine went down")
        real(instance, declaration, **scope)

    monkeypatch.setattr(rights, "personal_data_erase", breaks_after_five)
    with pytest.raises(RuntimeError):
        rights.erasures_due(now=request.due_at)
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.RUNNING
    assert database_scan(ada.needles)

    # when it is run again
    monkeypatch.setattr(rights, "personal_data_erase", real)
    rights.erasures_due(now=request.due_at)
    rights.erasures_due(now=request.due_at)  # and once more: nothing left to do, nothing breaks

    # then
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE
    assert database_scan(ada.needles) == []
    assert suppression_contains(ada.email)


@pytest.mark.promise("P-33")
def test_the_link_in_the_email_cancels_the_erasure_during_the_grace_period(client, mailoutbox):
    # given
    ada = person_with_everything(**ADA)
    request = rights.erasure_request(subject=subject_for_email(ada.email), source="account")
    url = re.search(r"/privacy/erasure/cancel/([^/\s]+)/", mailoutbox[-1].body).group(1)

    # when she opens the link (which only asks) and confirms
    asked = client.get(f"/privacy/erasure/cancel/{url}/")
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.PENDING
    cancelled = client.post(f"/privacy/erasure/cancel/{url}/", **SAME_ORIGIN)

    # then nothing is erased when the grace period ends
    assert "Keep it instead?" in asked.content.decode()
    assert "The erasure is cancelled" in cancelled.content.decode()
    assert rights.erasures_due(now=timezone.now() + timedelta(days=30)) == []
    assert User.objects.get(pk=ada.user.pk).is_active


@pytest.mark.promise("P-33")
def test_erasure_from_the_privacy_center_needs_the_password(client):
    # given
    ada = person_with_everything(**ADA)
    client.force_login(ada.user)

    # when
    response = client.post("/account/privacy/", {"action": "erase", "password": "not my password", "confirm": "on"})

    # then
    assert response.status_code == 200
    assert "That is not your current password." in response.content.decode()
    assert ErasureRequest.objects.count() == 0


def test_a_cancel_link_after_the_erasure_says_it_is_too_late(client):
    # given
    ada = person_with_everything(account=False, **ADA)
    request = rights.erasure_request(subject=subject_for_email(ada.email), source="guest")
    rights.erasures_due(now=request.due_at)

    # when
    response = client.post(f"/privacy/erasure/cancel/{rights.erasure_cancel_token(request)}/", **SAME_ORIGIN)

    # then
    assert "can no longer be cancelled" in response.content.decode()
