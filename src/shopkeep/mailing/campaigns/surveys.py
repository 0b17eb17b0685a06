"""Opt-in post-delivery surveys (P-30): only customers who ticked the box are invited, and their answers
are stored apart from the customer record unless they tick "you may link this to my account"."""

from datetime import datetime, timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone

from shopkeep.conf import conf
from shopkeep.mailing.campaigns.models import SurveyConsent, SurveyInvitation, SurveyResponse

SURVEY_SALT = "shopkeep.campaigns.survey"
SURVEY_LINK_MAX_AGE = 60 * 24 * 3600
COMMENT_MAX_LENGTH = 2000


class SurveyError(Exception):
    """A survey answer that cannot be accepted, with a sentence for the customer."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def survey_opt_in_record(*, order) -> SurveyInvitation:
    """Remember that the customer asked to be invited to a survey about this order."""
    return SurveyInvitation.objects.get_or_create(order=order)[0]


def survey_consent_given(*, customer) -> bool:
    """True if the customer ticked "invite me to surveys" in their account."""
    return bool(customer and customer.is_authenticated and SurveyConsent.objects.filter(customer=customer).exists())


def survey_consent_set(*, customer, consent: bool) -> None:
    """Give or withdraw the standing survey consent; withdrawing also cancels invitations not yet sent."""
    if consent:
        SurveyConsent.objects.get_or_create(customer=customer)
        return
    with transaction.atomic():
        SurveyConsent.objects.filter(customer=customer).delete()
        SurveyInvitation.objects.filter(order__customer=customer, sent_at__isnull=True).delete()


def survey_opt_in_wanted(*, ticked: bool, customer) -> bool:
    """An order asks for a survey if the box was ticked at checkout or the account holds the consent."""
    return ticked or survey_consent_given(customer=customer)


def survey_token(invitation: SurveyInvitation) -> str:
    return signing.dumps(invitation.pk, salt=SURVEY_SALT)


def survey_invitation_from_token(token: str) -> SurveyInvitation | None:
    """The invitation a signed survey link names, or None if forged or expired."""
    try:
        pk = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return SurveyInvitation.objects.select_related("order").filter(pk=pk).first()


def survey_invitation_send(*, invitation: SurveyInvitation) -> bool:
    """Email the invitation (a marketing kind: the send function checks consent and suppression).

    Returns False, leaving the invitation unsent, when the send function refuses it.
    """
    from shopkeep.mailing.errors import EmailRefused
    from shopkeep.mailing.services import email_send

    order = invitation.order
    try:
        email_send(kind="survey_invitation", to=order.email, subject=f"How was your order {order.number}?",
                   template="campaigns/email/survey_invitation", subject_ref=order.number,
                   context={"order": order, "survey_url": conf.absolute_url(
                       reverse("campaigns:survey", args=[survey_token(invitation)]))})
    except EmailRefused:
        return False
    SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True


def survey_invitations_due_send(*, now: datetime | None = None, after_days: int | None = None) -> int:
    """Invite every opted-in order delivered at least `after_days` ago that has not been invited."""
    now = now or timezone.now()
    days = conf.survey_after_days if after_days is None else after_days
    due = SurveyInvitation.objects.select_related("order").filter(
        sent_at__isnull=True, answered_at__isnull=True,
        order__events__to_status="delivered", order__events__created_at__lte=now - timedelta(days=days),
    ).exclude(order__status="cancelled").distinct()
    return sum(survey_invitation_send(invitation=invitation) for invitation in due[:500])


def survey_answer(*, invitation: SurveyInvitation, rating, comment: str = "", link_to_account: bool = False,
                  user=None) -> SurveyResponse:
    """Store one answer per invitation. It names the customer only if they ticked the box and are the
    logged-in owner of the order; otherwise nothing ties it to the order or the account."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise SurveyError("Choose a rating from 1 to 5.", field="rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise SurveyError(f"Please keep your comment under {COMMENT_MAX_LENGTH} characters.", field="comment")
    customer = None
    if link_to_account:
        owner_id = invitation.order.customer_id
        if user is None or not user.is_authenticated or owner_id is None or user.pk != owner_id:
            raise SurveyError("Log in to the account that placed the order to link your answer to it, "
                              "or untick the box to answer anonymously.", field="link_to_account")
        customer = user
    with transaction.atomic():
        claimed = SurveyInvitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
            answered_at=timezone.now())
        if not claimed:
            raise SurveyError("This survey has already been answered. Thank you!")
        return SurveyResponse.objects.create(rating=rating, comment=comment, customer=customer,
                                             answered_on=timezone.localdate())


def survey_summary() -> dict:
    """Numbers only, for marketing (P-36): invitations sent, answers, and the average rating."""
    answers = SurveyResponse.objects.aggregate(count=Count("id"), average=Avg("rating"))
    return {"invited": SurveyInvitation.objects.filter(sent_at__isnull=False).count(),
            "answers": answers["count"], "average": answers["average"]}
