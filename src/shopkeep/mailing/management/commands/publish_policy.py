from django.core.management.base import BaseCommand, CommandError

from shopkeep.mailing.policy_notices import policy_publish
from shopkeep.privacy.publishing import NothingToPublish


class Command(BaseCommand):
    help = "Publish the generated privacy policy as a new version; --material emails every customer."

    def add_arguments(self, parser):
        kind = parser.add_mutually_exclusive_group(required=True)
        kind.add_argument("--material", action="store_true", help="A material change: customers are emailed.")
        kind.add_argument("--minor", action="store_true", help="A minor change: listed in the change log only.")
        parser.add_argument("--summary", required=True, help="What changed, in a sentence or two.")

    def handle(self, *args, material, minor, summary, **options):
        try:
            version = policy_publish(material=material, summary=summary)
        except (NothingToPublish, ValueError) as error:
            raise CommandError(str(error)) from None
        note = "; customers with an account or an open order are being emailed" if material else ""
        self.stdout.write(f"Published privacy policy version {version.version} ({version.content_hash[:12]}){note}.")
