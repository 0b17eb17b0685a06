from shopkeep.orders.services import checkout_ips_erase
from shopkeep.upkeep.jobs import upkeep_job_register


def orders_upkeep(now) -> str:
    return f"erased the checkout IP of {checkout_ips_erase(now=now)} order(s) past its retention period"


upkeep_job_register(name="orders", run=orders_upkeep, what="erase checkout IP addresses past their retention period")
