"""The second-factor gate (P-38): a signed-in staff member (or a customer who turned the second factor on)
whose session has not passed the second factor reaches only the second-factor pages and logging out;
every other page, the back office included, sends them there first."""

from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from shopkeep.customers.second_factor import SESSION_REQUIRED, second_factor_enrolled

OPEN_PATHS = ("/account/second-factor/", "/account/logout/", "/account/logged-out/", "/static/", "/healthz")


def second_factor_pending(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not (user.is_staff or request.session.get(SESSION_REQUIRED)):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor_pending(request) and not request.path.startswith(OPEN_PATHS):
            name = "customers:second_factor" if second_factor_enrolled(request.user) else "customers:second_factor_setup"
            return redirect(f"{reverse(name)}?next={quote(request.get_full_path())}")
        return self.get_response(request)
