"""Plain factories for coupons, campaigns and surveys."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from shopkeep.mailing.campaigns.coupons import coupon_create
from shopkeep.mailing.campaigns.models import Coupon


def coupon_make(*, code: str = "SUBSCRIBER10", kind: str = Coupon.Kind.PERCENT, value: str = "10",
                max_uses: int = 1, currency: str = "", minimum_subtotal: str = "0", days: int = 30,
                starts_in_days: int = -1, subscribers_only: bool = True) -> Coupon:
    """A coupon valid from yesterday for `days` days (by default 10% off, single use, subscribers only)."""
    now = timezone.now()
    return coupon_create(code=code, kind=kind, value=Decimal(value), max_uses=max_uses,
                         currency=currency or ("EUR" if kind == Coupon.Kind.FIXED else ""),
                         minimum_subtotal=Decimal(minimum_subtotal), subscribers_only=subscribers_only,
                         valid_from=now + timedelta(days=starts_in_days),
                         valid_until=now + timedelta(days=starts_in_days + days))


def subscriber_confirmed(email: str):
    """A confirmed (double opt-in) newsletter subscription for `email`."""
    from shopkeep.mailing.models import Subscription

    return Subscription.objects.create(email=email, source=Subscription.Source.FORM,
                                       status=Subscription.Status.CONFIRMED, confirmed_at=timezone.now())


def subscribers_bulk(count: int, *, prefix: str = "reader") -> list:
    """`count` confirmed subscriptions, written in bulk (the encrypted email and its index computed here)."""
    from shopkeep.mailing.models import Subscription
    from shopkeep.privacy.crypto import blind_index

    now = timezone.now()
    rows = []
    for n in range(count):
        email = f"{prefix}{n}@example.com"
        rows.append(Subscription(email=email, email_index=blind_index(email), source=Subscription.Source.FORM,
                                 status=Subscription.Status.CONFIRMED, confirmed_at=now))
    return Subscription.objects.bulk_create(rows, batch_size=1000)


def suppressed(*emails: str) -> None:
    """Put addresses on the suppression list without ending their subscription (as a race would)."""
    from shopkeep.mailing.models import Suppression
    from shopkeep.privacy.crypto import blind_index

    Suppression.objects.bulk_create([Suppression(email_index=blind_index(e), reason="bounced") for e in emails])


def contest_make(*, title: str = "Win a year of socks", prize: str = "12 pairs of Harbour Stripe Socks",
                 question: str = "", opens_in_days: int = -1, days: int = 7, winners_count: int = 1,
                 rules: str = "Draw among all entries.", countries: str = "DE, FR"):
    """A contest that opened yesterday (by default) and is open for `days` days."""
    from shopkeep.mailing.campaigns.contests import contest_create

    now = timezone.now()
    return contest_create(title=title, prize=prize, rules=rules, question=question,
                          opens_at=now + timedelta(days=opens_in_days),
                          closes_at=now + timedelta(days=opens_in_days + days), eligible_countries=countries,
                          minimum_age=18, winners_count=winners_count, needs_purchase=False)


def contest_entries_make(contest, count: int, *, prefix: str = "entrant", answer: str = "") -> list:
    """`count` entries written directly (no email, no rate limit), as if entered while the contest was open."""
    from shopkeep.mailing.campaigns.models import ContestEntry
    from shopkeep.references import reference_new

    return [ContestEntry.objects.create(contest=contest, public_id=reference_new(prefix="E", length=10),
                                        email=f"{prefix}{n}@example.com", answer=answer)
            for n in range(count)]


def contest_close(contest, *, days_ago: int = 0):
    """Move the contest's closing time into the past (and its opening before it)."""
    from shopkeep.mailing.campaigns.models import Contest

    closes = timezone.now() - timedelta(days=days_ago, minutes=1)
    Contest.objects.filter(pk=contest.pk).update(opens_at=closes - timedelta(days=7), closes_at=closes)
    contest.refresh_from_db()
    return contest
