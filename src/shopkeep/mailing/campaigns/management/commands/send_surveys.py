from django.core.management.base import BaseCommand

from shopkeep.mailing.campaigns.surveys import survey_invitations_due_send


class Command(BaseCommand):
    help = ("Invite the customers who ticked \"invite me to a survey\" and whose orders are due (run daily, "
            "e.g. from cron). Only opted-in orders are ever invited.")

    def add_arguments(self, parser):
        parser.add_argument("--after-days", type=int, default=None,
                            help="Days after the order (default: SHOPKEEP_SURVEY_AFTER_DAYS, 10).")

    def handle(self, *args, after_days, **options):
        sent = survey_invitations_due_send(after_days=after_days)
        self.stdout.write(f"Survey invitations sent: {sent}")
