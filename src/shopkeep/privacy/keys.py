"""Keys that cannot silently change: fingerprints in the database, checked at every start (P-15).

The first `migrate` records a fingerprint of the blind-index key and of each data key, and a canary
(a fixed text encrypted under the current data key). Keys are generated only then, and only for an
empty database. At every start (`shopkeep serve`, `runserver`, the WSGI application) the configured
keys must still hold every recorded data key and the recorded index key; a key added in front of
them is the start of a rotation and is recorded. Anything else stops the start with a sentence
naming the variable or file to fix. A key is a string of at least 32 letters, digits, `-` or `_`
(as `shopkeep rotate_keys` and the first start write them).
"""

import logging
import re

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from shopkeep.environment import ConfigurationError
from shopkeep.conf import conf
from shopkeep.privacy import crypto
from shopkeep.privacy.models import KeyCanary, KeyFingerprint

logger = logging.getLogger(__name__)

KEY_FORMAT = re.compile(r"^[A-Za-z0-9_\-]{32,}={0,2}$")
CANARY = "shopkeep key canary"
Kind = KeyFingerprint.Kind


class KeyProblem(ConfigurationError):
    """The configured keys are not the ones the database was set up with, or are malformed."""


def _where_data() -> str:
    return "SHOPKEEP_DATA_KEYS" if conf.data_keys else f"the key files in {crypto.keys_dir()}"


def _where_index() -> str:
    return "SHOPKEEP_INDEX_KEY" if conf.data_keys else f"the key file {crypto.keys_dir() / 'index.key'}"


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def configured_keys() -> tuple[list[str], str | None]:
    """(data keys newest first, index key or None); KeyProblem with a sentence for a malformed one."""
    if conf.data_keys:
        data, index = list(conf.data_keys), conf.index_key
        names = [f"the {_ordinal(n)} key in SHOPKEEP_DATA_KEYS" for n in range(1, len(data) + 1)]
        index_name = "SHOPKEEP_INDEX_KEY"
        if not index:
            raise KeyProblem("SHOPKEEP_DATA_KEYS is set, so SHOPKEEP_INDEX_KEY must be set too.")
    else:
        directory = crypto.keys_dir()
        files = crypto.key_files(directory)
        data = [p.read_text().strip() for p in files]
        names = [f"the key file {p}" for p in files]
        index_path = directory / "index.key"
        index = index_path.read_text().strip() if index_path.exists() else None
        index_name = f"the key file {index_path}"
    for name, key in [*zip(names, data), (index_name, index)]:
        if key is not None and not KEY_FORMAT.match(key):
            raise KeyProblem(f"{name[0].upper()}{name[1:]} is malformed: a key is at least 32 letters, digits, "
                             "'-' or '_' (as `shopkeep rotate_keys` writes them). Restore the original key.")
    return data, index


def _database_has_personal_data() -> bool:
    from shopkeep.privacy.rotation import encrypted_models

    return any(model._default_manager.exists() for model, _ in encrypted_models())


def keys_record(**kwargs) -> None:
    """After `migrate`: generate keys for an empty database, record fingerprints and the canary the first time,
    check them every later time."""
    if not KeyFingerprint.objects.exists():
        data, index = configured_keys() if not _keys_missing() else ([], None)
        if not data or index is None:
            if conf.data_keys:
                raise KeyProblem("SHOPKEEP_DATA_KEYS is set, so SHOPKEEP_INDEX_KEY must be set too.")
            if _database_has_personal_data():
                raise KeyProblem(
                    f"No keys in {crypto.keys_dir()}, but the database holds encrypted personal data: restore the "
                    "keys directory it was written with (keys are generated only for an empty database).")
            crypto.keys_ensure(crypto.keys_dir())
            crypto.keys_reset()
            data, index = configured_keys()
        with transaction.atomic():
            KeyFingerprint.objects.create(kind=Kind.INDEX, fingerprint=crypto.fingerprint(index))
            for key in data:
                KeyFingerprint.objects.get_or_create(fingerprint=crypto.fingerprint(key), defaults={"kind": Kind.DATA})
            canary_write()
        return
    keys_verify()


