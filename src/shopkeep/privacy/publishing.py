"""Policy versions (P-40): the generated policy stored as numbered versions with a public change log.

Telling customers about a material change is mailing's part (mailing/policy_notices.py)."""

from django.db import transaction
from django.db.models import Max

from shopkeep.privacy.models import PolicyVersion
from shopkeep.privacy.policy import policy_document


class NothingToPublish(Exception):
    pass


def policy_current_version() -> PolicyVersion | None:
    """The newest published version, or None before the first."""
    return PolicyVersion.objects.order_by("-version").first()


def policy_version_create(*, material: bool, summary: str) -> PolicyVersion:
    """Store the generated policy as a new version, refusing an empty summary or an unchanged policy."""
    summary = summary.strip()
    if not summary:
        raise ValueError("Say what changed: a summary is required to publish the policy.")
    document = policy_document()
    with transaction.atomic():
        latest = PolicyVersion.objects.select_for_update().order_by("-version").first()
        if latest is not None and latest.content_hash == document["content_hash"]:
            raise NothingToPublish(f"The policy has not changed since version {latest.version}.")
        number = (PolicyVersion.objects.aggregate(m=Max("version"))["m"] or 0) + 1
        version = PolicyVersion.objects.create(
            version=number,
            content_hash=document["content_hash"],
            material=material,
            summary=summary,
            content=document,
        )
    return version
