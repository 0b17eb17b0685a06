import io

import pytest


@pytest.fixture(autouse=True)
def _eml_outbox(settings):
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"
from django.core.management import CommandError, call_command

from shopkeep.privacy.models import PolicyVersion
from shopkeep.mailing.policy_notices import policy_publish
from shopkeep.privacy.publishing import NothingToPublish


@pytest.mark.django_db
@pytest.mark.promise("P-40", clause="material change emailed")
def test_a_material_change_emails_every_customer_once(django_user_model, outbox_dir,
                                                    django_capture_on_commit_callbacks):
    # given two customers (one also a staff member, who is not a customer) and a first version
    django_user_model.objects.create_user("ada@example.com", "a long enough password 123")
    django_user_model.objects.create_user("grace@example.com", "a long enough password 123")
    django_user_model.objects.create_user("staff@example.com", "a long enough password 123", is_staff=True)
    # when a material change is published
    with django_capture_on_commit_callbacks(execute=True):
        version = policy_publish(material=True, summary="We now keep checkout IP addresses for 90 days only.")
    # then each customer gets one notice with the summary
    messages = sorted(p.read_text() for p in outbox_dir.glob("*.eml"))
    assert version.version == 1
    assert len(messages) == 2
    assert all("We now keep checkout IP addresses for 90 days only." in m for m in messages)
    assert all("never ask you for your password or your card number by email" in m for m in messages)


@pytest.mark.django_db
def test_a_minor_change_is_logged_but_emails_nobody(django_user_model, outbox_dir):
    django_user_model.objects.create_user("ada@example.com", "a long enough password 123")
    policy_publish(material=False, summary="Typo fixes.")
    assert list(outbox_dir.glob("*.eml")) == []
    assert list(PolicyVersion.objects.values_list("version", "material")) == [(1, False)]


@pytest.mark.django_db
def test_publishing_an_unchanged_policy_is_refused():
    policy_publish(material=False, summary="First version.")
    with pytest.raises(NothingToPublish, match="has not changed since version 1"):
        policy_publish(material=False, summary="Again.")
    assert PolicyVersion.objects.count() == 1


@pytest.mark.django_db
def test_the_command_publishes_and_explains_refusals():
    out = io.StringIO()
    call_command("publish_policy", "--minor", "--summary", "First version.", stdout=out)
    assert out.getvalue().startswith("Published privacy policy version 1 (")
    with pytest.raises(CommandError, match="has not changed since version 1"):
        call_command("publish_policy", "--minor", "--summary", "Again.")
    with pytest.raises(CommandError, match="a summary is required"):
        call_command("publish_policy", "--material", "--summary", " ")


@pytest.mark.django_db
def test_the_public_change_log_lists_published_versions(client):
    policy_publish(material=True, summary="Shorter retention of checkout IPs.")
    page = client.get("/privacy/changes/").content.decode()
    assert "Version 1" in page and "Shorter retention of checkout IPs." in page
