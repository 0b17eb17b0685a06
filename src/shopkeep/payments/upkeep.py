from shopkeep.payments.services import authorisations_expiring_handle, authorisations_reconcile
from shopkeep.upkeep.jobs import upkeep_job_register


def payments_upkeep(now) -> str:
    counts = authorisations_expiring_handle()
    voided = authorisations_reconcile()
    return (f"renewed {counts['reauthorised']} authorisation(s), flagged {counts['flagged']} order(s) for customer "
            f"service, voided {voided} authorisation(s) without an order")


upkeep_job_register(name="payments", run=payments_upkeep,
                    what="renew card authorisations about to expire; void authorisations that never got an order")
