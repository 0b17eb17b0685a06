"""`shopkeep check` warns while the shop's identity still holds demo or default values."""

from django.core import checks
from django.db import DatabaseError

from shopkeep.shop.models import ShopIdentity
from shopkeep.shop.services import identity_seed_values, identity_demo_fields


def check_identity_not_demo(app_configs=None, databases=None, **kwargs):
    """Warn while the imprint, policy and emails would name a demo or example shop (a database check)."""
    if not databases:
        return []
    try:
        identity = ShopIdentity.objects.first()
    except (DatabaseError, RuntimeError):  # no tables yet (before migrate), or no database in this context
        return []
    if identity is None:
        identity = ShopIdentity(**identity_seed_values())
    fields = identity_demo_fields(identity)
    if not fields:
        return []
    return [checks.Warning(
        f"The shop's identity still holds demo or default values ({', '.join(fields)}): the imprint, the "
        "privacy policy and every email would name them.",
        hint="Set them in the back office (Shop settings, owner only) or seed them with SHOPKEEP_LEGAL_NAME, "
             "SHOPKEEP_POSTAL_ADDRESS, SHOPKEEP_CONTACT_EMAIL … before the first start.",
        obj="shop identity",
        id="shopkeep.W010",
    )]
