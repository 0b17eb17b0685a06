from shopkeep.privacy.retention import retention_run
from shopkeep.privacy.rights import erasures_due
from shopkeep.upkeep.jobs import upkeep_job_register


def retention_upkeep(now) -> str:
    outcomes = retention_run(now=now, apply=True)
    erased = [f"{outcome.count} {outcome.what}" for outcome in outcomes if outcome.count and not outcome.notice]
    warned = [f"{outcome.count} {outcome.what}" for outcome in outcomes if outcome.count and outcome.notice]
    parts = (["erased " + ", ".join(erased)] if erased else []) + (["warned " + ", ".join(warned)] if warned else [])
    return "; ".join(parts) or "nothing was past its retention period"


upkeep_job_register(name="retention", run=retention_upkeep,
                    what="erase every kind of record past its retention period (the data map's periods)")


def erasures_upkeep(now) -> str:
    done = erasures_due(now=now)
    return f"carried out {len(done)} erasure(s)" if done else "no erasure was due"


upkeep_job_register(name="erasures", run=erasures_upkeep,
                    what="carry out the erasures whose grace period has ended, and finish any that was interrupted")
