"""`shopkeep worker`: the background task worker and the upkeep scheduler, without a web server.

For machines that only work the queue when the web processes run elsewhere. Like `serve`, it
forwards SIGINT/SIGTERM to its children, runs the outbox relay too, and restarts a child that dies
(with a growing pause and a log line).
"""

import signal

from django.core.management.base import BaseCommand, CommandError
from django.db.utils import OperationalError

from shopkeep.storefront.management.commands.serve import (
    STOP_SIGNALS, STOP_TIMEOUT, Supervisor, exit_description, migrations_pending, relay_command, upkeep_command,
    worker_command,
)
from shopkeep.privacy.keys import keys_verify


class Command(BaseCommand):
    help = "Work the background task queue and run the scheduled upkeep, on a machine that serves no pages."

    def handle(self, *args, **options):
        try:
            if migrations_pending():
                raise CommandError("The database is not up to date: run `shopkeep migrate` first.")
        except OperationalError as error:
            raise CommandError(f"shopkeep cannot reach its database ({error}).") from error
        keys_verify()  # KeyProblem: `shopkeep` exits with the sentence naming the variable or file
        supervisor = Supervisor(log=self._log)
        previous = {signum: signal.signal(signum, supervisor.on_signal) for signum in STOP_SIGNALS}
        try:
            worker = worker_command()
            self.stdout.write("shopkeep worker: the upkeep scheduler" + (", the task worker and the outbox relay"
                                                                         if worker else "")
                              + " are running. Stop with Ctrl+C.")
            self.stdout.flush()
            if worker:
                supervisor.start("task worker", worker, restart=True)
                supervisor.start("outbox relay", relay_command(), restart=True)
            supervisor.start("upkeep scheduler", upkeep_command(), restart=True)
            name, code = supervisor.wait_first()
        finally:
            if not supervisor.stopping:
                supervisor.signal_all(signal.SIGTERM)
            supervisor.wait_all(timeout=STOP_TIMEOUT)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if not supervisor.stopping:
            raise SystemExit(f"shopkeep worker: the {name} stopped unexpectedly ({exit_description(code)}), "
                             "so the other processes were stopped too.")
        self.stdout.write("shopkeep worker: stopped.")

    def _log(self, line: str) -> None:
        self.stderr.write(line)
        self.stderr.flush()
