"""The survey page (reached by the signed link in the invitation) and the public contest pages.
No cookie, no CSRF token (P-06): forms are protected by the browser's same-origin headers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shopkeep.csrf import same_origin_required
from shopkeep.conf import conf
from shopkeep.mailing.campaigns.contests import (
    ContestError,
    contest_answer_deadline,
    contest_enter,
    contest_entry_from_winner_token,
    contest_entry_from_withdraw_token,
    contest_entry_withdraw,
    contest_status,
    contest_winner_confirm,
    contests_public,
)
from shopkeep.mailing.campaigns.forms import ContestEntryForm, SurveyConsentForm, SurveyForm
from shopkeep.shop.markdown import markdown_to_html
from shopkeep.mailing.campaigns.surveys import (
    SurveyError,
    survey_answer,
    survey_consent_given,
    survey_consent_set,
    survey_invitation_from_token,
)


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    invitation = survey_invitation_from_token(token)
    if invitation is None:
        raise Http404("This survey link is not valid or has expired.")
    if invitation.answered_at is not None:
        return render(request, "campaigns/survey_thanks.html", {"already": True})
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(invitation=invitation, rating=form.cleaned_data["rating"],
                          comment=form.cleaned_data["comment"],
                          link_to_account=form.cleaned_data["link_to_account"], user=request.user)
        except SurveyError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return render(request, "campaigns/survey_thanks.html", {"already": False})
    return render(request, "campaigns/survey.html", {"form": form, "order_number": invitation.order.number},
                  status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def survey_preferences(request):
    """A logged-in customer's standing survey consent (P-30): unticked until they tick it."""
    form = SurveyConsentForm(request.POST if request.method == "POST" else None,
                             initial={"surveys": survey_consent_given(customer=request.user)})
    saved = False
    if request.method == "POST" and form.is_valid():
        survey_consent_set(customer=request.user, consent=form.cleaned_data["surveys"])
        saved = True
    return render(request, "campaigns/survey_preferences.html", {"form": form, "saved": saved})


def contest_list(request):
    """Every contest that has opened: open ones first to enter, then closed and drawn ones to check."""
    now = timezone.now()
    contests = [(contest, contest_status(contest, now=now)) for contest in contests_public(now=now)[:50]]
    return render(request, "campaigns/contest_list.html", {"contests": contests})


def _contest_page(request, contest, *, form, status: int = 200):
    return render(request, "campaigns/contest.html", {
        "contest": contest, "form": form, "state": contest_status(contest),
        "rules_html": markdown_to_html(contest.rules), "answer_days": conf.contest_winner_answer_days,
    }, status=status)


ENTRY_STATUS = {ContestError.RATE_LIMITED: 429, ContestError.CLOSED: 409, ContestError.DUPLICATE: 409}


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
def contest(request, pk: int):
    """The contest page: rules, the commitment (and after the draw the seed, entry ids and winners), the form."""
    contest = get_object_or_404(contests_public(), pk=pk)
    form = ContestEntryForm(request.POST if request.method == "POST" else None, contest=contest)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = contest_enter(contest=contest, email=data["email"], name=data["name"],
                                  answer=data.get("answer", ""), eligible=data["eligible"],
                                  newsletter=data["newsletter"], client_ip=request.META.get("REMOTE_ADDR"))
        except ContestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return _contest_page(request, contest, form=form, status=ENTRY_STATUS.get(error.code, 400))
        return render(request, "campaigns/contest_entered.html",
                      {"contest": contest, "entry": entry, "newsletter": data["newsletter"]})
    return _contest_page(request, contest, form=form, status=400 if form.errors else 200)


def contest_entry_ids(request, pk: int):
    """The published entry ids of a drawn contest, one per line, to recompute the draw."""
    contest = get_object_or_404(contests_public().filter(drawn_at__isnull=False), pk=pk)
    return HttpResponse("".join(f"{entry_id}\n" for entry_id in contest.entry_ids),
                        content_type="text/plain; charset=utf-8")


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
def contest_withdraw(request, token: str):
    """The withdraw link of the confirmation email: a button (so mail scanners do not withdraw), then deletion."""
    entry = contest_entry_from_withdraw_token(token)
    if entry is None:
        return render(request, "campaigns/contest_withdrawn.html", {"gone": True}, status=404)
    if request.method == "POST":
        contest = entry.contest
        contest_entry_withdraw(entry=entry)
        return render(request, "campaigns/contest_withdrawn.html", {"contest": contest, "gone": False})
    return render(request, "campaigns/contest_withdraw.html", {"entry": entry, "contest": entry.contest})


@never_cache
@same_origin_required
@require_http_methods(["GET", "POST"])
def contest_winner(request, token: str):
    """The link in the winner's email: confirm within the answer period to keep the prize."""
    entry = contest_entry_from_winner_token(token)
    if entry is None:
        raise Http404("This link is not valid, or the entry has been deleted.")
    error = ""
    if request.method == "POST":
        try:
            entry = contest_winner_confirm(entry=entry)
        except ContestError as refused:
            error = refused.message
    return render(request, "campaigns/contest_winner.html",
                  {"entry": entry, "contest": entry.contest, "error": error,
                   "deadline": contest_answer_deadline(entry)}, status=409 if error else 200)
