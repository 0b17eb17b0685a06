from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Allow long passphrases (at least 64 characters, P-16) but refuse absurd input."""

    def __init__(self, max_length: int = 256) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long: use at most {self.max_length} characters.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can be up to {self.max_length} characters long; a passphrase is welcome."
