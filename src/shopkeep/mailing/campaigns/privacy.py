"""Data map of campaigns, coupons and surveys (P-30)."""

from shopkeep.mailing.campaigns.models import (
    Campaign,
    Coupon,
    CouponRedemption,
    SurveyConsent,
    SurveyInvitation,
    SurveyResponse,
)
from shopkeep.privacy.registry import Personal, register
from shopkeep.privacy.roles import Role

PROMOTION = ("marketing.promotion",)
SURVEY = ("improve.system",)

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
        "email_index": Personal("user.contact.email", PROMOTION, "contract", "order", encrypted=True,
                                erase="marker"),
        "discount": Personal("user.behavior.purchase_history", PROMOTION, "contract", "order",
                             roles=(Role.CUSTOMER_SERVICE, Role.BILLING), erase="keep"),
    },
    non_personal=["id", "coupon", "created_at"],
)
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
