"""Opt-in surveys (P-30): only opted-in customers are invited; answers are kept apart from the customer
record unless the customer ticks "you may link this to my account"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shopkeep.customers.models import User
from shopkeep.mailing.campaigns.models import SurveyInvitation, SurveyResponse
from shopkeep.mailing.campaigns.surveys import survey_invitations_due_send, survey_opt_in_record, survey_token
from shopkeep.mailing.campaigns.tests.factories import subscriber_confirmed
from shopkeep.orders.models import Order

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def delivered(order):
    """The order was delivered 20 days ago."""
    from shopkeep.orders.models import OrderEvent

    Order.objects.filter(pk=order.pk).update(status="delivered")
    event = OrderEvent.objects.create(order=order, from_status="dispatched", to_status="delivered")
    OrderEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(days=20))
    return order


@pytest.mark.promise("P-30", clause="surveys opt-in")
def test_only_opted_in_orders_get_a_survey_invitation(order_factory, mailoutbox):
    # given
    subscriber_confirmed("yes@example.com")
    subscriber_confirmed("no@example.com")
    survey_opt_in_record(order=delivered(order_factory(email="yes@example.com")))
    delivered(order_factory(email="no@example.com"))
    mailoutbox.clear()
    # when
    sent = survey_invitations_due_send()
    # then
    assert sent == 1
    assert [m.to for m in mailoutbox] == [["yes@example.com"]]
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers
    assert SurveyInvitation.objects.get().sent_at is not None


@pytest.mark.promise("P-30")
def test_an_order_not_yet_delivered_is_not_invited_and_no_one_is_invited_twice(order_factory, mailoutbox):
    # given
    from shopkeep.orders.models import OrderEvent

    subscriber_confirmed("yes@example.com")
    order = order_factory(email="yes@example.com")
    survey_opt_in_record(order=order)
    mailoutbox.clear()
    never_delivered = survey_invitations_due_send(now=timezone.now() + timedelta(days=30))
    Order.objects.filter(pk=order.pk).update(status="delivered")
    OrderEvent.objects.create(order=order, from_status="dispatched", to_status="delivered")
    # when
    too_early = survey_invitations_due_send()
    later = survey_invitations_due_send(now=timezone.now() + timedelta(days=30))
    again = survey_invitations_due_send(now=timezone.now() + timedelta(days=31))
    # then
    assert (never_delivered, too_early, later, again) == (0, 0, 1, 0)
    assert len(mailoutbox) == 1


@pytest.mark.promise("P-30", clause="kept apart")
def test_an_anonymous_answer_has_no_link_to_the_customer_or_the_order(client, order_factory):
    # given
    customer = User.objects.create_user("ada@example.com", "a long customer password here")
    invitation = survey_opt_in_record(order=order_factory(email="ada@example.com", customer=customer))
    client.force_login(customer)
    # when
    response = client.post(f"/survey/{survey_token(invitation)}/", {"rating": "4", "comment": "Warm socks"},
                           **SAME_ORIGIN)
    # then
    assert response.status_code == 200
    answer = SurveyResponse.objects.get()
    assert (answer.rating, answer.comment, answer.customer) == (4, "Warm socks", None)
    assert answer.answered_on == timezone.localdate()
    assert {f.name for f in SurveyResponse._meta.get_fields()} == {"id", "rating", "comment", "customer",
                                                                     "answered_on"}


@pytest.mark.promise("P-30")
def test_a_linked_answer_names_the_customer_who_ticked_the_box(client, order_factory):
    # given
    customer = User.objects.create_user("ada@example.com", "a long customer password here")
    invitation = survey_opt_in_record(order=order_factory(email="ada@example.com", customer=customer))
    client.force_login(customer)
    # when
    client.post(f"/survey/{survey_token(invitation)}/", {"rating": "5", "link_to_account": "on"}, **SAME_ORIGIN)
    # then
    assert SurveyResponse.objects.get().customer == customer


@pytest.mark.promise("P-30")
def test_linking_needs_the_customer_who_placed_the_order_to_be_logged_in(client, order_factory):
    # given
    invitation = survey_opt_in_record(order=order_factory(email="guest@example.com"))
    # when
    response = client.post(f"/survey/{survey_token(invitation)}/", {"rating": "5", "link_to_account": "on"},
                           **SAME_ORIGIN)
    # then
    assert response.status_code == 400
    assert "Log in to the account that placed the order" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    assert SurveyInvitation.objects.get().answered_at is None


@pytest.mark.promise("P-30")
@pytest.mark.parametrize("rating", ["", "0", "6", "five"])
def test_a_rating_outside_1_to_5_is_refused_and_nothing_is_stored(client, order_factory, rating):
    # given
    invitation = survey_opt_in_record(order=order_factory())
    # when
    response = client.post(f"/survey/{survey_token(invitation)}/", {"rating": rating}, **SAME_ORIGIN)
    # then
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5." in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.promise("P-30")
def test_a_survey_is_answered_once_and_a_forged_link_is_not_found(client, order_factory):
    # given
    invitation = survey_opt_in_record(order=order_factory())
    url = f"/survey/{survey_token(invitation)}/"
    client.post(url, {"rating": "3"}, **SAME_ORIGIN)
    # when
    second = client.post(url, {"rating": "1"}, **SAME_ORIGIN)
    forged = client.get(f"/survey/{survey_token(invitation)[:-2]}xx/")
    # then
    assert "This survey has already been answered." in second.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert forged.status_code == 404


@pytest.mark.promise("P-30")
def test_the_survey_page_sets_no_cookie_and_has_an_unticked_link_box(client, order_factory):
    # given
    invitation = survey_opt_in_record(order=order_factory())
    # when
    response = client.get(f"/survey/{survey_token(invitation)}/")
    # then
    assert response.status_code == 200
    assert dict(response.cookies) == {}
    assert '<input type="checkbox" name="link_to_account" aria-describedby="id_link_to_account_helptext" id="id_link_to_account">' in response.content.decode()


@pytest.mark.promise("P-30")
def test_the_send_surveys_command_invites_due_opted_in_orders(order_factory, mailoutbox):
    from io import StringIO

    from django.core.management import call_command

    # given
    subscriber_confirmed("yes@example.com")
    survey_opt_in_record(order=delivered(order_factory(email="yes@example.com")))
    out = StringIO()
    # when
    call_command("send_surveys", stdout=out)
    # then
    assert out.getvalue() == "Survey invitations sent: 1\n"


@pytest.mark.promise("P-30")
@pytest.mark.promise("P-29")
def test_an_opted_in_order_whose_address_is_suppressed_or_unsubscribed_gets_no_invitation(order_factory, mailoutbox):
    """The survey box is a consent of its own: no newsletter needed, but an unsubscribed address gets nothing."""
    from shopkeep.mailing.services import unsubscribe

    # given
    subscriber_confirmed("left@example.com")
    survey_opt_in_record(order=delivered(order_factory(email="left@example.com")))
    survey_opt_in_record(order=delivered(order_factory(email="never-subscribed@example.com")))
    unsubscribe(email="left@example.com")
    mailoutbox.clear()
    # when
    sent = survey_invitations_due_send()
    # then only the opted-in address that never unsubscribed is invited
    assert sent == 1
    assert [message.to for message in mailoutbox] == [["never-subscribed@example.com"]]
    assert SurveyInvitation.objects.filter(sent_at__isnull=True).count() == 1


@pytest.mark.promise("P-30", clause="surveys opt-in")
def test_the_account_survey_box_is_unticked_and_ticking_it_invites_after_each_order(client, order_factory):
    # given
    customer = User.objects.create_user("ada@example.com", "a long customer password here")
    client.force_login(customer)
    first = client.get("/survey/preferences/").content.decode()
    # when
    client.post("/survey/preferences/", {"surveys": "on"})
    order = order_factory(email="ada@example.com", customer=customer)
    # then
    assert '<input type="checkbox" name="surveys"' in first and "checked" not in first.split('name="surveys"')[1][:80]
    assert SurveyInvitation.objects.get().order == order


@pytest.mark.promise("P-30")
def test_withdrawing_the_account_survey_consent_cancels_unsent_invitations(client, order_factory):
    # given
    customer = User.objects.create_user("ada@example.com", "a long customer password here")
    client.force_login(customer)
    client.post("/survey/preferences/", {"surveys": "on"})
    order_factory(email="ada@example.com", customer=customer)
    # when
    client.post("/survey/preferences/", {})
    order_factory(email="ada@example.com", customer=customer)
    # then
    assert not SurveyInvitation.objects.exists()
