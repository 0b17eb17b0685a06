"""Contests: list the public ones with their draw data, and enter one (same rules as the web form, P-30)."""

from django.urls import reverse
from django.utils import timezone
from ninja import Router, Status

from shopkeep.api.errors import ApiError, declare
from shopkeep.api.schemas import ContestEntryIn, ContestEntryOut, ContestOut
from shopkeep.conf import conf
from shopkeep.mailing.campaigns.contests import ContestError, contest_enter, contest_status, contests_public
from shopkeep.mailing.campaigns.models import Contest

router = Router(tags=["contests"])

ERROR_STATUS = {ContestError.RATE_LIMITED: 429, ContestError.CLOSED: 409, ContestError.DUPLICATE: 409,
                ContestError.NOT_FOUND: 404}


def contest_out(contest: Contest, *, now) -> dict:
    """The API shape of a public contest; the draw data only once drawn."""
    drawn = contest.drawn_at is not None
    return {
        "id": contest.pk, "title": contest.title, "prize": contest.prize, "rules": contest.rules,
        "question": contest.question, "status": contest_status(contest, now=now),
        "opens_at": contest.opens_at.isoformat(), "closes_at": contest.closes_at.isoformat(),
        "minimum_age": contest.minimum_age, "eligible_countries": contest.countries,
        "winners_count": contest.winners_count, "needs_purchase": contest.needs_purchase,
        "commitment": contest.commitment, "seed": contest.published_seed if drawn else None,
        "entry_ids": contest.entry_ids if drawn else None, "winner_ids": contest.winner_ids if drawn else None,
        "skipped_ids": contest.skipped_ids if drawn else None,
        "url": conf.absolute_url(reverse("campaigns:contest", args=[contest.pk])),
    }


@router.get("/contests", response=list[ContestOut], summary="List contests")
def contests_list(request):
    """Every contest that has opened (open, closed or drawn), newest first, with its commitment; drawn ones
    also carry the seed, the sorted entry ids and the winning entry ids, so anyone can recompute the draw."""
    now = timezone.now()
    return [contest_out(contest, now=now) for contest in contests_public(now=now)[:100]]


@router.post("/contests/{contest_id}/entries", response=declare({201: ContestEntryOut}, 400, 404, 409, 422, 429),
             summary="Enter a contest")
def contests_enter(request, contest_id: int, payload: ContestEntryIn):
    """Enter an open contest (201) and email the confirmation with its withdraw link.

    One entry per email address per contest, compared ignoring case: a second one is 409. 400: the body is
    not valid JSON; 404: no such public contest; 409: the contest is not open, or the address already
    entered; 422: invalid fields (`eligible` must be true; `answer` is required when the contest has a
    question); 429: too many entry attempts from this IP address in the last hour. `newsletter: true` only
    emails a link to confirm the subscription (double opt-in): entering never subscribes anyone.
    """
    contest = contests_public().filter(pk=contest_id).first()
    if contest is None:
        raise ApiError(404, "There is no contest with this id.")
    try:
        entry = contest_enter(contest=contest, email=payload.email, name=payload.name, answer=payload.answer,
                              eligible=payload.eligible, newsletter=payload.newsletter,
                              client_ip=request.META.get("REMOTE_ADDR"))
    except ContestError as error:
        status = ERROR_STATUS.get(error.code, 422)
        errors = {error.field: error.message} if status == 422 and error.field else {}
        raise ApiError(status, error.message, errors=errors) from None
    return Status(201, {"entry_id": entry.public_id, "contest_id": contest.pk,
                        "newsletter_confirmation_sent": payload.newsletter,
                        "detail": "Your entry is recorded; a confirmation with a link to withdraw it is on its way."})
