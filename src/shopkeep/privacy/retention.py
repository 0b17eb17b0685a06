"""How long each category of personal data is kept (P-35). Periods in days; None = while the account exists.

A period that the shop can set (SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS) is read from `conf` when asked
for, so the privacy policy states the period the shop actually enforces.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet

from shopkeep.conf import conf


@dataclass(frozen=True)
class Retention:
    key: str
    days: int | None
    description: str  # may say "{period}" where a period set by `setting` goes
    setting: str = ""  # a shopkeep.conf property, in days, that overrides `days` (read at call time)


def period_text(days: int) -> str:
    """'1 year', '2 years', '90 days': a period as the policy says it."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{days} day{'s' if days > 1 else ''}"


PERIODS = {
    "account": Retention("account", None, "as long as you keep your account"),
    "order": Retention("order", 6 * 365, "6 years after the order, as accounting law requires"),
    "cart": Retention("cart", 30, "30 days after the cart was last changed"),
    "checkout_ip": Retention("checkout_ip", None, "{days} days after the checkout attempt",
                             setting="checkout_ip_retention_days"),
    "payment": Retention("payment", 6 * 365, "6 years after the payment, as accounting law requires"),
    "gateway": Retention("gateway", 6 * 365, "kept by the payment gateway under its own policy"),
    "survey": Retention("survey", 2 * 365, "2 years after you answered the survey"),
    "audit": Retention("audit", 2 * 365, "2 years, so that staff access can be checked"),
    "subscription": Retention("subscription", None, "until you unsubscribe; then only a keyed hash stays"),
    "suppression": Retention("suppression", None, "a keyed hash, kept so that we never email you marketing again"),
    "email_delivery": Retention("email_delivery", 7, "until the email is delivered (at most 7 days)"),
    "email_log": Retention("email_log", 2 * 365, "2 years, as a keyed hash, to prove what we sent"),
    "support_ticket": Retention("support_ticket", 365, "{period} after your question or request was closed",
                                setting="support_ticket_retention_days"),
    "size_profile": Retention("size_profile", None, "until you withdraw your consent, which deletes them"),
    "data_export": Retention("data_export", None, "{period} after your copy of your data was made, then deleted",
                             setting="export_link_days"),
    "erasure_request": Retention("erasure_request", 2 * 365, "2 years after a request to erase your data was "
                                 "carried out or cancelled, as a keyed hash of the email only, to show it was done"),
    "contest_entry": Retention("contest_entry", 30, "{period} after the contest's draw for entries that did not win",
                               setting="contest_entry_retention_days"),
    "contest_winner": Retention("contest_winner", 365, "{period} after the contest's draw for the winners' entries",
                                setting="contest_winner_retention_days"),
}


def retention_get(key: str) -> Retention:
    """The period `key`, with a configured length (and its description) resolved now."""
    try:
        period = PERIODS[key]
    except KeyError:
        raise LookupError(f"Unknown retention period {key!r}; declare it in shopkeep/privacy/retention.py.") from None
    if not period.setting:
        return period
    days = int(getattr(conf, period.setting))
    return replace(period, days=days, description=period.description.format(days=days, period=period_text(days)))


@dataclass(frozen=True)
class RetentionJob:
    """What one retention period removes: `expired(cutoff)` selects the rows past it, `apply(rows)` erases them.

    `apply` must take the rows out of `expired` (delete them, or blank the field it selects on), so that a
    rerun after an interruption finds only what is left.
    """

    key: str
    what: str
    expired: Callable[[datetime], QuerySet]
    apply: Callable[[QuerySet], int]


@dataclass(frozen=True)
class RetentionOutcome:
    key: str
    what: str
    count: int
    cutoff: datetime
    why: str


JOBS: dict[str, list[RetentionJob]] = {}


def retention_job_register(*, key: str, what: str, expired: Callable[[datetime], QuerySet],
                           apply: Callable[[QuerySet], int]) -> None:
    """Declare how the period `key` is enforced (called from each app's privacy.py)."""
    retention_get(key)
    JOBS.setdefault(key, []).append(RetentionJob(key=key, what=what, expired=expired, apply=apply))


def retention_cutoff(*, key: str, now: datetime) -> datetime | None:
    """The moment before which data of this period has expired; None for data kept while it is needed."""
    days = retention_get(key).days
    return None if days is None else now - timedelta(days=days)


def _apply_in_batches(job: RetentionJob, *, cutoff: datetime, batch_size: int) -> int:
    done = 0
    while True:
        ids = list(job.expired(cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return done
        with transaction.atomic():
            rows = job.expired(cutoff).filter(pk__in=ids)
            applied = job.apply(rows)
        done += applied
        if applied == 0:  # a job that cannot take its rows out of the selection would loop for ever
            return done


def retention_run(*, now: datetime, apply: bool, batch_size: int = 500) -> list[RetentionOutcome]:
    """Count (dry run) or erase, in short batches, everything whose retention period has passed (P-35)."""
    outcomes = []
    for key, jobs in sorted(JOBS.items()):
        cutoff = retention_cutoff(key=key, now=now)
        if cutoff is None:
            continue
        for job in jobs:
            count = (_apply_in_batches(job, cutoff=cutoff, batch_size=batch_size) if apply
                     else job.expired(cutoff).count())
            outcomes.append(RetentionOutcome(key=key, what=job.what, count=count, cutoff=cutoff,
                                             why=retention_get(key).description))
    return outcomes