def _keys_missing() -> bool:
    if conf.data_keys:
        return False
    directory = crypto.keys_dir()
    return not crypto.key_files(directory) and not (directory / "index.key").exists()


def keys_verify(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """At start: the configured keys fit the database, or KeyProblem with the sentence to show.

    Skipped for a database not migrated yet (the first `migrate` records the keys)."""
    if KeyFingerprint._meta.db_table not in connections[using].introspection.table_names():
        return
    recorded = list(KeyFingerprint.objects.using(using).all())
    if not recorded:
        return
    if _keys_missing():
        raise KeyProblem(
            f"The keys directory {crypto.keys_dir()} is missing or empty, but this database was set up with keys: "
            "restore it from the backup of the data directory (or set SHOPKEEP_DATA_KEYS and SHOPKEEP_INDEX_KEY). "
            "shopkeep generates keys only for an empty database.")
    data, index = configured_keys()
    if index is None:
        raise KeyProblem(f"The blind-index key is missing: restore {_where_index()}.")
    indexes = {r.fingerprint for r in recorded if r.kind == Kind.INDEX}
    if crypto.fingerprint(index) not in indexes:
        raise KeyProblem(
            f"The blind-index key in {_where_index()} is not the one this database was set up with (fingerprint "
            f"{crypto.fingerprint(index)}, expected {', '.join(sorted(indexes))}): restore the original key; "
            "with another one nobody can sign in and emails are not found.")
    configured = [crypto.fingerprint(k) for k in data]
    needed = [r.fingerprint for r in recorded if r.kind == Kind.DATA and r.retired_at is None]
    missing = [f for f in needed if f not in configured]
    if missing:
        raise KeyProblem(
            f"{_where_data()[0].upper()}{_where_data()[1:]} lack(s) the data key(s) with fingerprint "
            f"{', '.join(missing)} that this database was written with: restore them (a key is retired only by "
            "`shopkeep rotate_keys --retire-old`, once no row uses it).")
    extra = [f for f in configured if f not in {r.fingerprint for r in recorded}]
    for fingerprint in extra:
        # A key added in front of the recorded ones: a rotation started (README: Keys and rotation).
        KeyFingerprint.objects.using(using).get_or_create(fingerprint=fingerprint, defaults={"kind": Kind.DATA})
        logger.warning("New data key %s recorded (a key rotation has started)", fingerprint)
    if not canary_ok():
        raise KeyProblem(f"The stored key canary does not decrypt with {_where_data()}: restore the original keys.")


def canary_write() -> None:
    KeyCanary.objects.all().delete()
    KeyCanary.objects.create(ciphertext=crypto.encrypt(CANARY))


def canary_ok() -> bool:
    canary = KeyCanary.objects.first()
    if canary is None:
        return True
    try:
        return crypto.decrypt(canary.ciphertext) == CANARY
    except crypto.DataKeyError:
        return False


def canary_health() -> tuple[bool, str]:
    """/healthz: the stored canary decrypts with the configured keys."""
    if KeyCanary.objects.first() is None:
        return False, "no key canary recorded: run `shopkeep migrate`"
    try:
        if crypto.decrypt(KeyCanary.objects.first().ciphertext) == CANARY:
            return True, "ok"
    except crypto.DataKeyError as error:
        return False, f"the stored canary does not decrypt: {error}"
    return False, "the stored canary decrypts to the wrong text: the data keys are not the original ones"


def key_fingerprint_retire(fingerprint: str) -> None:
    KeyFingerprint.objects.filter(fingerprint=fingerprint, retired_at__isnull=True).update(retired_at=timezone.now())


def key_fingerprint_record(secret: str) -> None:
    """Record a new data key (rotation) before any row is written under it."""
    KeyFingerprint.objects.get_or_create(fingerprint=crypto.fingerprint(secret), defaults={"kind": Kind.DATA})
