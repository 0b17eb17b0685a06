"""The security event log: failed logins, lockouts, role denials and failed re-authentication.

Recorded with the account's customer number (staff accounts have one too) and the client's network,
never an email address or a full IP address. The path is recorded with its secret parts replaced.
"""

from django.http import HttpRequest

from shopkeep.http import client_ip
from shopkeep.privacy.models import SecurityEvent
from shopkeep.redaction import ip_truncate, path_redact


def security_event_record(*, kind: str, request: HttpRequest | None = None, user=None) -> SecurityEvent:
    """Write one event; `user` (or the request's signed-in user) is named by customer number only."""
    if user is None and request is not None and getattr(request.user, "is_authenticated", False):
        user = request.user
    ip = client_ip(request) if request is not None else None
    return SecurityEvent.objects.create(
        kind=kind,
        account_ref=getattr(user, "customer_number", "") or "",
        network=ip_truncate(ip) if ip else "",
        path=path_redact(request.path)[:200] if request is not None else "",
    )


def role_denied_record(request: HttpRequest) -> None:
    """A signed-in account opened a staff screen its role does not allow."""
    security_event_record(kind=SecurityEvent.Kind.ROLE_DENIED, request=request)
