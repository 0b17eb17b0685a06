import io
import stat

import pytest
from django.core.management import call_command
from django.db import connection

from shopkeep.customers.models import Address, User
from shopkeep.orders.models import Order
from shopkeep.privacy import crypto
from shopkeep.privacy.rotation import encrypted_models

PASSWORD = "a long enough password 123"


@pytest.fixture
def own_keys(settings, tmp_path):
    """A fresh key directory for this test only."""
    settings.SHOPKEEP_DATA_KEYS = None
    settings.SHOPKEEP_DATA_DIR = tmp_path
    crypto.keys_ensure(tmp_path / "keys")
    crypto.keys_reset()
    yield tmp_path / "keys"
    crypto.keys_reset()


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return repr(cursor.fetchall())


@pytest.mark.promise("P-15")
def test_values_round_trip_and_each_encryption_differs(own_keys):
    first, second = crypto.encrypt("Ada Lovelace"), crypto.encrypt("Ada Lovelace")
    assert first != second and first.startswith("enc2:") and "Ada" not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == "Ada Lovelace"


@pytest.mark.promise("P-15", clause="encrypted fields")
def test_keys_are_files_outside_the_database_readable_only_by_the_owner(own_keys):
    crypto.encrypt("x")
    files = sorted(p.name for p in own_keys.iterdir())
    assert files == ["0001.key", "index.key"]
    assert all(stat.S_IMODE((own_keys / name).stat().st_mode) == 0o600 for name in files)


@pytest.mark.django_db
@pytest.mark.promise("P-15", clause="encrypted fields")
def test_a_raw_dump_shows_no_plaintext_email_phone_or_street(own_keys):
    # given a customer with an address and an order
    user = User.objects.create_user("ada.lovelace@example.com", PASSWORD, name="Ada")
    address = Address.objects.create(customer=user, name="Ada Lovelace", line1="12 Analytical Engine Row",
                                     city="Marylebone", postal_code="NW1 6XE", country="GB", phone="+44 20 7946 0123")
    Order.objects.create(customer=user, email="ada.lovelace@example.com", currency="EUR", subtotal=1, shipping_total=0,
                         total=1, shipping_method="gb-standard", shipping_method_name="Standard",
                         shipping_address=address, billing_address=address)
    # when the tables are read with SQL, not through the models
    dump = "".join(_raw_rows(t) for t in ("customers_user", "customers_address", "orders_order"))
    # then none of the personal values is there in plain text
    for secret in ("ada.lovelace@example.com", "Analytical", "Marylebone", "NW1 6XE", "7946 0123", "Ada Lovelace"):
        assert secret not in dump
    assert address.__class__.objects.get(pk=address.pk).line1 == "12 Analytical Engine Row"


@pytest.mark.django_db
@pytest.mark.promise("P-15", clause="blind index")
def test_accounts_and_orders_are_found_by_email_through_the_blind_index(own_keys):
    user = User.objects.create_user("Grace@Example.com", PASSWORD)
    assert User.objects.get_by_natural_key("  grace@example.COM ") == user
    assert list(User.objects.with_email("someone@example.com")) == []
    assert user.email_index == crypto.blind_index("grace@example.com") != "grace@example.com"


@pytest.mark.django_db
@pytest.mark.promise("P-15", clause="key rotation")
def test_rotating_keys_reencrypts_every_row_so_the_old_key_can_go(own_keys):
    # given data written under the first key
    user = User.objects.create_user("ada@example.com", PASSWORD)
    Address.objects.create(customer=user, name="Ada", line1="1 Row", city="London", postal_code="N1", country="GB")
    before = _raw_rows("customers_address")
    # when the keys are rotated and the old key retired
    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "1", "--retire-old", stdout=out)
    # then the rows were rewritten, only the new key remains, and everything still reads
    assert "New data key 0002.key is now current." in out.getvalue()
    assert "customers.Address: 1 rows re-encrypted" in out.getvalue()
    assert sorted(p.name for p in own_keys.glob("*.key")) == ["0002.key", "index.key"]
    assert _raw_rows("customers_address") != before
    crypto.keys_reset()
    assert Address.objects.get().line1 == "1 Row"
    assert User.objects.get_by_natural_key("ada@example.com") == user


@pytest.mark.django_db
def test_data_encrypted_under_an_unknown_key_fails_with_a_clear_error(own_keys, settings):
    token = crypto.encrypt("secret")
    settings.SHOPKEEP_DATA_KEYS = ["another-key"]
    settings.SHOPKEEP_INDEX_KEY = "another-index-key"
    crypto.keys_reset()
    with pytest.raises(crypto.DataKeyError, match="data key [0-9a-f]{8} it was written with is not configured"):
        crypto.decrypt(token)


def test_every_encrypted_model_is_covered_by_rotation():
    labels = {model._meta.label for model, _ in encrypted_models()}
    assert labels == {"customers.User", "customers.Address", "orders.Order", "checkout.CheckoutDraft",
                      "mailing.Subscription", "mailing.EmailSend", "campaigns.SurveyResponse", "campaigns.Contest",
                      "campaigns.ContestEntry", "support.Ticket", "support.TicketMessage", "privacy.DataExport",
                      "privacy.ErasureRequest", "privacy.GuestAccess"}


@pytest.mark.promise("P-13")
def test_a_blind_index_holds_no_digit_that_a_card_scanner_could_flag(own_keys):
    # A hex HMAC has about a 1% chance of holding a Luhn-valid 13-digit run; ours has no digits at all.
    values = [crypto.blind_index(f"customer{n}@example.com") for n in range(200)]
    assert all(len(value) == 64 and not any(char.isdigit() for char in value) for value in values)
    assert len(set(values)) == 200
