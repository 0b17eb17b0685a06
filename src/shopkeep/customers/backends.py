from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in by email address. The address is encrypted at rest, so the account is found through
    its blind index (UserManager.get_by_natural_key) rather than a unique email column."""
