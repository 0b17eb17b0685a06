"""`shopkeep check` warns while the shop's identity still holds demo or default values."""

from django.core import checks
from django.db import DatabaseError

from shopkeep.conf import conf
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
    problems = []
    if identity.country.upper() != conf.shop_country:
        problems.append(checks.Warning(
            f"The shop's identity says it is run from {identity.country.upper()}, but SHOPKEEP_SHOP_COUNTRY is "
            f"{conf.shop_country}: VAT and the supervisory authority would follow different countries.",
            hint="Make them agree: set SHOPKEEP_SHOP_COUNTRY, or change the country in the back office (Shop settings).",
            obj="shop identity",
            id="shopkeep.W011",
        ))
    fields = identity_demo_fields(identity)
    if not fields:
        return problems
    return problems + [checks.Warning(
        f"The shop's identity still holds demo or default values ({', '.join(fields)}): the imprint, the "
        "privacy policy and every email would name them.",
        hint="Set them in the back office (Shop settings, owner only) or seed them with SHOPKEEP_LEGAL_NAME, "
             "SHOPKEEP_POSTAL_ADDRESS, SHOPKEEP_CONTACT_EMAIL … before the first start.",
        obj="shop identity",
        id="shopkeep.W010",
    )]
