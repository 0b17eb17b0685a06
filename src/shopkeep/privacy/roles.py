"""Staff roles (P-36). A role is a Django group of the same name; the owner may do everything."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    BILLING = "billing", "Billing clerk"
    CUSTOMER_SERVICE = "customer_service", "Customer service"
    FULFILMENT = "fulfilment", "Fulfilment"
    MARKETING = "marketing", "Marketing"


def user_roles(user) -> set[str]:
    """The roles a user holds; empty for customers and anonymous visitors."""
    if not getattr(user, "is_authenticated", False) or not user.is_staff or not user.is_active:
        return set()
    if not hasattr(user, "_shopkeep_roles"):
        names = set(user.groups.values_list("name", flat=True)) & set(Role.values)
        if user.is_superuser:
            names.add(Role.OWNER)
        user._shopkeep_roles = names
    return user._shopkeep_roles


def user_has_role(user, *roles: str) -> bool:
    """True if the user is staff with one of `roles`, or is the owner."""
    held = user_roles(user)
    return Role.OWNER in held or bool(held & set(roles))


def role_required(*roles: str):
    """View decorator: logged-in staff holding one of `roles` (or the owner); 403 otherwise."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_role(request.user, *roles):
                from shopkeep.privacy.security import role_denied_record  # models load after this module

                role_denied_record(request)
                raise PermissionDenied("Your staff role does not give access to this page.")
            return view(request, *args, **kwargs)

        wrapped.roles = frozenset(roles)  # read by the role-by-page test that walks every staff URL
        return wrapped

    return decorator
