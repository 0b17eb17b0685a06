from django import template

from shopkeep.privacy.roles import user_has_role

register = template.Library()


@register.filter
def has_role(user, roles: str) -> bool:
    """`{% if user|has_role:"marketing,billing" %}`: staff holding one of the roles, or the owner."""
    return user_has_role(user, *[role.strip() for role in roles.split(",")])
