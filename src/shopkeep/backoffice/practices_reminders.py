"""Reminders to acknowledge the staff privacy practices (P-39): two weeks before a quarter ends, each staff member
who has not acknowledged the current practices in it gets one email (once per quarter). Run daily by the
`practices` upkeep job, or by hand with `shopkeep practices_remind`."""

import datetime as dt

from shopkeep.conf import conf
from shopkeep.mailing.services import email_send
from shopkeep.privacy.practices import (practices_current, practices_reminder_record, practices_reminders_due,
                                        quarter_of)


def practices_reminders_send(*, today: dt.date) -> int:
    """Email every staff member due a reminder today; return how many were sent."""
    _, deadline = quarter_of(today)
    due = practices_reminders_due(today=today)
    current = practices_current() if due else None
    for user in due:
        email_send(kind="staff_practices", to=user.email,
                   subject=f"Please acknowledge the privacy practices by {deadline:%d %B %Y}",
                   template="backoffice/email/practices_reminder",
                   context={"deadline": deadline, "version": current.version,
                            "url": conf.absolute_url("/backoffice/practices/")},
                   subject_ref=user.customer_number)
        practices_reminder_record(user=user, today=today)
    return len(due)
