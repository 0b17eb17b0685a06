"""One row per piece of work that must follow a commit, written in the same transaction as its cause."""

from django.db import models
from django.utils import timezone


# The task queues, most urgent first: order and account mail never waits behind a newsletter campaign.
QUEUES = ("mail", "default", "marketing")
QUEUE_PRIORITY = {"mail": 50, "default": 0, "marketing": -50}


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "waiting to run"
        DONE = "done", "ran"
        FAILED = "failed", "gave up"

    task = models.CharField(max_length=200, help_text="dotted path of the django-tasks task")
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    queue = models.CharField(max_length=20, default="default", help_text="the task queue it is handed to")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    run_after = models.DateTimeField(default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True, help_text="last time it was handed to the queue")
    relays = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "run_after"])]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.status})"
