from datetime import timedelta

from django.core.management.base import BaseCommand

from shopkeep.payments.services import authorisations_expiring_handle, authorisations_reconcile


class Command(BaseCommand):
    help = ("Run the payment upkeep once: renew card authorisations about to expire (or flag their orders "
            "for customer service), settle authorisations a crash left unrecorded (asking the gateway by idempotency "
            "key) and void authorisations that never got an order. Run it at least hourly.")

    def add_arguments(self, parser):
        parser.add_argument("--grace-minutes", type=int, default=None,
                            help="Age after which an authorisation without an order is voided (default: setting).")

    def handle(self, *args, grace_minutes, **options):
        counts = authorisations_expiring_handle()
        older_than = timedelta(minutes=grace_minutes) if grace_minutes is not None else None
        voided = authorisations_reconcile(older_than=older_than)
        self.stdout.write(
            f"Renewed {counts['reauthorised']} authorisation(s), flagged {counts['flagged']} order(s) for "
            f"customer service, voided {voided} authorisation(s) without an order."
        )
