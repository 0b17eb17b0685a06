"""`shopkeep worker`: the background task worker and the upkeep scheduler, without a web server.

For machines that only work the queue when the web processes run elsewhere. Like `serve`, it becomes
the Django-free supervisor once its checks pass: it forwards SIGINT/SIGTERM to its children, runs the
outbox relay too, and restarts a child that dies (with a growing pause and a log line).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.utils import OperationalError

from shopkeep.privacy.keys import keys_verify
from shopkeep.storefront.management.commands.serve import (
    migrations_pending, relay_command, upkeep_command, worker_command,
)
from shopkeep.supervisor import supervise_in_place


class Command(BaseCommand):
    help = "Work the background task queue and run the scheduled upkeep, on a machine that serves no pages."

    def handle(self, *args, **options):
        try:
            if migrations_pending():
                raise CommandError("The database is not up to date: run `shopkeep migrate` first.")
        except OperationalError as error:
            raise CommandError(f"shopkeep cannot reach its database ({error}).") from error
        keys_verify()  # KeyProblem: `shopkeep` exits with the sentence naming the variable or file
        worker = worker_command()
        self.stdout.write("shopkeep worker: the upkeep scheduler" + (", the task worker and the outbox relay"
                                                                     if worker else "")
                          + " are running. Stop with Ctrl+C.")
        children = [("task worker", worker, True), ("outbox relay", relay_command(), True)] if worker else []
        children.append(("upkeep scheduler", upkeep_command(), True))
        supervise_in_place(label="worker", children=children)
