from django.core.management.base import BaseCommand

from shopkeep.conf import conf
from shopkeep.orders.services import checkout_ips_erase


class Command(BaseCommand):
    help = "Run the order upkeep once: erase checkout IP addresses older than their retention period. Run it daily."

    def handle(self, *args, **options):
        erased = checkout_ips_erase()
        self.stdout.write(f"Erased the checkout IP of {erased} order(s) older than {conf.checkout_ip_retention_days} days.")
