"""Keys cannot silently change: a start with missing, malformed or foreign keys stops with a sentence naming
the variable or file; a key added in front (a rotation) and a completed rotation start normally."""

import io
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from shopkeep.customers.models import Address
from shopkeep.privacy import crypto
from shopkeep.privacy.keys import KeyProblem, keys_record, keys_verify
from shopkeep.privacy.models import KeyFingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    """A copy of the data directory the test database was set up with (its keys included)."""
    shutil.copytree(django_settings.SHOPKEEP_DATA_DIR / "keys", tmp_path / "keys")
    settings.SHOPKEEP_DATA_DIR = tmp_path
    settings.SHOPKEEP_DATA_KEYS = None
    crypto.keys_reset()
    yield tmp_path
    crypto.keys_reset()


@pytest.fixture
def quick_settle(monkeypatch):
    monkeypatch.setattr(crypto, "RELOAD_SECONDS", 0.05)


def test_the_keys_the_database_was_set_up_with_start(data_dir):
    # when / then
    keys_verify()


def test_a_copied_data_directory_without_keys_refuses_to_start(data_dir):
    # given: var/ copied without keys/
    shutil.rmtree(data_dir / "keys")
    crypto.keys_reset()

    # when
    with pytest.raises(KeyProblem) as refused:
        keys_verify()

    # then: no key was generated, and the sentence names the directory
    assert str(refused.value).startswith(f"The keys directory {data_dir / 'keys'} is missing or empty, but this "
                                         "database was set up with keys: restore it")
    assert not (data_dir / "keys").exists()


def test_a_missing_data_key_refuses_to_start_naming_the_key_files(data_dir):
    # given: the data key replaced by another one
    (data_dir / "keys" / "0001.key").write_text("z" * 43)
    crypto.keys_reset()

    # when
    with pytest.raises(KeyProblem) as refused:
        keys_verify()

    # then
    assert f"The key files in {data_dir / 'keys'} lack(s) the data key(s) with fingerprint" in str(refused.value)


def test_a_foreign_index_key_refuses_to_start_naming_the_variable(data_dir, settings):
    # given
    settings.SHOPKEEP_DATA_KEYS = [(data_dir / "keys" / "0001.key").read_text().strip()]
    settings.SHOPKEEP_INDEX_KEY = "i" * 43

    # when
    with pytest.raises(KeyProblem) as refused:
        keys_verify()

    # then
    assert str(refused.value).startswith("The blind-index key in SHOPKEEP_INDEX_KEY is not the one this database was "
                                         "set up with")


@pytest.mark.parametrize("keys, sentence", [
    (["short"], "The 1st key in SHOPKEEP_DATA_KEYS is malformed: a key is at least 32 letters, digits, '-' or '_'"),
    (["k" * 43, "has spaces in it and is long enough......"], "The 2nd key in SHOPKEEP_DATA_KEYS is malformed"),
])
def test_a_malformed_key_refuses_to_start_with_a_sentence(data_dir, settings, keys, sentence):
    # given
    settings.SHOPKEEP_DATA_KEYS = keys
    settings.SHOPKEEP_INDEX_KEY = (data_dir / "keys" / "index.key").read_text().strip()

    # when
    with pytest.raises(KeyProblem) as refused:
        keys_verify()

    # then
    assert str(refused.value).startswith(sentence)


def test_a_malformed_key_file_refuses_to_start_naming_the_file(data_dir):
    # given
    (data_dir / "keys" / "0001.key").write_text("")

    # when / then
    with pytest.raises(KeyProblem, match=f"The key file {data_dir / 'keys' / '0001.key'} is malformed"):
        keys_verify()


def test_an_extra_key_in_front_starts_and_is_recorded_as_the_start_of_a_rotation(data_dir):
    # given: a new current key added in front of the recorded one
    path = crypto.key_add(data_dir / "keys")

    # when
    keys_verify()

    # then
    assert KeyFingerprint.objects.filter(fingerprint=crypto.fingerprint(path.read_text().strip())).exists()


def test_after_a_completed_rotation_the_shop_starts_with_the_new_key_alone(data_dir, quick_settle):
    # given
    Address.objects.create(name="Ada", line1="1 Row", city="London", postal_code="N1 1AA", country="GB")
    out = io.StringIO()

    # when
    call_command("rotate_keys", "--retire-old", stdout=out)
    crypto.keys_reset()

    # then
    keys_verify()
    assert sorted(p.name for p in (data_dir / "keys").glob("*.key")) == ["0002.key", "index.key"]
    assert KeyFingerprint.objects.filter(kind="data", retired_at__isnull=False).count() == 1
    assert Address.objects.get().line1 == "1 Row"


def test_keys_are_generated_only_for_an_empty_database(data_dir):
    # given: a database with personal data but no recorded fingerprints, and no keys at hand
    Address.objects.create(name="Ada", line1="1 Row", city="London", postal_code="N1 1AA", country="GB")
    KeyFingerprint.objects.all().delete()
    shutil.rmtree(data_dir / "keys")
    crypto.keys_reset()

    # when
    with pytest.raises(KeyProblem) as refused:
        keys_record()

    # then
    assert "but the database holds encrypted personal data: restore the keys directory" in str(refused.value)
    assert not (data_dir / "keys").exists()
