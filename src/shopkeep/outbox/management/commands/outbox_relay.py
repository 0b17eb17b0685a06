import logging
import time

from django.core.management.base import BaseCommand, CommandError

from shopkeep.outbox.relay import outbox_relay

logger = logging.getLogger("shopkeep.outbox.relay")


class Command(BaseCommand):
    help = ("Hand work recorded after commits to the task queue (retrying while the queue is down), and release "
            "tasks left running by a stopped worker. Runs once, or every --interval seconds with --loop.")

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep relaying (shopkeep serve runs it this way).")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between passes with --loop.")

    def handle(self, *args, loop: bool, interval: float, **options):
        if interval <= 0:
            raise CommandError("--interval must be more than 0 seconds.")
        while True:
            try:
                counts = outbox_relay()
            except Exception as error:  # the database is down: say so and try again, never stop the shop
                if not loop:
                    raise CommandError(f"The outbox relay cannot reach the database ({error}).") from error
                logger.warning("Outbox relay pass failed (%s: %s); retrying in %ss", type(error).__name__, error,
                               interval)
                counts = None
            if counts and (not loop or any(counts.values())):
                self.stdout.write(", ".join(f"{name}: {value}" for name, value in counts.items()))
                self.stdout.flush()
            if not loop:
                return
            time.sleep(interval)
