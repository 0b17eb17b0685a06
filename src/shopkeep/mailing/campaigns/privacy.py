"""Data map of campaigns, coupons, surveys and contests (P-30)."""

from django.db.models import Q

from shopkeep.mailing.campaigns.models import (
    Campaign,
    Contest,
    ContestEntry,
    Coupon,
    CouponRedemption,
    SurveyConsent,
    SurveyInvitation,
    SurveyResponse,
)
from shopkeep.privacy.erasure import retention_erasure_register
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.retention import retention_job_register
from shopkeep.privacy.roles import Role

PROMOTION = ("marketing.promotion",)
SURVEY = ("improve.system",)
CONTEST = ("marketing.contest",)

register(
    Coupon,
    description="discount codes",
    non_personal=["id", "code", "kind", "value", "currency", "valid_from", "valid_until", "max_uses", "uses",
                  "minimum_subtotal", "subscribers_only", "created_at"],
)
register(
    CouponRedemption,
    description="which order used which coupon",
    subject="order__customer",
    personal={
        "order": Personal("user.behavior.purchase_history", PROMOTION, "contract", "order",
                          roles=(Role.CUSTOMER_SERVICE, Role.BILLING), erase="keep"),
        # After the order's period the redemption goes whole (the discount stays on the order itself).
        "email_index": Personal("user.contact.email", PROMOTION, "contract", "order", encrypted=True,
                                erase="marker", expire="delete"),
        "discount": Personal("user.behavior.purchase_history", PROMOTION, "contract", "order",
                             roles=(Role.CUSTOMER_SERVICE, Role.BILLING), erase="keep"),
    },
    non_personal=["id", "coupon", "created_at"],
)
retention_erasure_register(key="order", model=CouponRedemption, what="which address used a coupon on an order",
                           rows=lambda cutoff: CouponRedemption.objects.filter(created_at__lt=cutoff))
register(
    Campaign,
    description="newsletters written by staff",
    personal={"created_by": Personal("user.unique_id", ("essential.service.security",), "legitimate_interests",
                                     "account", erase="blank", about="staff")},
    non_personal=["id", "subject", "body", "coupon", "status", "total", "sent", "skipped", "failed", "cursor",
                  "created_at", "started_at", "finished_at"],
)
register(
    SurveyInvitation,
    description="orders whose customer asked to be invited to a survey",
    subject="order__customer",
    personal={
        "order": Personal("user.behavior.purchase_history", SURVEY, "consent", "survey", erase="delete"),
        "created_at": Personal("user.behavior.purchase_history", SURVEY, "consent", "survey", erase="delete"),
        "sent_at": Personal("user.behavior.purchase_history", SURVEY, "consent", "survey", erase="delete"),
        "answered_at": Personal("user.behavior.purchase_history", SURVEY, "consent", "survey", erase="delete"),
    },
    non_personal=["id"],
)
register(
    SurveyResponse,
    description="survey answers, kept apart from the customer record unless the customer linked them",
    subject="customer",
    personal={
        "customer": Personal("user.unique_id", SURVEY, "consent", "survey", erase="blank"),
        "comment": Personal("user.content.private", SURVEY, "consent", "survey", roles=(Role.MARKETING,),
                            encrypted=True, erase="blank"),
        "rating": Personal("user.content.private", SURVEY, "consent", "survey", roles=(Role.MARKETING,),
                           erase="keep"),
        "answered_on": Personal("user.content.private", SURVEY, "consent", "survey", roles=(Role.MARKETING,),
                                erase="keep"),
    },
    non_personal=["id"],
    notes="An answer has no link to the invitation, the order or the customer unless the customer ticked "
          "\"you may link this to my account\".",
)
register(
    SurveyConsent,
    description="customers who asked to be invited to surveys after their deliveries",
    subject="customer",
    personal={
        "customer": Personal("user.unique_id", SURVEY, "consent", "account", erase="delete"),
        "created_at": Personal("user.unique_id", SURVEY, "consent", "account", erase="delete"),
    },
    non_personal=["id"],
)
register(
    Contest,
    description="contests run by the shop, with the published commitment, seed and entry ids of the draw",
    personal={"created_by": Personal("user.unique_id", ("essential.service.security",), "legitimate_interests",
                                     "account", erase="blank", about="staff")},
    non_personal=["id", "title", "prize", "rules", "question", "opens_at", "closes_at", "eligible_countries",
                  "minimum_age", "winners_count", "needs_purchase", "seed", "commitment", "drawn_at",
                  "published_seed", "entry_ids", "winner_ids", "skipped_ids", "created_at", "updated_at"],
)
register(
    ContestEntry,
    description="contest entries, kept apart from accounts and orders",
    personal={
        "email": Personal("user.contact.email", CONTEST, "contract", "contest_entry",
                          processors=("email_provider",), encrypted=True, erase="delete"),
        "email_index": Personal("user.contact.email", CONTEST, "contract", "contest_entry", encrypted=True,
                                erase="delete"),
        "name": Personal("user.name", CONTEST, "contract", "contest_entry", encrypted=True, erase="delete"),
        "answer": Personal("user.content.private", CONTEST, "contract", "contest_entry", roles=(Role.MARKETING,),
                           encrypted=True, erase="delete"),
    },
    non_personal=["id", "contest", "public_id", "status", "created_at", "won_at", "confirmed_at"],
    notes="An entry is linked to no account or order. Entries that did not win are deleted 30 days after the "
          "draw, winners' entries 1 year after it; the entrant can delete theirs with the link in the "
          "confirmation email. Marketing sees counts and answers, never addresses or names.",
)


def _entries_delete(rows) -> int:
    return rows.delete()[1].get("campaigns.ContestEntry", 0)


retention_job_register(
    key="contest_entry",
    what="contest entries that did not win (counted from the draw)",
    expired=lambda cutoff: ContestEntry.objects.filter(contest__drawn_at__lt=cutoff).exclude(
        status=ContestEntry.Status.WINNER),
    apply=_entries_delete,
)
retention_job_register(
    key="contest_winner",
    what="contest winners' entries (counted from the draw)",
    expired=lambda cutoff: ContestEntry.objects.filter(contest__drawn_at__lt=cutoff,
                                                       status=ContestEntry.Status.WINNER),
    apply=_entries_delete,
)


retention_job_register(
    key="survey",
    what="survey answers",
    expired=lambda cutoff: SurveyResponse.objects.filter(answered_on__lt=cutoff.date()),
    apply=lambda rows: rows.delete()[1].get("campaigns.SurveyResponse", 0),
)
retention_job_register(
    key="survey",
    what="survey invitations (counted from the answer, or from the invitation when never answered)",
    expired=lambda cutoff: SurveyInvitation.objects.filter(
        Q(answered_at__lt=cutoff) | Q(answered_at__isnull=True, created_at__lt=cutoff)),
    apply=lambda rows: rows.delete()[1].get("campaigns.SurveyInvitation", 0),
)
