"""Publishing policy versions and telling customers about material changes (P-40)."""

from django.db import transaction
from django.db.models import Max

from shopkeep.privacy.models import PolicyVersion
from shopkeep.privacy.policy import policy_document


class NothingToPublish(Exception):
    pass


def policy_current_version() -> PolicyVersion | None:
    return PolicyVersion.objects.order_by("-version").first()


def policy_publish(*, material: bool, summary: str) -> PolicyVersion:
    """Store the generated policy as a new version; a material change emails every customer."""
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
        if material:
            from shopkeep.privacy.tasks import policy_change_notify_task

            transaction.on_commit(lambda: policy_change_notify_task.enqueue(version.pk))
    return version
