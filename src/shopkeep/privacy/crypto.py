"""Field-level encryption of personal data at rest (P-15).

Keys live outside the database: in SHOPKEEP_DATA_KEYS (comma-separated, newest first) or
in files under <data dir>/keys/ (`NNNN.key`, highest number is the current key; mode 0600).
Each key is stretched with HKDF into a Fernet key. A value is written as `enc2:<key id>:<token>`
under the newest key, so a running process reading a value written under a key it does not know yet
reloads the keys, and `shopkeep rotate_keys` can count the rows still under an old key before it
retires that key (retired keys in keys/retired/ still decrypt, never encrypt).
Look-ups by email use a keyed HMAC (blind index) with its own key (`index.key` or
SHOPKEEP_INDEX_KEY), which rotation of the data keys leaves alone.
"""

import base64
import hashlib
import hmac
import os
import re
import secrets
import threading
import time
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shopkeep import environment
from shopkeep.conf import conf

KEY_FILE = re.compile(r"^(\d{4})\.key$")
# enc2:<key id>:<Fernet token>; enc1:<Fernet token> (without a key id) is still read.
PREFIX = "enc2:"
OLD_PREFIX = "enc1:"
_LETTER_HEX = str.maketrans("0123456789", "ghijklmnop")


class DataKeyError(Exception):
    """The data keys are missing or cannot decrypt the data."""


def _write_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(32))


def keys_dir() -> Path:
    return conf.data_dir / "keys"


def key_files(directory: Path) -> list[Path]:
    """Key files, newest (highest number) first."""
    if not directory.is_dir():
        return []
    return sorted((p for p in directory.iterdir() if KEY_FILE.match(p.name)), reverse=True)


def keys_ensure(directory: Path) -> None:
    """Create the first data key and the index key if the directory has none (mode 0600)."""
    environment.keys_ensure(directory)


def key_add(directory: Path) -> Path:
    """Create a new current data key file (used by rotate_keys)."""
    files = key_files(directory)
    number = int(KEY_FILE.match(files[0].name).group(1)) + 1 if files else 1
    path = directory / f"{number:04d}.key"
    # Written under a temporary name and renamed: a running process never reads a half-written key.
    partial = directory / f".{number:04d}.key.partial"
    _write_secret(partial)
    os.rename(partial, path)
    keys_reset()
    return path


def _secrets() -> tuple[list[str], str, list[str]]:
    """(data keys newest first, index key, retired data keys that still decrypt). Never generates keys: that
    happens only at the first `migrate` of an empty database (privacy.keys)."""
    if conf.data_keys:
        if not conf.index_key:
            raise DataKeyError("SHOPKEEP_DATA_KEYS is set, so SHOPKEEP_INDEX_KEY must be set too.")
        return list(conf.data_keys), conf.index_key, []
    directory = keys_dir()
    index = directory / "index.key"
    if not index.exists():
        raise DataKeyError(f"No blind-index key found: {index} is missing (set SHOPKEEP_INDEX_KEY or restore the file).")
    retired = [p.read_text().strip() for p in key_files(directory / "retired")]
    return [p.read_text().strip() for p in key_files(directory)], index.read_text().strip(), retired


def fingerprint(secret: str) -> str:
    """A public, one-way name of a key (16 hex digits), stored in the database to notice a changed key."""
    return hmac.new(secret.encode(), b"shopkeep key fingerprint v1", hashlib.sha256).hexdigest()[:16]


def key_id(secret: str) -> str:
    """The key id written in front of each ciphertext: the first 8 hex digits of the fingerprint."""
    return fingerprint(secret)[:8]


def _fernet_key(secret: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"shopkeep field encryption v1").derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(derived)


class Keyring:
    def __init__(self, data_keys: list[str], index_key: str, retired: list[str]) -> None:
        if not data_keys:
            raise DataKeyError("No data key found: set SHOPKEEP_DATA_KEYS or keep key files in <data dir>/keys/.")
        self.current_id = key_id(data_keys[0])
        self.current = Fernet(_fernet_key(data_keys[0]))
        self.by_id = {key_id(k): Fernet(_fernet_key(k)) for k in [*retired, *data_keys]}
        self.all = MultiFernet([Fernet(_fernet_key(k)) for k in [*data_keys, *retired]])
        self.index = hashlib.sha256(b"shopkeep blind index v1" + index_key.encode()).digest()


