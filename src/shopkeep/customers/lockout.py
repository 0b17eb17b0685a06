"""Login throttling with django-axes (P-16): failures are counted per email address and client address
together, so the sixth wrong password in the cool-off period is refused even when the next one is right,
while an attacker elsewhere cannot lock a customer out of their own connection. The answer is the same
whether or not the address has an account. Failures and lockouts go to the security event log.
"""

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from shopkeep.http import client_ip
from shopkeep.privacy.models import SecurityEvent
from shopkeep.privacy.security import security_event_record


def login_username(request, credentials) -> str:
    """The email address the attempt names, as accounts store it (lower case, no spaces)."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()


def login_client_ip(request) -> str:
    return client_ip(request) or ""


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


LOCKOUT_MESSAGE = ("Too many failed attempts to log in with this email address from your connection. "
                   "Wait {minutes} minutes and try again, or reset your password.")


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, saying why and for how long (429); the same for every email address."""
    from shopkeep.customers.forms import LoginForm

    form = LoginForm(request)
    response = render(request, "customers/login.html", {
        "form": form, "next": "", "locked_message": LOCKOUT_MESSAGE.format(minutes=lockout_minutes()),
    }, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def _account(username: str):
    from shopkeep.customers.models import User

    return User.objects.with_email(username).first() if username else None


@receiver(user_login_failed, dispatch_uid="shopkeep-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = login_username(request, credentials) if request is not None else ""
    security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, request=request, user=_account(username))


def _locked_out(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.LOCKOUT, request=request, user=_account(username or ""))


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="shopkeep-locked-out")
