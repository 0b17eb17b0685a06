from shopkeep.mailing.campaigns.contests import contest_winners_replace_unanswered
from shopkeep.mailing.campaigns.surveys import survey_invitations_due_send
from shopkeep.upkeep.jobs import upkeep_job_register


def surveys_upkeep(now) -> str:
    return f"invited {survey_invitations_due_send(now=now)} opted-in customer(s) to the survey"


upkeep_job_register(name="surveys", run=surveys_upkeep, what="invite opted-in customers to the survey after delivery")


def contests_upkeep(now) -> str:
    return f"replaced {contest_winners_replace_unanswered(now=now)} contest winner(s) who did not confirm in time"


upkeep_job_register(name="contests", run=contests_upkeep,
                    what="replace drawn contest winners who did not confirm in time by the next drawn entry")
