"""Requests, visitors and staff for the analytics tests."""

import datetime as dt
import itertools

from django.contrib.auth.models import Group

from shopkeep.customers.models import User

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)
FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
UK_IP = "81.2.69.160"
US_IP = "8.8.8.8"
V6_IP = "2001:db8:85a3::8a2e:370:7334"
_numbers = itertools.count(1)


def visit(client, path: str = "/page/", *, ip: str = UK_IP, user_agent: str = CHROME_WINDOWS, **headers):
    """One GET from a browser with this address and user agent."""
    return client.get(path, REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent, **headers)


def staff_create(*, role: str | None = None, is_staff: bool = True, is_superuser: bool = False) -> User:
    """A user with `role` (a group of that name); no role and is_staff=False makes a customer."""
    user = User.objects.create_user(
        email=f"staff{next(_numbers)}@example.com", password=None,
        is_staff=is_staff, is_superuser=is_superuser,
    )
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def at(day: dt.date, hour: int = 12) -> float:
    """A POSIX timestamp on `day` at `hour` (UTC, the shop's time zone)."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone.utc).timestamp()
