"""Staff privacy practices and their acknowledgement (P-39).

The owner publishes the practices: the generated privacy policy of the moment plus a staff section. Every
staff member must acknowledge the current version, again whenever a new one is published and at least
once every calendar quarter; until they do, no back-office screen (all of which show or lead to personal
data) opens. The owner sees who acknowledged which version. Two weeks before a quarter ends, those who
have not acknowledged in it are reminded by email (`shopkeep practices_remind`, daily).
"""

import datetime as dt
import hashlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from shopkeep.privacy.models import PracticesAcknowledgement, PracticesReminder, PracticesVersion
from shopkeep.privacy.policy import policy_document, policy_markdown

DEFAULT_STAFF_SECTION = """## How we handle customers' data at work

- Open a customer's details only when a task needs them (an order to send, a question to answer); every opening is recorded in the audit log with your name and the reason.
- Never copy customers' data out of the back office (no screenshots, no spreadsheets, no personal email).
- Never ask a customer for a password or a card number, by phone or email.
- Lock your screen when you leave it; the back office locks itself after a few minutes.
- Report a suspected leak or a lost device to the owner at once.
"""
REMINDER_DAYS = 14


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar quarter holding `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    following = dt.date(day.year + (first_month == 10), 1 if first_month == 10 else first_month + 3, 1)
    return start, following - dt.timedelta(days=1)


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def practices_current() -> PracticesVersion:
    """The version in force; the first one (the default staff section) is published when none exists."""
    current = PracticesVersion.objects.order_by("-version").first()
    return current or practices_publish(staff_section=DEFAULT_STAFF_SECTION, by=None)


@transaction.atomic
def practices_publish(*, staff_section: str, by) -> PracticesVersion:
    """Publish a new version: today's generated policy with this staff section; everyone acknowledges anew."""
    last = PracticesVersion.objects.select_for_update().order_by("-version").first()
    policy = policy_markdown(policy_document())
    digest = hashlib.sha256(f"{staff_section}\0{policy}".encode()).hexdigest()
    return PracticesVersion.objects.create(version=(last.version + 1) if last else 1, staff_section=staff_section.strip(),
                                           policy_markdown=policy, content_hash=digest, published_by=by)


def practices_acknowledge_current(*, user) -> PracticesAcknowledgement:
    return PracticesAcknowledgement.objects.create(staff=user, practices=practices_current())


def practices_acknowledgement_due(*, user, today: dt.date | None = None) -> bool:
    """True when `user` has not acknowledged the current version during the current calendar quarter."""
    today = today or timezone.localdate()
    start, _ = quarter_of(today)
    return not PracticesAcknowledgement.objects.filter(
        staff=user, practices=practices_current(), acknowledged_at__date__gte=start,
    ).exists()


def practices_overview() -> list[dict]:
    """For the owner: each staff member, the last version they acknowledged and when, and whether it is due."""
    current = practices_current()
    rows = []
    for user in get_user_model().objects.filter(is_staff=True, is_active=True).order_by("customer_number"):
        last = PracticesAcknowledgement.objects.filter(staff=user).select_related("practices").first()
        rows.append({"staff": user, "version": last.practices.version if last else None,
                     "acknowledged_at": last.acknowledged_at if last else None,
                     "due": practices_acknowledgement_due(user=user), "current": current.version})
    return rows


def practices_reminders_due(*, today: dt.date | None = None) -> list:
    """Staff to remind today: within two weeks of the quarter's end, not acknowledged this quarter, not yet
    reminded this quarter."""
    today = today or timezone.localdate()
    _, end = quarter_of(today)
    if (end - today).days > REMINDER_DAYS:
        return []
    label = quarter_label(today)
    reminded = set(PracticesReminder.objects.filter(quarter=label).values_list("staff_id", flat=True))
    return [user for user in get_user_model().objects.filter(is_staff=True, is_active=True)
            if user.pk not in reminded and practices_acknowledgement_due(user=user, today=today)]


def practices_reminder_record(*, user, today: dt.date | None = None) -> None:
    PracticesReminder.objects.get_or_create(staff=user, quarter=quarter_label(today or timezone.localdate()))
