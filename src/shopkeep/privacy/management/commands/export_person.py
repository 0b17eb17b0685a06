import secrets
import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from shopkeep.conf import conf
from shopkeep.privacy import rights
from shopkeep.privacy.models import DataExport
from shopkeep.privacy.subjects import subject_for_email


class Command(BaseCommand):
    help = ("Make the ZIP copy (data.json and data.html) of everything the shop holds about one person, as the "
            "privacy center does (P-32), for a request the owner received directly.")

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The person's email address.")
        parser.add_argument("--output", default="", help="Where to write the ZIP (default: ./data-export.zip).")

    def handle(self, *args, email, output, **options):
        try:
            validate_email(email.strip())
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        export = rights.export_build(export=DataExport.objects.create(
            email=email.strip().lower(), user_id=subject_for_email(email).user_id, secret=secrets.token_urlsafe(32)))
        target = Path(output or "data-export.zip")
        shutil.copyfile(rights.export_path(export), target)
        records = sum(len(record["rows"]) for record in rights.subject_data(subject_for_email(email))["records"])
        self.stdout.write(f"Wrote {target} ({records} records). The shop's own copy is deleted after "
                          f"{conf.export_link_days} days.")
