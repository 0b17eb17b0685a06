import json

from django.core.management.base import BaseCommand
from django.template.loader import render_to_string

from shopkeep.privacy.policy import policy_markdown, policy_versioned, render_context


class Command(BaseCommand):
    help = "Print the privacy policy generated from the data map (Markdown, HTML or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["md", "html", "json"], default="md")

    def handle(self, *args, format, **options):
        document = policy_versioned()
        if format == "json":
            self.stdout.write(json.dumps(document, indent=2, sort_keys=True, default=str))
        elif format == "html":
            self.stdout.write(render_to_string("privacy/policy_standalone.html", render_context(document)))
        else:
            self.stdout.write(policy_markdown(document))
