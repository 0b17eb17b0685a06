from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect

from shopkeep.conf import conf
from shopkeep.privacy.cookies import cookie_problems
from shopkeep.privacy.practices import practices_acknowledgement_due


class CookieGuardMiddleware:
    """With SHOPKEEP_COOKIE_GUARD (DEBUG, tests): fail any response setting an undeclared or over-long cookie (P-08)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if conf.cookie_guard and response.cookies:
            problems = cookie_problems(response)
            if problems:
                raise ImproperlyConfigured(" ".join(problems))
        return response


class PracticesGateMiddleware:
    """P-39: a staff member who has not acknowledged the current practices this quarter reaches no back-office
    screen (they show personal data) other than the practices page itself."""

    GATED = ("/backoffice/",)
    OPEN = ("/backoffice/practices/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and user.is_staff and request.path.startswith(self.GATED)
                and not request.path.startswith(self.OPEN)):
            if practices_acknowledgement_due(user=user):
                return redirect(f"/backoffice/practices/?next={quote(request.get_full_path())}")
        return self.get_response(request)
