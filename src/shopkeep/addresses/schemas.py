"""The JSON shape of an address, derived from the definition (the API's AddressIn)."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr, create_model

from shopkeep.addresses.definition import ALWAYS_REQUIRED, FIELDS, AddressField


def _description(field: AddressField) -> str:
    if field.name == "country":
        return "ISO 3166-1 alpha-2 code, e.g. GB."
    if field.name in ALWAYS_REQUIRED:
        return f"{field.label}; required."
    if field.optional:
        return f"{field.label}; optional."
    return f"{field.label}; required where the country's post needs it (e.g. a US state and ZIP code)."


# A required field must hold something other than spaces (the schema says so; the rules check it).
REQUIRED_TEXT = {"pattern": "^[^\\x00]*[^\\s\\x00][^\\x00]*$"}


def _schema_field(field: AddressField):
    extra = REQUIRED_TEXT if field.name in ALWAYS_REQUIRED and field.name != "country" else {"pattern": "^[^\\x00]*$"}
    annotation = Annotated[StrictStr, Field(max_length=field.max_length, description=_description(field),
                                            json_schema_extra=extra)]
    return (annotation, ...) if field.name in ALWAYS_REQUIRED else (annotation, "")


class _StrictAddress(BaseModel):
    model_config = ConfigDict(extra="forbid")


AddressIn = create_model(
    "AddressIn",
    __base__=_StrictAddress,
    __doc__="A postal address; which fields are required and the postcode's shape depend on the country.",
    **{field.name: _schema_field(field) for field in FIELDS},
)
