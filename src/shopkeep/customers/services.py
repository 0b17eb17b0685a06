"""Writes for customer accounts: registration, profile, address book, password-reset email."""

from collections.abc import Collection

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from shopkeep.addresses.validation import address_clean
from shopkeep.conf import conf
from shopkeep.customers.errors import EmailTaken
from shopkeep.customers.models import Address, User
from shopkeep.mailing.models import EmailSend
from shopkeep.mailing.services import email_send


def email_normalise(email: str) -> str:
    """The form in which an email address is stored and looked up (trimmed, lower-case)."""
    return email.strip().lower()


def customer_register(*, email: str, password: str, name: str = "") -> User:
    """Create a customer account; raise EmailTaken if the address already has one."""
    email = email_normalise(email)
    if User.objects.with_email(email).exists():
        raise EmailTaken()
    try:
        with transaction.atomic():
            return User.objects.create_user(email, password, name=name.strip())
    except IntegrityError:
        raise EmailTaken() from None


def customer_profile_update(*, customer: User, name: str) -> User:
    """Change the name on the account."""
    customer.name = name.strip()
    customer.save(update_fields=["name"])
    return customer


def address_save(*, customer: User, data: dict, address: Address | None = None,
                 countries: Collection[str] | None = None) -> Address:
    """Add an address to the customer's address book, or change one of theirs (raises AddressInvalid).

    `countries` are the countries the address may be in (the shop's delivery countries); None allows any.
    """
    cleaned = address_clean(data, countries=countries)
    if address is None:
        return Address.objects.create(customer=customer, **cleaned)
    if address.customer_id != customer.pk:
        raise Address.DoesNotExist()
    for field, value in cleaned.items():
        setattr(address, field, value)
    address.save(update_fields=list(cleaned))
    return address


def address_delete(*, customer: User, address_id: int) -> bool:
    """Remove an address from the customer's address book; orders keep their own copies."""
    deleted, _ = Address.objects.filter(pk=address_id, customer=customer).delete()
    return deleted > 0


def password_reset_email_send(*, user: User, uidb64: str, token: str) -> str:
    """Email a signed, expiring password-reset link to the account's address."""
    path = reverse("customers:password_reset_confirm", args=[uidb64, token])
    return email_send(
        kind="account_security",
        to=user.email,
        subject=f"Reset your password at {conf.shop_name}",
        template="customers/email/password_reset",
        context={
            "customer_number": user.customer_number,
            "reset_url": conf.absolute_url(path),
            "valid_hours": conf.password_reset_timeout // 3600,
        },
    )


INACTIVE_WARNING_KIND = "account_inactive"


def accounts_inactive(cutoff: datetime) -> QuerySet:
    """Customer accounts (never staff) with no login, nor a new account, since `cutoff`."""
    return User.objects.filter(is_staff=False).alias(last_seen=Coalesce("last_login", "date_joined")).filter(
        last_seen__lt=cutoff)


def accounts_inactive_unwarned(cutoff: datetime) -> QuerySet:
    """Accounts inactive since `cutoff` that were not yet warned since they were last seen."""
    warned = EmailSend.objects.filter(kind=INACTIVE_WARNING_KIND, recipient_index=OuterRef("email_index"),
                                      created_at__gte=OuterRef("last_seen"))
    return accounts_inactive(cutoff).exclude(email_index="").filter(~Exists(warned))


def accounts_inactive_warn(accounts: QuerySet) -> int:
    """Email each account that it will be deleted after `SHOPKEEP_INACTIVE_ACCOUNT_WARNING_DAYS` days."""
    sent = 0
    for user in accounts:
        last_seen = user.last_login or user.date_joined
        deleted_on = last_seen + timedelta(days=conf.inactive_account_days)
        email_send(
            kind=INACTIVE_WARNING_KIND,
            to=user.email,
            subject=f"Your {conf.shop_name} account will be deleted unless you log in",
            template="customers/email/account_inactive",
            context={"customer_number": user.customer_number, "deleted_on": deleted_on,
                     "login_url": conf.absolute_url(reverse("customers:login"))},
            subject_ref=user.customer_number,
        )
        sent += 1
    return sent


def accounts_inactive_delete(accounts: QuerySet) -> int:
    """Delete the accounts and their saved addresses; their orders stay, unlinked, for the accounting records."""
    return accounts.delete()[1].get("customers.User", 0)
