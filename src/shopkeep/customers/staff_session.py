"""Staff session limits (P-38): the idle lock, the absolute session length and recent re-authentication.

- A staff session locks after SHOPKEEP_STAFF_IDLE_MINUTES without a request: the next request shows the lock
  screen, which asks for the password (and the second factor again once it was last given more than
  SHOPKEEP_STAFF_SESSION_HOURS ago) and then returns to the page they were on.
- A staff session ends SHOPKEEP_STAFF_SESSION_HOURS after the sign-in, whatever happens.
- Refunds, staff changes and other dangerous actions need the password entered within the last
  SHOPKEEP_REAUTH_MINUTES: `recent_password_required` (a view decorator) and `password_is_recent` are the one
  place that rule lives.
Customer sessions end with the browser session and after SESSION_COOKIE_AGE (two weeks) at most.
"""

import time
from functools import wraps
from urllib.parse import quote

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from shopkeep.conf import conf

STARTED = "sk_started"  # when the password was first given in this session
SEEN = "sk_seen"  # the last request
PASSWORD_AT = "sk_password_at"  # the last time the password was typed (login, unlock, confirmation)
FACTOR_AT = "sk_factor_at"  # the last time the second factor was given
LOCKED = "sk_locked"
OPEN_PATHS = ("/account/locked/", "/account/logout/", "/account/logged-out/", "/account/login/", "/static/",
              "/healthz", "/account/second-factor/")


def _now() -> int:
    return int(time.time())


def session_marks_after_login() -> dict:
    """What a full sign-in writes into the session: the clocks of the rules above, all started now."""
    now = _now()
    return {STARTED: now, SEEN: now, PASSWORD_AT: now, FACTOR_AT: now}


@receiver(user_logged_in, dispatch_uid="shopkeep-staff-session-start")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.update(session_marks_after_login())
        request.session.pop(LOCKED, None)


def password_entered(request) -> None:
    """The password was just typed again (lock screen, confirmation page)."""
    request.session[PASSWORD_AT] = _now()
    request.session[SEEN] = _now()
    request.session.pop(LOCKED, None)


def second_factor_entered(request) -> None:
    request.session[FACTOR_AT] = _now()


def password_is_recent(request) -> bool:
    """True when the password was typed within the last SHOPKEEP_REAUTH_MINUTES."""
    entered = request.session.get(PASSWORD_AT)
    return entered is not None and _now() - int(entered) <= conf.reauth_minutes * 60


def second_factor_is_recent(request) -> bool:
    entered = request.session.get(FACTOR_AT)
    return entered is not None and _now() - int(entered) <= conf.staff_session_hours * 3600


def recent_password_required(view):
    """View decorator: a POST (the action itself) needs the password typed within the last few minutes, else the
    password is asked for first and the confirmation page returns to this page; reading the page needs nothing."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") and not password_is_recent(request):
            return redirect(f"{reverse('customers:confirm_password')}?next={quote(_return_to(request))}")
        return view(request, *args, **kwargs)

    return wrapped


def _return_to(request) -> str:
    """Where to come back to: the page itself (a POST's page is shown again to resubmit)."""
    if request.method == "GET":
        return request.get_full_path()
    referer_path = request.META.get("HTTP_REFERER", "")
    host = request.get_host()
    for prefix in (f"https://{host}", f"http://{host}"):
        if referer_path.startswith(prefix + "/"):
            return referer_path[len(prefix):]
    return request.path


class StaffSessionMiddleware:
    """Idle lock and absolute length of staff sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            answer = self._check(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _check(self, request):
        session, now = request.session, _now()
        started = session.get(STARTED)
        if started is None or now - int(started) > conf.staff_session_hours * 3600:
            logout(request)
            return redirect(f"{reverse('customers:login')}?expired=1&next={quote(request.get_full_path())}")
        if request.path.startswith(OPEN_PATHS):
            return None
        seen = int(session.get(SEEN) or 0)
        if session.get(LOCKED) or now - seen > conf.staff_idle_minutes * 60:
            session[LOCKED] = True
            return redirect(f"{reverse('customers:locked')}?next={quote(_return_to(request))}")
        session[SEEN] = now
        return None
