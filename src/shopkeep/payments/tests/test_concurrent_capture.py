"""Two captures racing on one authorisation never capture more than was authorised (row lock on the payment)."""

import threading
from collections import Counter
from contextlib import nullcontext
from decimal import Decimal

import pytest
from django.db import connection, connections

from shopkeep.payments.errors import CaptureExceedsAuthorisation
from shopkeep.payments.models import Payment
from shopkeep.payments.services import payment_capture
from shopkeep.payments.tests.factories import eur, payment_authorised
from shopkeep.sandbox_gateway.models import SandboxCharge, SandboxOperation
from tests.concurrency.test_last_units import file_copy_of_the_sqlite_test_database


def _race(payment_id: int, keys: list[str]) -> Counter:
    barrier = threading.Barrier(len(keys))
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def capture(key):
        try:
            barrier.wait()
            payment_capture(payment=Payment.objects.get(pk=payment_id), amount=eur("60.00"), idempotency_key=key)
            outcome = "captured"
        except CaptureExceedsAuthorisation:
            outcome = "refused"
        except Exception as error:  # reported by the assertion
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=capture, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("keys", [["cap-a", "cap-b"], ["cap-same", "cap-same"]], ids=["two-keys", "one-key"])
@pytest.mark.promise("P-18")
def test_two_concurrent_captures_of_60_on_an_authorisation_of_100_capture_60_once(transactional_db, keys):
    # given
    payment = payment_authorised(amount="100.00")
    database = file_copy_of_the_sqlite_test_database() if connection.vendor == "sqlite" else nullcontext()

    with database:
        # when
        outcomes = _race(payment.pk, keys)

        # then
        expected = Counter({"captured": 1, "refused": 1}) if keys[0] != keys[1] else Counter({"captured": 2})
        assert outcomes == expected
        payment.refresh_from_db()
        assert (payment.captured_amount, payment.status) == (Decimal("60.00"), Payment.Status.AUTHORISED)
        assert SandboxCharge.objects.get().captured_amount == Decimal("60.00")
        assert SandboxOperation.objects.filter(kind="capture").count() == 1
        assert payment.events.filter(kind="capture", result="ok").count() == 1
