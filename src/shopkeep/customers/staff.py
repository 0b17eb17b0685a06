"""Staff accounts and their role groups (P-36)."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from shopkeep.privacy.roles import Role

GENERATED_PASSWORD_BYTES = 18  # 24 URL-safe characters


def role_groups_ensure() -> dict[str, Group]:
    """Create the Django group of every staff role that does not exist yet; return them all by role."""
    return {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}


def staff_password_new() -> str:
    """A random password strong enough for a password-only staff account."""
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


@transaction.atomic
def staff_create(*, email: str, role: str, name: str = "", password: str | None = None) -> tuple[object, str]:
    """Create a staff account holding `role`; return it with its password (generated when not given).

    The owner is a superuser; every role, the owner's included, is also a group membership.
    """
    if role not in Role.values:
        raise ValueError(f"{role!r} is not a staff role; choose one of {', '.join(Role.values)}.")
    password = password or staff_password_new()
    users = get_user_model().objects
    maker = users.create_superuser if role == Role.OWNER else users.create_user
    user = maker(email, password, name=name, is_staff=True)
    user.groups.add(role_groups_ensure()[role])
    return user, password
