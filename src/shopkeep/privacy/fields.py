"""Model fields that encrypt personal data at rest and the blind index beside them (P-15).

The Python value is plaintext; the column holds `enc2:<key id>:<Fernet token>`. Validation (max_length,
email format) applies to the plaintext. Encrypted columns can't be searched: look up by the
blind index instead.
"""

from django.db import models

from shopkeep.privacy import crypto


class EncryptedMixin:
    encrypted = True

    def db_type(self, connection):
        return "text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name):
        # Ciphertext is randomised: an equality or text search could only ever silently miss.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedMixin, models.CharField):
    pass


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    pass


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedGenericIPAddressField(EncryptedMixin, models.GenericIPAddressField):
    def get_prep_value(self, value):
        if value is None or value == "":
            return None
        return crypto.encrypt(str(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        # The column holds ciphertext (text), so PostgreSQL must not adapt it as an inet value.
        return value if prepared else self.get_prep_value(value)


class BlindIndexField(models.CharField):
    """HMAC of another field's value, kept in step on every save; used for exact look-ups."""

    hashed = True

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        source = getattr(model_instance, self.source)
        value = crypto.blind_index(source) if source else ""
        setattr(model_instance, self.attname, value)
        return value


class KeyedHashField(models.CharField):
    """A keyed hash (`crypto.blind_index`) computed by the caller and stored without the value it was made from."""

    hashed = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)
