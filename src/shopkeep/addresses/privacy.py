"""The data-map declarations of an address's fields, derived from the definition (one place)."""

from shopkeep.addresses.definition import FIELDS
from shopkeep.privacy.registry import Personal


def address_declarations(
    *, prefix: str = "", purposes: tuple[str, ...], retention: str, roles: tuple[str, ...], encrypted: bool
) -> dict[str, Personal]:
    """Declarations for the fields of a postal address (optionally prefixed, e.g. "shipping_")."""
    return {
        f"{prefix}{field.name}": Personal(
            category=field.category,
            purposes=purposes,
            basis="contract",
            retention=retention,
            roles=roles,
            processors=("carrier",),
            encrypted=encrypted and field.encrypted,
            erase="blank",
        )
        for field in FIELDS
    }
