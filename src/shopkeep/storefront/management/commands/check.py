"""`shopkeep check`: Django's system checks, including those that read the database (the shop's identity).

Checks that read the database run only when a database is named (Django's rule, so that `migrate`,
`serve` and every other command stay quiet); `shopkeep check` names the default one unless told otherwise.
"""

from django.core.management.commands.check import Command as DjangoCheckCommand
from django.db import DEFAULT_DB_ALIAS


class Command(DjangoCheckCommand):
    def handle(self, *app_labels, **options):
        options["databases"] = options.get("databases") or [DEFAULT_DB_ALIAS]
        return super().handle(*app_labels, **options)
