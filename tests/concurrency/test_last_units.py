"""Concurrent checkouts for the last units never oversell (issue 2; DESIGN.md targets)."""

import shutil
import sqlite3
import tempfile
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, connections

from shopkeep.cart.tests.factories import cart_with_lines
from shopkeep.catalog.errors import OutOfStock
from shopkeep.catalog.models import Variant
from shopkeep.catalog.tests.factories import product_create, variant_create
from shopkeep.checkout.services import checkout_complete
from shopkeep.checkout.tests.factories import checkout_details
from shopkeep.orders.models import Order
from shopkeep.payments.models import Payment
from shopkeep.sandbox_gateway.models import SandboxCharge
from shopkeep.sandbox_gateway.tests.factories import card_token_create

BUYERS = 20
STOCK = 5


def race_for_the_last_units() -> tuple[Variant, Counter]:
    """20 buyers, each with their own cart holding 1 unit, check out at the same moment; 5 units are left."""
    variant = variant_create(product=product_create(name="Last Socks"), size="M", stock=STOCK)
    purchases = [(cart_with_lines((variant, 1)), card_token_create().token) for _ in range(BUYERS)]
    barrier = threading.Barrier(BUYERS)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def buy(cart, token):
        try:
            barrier.wait()
            checkout_complete(cart=cart, details=checkout_details(), payment_token=token)
            outcome = "order"
        except OutOfStock:
            outcome = "out of stock"
        except Exception as error:  # anything else is a failure the assertions report
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=buy, args=purchase) for purchase in purchases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return variant, outcomes


def assert_exactly_the_stock_was_sold(variant: Variant, outcomes: Counter) -> None:
    assert outcomes == Counter({"order": STOCK, "out of stock": BUYERS - STOCK})
    assert Order.objects.count() == STOCK
    assert Variant.objects.get(pk=variant.pk).stock == 0
    assert list(Payment.objects.filter(order__isnull=False).values_list("status", flat=True)) == ["authorised"] * STOCK
    # A loser either failed the stock check before paying or had its authorisation voided.
    assert set(Payment.objects.filter(order__isnull=True).values_list("status", flat=True)) <= {"voided"}
    assert SandboxCharge.objects.filter(status="authorised").count() == STOCK
    assert SandboxCharge.objects.exclude(status="authorised").exclude(status="voided").count() == 0


@pytest.mark.postgres
def test_twenty_concurrent_checkouts_for_five_units_on_postgresql_sell_exactly_five(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set SHOPKEEP_DATABASE_URL=postgresql://...); the SQLite variant runs instead")

    # when
    variant, outcomes = race_for_the_last_units()

    # then
    assert_exactly_the_stock_was_sold(variant, outcomes)


@contextmanager
def file_copy_of_the_sqlite_test_database():
    """Point this thread and new threads at a file copy of the in-memory SQLite test database.

    The in-memory test database uses SQLite's shared cache, where concurrent writers fail at once with
    "database table is locked" instead of waiting; a file in WAL mode lets them queue as in production.
    """
    directory = Path(tempfile.mkdtemp(prefix="shopkeep-race-"))
    memory = connections["default"]
    memory.ensure_connection()
    target = sqlite3.connect(directory / "race.sqlite3")
    memory.connection.backup(target)
    target.close()
    file_settings = {**memory.settings_dict, "NAME": str(directory / "race.sqlite3")}
    original_settings = connections.settings["default"]
    connections.settings["default"] = file_settings
    connections["default"] = type(memory)(file_settings, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = original_settings
        connections["default"] = memory
        shutil.rmtree(directory, ignore_errors=True)


def test_twenty_concurrent_checkouts_for_five_units_on_sqlite_sell_exactly_five(transactional_db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the race; the PostgreSQL variant runs instead")

    with file_copy_of_the_sqlite_test_database():
        # when
        variant, outcomes = race_for_the_last_units()

        # then
        assert_exactly_the_stock_was_sold(variant, outcomes)
