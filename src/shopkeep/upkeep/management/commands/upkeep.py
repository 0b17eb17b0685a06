"""`shopkeep upkeep`: run the periodic upkeep that is due, once or in a loop; or show its status."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from shopkeep.upkeep.jobs import JOBS, interval_text, upkeep_run_due, upkeep_run_job, upkeep_status

LOOP_SECONDS = 30


class Command(BaseCommand):
    help = ("Run every upkeep job that is due (each runs once across all processes sharing the database); "
            "--loop keeps doing so every 30 seconds; --status shows each job's schedule and last run.")

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--status", action="store_true", help="show each job's schedule, last run and outcome")
        action.add_argument("--loop", action="store_true", help="keep running due jobs until stopped")
        action.add_argument("--run", metavar="JOB", help="run this job now, even if it is not due yet")

    def handle(self, *args, status, loop, run, **options):
        if status:
            return self._status()
        if run:
            if run not in JOBS:
                raise CommandError(f"There is no upkeep job {run!r}; the jobs are: {', '.join(sorted(JOBS))}.")
            outcome = upkeep_run_job(run, force=True)
            if outcome is None:
                raise CommandError(f"The upkeep job {run!r} is running in another process right now; try again later.")
            self.stdout.write(f"{run}: {outcome}")
            return
        if loop:
            return self._loop()
        self._once()

    def _once(self) -> None:
        outcomes = upkeep_run_due()
        for name, outcome in outcomes.items():
            self.stdout.write(f"{name}: {outcome}")
        if not outcomes:
            self.stdout.write("No upkeep job was due.")

    def _loop(self) -> None:
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Upkeep: checking for due jobs every {LOOP_SECONDS} seconds.")
        self.stdout.flush()
        while not stop.is_set():
            close_old_connections()
            try:
                self._once_quietly()
            except Exception as exc:  # the database may be briefly unreachable; try again next round
                self.stderr.write(f"Upkeep pass failed ({type(exc).__name__}: {exc}); retrying in {LOOP_SECONDS} s.")
            stop.wait(LOOP_SECONDS)

    def _once_quietly(self) -> None:
        for name, outcome in upkeep_run_due().items():
            self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {name}: {outcome}")
            self.stdout.flush()

    def _status(self) -> None:
        now = timezone.now()
        for job in upkeep_status(now=now):
            if not job.enabled:
                state = "off (not configured)"
            elif job.running:
                state = "running now"
            elif job.last_finished is None:
                state = "never run"
            else:
                state = f"last run {job.last_finished:%Y-%m-%d %H:%M} UTC, {'ok' if job.last_ok else 'FAILED'}"
            due = ""
            if job.enabled and not job.running:
                due = "due now" if job.due_at is None or job.due_at <= now else f"next {job.due_at:%Y-%m-%d %H:%M} UTC"
            self.stdout.write(f"{job.name:<10} {interval_text(job.every):<17} {state}{'; ' + due if due else ''}")
            self.stdout.write(f"{'':<10} {job.what}")
            if job.last_outcome:
                self.stdout.write(f"{'':<10} {job.last_outcome}")
