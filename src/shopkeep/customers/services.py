"""Writes for customer accounts: registration, profile, address book, password-reset email."""

from collections.abc import Collection

from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from shopkeep.addresses.validation import address_clean
from shopkeep.conf import conf
from shopkeep.customers.models import Address, SizeProfile, User
from shopkeep.mailing.models import EmailSend
from shopkeep.mailing.services import email_send

REGISTRATION_SALT = "shopkeep.customers.registration"
EMAIL_CHANGE_SALT = "shopkeep.customers.email-change"
REGISTRATION_DAYS = 3


def email_normalise(email: str) -> str:
    """The form in which an email address is stored and looked up (trimmed, lower-case)."""
    return email.strip().lower()


def customer_register(*, email: str, password: str, name: str = "") -> User | None:
    """Open an account that starts once its owner follows the emailed link; the same answer for a known email.

    A new address gets an inactive account and a confirmation link. An address that already has an
    account gets no second one: its owner is told someone tried, with links to log in or reset the
    password. Both take about as long (the password is hashed either way), so nothing tells them apart.
    Returns the new (inactive) account, or None.
    """
    email = email_normalise(email)
    existing = User.objects.with_email(email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email, password, name=name.strip(), is_active=False)
        except IntegrityError:
            existing = User.objects.with_email(email).first()
        else:
            _registration_confirm_send(user=user)
            return user
    make_password(password)
    if existing is not None and not existing.is_staff:
        email_send(kind="account_security", to=existing.email, subject=f"Opening an account at {conf.shop_name}",
                   template="customers/email/registration_exists",
                   context={"login_url": conf.absolute_url(reverse("customers:login")),
                            "reset_url": conf.absolute_url(reverse("customers:password_reset"))},
                   subject_ref=existing.customer_number)
    return None


def _registration_confirm_send(*, user: User) -> None:
    token = signing.dumps(user.pk, salt=REGISTRATION_SALT)
    email_send(kind="account_security", to=user.email, subject=f"Confirm your account at {conf.shop_name}",
               template="customers/email/registration_confirm",
               context={"confirm_url": conf.absolute_url(reverse("customers:register_confirm", args=[token])),
                        "customer_number": user.customer_number, "valid_days": REGISTRATION_DAYS},
               subject_ref=user.customer_number)


def customer_registration_confirm(*, token: str) -> User | None:
    """Start the account of a registration link (once, within REGISTRATION_DAYS); None for a bad link."""
    try:
        pk = signing.loads(token, salt=REGISTRATION_SALT, max_age=timedelta(days=REGISTRATION_DAYS))
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=pk, is_staff=False, last_login__isnull=True).first()
    if user is None or not user.has_usable_password():
        return None
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def customer_password_change(*, customer: User, new_password: str) -> None:
    """Set a new password (the caller checked the old one); other sessions end with the old password hash."""
    customer.set_password(new_password)
    customer.save(update_fields=["password"])


def customer_email_change_request(*, customer: User, new_email: str) -> None:
    """Mail a confirmation link to the new address and tell the old one; nothing changes until it is followed.

    If the new address already has an account, the new address is told so instead of getting a link; the
    customer sees the same answer either way.
    """
    new_email = email_normalise(new_email)
    if User.objects.with_email(new_email).exclude(pk=customer.pk).exists():
        email_send(kind="account_security", to=new_email, subject=f"Your email address at {conf.shop_name}",
                   template="customers/email/email_change_taken", context={}, subject_ref="")
    else:
        token = signing.dumps({"u": customer.pk, "e": new_email, "o": customer.email_index}, salt=EMAIL_CHANGE_SALT)
        email_send(kind="account_security", to=new_email, subject=f"Confirm your new email address at {conf.shop_name}",
                   template="customers/email/email_change_confirm",
                   context={"confirm_url": conf.absolute_url(reverse("customers:email_confirm", args=[token])),
                            "customer_number": customer.customer_number, "valid_days": REGISTRATION_DAYS},
                   subject_ref=customer.customer_number)
    email_send(kind="account_security", to=customer.email, subject=f"A change of your email address at {conf.shop_name}",
               template="customers/email/email_change_notice",
               context={"customer_number": customer.customer_number, "new_email_hint": email_hint(new_email)},
               subject_ref=customer.customer_number)


def email_hint(email: str) -> str:
    """'a…@example.com': enough for the owner to recognise an address, too little to give it away."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def customer_email_change_confirm(*, token: str) -> User | None:
    """Apply a change of email from its link (once: the link names the old address); None if it no longer works."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=timedelta(days=REGISTRATION_DAYS))
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email_index=data.get("o"), is_active=True).first()
    if user is None or User.objects.with_email(data["e"]).exists():
        return None
    user.email = data["e"]
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_index"])
    except IntegrityError:
        return None
    return user


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


def size_profile_save(*, customer: User, consent: bool, shoe_size: str = "", sock_size: str = "") -> SizeProfile | None:
    """Keep the customer's shoe and sock size while they consent (P-02); without consent, delete them."""
    if not consent:
        SizeProfile.objects.filter(customer=customer).delete()
        return None
    profile, _ = SizeProfile.objects.update_or_create(
        customer=customer, defaults={"shoe_size": shoe_size, "sock_size": sock_size},
        create_defaults={"shoe_size": shoe_size, "sock_size": sock_size, "consented_at": timezone.now()})
    return profile


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
