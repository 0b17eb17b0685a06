"""Model fields of an address, derived from the definition: an abstract model and prefixed copies."""

from django.db import models

from shopkeep.addresses.definition import ALWAYS_REQUIRED, FIELDS, FIELD_NAMES, AddressField
from shopkeep.addresses.formatting import address_format_lines
from shopkeep.privacy.fields import EncryptedCharField


def _model_field(field: AddressField, *, blank: bool, named: bool = True) -> models.Field:
    # Only the fields every country needs are non-blank (an Irish address may have no postcode).
    options = {"max_length": field.max_length, "blank": blank or field.name not in ALWAYS_REQUIRED}
    if named and field.verbose_name:
        options["verbose_name"] = field.verbose_name
    return EncryptedCharField(**options) if field.encrypted else models.CharField(**options)


def address_model_fields(*, prefix: str, blank: bool = True) -> dict[str, models.Field]:
    """New model fields for an address kept inside another model, named `<prefix><field>`."""
    return {f"{prefix}{field.name}": _model_field(field, blank=blank, named=False) for field in FIELDS}


def address_model_fields_add(model: type[models.Model], *, prefix: str, blank: bool = True) -> None:
    """Add an address's fields, named `<prefix><field>`, to `model` (call right after the class)."""
    for name, field in address_model_fields(prefix=prefix, blank=blank).items():
        model.add_to_class(name, field)


def address_from_prefixed(instance, *, prefix: str) -> dict[str, str]:
    """The address stored in `instance`'s `<prefix><field>` columns, as a dict."""
    return {name: getattr(instance, f"{prefix}{name}") for name in FIELD_NAMES}


class AbstractAddress(models.Model):
    """A postal address with encrypted personal fields (P-15); the country is an ISO 3166-1 code."""

    class Meta:
        abstract = True

    FIELDS = FIELD_NAMES

    def __str__(self) -> str:
        return ", ".join(self.lines)

    @property
    def lines(self) -> list[str]:
        """The postal label's lines, in the country's order."""
        return address_format_lines(self)

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELD_NAMES}


for _field in FIELDS:
    AbstractAddress.add_to_class(_field.name, _model_field(_field, blank=False))
