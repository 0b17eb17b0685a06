"""Short, human-readable references with a check character (customer and order numbers, P-05).

Alphabet: Crockford's base 32 (no I, L, O, U), so references are easy to read out on
the phone. The check character is Luhn mod 32, which catches every single-character
error and every swap of two adjacent characters. A reference always starts with
letters, so it is never a long digit run that card-number scanners would flag.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_INDEX = {char: i for i, char in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def check_character(payload: str) -> str:
    """Luhn mod N check character for `payload` (characters of ALPHABET)."""
    n = len(ALPHABET)
    total, factor = 0, 2
    for char in reversed(payload):
        addend = factor * _INDEX[char]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


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
    return check_character(body[:-1]) == body[-1]
