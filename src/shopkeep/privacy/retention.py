"""How long each category of personal data is kept (P-35). Periods in days; None = while the account exists.

A period that the shop can set (SHOPKEEP_CHECKOUT_IP_RETENTION_DAYS) is read from `conf` when asked
for, so the privacy policy states the period the shop actually enforces.
"""

import calendar
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
    unit: str = "days"  # "months": the setting counts calendar months (`days` stays None; see retention_cutoff)
    months: int | None = None  # resolved length of a period counted in months
    what: str = ""  # what the policy says is kept, when not the data map's categories
    when: str = ""  # the situation the period applies to, as the policy's sentence begins it


def period_text(days: int) -> str:
    """'1 year', '2 years', '90 days': a period as the policy says it."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{days} day{'s' if days > 1 else ''}"


PERIODS = {
    "account": Retention("account", None, "until {period} after your last login (we email you {warning} days before)", setting="inactive_account_days",
                         when="Accounts"),
    "order": Retention("order", 6 * 365, "for {period} after the order, as accounting law requires",
                       setting="order_retention_days", when="Orders"),
    "cart": Retention("cart", 30, "for {period} after the last change",
                      setting="cart_retention_days", when="Unfinished carts"),
    "checkout_ip": Retention("checkout_ip", None, "for {days} days after the checkout attempt",
                             setting="checkout_ip_retention_days", when="Checkout IP addresses"),
    "payment": Retention("payment", 6 * 365, "for {period} after the payment, as accounting law requires",
                         setting="order_retention_days", when="Card payments"),
    "gateway": Retention("gateway", 6 * 365, "kept by the payment gateway under its own policy",
                         when="At the payment gateway"),
    "survey": Retention("survey", 2 * 365, "for {period} after you answered",
                        setting="survey_retention_days", when="Survey answers"),
    "audit": Retention("audit", 2 * 365, "for {period}",
                       setting="audit_retention_days", when="Logs of staff access"),
    "subscription": Retention("subscription", None, "until you unsubscribe",
                              when="Newsletter subscriptions"),
    "subscription_unconfirmed": Retention(
        "subscription_unconfirmed", 30, "for {period} after you asked",
        setting="unconfirmed_signup_retention_days", when="Unconfirmed sign-ups"),
    "suppression": Retention("suppression", None, "permanently, as a keyed hash, so we never email you marketing again",
                             when="Unsubscribed addresses"),
    "email_delivery": Retention("email_delivery", 7, "until delivered, at most {period}",
                                setting="email_delivery_retention_days", when="Emails to you"),
    "email_log": Retention("email_log", 2 * 365, "for {period}, as a keyed hash",
                           setting="email_log_retention_days", when="Records of emails sent"),
    "support_ticket": Retention("support_ticket", 365, "for {period} after closing",
                                setting="support_ticket_retention_days", when="Support requests"),
    "size_profile": Retention("size_profile", None, "until you withdraw your consent",
                              when="Saved sizes"),
    "data_export": Retention("data_export", None, "for {period} after the copy is made",
                             setting="export_link_days", when="Copies of your data"),
    "erasure_request": Retention("erasure_request", 2 * 365, "for {period} after closing, "
                                 "as a keyed hash of the email", setting="erasure_record_days",
                                 when="Erasure requests"),
    "contest_entry": Retention("contest_entry", 30, "for {period} after the draw",
                               setting="contest_entry_retention_days", when="Losing contest entries"),
    "contest_winner": Retention("contest_winner", 365, "for {period} after the draw",
                                setting="contest_winner_retention_days", when="Contest winners' entries"),
    "statistics": Retention("statistics", None, "for {months} months", setting="analytics_retention_months",
                            unit="months", when="Visit counts (nothing about you)"),
}


def retention_get(key: str) -> Retention:
    """The period `key`, with a configured length (and its description) resolved now."""
    try:
        period = PERIODS[key]
    except KeyError:
        raise LookupError(f"Unknown retention period {key!r}; declare it in shopkeep/privacy/retention.py.") from None
    if not period.setting:
        return period
    value = int(getattr(conf, period.setting))
    if period.unit == "months":
        return replace(period, months=value, description=period.description.format(months=value))
    warning = conf.inactive_account_warning_days if period.key == "account" else 0
    return replace(period, days=value,
                   description=period.description.format(days=value, period=period_text(value), warning=warning))


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
    notice: bool = False  # a warning sent before the erasure, not the erasure itself


JOBS: dict[str, list[RetentionJob]] = {}


@dataclass(frozen=True)
class RetentionNotice:
    """A warning sent `days_before` the end of period `key`: `due(cutoff)` selects who must be told now (and was
    not told yet), `send(rows)` tells them and returns how many."""

    key: str
    what: str
    days_setting: str
    due: Callable[[datetime], QuerySet]
    send: Callable[[QuerySet], int]


NOTICES: dict[str, list[RetentionNotice]] = {}


def retention_notice_register(*, key: str, what: str, days_setting: str, due: Callable[[datetime], QuerySet],
                              send: Callable[[QuerySet], int]) -> None:
    """Declare a warning sent `conf.<days_setting>` days before data of period `key` is erased."""
    retention_get(key)
    NOTICES.setdefault(key, []).append(RetentionNotice(key=key, what=what, days_setting=days_setting, due=due,
                                                       send=send))


def retention_job_register(*, key: str, what: str, expired: Callable[[datetime], QuerySet],
                           apply: Callable[[QuerySet], int]) -> None:
    """Declare how the period `key` is enforced (called from each app's privacy.py)."""
    retention_get(key)
    JOBS.setdefault(key, []).append(RetentionJob(key=key, what=what, expired=expired, apply=apply))


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (the day clamped to the month's end)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, calendar.monthrange(year, month + 1)[1]))


def retention_cutoff(*, key: str, now: datetime) -> datetime | None:
    """The moment before which data of this period has expired; None for data kept while it is needed."""
    period = retention_get(key)
    if period.months is not None:
        return months_before(now, period.months)
    return None if period.days is None else now - timedelta(days=period.days)


def retention_enforced(key: str) -> bool:
    """Whether a registered job enforces the period `key` (the policy states only enforced periods as fact)."""
    return key in JOBS


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
    for key, notices in sorted(NOTICES.items()):
        cutoff = retention_cutoff(key=key, now=now)
        if cutoff is None:
            continue
        for notice in notices:
            notice_cutoff = cutoff + timedelta(days=int(getattr(conf, notice.days_setting)))
            count = _notify_in_batches(notice, cutoff=notice_cutoff, batch_size=batch_size) if apply else (
                notice.due(notice_cutoff).count())
            outcomes.append(RetentionOutcome(key=key, what=notice.what, count=count, cutoff=notice_cutoff,
                                             why=retention_get(key).description, notice=True))
    return outcomes


def _notify_in_batches(notice: RetentionNotice, *, cutoff: datetime, batch_size: int) -> int:
    done = 0
    while True:
        ids = list(notice.due(cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return done
        sent = notice.send(notice.due(cutoff).filter(pk__in=ids))
        done += sent
        if sent == 0:
            return done