# Running processes notice a key added by `rotate_keys` without a restart: the key directory is looked at
# (one stat) at most every RELOAD_SECONDS, and at once when a ciphertext names a key id not yet known.
RELOAD_SECONDS = 1.0
_state = {"keyring": None, "checked": 0.0, "stamp": None}
_lock = threading.Lock()


def _stamp():
    if conf.data_keys:
        return ("env", tuple(conf.data_keys), conf.index_key)
    directory = keys_dir()
    try:
        return ("files", str(directory), tuple((p.name, p.stat().st_mtime_ns) for p in key_files(directory)),
                tuple(p.name for p in key_files(directory / "retired")))
    except FileNotFoundError:
        return ("files", str(directory), None)


def _keyring(*, force: bool = False) -> Keyring:
    now = time.monotonic()
    keyring = _state["keyring"]
    if keyring is not None and not force and now - _state["checked"] < RELOAD_SECONDS:
        return keyring
    with _lock:
        stamp = _stamp()
        if force or _state["keyring"] is None or stamp != _state["stamp"]:
            _state["keyring"] = Keyring(*_secrets())
            _state["stamp"] = stamp
        _state["checked"] = now
        return _state["keyring"]


def keys_reset() -> None:
    """Forget cached keys (after rotation, or when tests change the data dir)."""
    with _lock:
        _state.update(keyring=None, checked=0.0, stamp=None)


def current_key_id() -> str:
    return _keyring().current_id


def encrypt(value: str) -> str:
    keyring = _keyring()
    return f"{PREFIX}{keyring.current_id}:{keyring.current.encrypt(value.encode()).decode()}"


def ciphertext_key_id(value: str) -> str | None:
    """The key id of a stored value ('' for the older format without one, None for a plain value)."""
    if value.startswith(PREFIX):
        return value[len(PREFIX):].split(":", 1)[0]
    if value.startswith(OLD_PREFIX):
        return ""
    return None


def decrypt(value: str) -> str:
    if value.startswith(PREFIX):
        kid, _, token = value[len(PREFIX):].partition(":")
        fernet = _keyring().by_id.get(kid) or _keyring(force=True).by_id.get(kid)
        if fernet is None:
            raise DataKeyError(f"Cannot decrypt personal data: the data key {kid} it was written with is not "
                               "configured (restore it to SHOPKEEP_DATA_KEYS or <data dir>/keys/).")
        try:
            return fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise DataKeyError(f"Cannot decrypt personal data: the value does not fit data key {kid}.") from None
    if not value.startswith(OLD_PREFIX):
        return value  # written before encryption was switched on; re-encrypted on next save or rotation
    try:
        return _keyring().all.decrypt(value[len(OLD_PREFIX):].encode()).decode()
    except InvalidToken:
        try:
            return _keyring(force=True).all.decrypt(value[len(OLD_PREFIX):].encode()).decode()
        except InvalidToken:
            raise DataKeyError("Cannot decrypt personal data: none of the configured data keys fits.") from None


def reencrypt(value: str) -> str:
    """The same plaintext encrypted with the current key."""
    return encrypt(decrypt(value))


def blind_index(value: str) -> str:
    """A keyed hash for exact look-ups (emails are lower-cased and stripped first)."""
    normalised = value.strip().lower()
    # Hex spelt with letters only (0-9 become g-p): a stored hash must never hold a digit run
    # that a card-number scanner would flag (P-13).
    return hmac.new(_keyring().index, normalised.encode(), hashlib.sha256).hexdigest().translate(_LETTER_HEX)


def keys_retire_old(directory: Path) -> list[Path]:
    """Move every key file but the current one to keys/retired/ (after a complete rotation)."""
    files = key_files(directory)
    retired_dir = directory / "retired"
    retired_dir.mkdir(mode=0o700, exist_ok=True)
    moved = []
    for path in files[1:]:
        target = retired_dir / path.name
        path.rename(target)
        moved.append(target)
    keys_reset()
    return moved
