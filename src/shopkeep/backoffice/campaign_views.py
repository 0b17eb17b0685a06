"""Back-office pages for newsletter campaigns and coupons (owner and marketing, P-36).

Marketing sees counts only: how many confirmed subscribers, how many suppressed, how many sent.
No page here shows a subscriber's address; the test copy goes to the staff member's own address.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from shopkeep.backoffice.campaign_forms import CampaignForm, CouponForm
from shopkeep.mailing.campaigns.campaigns import (
    CampaignError,
    audience_counts,
    campaign_context,
    campaign_create,
    campaign_send_start,
    campaign_test_send,
    campaign_update,
)
from shopkeep.mailing.campaigns.coupons import coupon_create
from shopkeep.mailing.campaigns.models import Campaign, Coupon
from shopkeep.mailing.campaigns.surveys import survey_summary
from shopkeep.mailing.errors import EmailRefused
from shopkeep.privacy.roles import Role, role_required

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
