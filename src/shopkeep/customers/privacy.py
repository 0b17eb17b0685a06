"""Data map of customer accounts and saved addresses."""

from shopkeep.customers.models import Address, User
from shopkeep.addresses.privacy import address_declarations
from shopkeep.customers.services import accounts_inactive, accounts_inactive_delete, accounts_inactive_unwarned, \
    accounts_inactive_warn
from shopkeep.privacy.registry import Personal, register, register_policy_notice_source
from shopkeep.privacy.retention import retention_job_register, retention_notice_register
from shopkeep.privacy.roles import Role

ACCOUNT = ("essential.service.authentication", "essential.service.notifications", "essential.service.operations")
SUPPORT = (Role.CUSTOMER_SERVICE, Role.BILLING)

register(
    User,
    description="customer and staff accounts",
    subject="pk",
    personal={
        "email": Personal("user.contact.email", ACCOUNT, "contract", "account", roles=SUPPORT,
                          processors=("email_provider",), encrypted=True, erase="marker"),
        "email_index": Personal("user.contact.email", ("essential.service.authentication",), "contract", "account",
                                encrypted=True, erase="marker"),
        "name": Personal("user.name", ACCOUNT, "contract", "account", roles=SUPPORT, erase="blank"),
        "customer_number": Personal("user.unique_id", ACCOUNT, "contract", "account",
                                    roles=(Role.CUSTOMER_SERVICE, Role.BILLING, Role.FULFILMENT), erase="keep"),
        "password": Personal("user.authorization.credentials", ("essential.service.authentication",), "contract",
                             "account", erase="blank"),
        "last_login": Personal("user.behavior.login", ("essential.service.security",), "legitimate_interests",
                               "account", roles=(Role.CUSTOMER_SERVICE,), erase="blank"),
        "date_joined": Personal("user.behavior.login", ("essential.service.operations",), "contract", "account",
                                roles=(Role.CUSTOMER_SERVICE,), erase="keep"),
    },
    non_personal=["id", "is_staff", "is_active", "is_superuser", "groups", "user_permissions"],
)
register(
    Address,
    description="saved addresses and the addresses of orders",
    subject="customer",
    personal={
        "customer": Personal("user.unique_id", ("essential.service.operations",), "contract", "account",
                             roles=SUPPORT, erase="blank"),
        **address_declarations(
            purposes=("essential.service.operations",),
            retention="order",
            roles=(Role.CUSTOMER_SERVICE, Role.FULFILMENT, Role.BILLING),
            encrypted=True,
        ),
    },
    non_personal=["id", "created_at"],
)


def _account_emails():
    return User.objects.filter(is_active=True, is_staff=False).values_list("email", flat=True).iterator()


register_policy_notice_source(_account_emails)

retention_job_register(key="account", what="customer accounts without a login (orders stay)",
                       expired=accounts_inactive, apply=accounts_inactive_delete)
retention_notice_register(key="account", what="customer accounts about to be deleted for inactivity",
                          days_setting="inactive_account_warning_days", due=accounts_inactive_unwarned,
                          send=accounts_inactive_warn)
