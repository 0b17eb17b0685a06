from django.utils import timezone

from shopkeep.backoffice.practices_reminders import practices_reminders_send
from shopkeep.upkeep.jobs import upkeep_job_register


def practices_upkeep(now) -> str:
    return f"sent {practices_reminders_send(today=timezone.localdate(now))} practices reminder(s)"


upkeep_job_register(name="practices", run=practices_upkeep,
                    what="remind staff to acknowledge the privacy practices two weeks before the quarter ends")
