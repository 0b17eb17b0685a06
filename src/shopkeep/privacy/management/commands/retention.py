from django.core.management.base import BaseCommand
from django.utils import timezone

from shopkeep.privacy.retention import retention_run


class Command(BaseCommand):
    help = ("Enforce every retention period of the data map (P-35): --dry-run prints what would go and why, "
            "--apply erases it in short batches. Run it daily.")

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="Only count what has expired.")
        mode.add_argument("--apply", action="store_true", help="Erase or anonymise what has expired.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")

    def handle(self, *args, dry_run, apply, batch_size, **options):
        if batch_size < 1:
            self.stderr.write("--batch-size must be a positive number.")
            raise SystemExit(2)
        verb = "erased" if apply else "would be erased"
        outcomes = retention_run(now=timezone.now(), apply=apply, batch_size=batch_size)
        for outcome in outcomes:
            if outcome.notice:
                self.stdout.write(f"{outcome.key}: {outcome.count} {outcome.what} {'warned' if apply else 'would be warned'} "
                                  f"(no login since {outcome.cutoff:%Y-%m-%d %H:%M} UTC; kept {outcome.why}).")
                continue
            self.stdout.write(f"{outcome.key}: {outcome.count} {outcome.what} {verb} "
                              f"(older than {outcome.cutoff:%Y-%m-%d %H:%M} UTC; kept {outcome.why}).")
        total = sum(o.count for o in outcomes if not o.notice)
        self.stdout.write(f"{'Erased' if apply else 'Would erase'} {total} item(s) in all.")
