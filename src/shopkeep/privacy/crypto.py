"""Field-level encryption of personal data at rest (P-15).

Keys live outside the database: in SHOPKEEP_DATA_KEYS (comma-separated, newest first) or
in files under <data dir>/keys/ (`NNNN.key`, highest number is the current key; mode 0600).
Each key is stretched with HKDF into a Fernet key; MultiFernet decrypts with any known key
and encrypts with the newest, so `shopkeep rotate_keys` can re-encrypt row by row.
Look-ups by email use a keyed HMAC (blind index) with its own key (`index.key` or
SHOPKEEP_INDEX_KEY), which rotation of the data keys leaves alone.
"""

import base64
import hashlib
import hmac
import os
import re
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shopkeep import environment
from shopkeep.conf import conf

KEY_FILE = re.compile(r"^(\d{4})\.key$")
PREFIX = "enc1:"
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
    _write_secret(path)
    keys_reset()
    return path


def _secrets() -> tuple[list[str], str]:
    if conf.data_keys:
        if not conf.index_key:
            raise DataKeyError("SHOPKEEP_DATA_KEYS is set, so SHOPKEEP_INDEX_KEY must be set too.")
        return list(conf.data_keys), conf.index_key
    directory = keys_dir()
    keys_ensure(directory)
    return [p.read_text().strip() for p in key_files(directory)], (directory / "index.key").read_text().strip()


def _fernet_key(secret: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"shopkeep field encryption v1").derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(derived)


@lru_cache(maxsize=1)
def _keyring() -> tuple[MultiFernet, bytes]:
    data_keys, index_key = _secrets()
    if not data_keys:
        raise DataKeyError("No data key found: set SHOPKEEP_DATA_KEYS or keep key files in <data dir>/keys/.")
    index = hashlib.sha256(b"shopkeep blind index v1" + index_key.encode()).digest()
    return MultiFernet([Fernet(_fernet_key(k)) for k in data_keys]), index


def keys_reset() -> None:
    """Forget cached keys (after rotation, or when tests change the data dir)."""
    _keyring.cache_clear()


def encrypt(value: str) -> str:
    return PREFIX + _keyring()[0].encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was switched on; re-encrypted on next save or rotation
    try:
        return _keyring()[0].decrypt(value[len(PREFIX):].encode()).decode()
    except InvalidToken:
        raise DataKeyError("Cannot decrypt personal data: none of the configured data keys fits.") from None


def reencrypt(value: str) -> str:
    """The same plaintext encrypted with the current key."""
    if not value.startswith(PREFIX):
        return encrypt(value)
    return PREFIX + _keyring()[0].rotate(value[len(PREFIX):].encode()).decode()


def blind_index(value: str) -> str:
    """A keyed hash for exact look-ups (emails are lower-cased and stripped first)."""
    normalised = value.strip().lower()
    # Hex spelt with letters only (0-9 become g-p): a stored hash must never hold a digit run
    # that a card-number scanner would flag (P-13).
    return hmac.new(_keyring()[1], normalised.encode(), hashlib.sha256).hexdigest().translate(_LETTER_HEX)


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
