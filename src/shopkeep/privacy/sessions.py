"""Ending a person's logins: every session that belongs to an account (after erasure or a change of email)."""

from django.contrib.sessions.models import Session
from django.utils import timezone

AUTH_SESSION_KEY = "_auth_user_id"


def sessions_end(*, user_id: int, keep: str = "") -> int:
    """Delete every unexpired session logged in as `user_id`, except the session key `keep`."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep).iterator():
        if str(session.get_decoded().get(AUTH_SESSION_KEY)) == str(user_id):
            session.delete()
            ended += 1
    return ended
