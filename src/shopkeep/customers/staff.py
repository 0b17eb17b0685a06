"""Staff accounts and their role groups (P-36): invitations, role changes and deactivation, every change audited."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from shopkeep.conf import conf
from shopkeep.customers.models import User
from shopkeep.mailing.services import email_send
from shopkeep.privacy.roles import Role, user_roles
from shopkeep.privacy.services import audit_record

GENERATED_PASSWORD_BYTES = 18  # 24 URL-safe characters
ROLE_FIELD = "customers.User.groups"
ACTIVE_FIELD = "customers.User.is_active"


class StaffChangeRefused(Exception):
    """A change of a staff account that is not allowed; the message says why."""


class InvitationTokens(PasswordResetTokenGenerator):
    """Signed invitation links: they stop working once the password is set, or after the reset timeout."""

    key_salt = "shopkeep.customers.staff.invitation"


invitation_tokens = InvitationTokens()


def role_groups_ensure() -> dict[str, Group]:
    """Create the Django group of every staff role that does not exist yet; return them all by role."""
    return {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}


def staff_password_new() -> str:
    """A random password strong enough for a password-only staff account."""
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


def _role_check(role: str) -> None:
    if role not in Role.values:
        raise ValueError(f"{role!r} is not a staff role; choose one of {', '.join(Role.values)}.")


@transaction.atomic
def staff_create(*, email: str, role: str, name: str = "", password: str | None = None) -> tuple[object, str]:
    """Create a staff account holding `role`; return it with its password (generated when not given).

    The owner is a superuser; every role, the owner's included, is also a group membership.
    """
    _role_check(role)
    password = password or staff_password_new()
    users = get_user_model().objects
    maker = users.create_superuser if role == Role.OWNER else users.create_user
    user = maker(email, password, name=name, is_staff=True)
    user.groups.add(role_groups_ensure()[role])
    return user, password


def staff_role(user) -> str:
    """The one role a staff account holds (the owner's when it holds several)."""
    roles = user_roles(user) if user.is_active else {
        name for name in user.groups.values_list("name", flat=True) if name in Role.values}
    if user.is_superuser:
        return Role.OWNER
    return next((role for role in Role.values if role in roles), "")


def _audit(*, by, subject: User, field: str, reason: str) -> None:
    audit_record(staff=by, role=Role.OWNER, subject_ref=subject.customer_number, fields=[field], action="change",
                 reason=reason)


def _owner_check(by) -> None:
    if Role.OWNER not in user_roles(by):
        raise StaffChangeRefused("Only the owner can invite staff or change their accounts.")


def invitation_url(user: User) -> str:
    """The signed link with which `user` sets the password of their staff account."""
    path = reverse("backoffice_staff:invitation", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                                       invitation_tokens.make_token(user)])
    return conf.absolute_url(path)


def invitation_user(*, uidb64: str, token: str) -> User | None:
    """The invited account the link names, if the link is genuine, unused and not expired."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))), is_staff=True, is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if invitation_tokens.check_token(user, token) else None


@transaction.atomic
def staff_invite(*, email: str, role: str, name: str = "", by) -> User:
    """Create a staff account without a usable password and email its holder a link to set one."""
    _owner_check(by)
    _role_check(role)
    if User.objects.with_email(email).exists():
        raise StaffChangeRefused("This address already has an account: invite another address, or change the role "
                                 "of that staff account.")
    users = get_user_model().objects
    maker = users.create_superuser if role == Role.OWNER else users.create_user
    user = maker(email, None, name=name.strip()[:150], is_staff=True)
    user.groups.add(role_groups_ensure()[role])
    _audit(by=by, subject=user, field=ROLE_FIELD, reason=f"invited as {Role(role).label}")
    email_send(kind="staff_invitation", to=user.email, subject=f"You are invited to the {conf.shop_name} back office",
               template="customers/email/staff_invitation", subject_ref=user.customer_number,
               context={"role": Role(role).label, "invitation_url": invitation_url(user),
                        "valid_hours": conf.password_reset_timeout // 3600})
    return user


def _active_owners() -> int:
    return User.objects.filter(is_active=True, is_staff=True, is_superuser=True).count()


@transaction.atomic
def staff_role_set(*, user: User, role: str, by) -> None:
    """Give `user` the one staff role `role` instead of the one they hold."""
    _owner_check(by)
    _role_check(role)
    user = User.objects.select_for_update().get(pk=user.pk)
    old = staff_role(user)
    if old == role:
        return
    if user.pk == by.pk:
        raise StaffChangeRefused("You cannot change your own role; another owner can.")
    if old == Role.OWNER and user.is_active and _active_owners() <= 1:
        raise StaffChangeRefused("The shop needs at least one active owner.")
    groups = role_groups_ensure()
    user.groups.remove(*groups.values())
    user.groups.add(groups[role])
    user.is_superuser = role == Role.OWNER
    user.save(update_fields=["is_superuser"])
    _audit(by=by, subject=user, field=ROLE_FIELD,
           reason=f"role changed from {Role(old).label if old else 'none'} to {Role(role).label}")


@transaction.atomic
def staff_active_set(*, user: User, active: bool, by) -> None:
    """Deactivate (every session ends, the login stops working) or reactivate a staff account."""
    _owner_check(by)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return
    if not active and user.pk == by.pk:
        raise StaffChangeRefused("You cannot deactivate your own account.")
    if not active and user.is_superuser and _active_owners() <= 1:
        raise StaffChangeRefused("The shop needs at least one active owner.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    _audit(by=by, subject=user, field=ACTIVE_FIELD, reason="account reactivated" if active else "account deactivated")


def staff_accounts():
    """Every staff account, active first, with its groups."""
    return User.objects.filter(is_staff=True).prefetch_related("groups").order_by("-is_active", "date_joined", "id")


def staff_home_url(user) -> str | None:
    """Where a staff member lands after logging in: their role's back-office home; None for customers.

    Fulfilment's home is the dispatch queue; every other role's is the back-office home with its own queues.
    """
    roles = user_roles(user)
    if not roles:
        return None
    if roles == {Role.FULFILMENT}:
        return reverse("backoffice:dispatch_list")
    return reverse("backoffice:home")
