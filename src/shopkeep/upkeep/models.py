from django.db import models


class UpkeepJob(models.Model):
    """The schedule state of one periodic job, shared by every process that runs upkeep.

    A process runs a job only after winning its lease with one conditional UPDATE, so the job runs
    once however many web and worker processes (on however many machines) share the database.
    """

    name = models.CharField(max_length=40, unique=True)
    due_at = models.DateTimeField(help_text="the job runs at the first upkeep pass at or after this time")
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_holder = models.CharField(max_length=120, blank=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(null=True)
    last_outcome = models.CharField(max_length=500, blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
