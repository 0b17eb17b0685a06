"""Data map of customer accounts and saved addresses."""

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from shopkeep.catalog.pages import size_suggester_register
from shopkeep.customers.models import Address, SizeProfile, User
from shopkeep.addresses.privacy import address_declarations
from shopkeep.customers.services import accounts_inactive, accounts_inactive_delete, accounts_inactive_unwarned, \
    accounts_inactive_warn
from shopkeep.privacy.registry import Personal, register, register_policy_notice_source
from shopkeep.privacy.retention import retention_job_register, retention_notice_register
from shopkeep.privacy.roles import Role
from shopkeep.privacy.sessions import sessions_end
from shopkeep.privacy.subjects import (
    Subject,
    erasure_step_register,
    subject_account_register,
    subject_correction_register,
    subject_refs_register,
)

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

# The second factor (P-38) lives in django-otp's tables. The TOTP secret and the recovery codes are credentials
# like the password; django-otp needs them readable to check a code (a hash cannot be checked against a TOTP
# code), so they are not field-encrypted: they are deleted with the account (cascade) or when it turns the
# second factor off, and never shown again after enrolment.
SECOND_FACTOR = Personal("user.authorization.credentials", ("essential.service.authentication",), "contract",
                         "account", erase="delete")
DEVICE_FIELDS = ["id", "name", "confirmed", "throttling_failure_timestamp", "throttling_failure_count", "created_at",
                 "last_used_at"]
register(TOTPDevice, description="authenticator apps (second factor) of staff and of customers who turned it on",
         subject="user", personal={"user": Personal("user.unique_id", ("essential.service.authentication",),
                                                    "contract", "account", erase="delete"), "key": SECOND_FACTOR},
         non_personal=[*DEVICE_FIELDS, "step", "t0", "digits", "tolerance", "drift", "last_t"])
register(StaticDevice, description="the set of one-time recovery codes of an account with a second factor",
         subject="user", personal={"user": Personal("user.unique_id", ("essential.service.authentication",),
                                                    "contract", "account", erase="delete")},
         non_personal=DEVICE_FIELDS)
register(StaticToken, description="one-time recovery codes (second factor)", subject="device__user",
         personal={"token": SECOND_FACTOR}, non_personal=["id", "device"])

def _account_id(email: str) -> int | None:
    return User.objects.with_email(email).filter(is_staff=False).values_list("pk", flat=True).first()


def _customer_number(subject: Subject):
    if subject.user_id is None:
        return []
    return User.objects.filter(pk=subject.user_id).values_list("customer_number", flat=True)


def _account_close(subject: Subject) -> int:
    """The account can no longer log in, and every session it had ends (P-33)."""
    if subject.user_id is None:
        return 0
    closed = User.objects.filter(pk=subject.user_id, is_staff=False).update(is_active=False, password="!")
    sessions_end(user_id=subject.user_id)
    return closed


subject_account_register(_account_id)
subject_refs_register(_customer_number)
erasure_step_register("close the account and end its sessions", _account_close)

# Where the privacy center sends a customer to correct what it shows.
subject_correction_register(User, lambda user: reverse("customers:account"))
subject_correction_register(
    Address, lambda address: reverse("customers:address_edit", args=[address.pk]) if address.customer_id else None)

SIZES = Personal("user.characteristic.size", ("personalize.system",), "consent", "size_profile", erase="delete")
register(
    SizeProfile,
    description="the shoe and sock size you chose to save (only with your consent)",
    subject="customer",
    personal={"customer": SIZES, "shoe_size": SIZES, "sock_size": SIZES, "consented_at": SIZES},
    non_personal=["id"],
)


def _suggest_size(user, product) -> str:
    """The customer's saved size for shoes and socks, while their consent lasts (P-02)."""
    if not getattr(user, "is_authenticated", False) or product.kind not in ("shoes", "socks"):
        return ""
    profile = SizeProfile.objects.filter(customer_id=user.pk).first()
    if profile is None:
        return ""
    if product.kind == "shoes":
        return profile.shoe_size
    return next((size for size in product.variants.values_list("size", flat=True)
                 if profile.sock_size and size.split(" ")[0] == profile.sock_size), "")


size_suggester_register(_suggest_size)
