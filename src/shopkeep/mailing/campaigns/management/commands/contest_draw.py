from django.core.management.base import BaseCommand, CommandError

from shopkeep.mailing.campaigns.contests import ContestError, contest_draw


class Command(BaseCommand):
    help = ("Draw the winners of a closed contest, once: publish its seed and entry ids and email the winners "
            "(the procedure is in shopkeep/mailing/campaigns/draws.py and on the contest page).")

    def add_arguments(self, parser):
        parser.add_argument("--contest", type=int, required=True, metavar="ID", help="The contest's id.")

    def handle(self, *args, contest, **options):
        try:
            drawn = contest_draw(contest_id=contest)
        except ContestError as error:
            raise CommandError(error.message) from None
        winners = ", ".join(drawn.winner_ids) or "none (no entries)"
        self.stdout.write(f"Drew “{drawn.title}” from {len(drawn.entry_ids)} entries. Seed: {drawn.published_seed}. "
                          f"Winning entry ids: {winners}.")
