from django.core.management.base import BaseCommand

from shopkeep.privacy.rights import erasures_due


class Command(BaseCommand):
    help = ("Carry out every erasure whose grace period has ended, and finish any that was interrupted (P-33). "
            "Safe to run as often as you like; run it at least daily.")

    def handle(self, *args, **options):
        done = erasures_due()
        self.stdout.write(f"Carried out {len(done)} erasure(s).")
