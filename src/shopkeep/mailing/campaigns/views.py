"""The survey page, reached by the signed link in the invitation. No cookie, no CSRF token (P-06)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from shopkeep.csrf import same_origin_required
from shopkeep.mailing.campaigns.forms import SurveyConsentForm, SurveyForm
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
