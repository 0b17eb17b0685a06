"""Data map of checkouts in progress: what the customer typed so far, kept until the order is placed."""

from shopkeep.checkout.models import CheckoutDraft
from shopkeep.addresses.privacy import address_declarations
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.retention import retention_job_register
from shopkeep.privacy.roles import Role

DRAFT = ("essential.service.operations",)

register(
    CheckoutDraft,
    description="checkouts in progress",
    subject="cart__customer",
    personal={
        "email": Personal("user.contact.email", DRAFT, "contract", "cart", roles=(Role.CUSTOMER_SERVICE,),
                          encrypted=True, erase="delete"),
        **address_declarations(prefix="shipping_", purposes=DRAFT, retention="cart", roles=(Role.CUSTOMER_SERVICE,),
                               encrypted=True),
        **address_declarations(prefix="billing_", purposes=DRAFT, retention="cart", roles=(Role.CUSTOMER_SERVICE,),
                               encrypted=True),
        "payment_token": Personal("user.payment", ("essential.service.payment_processing",), "contract", "cart",
                                  erase="delete"),
        "card_brand": Personal("user.financial.bank_account", ("essential.service.payment_processing",), "contract",
                               "cart", erase="delete"),
        "card_last4": Personal("user.financial.bank_account", ("essential.service.payment_processing",), "contract",
                               "cart", erase="delete"),
        "card_exp_month": Personal("user.financial.bank_account", ("essential.service.payment_processing",),
                                   "contract", "cart", erase="delete"),
        "card_exp_year": Personal("user.financial.bank_account", ("essential.service.payment_processing",),
                                  "contract", "cart", erase="delete"),
    },
    non_personal=["id", "cart", "billing_same", "shipping_method", "created_at", "updated_at"],
)

retention_job_register(
    key="cart",
    what="checkout details typed but never ordered",
    expired=lambda cutoff: CheckoutDraft.objects.filter(cart__ordered_at__isnull=True, updated_at__lt=cutoff),
    apply=lambda rows: rows.delete()[1].get("checkout.CheckoutDraft", 0),
)
