import csv

from django.core.management.base import BaseCommand

from shopkeep.privacy.policy import ropa_rows
from shopkeep.spreadsheet import cell_safe


class Command(BaseCommand):
    help = "Print the record of processing activities (GDPR Art. 30) as CSV, one row per personal-data field."

    def handle(self, *args, **options):
        rows = ropa_rows()
        writer = csv.DictWriter(self.stdout, fieldnames=list(rows[0]) if rows else ["record"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: cell_safe(value) for key, value in row.items()} for row in rows)
