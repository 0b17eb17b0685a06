"""Back-office pages for newsletter campaigns, coupons and contests (owner and marketing, P-36).

Marketing sees counts only: how many confirmed subscribers, how many suppressed, how many sent.
No page here shows a subscriber's address; the test copy goes to the staff member's own address.
Contest pages show counts and answers (audited, P-37); only the owner sees the winners' addresses.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from shopkeep.backoffice.campaign_forms import CampaignForm, ContestForm, CouponForm
from shopkeep.mailing.campaigns.campaigns import (
    CampaignError,
    audience_counts,
    campaign_context,
    campaign_create,
    campaign_send_start,
    campaign_test_send,
    campaign_update,
)
from shopkeep.mailing.campaigns.contests import (
    ContestError,
    contest_answer_tally,
    contest_counts,
    contest_create,
    contest_draw,
    contest_status,
    contest_update,
)
from shopkeep.mailing.campaigns.coupons import coupon_create
from shopkeep.shop.markdown import markdown_to_html
from shopkeep.mailing.campaigns.models import Campaign, Contest, ContestEntry, Coupon
from shopkeep.mailing.campaigns.surveys import survey_summary
from shopkeep.mailing.errors import EmailRefused
from shopkeep.privacy.access import personal_data_for_staff_many
from shopkeep.privacy.roles import Role, role_required, user_has_role

REFRESH_SECONDS = 3


@role_required(Role.MARKETING)
def campaign_list(request):
    return render(request, "backoffice/campaigns/list.html",
                  {"campaigns": Campaign.objects.select_related("coupon")[:100], "counts": audience_counts(),
                   "surveys": survey_summary()})


@role_required(Role.MARKETING)
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int | None = None):
    campaign = get_object_or_404(Campaign, pk=pk) if pk else None
    if campaign is not None and campaign.status != Campaign.Status.DRAFT:
        return redirect("backoffice_campaigns:detail", pk=campaign.pk)
    initial = {"subject": campaign.subject, "body": campaign.body, "coupon": campaign.coupon} if campaign else {}
    form = CampaignForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if campaign is None:
            campaign = campaign_create(subject=data["subject"], body=data["body"], coupon=data["coupon"],
                                       created_by=request.user)
        else:
            campaign_update(campaign=campaign, subject=data["subject"], body=data["body"], coupon=data["coupon"])
        messages.success(request, "Saved. Check the preview, send yourself a test, then send it.")
        return redirect("backoffice_campaigns:detail", pk=campaign.pk)
    return render(request, "backoffice/campaigns/edit.html", {"form": form, "campaign": campaign},
                  status=400 if form.errors else 200)


@role_required(Role.MARKETING)
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(Campaign.objects.select_related("coupon"), pk=pk)
    return render(request, "backoffice/campaigns/detail.html", {
        "campaign": campaign, "counts": audience_counts(), **campaign_context(campaign=campaign),
        "refresh": REFRESH_SECONDS if campaign.status == Campaign.Status.SENDING else None,
    })


@role_required(Role.MARKETING)
@require_POST
def campaign_test(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        campaign_test_send(campaign=campaign, staff=request.user)
    except EmailRefused as refused:
        messages.error(request, f"The test copy was not sent: {refused.reason}.")
    else:
        messages.success(request, "A test copy is on its way to your own address.")
    return redirect("backoffice_campaigns:detail", pk=campaign.pk)


@role_required(Role.MARKETING)
@require_POST
def campaign_send(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    if request.POST.get("confirm") != "on":
        messages.error(request, "Tick the box to confirm that the newsletter should go to every subscriber.")
        return redirect("backoffice_campaigns:detail", pk=campaign.pk)
    try:
        campaign = campaign_send_start(campaign=campaign)
    except CampaignError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Sending to {campaign.total} confirmed subscribers through the mail queue.")
    return redirect("backoffice_campaigns:detail", pk=campaign.pk)


@role_required(Role.MARKETING)
@require_http_methods(["GET", "POST"])
def coupon_list(request):
    form = CouponForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            coupon = coupon_create(**form.cleaned_data)
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Coupon {coupon.code} created.")
            return redirect("backoffice_campaigns:coupons")
    return render(request, "backoffice/campaigns/coupons.html",
                  {"form": form, "coupons": Coupon.objects.all()[:200]}, status=400 if form.errors else 200)


@role_required(Role.MARKETING)
def contest_list(request):
    now = timezone.now()
    contests = [(contest, contest_status(contest, now=now), contest_counts(contest=contest))
                for contest in Contest.objects.all()[:100]]
    return render(request, "backoffice/campaigns/contests.html", {"contests": contests})


CONTEST_FIELDS = ("title", "prize", "rules", "question", "opens_at", "closes_at", "eligible_countries",
                  "minimum_age", "winners_count", "needs_purchase")


@role_required(Role.MARKETING)
@require_http_methods(["GET", "POST"])
def contest_edit(request, pk: int | None = None):
    contest = get_object_or_404(Contest, pk=pk) if pk else None
    if contest is not None and contest_status(contest) != "scheduled":
        messages.error(request, "A contest cannot be changed once it has opened: entrants agreed to these rules.")
        return redirect("backoffice_campaigns:contest", pk=contest.pk)
    initial = {name: getattr(contest, name) for name in CONTEST_FIELDS} if contest else {}
    form = ContestForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if contest is None:
                contest = contest_create(created_by=request.user, **form.cleaned_data)
            else:
                contest = contest_update(contest=contest, **form.cleaned_data)
        except ContestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Saved. The contest page and its commitment go public when it opens.")
            return redirect("backoffice_campaigns:contest", pk=contest.pk)
    return render(request, "backoffice/campaigns/contest_edit.html", {"form": form, "contest": contest},
                  status=400 if form.errors else 200)


def _contest_answers(*, staff, contest: Contest) -> list[tuple[str, int]]:
    """Answers with how many gave each, read through the audited access function (no address, no name)."""
    if not contest.question:
        return []
    rows = personal_data_for_staff_many(staff=staff, queryset=contest.entries.all(), fields=("answer",),
                                        subject_ref=f"contest {contest.pk} entrants",
                                        reason="contest answers, counted per answer")
    return contest_answer_tally([row["answer"] for row in rows if "answer" in row])


def _contest_winners(*, staff, contest: Contest) -> list[dict]:
    """The winning entries; their address and name only for a role the data map allows (the owner)."""
    entries = contest.entries.filter(status=ContestEntry.Status.WINNER).order_by("won_at", "public_id")
    details = personal_data_for_staff_many(staff=staff, queryset=entries, fields=("email", "name"),
                                           subject_ref=f"contest {contest.pk} winners",
                                           reason="contacting the contest's winners about their prize")
    return [{"entry": entry, **detail} for entry, detail in zip(entries, details, strict=True)]


@role_required(Role.MARKETING)
def contest_detail(request, pk: int):
    contest = get_object_or_404(Contest, pk=pk)
    return render(request, "backoffice/campaigns/contest_detail.html", {
        "contest": contest, "state": contest_status(contest), "counts": contest_counts(contest=contest),
        "answers": _contest_answers(staff=request.user, contest=contest),
        "winners": _contest_winners(staff=request.user, contest=contest) if contest.drawn_at else [],
        "rules_html": markdown_to_html(contest.rules), "is_owner": user_has_role(request.user, Role.OWNER),
    })


@role_required(Role.MARKETING)
@require_POST
def contest_draw_run(request, pk: int):
    contest = get_object_or_404(Contest, pk=pk)
    try:
        drawn = contest_draw(contest_id=contest.pk)
    except ContestError as error:
        messages.error(request, error.message)
    else:
        won = len(drawn.winner_ids)
        messages.success(request, f"Drawn: {won} winning entr{'y' if won == 1 else 'ies'} out of "
                                  f"{len(drawn.entry_ids)}. The winners have been emailed; the seed and the entry "
                                  "ids are now public.")
    return redirect("backoffice_campaigns:contest", pk=contest.pk)
