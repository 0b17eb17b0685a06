from django.core.management.base import BaseCommand

from shopkeep.mailing.campaigns.contests import contest_winners_replace_unanswered


class Command(BaseCommand):
    help = ("Run the contest upkeep once (daily, e.g. from cron): a drawn winner who has not confirmed within "
            "SHOPKEEP_CONTEST_WINNER_ANSWER_DAYS (14) is replaced by the next drawn entry, who is emailed.")

    def handle(self, *args, **options):
        replaced = contest_winners_replace_unanswered()
        self.stdout.write(f"Contest winners replaced for not answering in time: {replaced}")
