"""`shopkeep practices_remind` (daily, from cron): two weeks before a quarter ends, email each staff member who
has not acknowledged the privacy practices this quarter (once per quarter) (P-39)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.mailing.services import email_send
from shopkeep.privacy.practices import (practices_current, practices_reminder_record, practices_reminders_due,
                                        quarter_of)


class Command(BaseCommand):
    help = "Remind staff who have not acknowledged the privacy practices this quarter (two weeks before its end)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        _, deadline = quarter_of(today)
        due = practices_reminders_due(today=today)
        current = practices_current()
        for user in due:
            email_send(kind="staff_practices", to=user.email, subject=f"Please acknowledge the privacy practices by "
                       f"{deadline:%d %B %Y}", template="backoffice/email/practices_reminder",
                       context={"deadline": deadline, "version": current.version,
                                "url": conf.absolute_url("/backoffice/practices/")},
                       subject_ref=user.customer_number)
            practices_reminder_record(user=user, today=today)
        self.stdout.write(f"Practices reminders sent: {len(due)} (quarter ends {deadline:%Y-%m-%d}).")
