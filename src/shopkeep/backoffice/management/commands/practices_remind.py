"""`shopkeep practices_remind`: what the daily `practices` upkeep job does, by hand (P-39)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from shopkeep.backoffice.practices_reminders import practices_reminders_send
from shopkeep.privacy.practices import quarter_of


class Command(BaseCommand):
    help = "Remind staff who have not acknowledged the privacy practices this quarter (two weeks before its end)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = practices_reminders_send(today=today)
        self.stdout.write(f"Practices reminders sent: {sent} (quarter ends {quarter_of(today)[1]:%Y-%m-%d}).")
