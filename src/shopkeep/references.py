"""Short, human-readable references with a check character (customer and order numbers, P-05).

Alphabet: Crockford's base 32 (no I, L, O, U), so references are easy to read out on
the phone. The check character comes from the Damm algorithm over GF(32) (x∘y = 2x + y),
which catches every single-character error and every swap of two adjacent characters
(Luhn mod 32 misses swaps of "0" and "Z"). A reference always starts with letters, so it
is never a long digit run that card-number scanners would flag.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_INDEX = {char: i for i, char in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})


_GF32_MODULUS = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)


def _times_two(value: int) -> int:
    """Multiply by x in GF(32)."""
    value <<= 1
    return value ^ _GF32_MODULUS if value & 0b100000 else value


def _damm_interim(body: str) -> int:
    interim = 0
    for char in body:
        interim = _times_two(interim) ^ _INDEX[char]
    return interim


def check_character(payload: str) -> str:
    """Damm check character for `payload` (characters of ALPHABET): it brings the interim back to zero."""
    return ALPHABET[_times_two(_damm_interim(payload))]


def reference_new(*, prefix: str, length: int = 6) -> str:
    """A random reference like `SK-7F3K9QX`: prefix, `length` random characters, one check character."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return f"{prefix}-{payload}{check_character(payload)}"


def reference_normalise(value: str) -> str:
    """Upper-case, strip spaces and map look-alike letters, as a person might type it."""
    prefix, _, body = value.strip().upper().replace(" ", "").partition("-")
    return f"{prefix}-{body.translate(_ALIASES)}" if body else value.strip().upper()


def reference_is_valid(value: str, *, prefix: str) -> bool:
    """True when `value` has the prefix and a correct check character."""
    head, _, body = value.partition("-")
    if head != prefix or len(body) < 2 or any(char not in _INDEX for char in body):
        return False
    return _damm_interim(body) == 0
