import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shopkeep.analytics.seeding import traffic_seed


class Command(BaseCommand):
    help = "Write realistic made-up statistics roll-ups (replacing those of the chosen days) for demos and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="how many days, ending today (default 90)")
        parser.add_argument("--views", type=int, default=100_000, help="page views in total (default 100000)")
        parser.add_argument("--end", type=dt.date.fromisoformat, help="last day, YYYY-MM-DD (default today)")
        parser.add_argument("--seed", type=int, default=1, help="random seed, for repeatable data")

    def handle(self, *args, days, views, end, seed, **options):
        if not 1 <= days <= 800:
            raise CommandError("--days must be between 1 and 800.")
        if views < 0:
            raise CommandError("--views must not be negative.")
        began = time.perf_counter()
        written = traffic_seed(days=days, views=views, end=end or timezone.localdate(), seed=seed)
        self.stdout.write(f"Seeded {written:,} page views over {days} days in {time.perf_counter() - began:.1f} s.")
