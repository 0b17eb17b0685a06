from django.core.exceptions import ImproperlyConfigured

from shopkeep.conf import conf
from shopkeep.privacy.cookies import cookie_problems


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
