"""The shop's periodic upkeep: which jobs exist, when each is due, and running each exactly once.

Every app registers its jobs in its own `upkeep.py` with `upkeep_job_register()`. How often each
runs is the setting SHOPKEEP_UPKEEP_SCHEDULE (`name=interval` pairs). `upkeep_run_due()` is called
by every process that runs upkeep (`shopkeep serve`, `shopkeep worker`, `shopkeep upkeep --loop`, or a
cron line calling `shopkeep upkeep`); a job runs in the one process whose conditional UPDATE wins
its lease, so it runs once per interval however many processes and machines share the database.
"""

import logging
import os
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.upkeep.models import UpkeepJob

log = logging.getLogger("shopkeep.upkeep")

# A job that runs longer than this is presumed dead (its process was killed) and may be started again.
LEASE = timedelta(minutes=30)
OUTCOME_MAX = 500


@dataclass(frozen=True)
class Job:
    name: str
    what: str
    run: Callable[[datetime], str]  # does the work at `now`; returns a sentence of what it did
    enabled: Callable[[], bool]


JOBS: dict[str, Job] = {}


def upkeep_job_register(*, name: str, what: str, run: Callable[[datetime], str],
                        enabled: Callable[[], bool] = lambda: True) -> None:
    """Declare a periodic job; its interval comes from SHOPKEEP_UPKEEP_SCHEDULE under `name`."""
    if name in JOBS and JOBS[name].run is not run:
        raise ValueError(f"Two upkeep jobs are named {name!r}.")
    JOBS[name] = Job(name=name, what=what, run=run, enabled=enabled)


def upkeep_interval(name: str) -> timedelta:
    """How often job `name` runs, from SHOPKEEP_UPKEEP_SCHEDULE."""
    schedule = conf.upkeep_schedule
    if name not in schedule:
        raise KeyError(f"SHOPKEEP_UPKEEP_SCHEDULE has no interval for the upkeep job {name!r}.")
    return schedule[name]


def upkeep_schedule_check() -> list[str]:
    """Sentences for every mismatch between SHOPKEEP_UPKEEP_SCHEDULE and the registered jobs."""
    schedule = conf.upkeep_schedule
    problems = [f"SHOPKEEP_UPKEEP_SCHEDULE names {name!r}, which is no upkeep job (jobs: {', '.join(sorted(JOBS))})."
                for name in sorted(set(schedule) - set(JOBS))]
    problems += [f"SHOPKEEP_UPKEEP_SCHEDULE gives no interval for the upkeep job {name!r}."
                 for name in sorted(set(JOBS) - set(schedule))]
    return problems


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _rows(now: datetime) -> dict[str, UpkeepJob]:
    """The schedule row of every registered job, created due now when missing."""
    rows = {row.name: row for row in UpkeepJob.objects.filter(name__in=list(JOBS))}
    for name in JOBS.keys() - rows.keys():
        rows[name], _ = UpkeepJob.objects.get_or_create(name=name, defaults={"due_at": now})
    return rows


def _lease_take(name: str, *, now: datetime, holder: str) -> bool:
    """Win the right to run job `name` now: one conditional UPDATE, so one process wins."""
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    won = UpkeepJob.objects.filter(free, name=name, due_at__lte=now).update(
        lease_until=now + LEASE, lease_holder=holder[:120], last_started=now)
    return won == 1


def _finish(name: str, *, now: datetime, finished: datetime, ok: bool, outcome: str) -> None:
    row = UpkeepJob.objects.get(name=name)
    UpkeepJob.objects.filter(pk=row.pk).update(
        lease_until=None, lease_holder="", last_finished=finished, last_ok=ok, last_outcome=outcome[:OUTCOME_MAX],
        runs=row.runs + 1, due_at=now + upkeep_interval(name))


def upkeep_run_job(name: str, *, now: datetime | None = None, holder: str | None = None,
                   force: bool = False) -> str | None:
    """Run job `name` if it is due (or `force`) and this process wins its lease; return its outcome or None."""
    now = now or timezone.now()
    job = JOBS[name]
    _rows(now)
    if force:
        UpkeepJob.objects.filter(name=name, due_at__gt=now).update(due_at=now)
    if not _lease_take(name, now=now, holder=holder or holder_name()):
        return None
    try:
        outcome = str(job.run(now))
        ok = True
    except Exception as exc:  # one failing job must not stop the others; the owner sees the failure
        log.error("upkeep job %s failed:\n%s", name, traceback.format_exc())
        outcome, ok = f"failed: {type(exc).__name__}: {exc}", False
    _finish(name, now=now, finished=timezone.now(), ok=ok, outcome=outcome)
    log.info("upkeep job %s %s: %s", name, "done" if ok else "FAILED", outcome)
    return outcome


def upkeep_run_due(*, now: datetime | None = None, holder: str | None = None) -> dict[str, str]:
    """Run every enabled job that is due and whose lease this process wins; return their outcomes by name."""
    now = now or timezone.now()
    rows = _rows(now)
    outcomes = {}
    for name, job in sorted(JOBS.items()):
        if not job.enabled() or rows[name].due_at > now:
            continue
        outcome = upkeep_run_job(name, now=now, holder=holder)
        if outcome is not None:
            outcomes[name] = outcome
    return outcomes


@dataclass(frozen=True)
class JobStatus:
    name: str
    what: str
    enabled: bool
    every: timedelta
    due_at: datetime | None
    last_started: datetime | None
    last_finished: datetime | None
    last_ok: bool | None
    last_outcome: str
    running: bool


def upkeep_status(*, now: datetime | None = None) -> list[JobStatus]:
    """The schedule, last run and outcome of every registered job, for the owner."""
    now = now or timezone.now()
    rows = {row.name: row for row in UpkeepJob.objects.filter(name__in=list(JOBS))}
    status = []
    for name, job in sorted(JOBS.items()):
        row = rows.get(name)
        status.append(JobStatus(
            name=name, what=job.what, enabled=job.enabled(), every=upkeep_interval(name),
            due_at=row.due_at if row else None, last_started=row.last_started if row else None,
            last_finished=row.last_finished if row else None, last_ok=row.last_ok if row else None,
            last_outcome=row.last_outcome if row else "",
            running=bool(row and row.lease_until and row.lease_until > now)))
    return status


def interval_text(every: timedelta) -> str:
    seconds = int(every.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    return f"every {seconds} seconds"


def upkeep_reset(name: str) -> None:
    """Make job `name` due now (used by the owner to rerun a job; also by tests)."""
    UpkeepJob.objects.filter(name=name).update(due_at=timezone.now(), lease_until=None, lease_holder="")
