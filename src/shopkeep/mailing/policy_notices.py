"""Publishing the privacy policy and emailing customers about a material change (P-40)."""

import logging

from django.db import transaction

from shopkeep.mailing.services import email_send
from shopkeep.outbox import relay as outbox
from shopkeep.privacy import crypto
from shopkeep.privacy.models import PolicyVersion
from shopkeep.privacy.publishing import policy_version_create
from shopkeep.privacy.registry import POLICY_NOTICE_SOURCES

logger = logging.getLogger(__name__)


def policy_publish(*, material: bool, summary: str) -> PolicyVersion:
    """Publish the generated policy as a new version; a material change emails every customer after commit."""
    from shopkeep.mailing.tasks import policy_change_notify_task

    with transaction.atomic():
        version = policy_version_create(material=material, summary=summary)
        if material:
            outbox.enqueue(policy_change_notify_task, version.pk)
    return version


def policy_change_recipients() -> list[str]:
    """Every address to notify, once each (compared by blind index)."""
    seen, recipients = set(), []
    for source in POLICY_NOTICE_SOURCES:
        for address in source():
            key = crypto.blind_index(address)
            if address and key not in seen:
                seen.add(key)
                recipients.append(address)
    return recipients


def policy_change_notify(*, version: PolicyVersion) -> int:
    """Email everyone with an account or an open order a summary of a material policy change."""
    recipients = policy_change_recipients()
    for done, address in enumerate(recipients, start=1):
        email_send(
            kind="policy_change",
            to=address,
            subject="We have changed our privacy policy",
            template="privacy/email/policy_change",
            context={"version": version},
        )
        if done % 100 == 0 or done == len(recipients):
            logger.info("Policy change notice v%s: %s of %s sent", version.version, done, len(recipients))
    return len(recipients)
