from shopkeep.conf import conf
from shopkeep.mailing.inbound import maildir_process
from shopkeep.upkeep.jobs import upkeep_job_register


def inbound_upkeep(now) -> str:
    return maildir_process(conf.inbound_maildir).text().replace("\n", "; ")


upkeep_job_register(name="inbound", run=inbound_upkeep, enabled=lambda: bool(conf.inbound_maildir),
                    what="unsubscribe senders to the remove address and suppress bounces from SHOPKEEP_INBOUND_MAILDIR")
