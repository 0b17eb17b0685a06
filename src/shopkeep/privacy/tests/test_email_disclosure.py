import pytest


@pytest.fixture(autouse=True)
def _eml_outbox(settings):
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend"

from shopkeep.mailing.services import email_send
from shopkeep.privacy.models import Disclosure


@pytest.mark.django_db
@pytest.mark.promise("P-23", clause="recorded")
def test_mail_through_an_external_provider_is_recorded_as_a_disclosure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email_send(kind="policy_change", to="ada@example.com", subject="s", template="privacy/email/policy_change",
               context={"version": {"version": 2, "summary": "x"}}, subject_ref="C-7F3K9QX")
    record = Disclosure.objects.get()
    assert (record.processor, record.subject_ref, record.categories) == ("email_provider", "C-7F3K9QX",
                                                                        ["user.contact.email"])


@pytest.mark.django_db
def test_mail_kept_in_the_local_outbox_discloses_nothing(outbox_dir):
    email_send(kind="policy_change", to="ada@example.com", subject="s", template="privacy/email/policy_change",
               context={"version": {"version": 2, "summary": "x"}}, subject_ref="C-7F3K9QX")
    assert Disclosure.objects.count() == 0
    assert len(list(outbox_dir.glob("*.eml"))) == 1
