"""Contests (P-30): anyone may enter for free, entering never subscribes anyone, and entries are kept apart.

An entry lives in its own table, linked to no account or order; its email is encrypted and found by
its keyed hash, one entry per address per contest. The confirmation email carries a signed link that
deletes the entry. The draw follows `draws.py` (published commitment, seed and entry ids); drawn
winners confirm by a signed link within `conf.contest_winner_answer_days`, or the next drawn entry
takes their place (`contest_winners_replace_unanswered`, run by `shopkeep contest_upkeep`).
"""

import re
from collections import Counter
from datetime import datetime, timedelta

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from shopkeep.conf import conf
from shopkeep.mailing.campaigns.draws import draw_commitment, draw_order, draw_seed_new, draw_winners
from shopkeep.mailing.campaigns.models import Contest, ContestEntry
from shopkeep.mailing.models import Subscription
from shopkeep.mailing.services import email_send, newsletter_subscribe_request
from shopkeep.privacy.crypto import blind_index
from shopkeep.references import reference_new

ENTRY_SALT = "shopkeep.campaigns.contest-entry"
WINNER_SALT = "shopkeep.campaigns.contest-winner"
NAME_MAX_LENGTH = 100
ANSWER_MAX_LENGTH = 500
RATE_WINDOW_SECONDS = 3600
# An entrant may type an address into their answer; marketing must still never see one.
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class ContestError(Exception):
    """A contest action that cannot be done, with a sentence for the person and a code for the API status."""

    INVALID = "invalid"
    CLOSED = "closed"
    DUPLICATE = "duplicate"
    RATE_LIMITED = "rate_limited"
    NOT_FOUND = "not_found"
    ALREADY_DRAWN = "already_drawn"
    NOT_CLOSED = "not_closed"
    LOCKED = "locked"

    def __init__(self, message: str, *, code: str = INVALID, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


# --- creating and changing contests (back office) -------------------------------------------------

def _contest_check(*, opens_at: datetime, closes_at: datetime, eligible_countries: str, minimum_age: int,
                   winners_count: int) -> str:
    """Refuse settings that make no sense; return the countries normalised ("DE, FR")."""
    if closes_at <= opens_at:
        raise ContestError("The closing time must be after the opening time.", field="closes_at")
    codes = [code.strip().upper() for code in eligible_countries.split(",") if code.strip()]
    if any(len(code) != 2 or not code.isalpha() for code in codes):
        raise ContestError("List countries as two-letter codes separated by commas, such as DE, FR, AT.",
                           field="eligible_countries")
    if not 0 <= minimum_age <= 120:
        raise ContestError("Give a minimum age between 0 and 120.", field="minimum_age")
    if not 1 <= winners_count <= 100:
        raise ContestError("A contest has between 1 and 100 winners.", field="winners_count")
    return ", ".join(codes)


def contest_create(*, title: str, prize: str, rules: str, question: str, opens_at: datetime, closes_at: datetime,
                   eligible_countries: str, minimum_age: int, winners_count: int, needs_purchase: bool,
                   created_by=None) -> Contest:
    """Create a contest with a fresh secret seed; its commitment is published once the contest opens."""
    countries = _contest_check(opens_at=opens_at, closes_at=closes_at, eligible_countries=eligible_countries,
                               minimum_age=minimum_age, winners_count=winners_count)
    seed = draw_seed_new()
    return Contest.objects.create(
        title=title.strip(), prize=prize.strip(), rules=rules, question=question.strip(), opens_at=opens_at,
        closes_at=closes_at, eligible_countries=countries, minimum_age=minimum_age, winners_count=winners_count,
        needs_purchase=needs_purchase, seed=seed, commitment=draw_commitment(seed), created_by=created_by)


def contest_update(*, contest: Contest, now: datetime | None = None, **fields) -> Contest:
    """Change a contest that has not opened yet; once open, entrants have agreed to its rules."""
    if contest.opens_at <= (now or timezone.now()):
        raise ContestError("A contest cannot be changed once it has opened: entrants agreed to these rules.",
                           code=ContestError.LOCKED)
    fields["eligible_countries"] = _contest_check(
        opens_at=fields["opens_at"], closes_at=fields["closes_at"], eligible_countries=fields["eligible_countries"],
        minimum_age=fields["minimum_age"], winners_count=fields["winners_count"])
    for name, value in fields.items():
        setattr(contest, name, value.strip() if isinstance(value, str) and name != "rules" else value)
    contest.save()
    return contest


def contest_status(contest: Contest, *, now: datetime | None = None) -> str:
    """"scheduled", "open", "closed" (waiting for the draw) or "drawn"."""
    now = now or timezone.now()
    if contest.drawn_at is not None:
        return "drawn"
    if now < contest.opens_at:
        return "scheduled"
    return "open" if now < contest.closes_at else "closed"


def contests_public(*, now: datetime | None = None) -> QuerySet:
    """Contests the public may see: every contest that has opened (open, closed or drawn), newest first."""
    return Contest.objects.filter(opens_at__lte=now or timezone.now())


# --- entering and withdrawing ----------------------------------------------------------------------

def contest_entry_rate_allow(*, client_ip: str | None) -> bool:
    """Count one entry attempt from this IP; False once it made more than the hourly limit (web and API)."""
    key = "contest-entry-attempts:" + blind_index(f"ip {client_ip or 'unknown'}")
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        attempts = 1
    return attempts <= conf.contest_entries_per_hour


def _entry_clean(*, contest: Contest, email: str, name: str, answer: str, eligible: bool) -> tuple[str, str, str]:
    email, name, answer = (email or "").strip(), (name or "").strip(), (answer or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ContestError("Enter a valid email address: we use it only to tell you if you win.",
                           field="email") from None
    if len(email) > 254:
        raise ContestError("This email address is too long.", field="email")
    if len(name) > NAME_MAX_LENGTH:
        raise ContestError(f"Please keep your name under {NAME_MAX_LENGTH} characters.", field="name")
    if contest.question and not answer:
        raise ContestError("Please answer the contest question.", field="answer")
    if len(answer) > ANSWER_MAX_LENGTH:
        raise ContestError(f"Please keep your answer under {ANSWER_MAX_LENGTH} characters.", field="answer")
    if not eligible:
        raise ContestError("Please confirm that you meet the conditions to enter (age and country).",
                           field="eligible")
    return email, name, answer if contest.question else ""


def _duplicate() -> ContestError:
    return ContestError("This email address has already entered this contest; each address may enter once.",
                        code=ContestError.DUPLICATE, field="email")


def contest_enter(*, contest: Contest, email: str, name: str = "", answer: str = "", eligible: bool,
                  newsletter: bool, client_ip: str | None, now: datetime | None = None) -> ContestEntry:
    """Enter `email` once into an open contest and email the confirmation with its withdraw link.

    The newsletter box only starts the usual double opt-in: entering never subscribes anyone. Raises
    ContestError (rate limit, closed, invalid field, or a second entry from the same address in any case).
    """
    if not contest_entry_rate_allow(client_ip=client_ip):
        raise ContestError("Too many entries were sent from your connection in the last hour. "
                           "Please try again later.", code=ContestError.RATE_LIMITED)
    email, name, answer = _entry_clean(contest=contest, email=email, name=name, answer=answer, eligible=eligible)
    try:
        with transaction.atomic():
            # The contest row is locked so that no entry slips in while the draw fixes the list.
            locked = Contest.objects.select_for_update().get(pk=contest.pk)
            if not locked.is_open_at(now or timezone.now()):
                raise ContestError("This contest is not open for entries.", code=ContestError.CLOSED)
            if ContestEntry.objects.filter(contest=locked, email_index=blind_index(email)).exists():
                raise _duplicate()
            entry = ContestEntry.objects.create(contest=locked, public_id=reference_new(prefix="E", length=10),
                                                email=email, name=name, answer=answer)
    except IntegrityError:
        raise _duplicate() from None
    _entry_confirmation_send(entry=entry)
    if newsletter:
        newsletter_subscribe_request(email=email, source=Subscription.Source.CONTEST)
    return entry


def contest_withdraw_token(entry: ContestEntry) -> str:
    return signing.dumps(entry.public_id, salt=ENTRY_SALT)


def contest_entry_from_withdraw_token(token: str) -> ContestEntry | None:
    """The entry a signed withdraw link names; None if the link is forged or the entry is gone."""
    try:
        public_id = signing.loads(token, salt=ENTRY_SALT)
    except signing.BadSignature:
        return None
    return ContestEntry.objects.select_related("contest").filter(public_id=public_id).first()


def _entry_confirmation_send(*, entry: ContestEntry) -> None:
    contest = entry.contest
    email_send(kind="contest_entry", to=entry.email, subject=f"Your entry to {contest.title}",
               template="campaigns/email/contest_entry", subject_ref=entry.public_id,
               context={"contest": contest, "entry": entry,
                        "contest_url": conf.absolute_url(reverse("campaigns:contest", args=[contest.pk])),
                        "withdraw_url": conf.absolute_url(
                            reverse("campaigns:contest_withdraw", args=[contest_withdraw_token(entry)]))})


def contest_entry_withdraw(*, entry: ContestEntry, now: datetime | None = None) -> None:
    """Delete the entry; a drawn winner who withdraws is replaced by the next drawn entry."""
    now = now or timezone.now()
    replacement = None
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=entry.contest_id)
        current = ContestEntry.objects.filter(pk=entry.pk).first()
        if current is None:
            return
        current.delete()
        if current.status == ContestEntry.Status.WINNER:
            replacement = _winner_replace(contest=contest, leaving=current.public_id, now=now)
    if replacement is not None:
        _winner_notify(entry=replacement)


# --- the draw --------------------------------------------------------------------------------------

def contest_draw(*, contest_id: int, now: datetime | None = None) -> Contest:
    """Run the draw of a closed contest once (see draws.py), publish seed and entry ids, email the winners.

    The contest row is locked and the draw claimed with a conditional update, so two draws started at
    the same moment cannot both run.
    """
    now = now or timezone.now()
    with transaction.atomic():
        contest = Contest.objects.select_for_update().filter(pk=contest_id).first()
        if contest is None:
            raise ContestError(f"There is no contest with id {contest_id}.", code=ContestError.NOT_FOUND)
        if contest.drawn_at is not None:
            raise ContestError(f"The draw of “{contest.title}” already took place on "
                               f"{_when(contest.drawn_at)}; a contest is drawn only once.",
                               code=ContestError.ALREADY_DRAWN)
        if now < contest.closes_at:
            raise ContestError(f"“{contest.title}” closes on {_when(contest.closes_at)}; "
                               "the draw can run only after closing.", code=ContestError.NOT_CLOSED)
        entry_ids = sorted(ContestEntry.objects.filter(contest=contest).values_list("public_id", flat=True))
        winners = draw_winners(seed=contest.seed, entry_ids=entry_ids, winners_count=contest.winners_count)
        claimed = Contest.objects.filter(pk=contest.pk, drawn_at__isnull=True).update(
            drawn_at=now, published_seed=contest.seed, entry_ids=entry_ids, winner_ids=winners, skipped_ids=[])
        if not claimed:
            raise ContestError(f"The draw of “{contest.title}” already took place; a contest is drawn only once.",
                               code=ContestError.ALREADY_DRAWN)
        ContestEntry.objects.filter(contest=contest, public_id__in=winners).update(
            status=ContestEntry.Status.WINNER, won_at=now)
    for entry in ContestEntry.objects.select_related("contest").filter(contest=contest, public_id__in=winners):
        _winner_notify(entry=entry)
    contest.refresh_from_db()
    return contest


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def contest_winner_token(entry: ContestEntry) -> str:
    return signing.dumps(entry.public_id, salt=WINNER_SALT)


def contest_entry_from_winner_token(token: str) -> ContestEntry | None:
    """The entry a signed winner link names; None if the link is forged or the entry is gone."""
    try:
        public_id = signing.loads(token, salt=WINNER_SALT)
    except signing.BadSignature:
        return None
    return ContestEntry.objects.select_related("contest").filter(public_id=public_id).first()


def contest_answer_deadline(entry: ContestEntry) -> datetime | None:
    """Until when a drawn winner may confirm."""
    return entry.won_at + timedelta(days=conf.contest_winner_answer_days) if entry.won_at else None


def _winner_notify(*, entry: ContestEntry) -> None:
    contest = entry.contest
    email_send(kind="contest_winner", to=entry.email, subject=f"You won: {contest.prize}",
               template="campaigns/email/contest_winner", subject_ref=entry.public_id,
               context={"contest": contest, "entry": entry, "deadline": contest_answer_deadline(entry),
                        "confirm_url": conf.absolute_url(
                            reverse("campaigns:contest_winner", args=[contest_winner_token(entry)]))})


def contest_winner_confirm(*, entry: ContestEntry, now: datetime | None = None) -> ContestEntry:
    """Record that a drawn winner answered in time; refuse once the time ran out or the entry did not win."""
    now = now or timezone.now()
    if entry.status != ContestEntry.Status.WINNER:
        raise ContestError("This entry is not a winning entry (any more): the time to answer has run out.")
    if entry.confirmed_at is None:
        if now > contest_answer_deadline(entry):
            raise ContestError("The time to answer has run out; the prize goes to the next drawn entry.")
        ContestEntry.objects.filter(pk=entry.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        entry.refresh_from_db()
    return entry


def _winner_replace(*, contest: Contest, leaving: str, now: datetime) -> ContestEntry | None:
    """Take `leaving` off the winners and draw in the next standing entry (caller holds the contest lock)."""
    skipped = [*contest.skipped_ids, leaving]
    winners = set(contest.winner_ids) - {leaving}
    order = draw_order(seed=contest.published_seed, entry_ids=contest.entry_ids)
    standing = set(ContestEntry.objects.filter(contest=contest, status=ContestEntry.Status.ENTERED)
                   .values_list("public_id", flat=True))
    chosen = None
    for entry_id in order:
        if entry_id in winners or entry_id in skipped:
            continue
        if entry_id in standing:
            chosen = entry_id
            break
        skipped.append(entry_id)  # withdrawn, or deleted by retention: passed over, in the open
    if chosen is not None:
        winners.add(chosen)
        ContestEntry.objects.filter(contest=contest, public_id=chosen).update(
            status=ContestEntry.Status.WINNER, won_at=now)
    Contest.objects.filter(pk=contest.pk).update(
        winner_ids=[entry_id for entry_id in order if entry_id in winners], skipped_ids=skipped)
    return ContestEntry.objects.select_related("contest").get(public_id=chosen) if chosen else None


def contest_winners_replace_unanswered(*, now: datetime | None = None) -> int:
    """Replace every drawn winner who did not confirm within the answer period; return how many."""
    now = now or timezone.now()
    deadline = now - timedelta(days=conf.contest_winner_answer_days)
    late = Q(status=ContestEntry.Status.WINNER, confirmed_at__isnull=True, won_at__lt=deadline)
    replaced = 0
    for pk in list(ContestEntry.objects.filter(late).values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            entry = ContestEntry.objects.filter(late, pk=pk).first()
            if entry is None:
                continue
            contest = Contest.objects.select_for_update().get(pk=entry.contest_id)
            ContestEntry.objects.filter(pk=pk).update(status=ContestEntry.Status.LAPSED)
            replacement = _winner_replace(contest=contest, leaving=entry.public_id, now=now)
        replaced += 1
        if replacement is not None:
            _winner_notify(entry=replacement)
    return replaced


# --- what marketing may see ------------------------------------------------------------------------

def contest_counts(*, contest: Contest) -> dict[str, int]:
    """Numbers only (P-36): entries, winners drawn, winners who confirmed, winners who did not answer."""
    statuses = dict(contest.entries.values_list("status").annotate(n=Count("id")))
    return {"entries": sum(statuses.values()), "winners": statuses.get(ContestEntry.Status.WINNER, 0),
            "confirmed": contest.entries.filter(confirmed_at__isnull=False).count(),
            "lapsed": statuses.get(ContestEntry.Status.LAPSED, 0)}


def contest_answer_tally(answers: list[str]) -> list[tuple[str, int]]:
    """Each distinct answer (compared ignoring case and spacing) with how many gave it, most first; an email
    address typed into an answer is hidden."""
    spelling: dict[str, str] = {}
    tally: Counter[str] = Counter()
    for answer in answers:
        answer = EMAIL_IN_TEXT.sub("[address hidden]", answer)
        key = " ".join(answer.split()).casefold()
        if key:
            spelling.setdefault(key, " ".join(answer.split()))
            tally[key] += 1
    return [(spelling[key], count) for key, count in sorted(tally.items(), key=lambda item: (-item[1], item[0]))]
