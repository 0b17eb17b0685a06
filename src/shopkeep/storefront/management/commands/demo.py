"""`shopkeep demo` (what `make demo` runs): migrate, seed the demo shop, serve it on 127.0.0.1."""

from django.core.management import call_command

from django.core.management.base import BaseCommand

from shopkeep import environment
from shopkeep.storefront.management.commands.seed_demo import STAFF_DOMAIN
from shopkeep.conf import conf

DEMO_HOST = "127.0.0.1"
DEMO_WEB_WORKERS = 2


class Command(BaseCommand):
    help = "Run the demo shop: migrate, seed demo data, then serve it on 127.0.0.1:8000 (web + task worker)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")

    def handle(self, *args, port: int, **options):
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", stdout=self.stdout)  # also publishes the first version of the privacy policy

        url = f"http://{DEMO_HOST}:{port}"
        # Links in emails point at the shop the newcomer is looking at (the web workers read this).
        environment.export_default("SHOPKEEP_BASE_URL", url)
        self.stdout.write(
            "\n"
            f"  The shop:      {url}/\n"
            f"  Staff logins:  the *@{STAFF_DOMAIN} accounts above, at {url}/account/login/ "
            "(passwords are printed only when created;\n"
            "                 set a new one with `shopkeep changepassword <email>`)\n"
            "  Test card:     4242 4242 4242 4242, any future expiry, any 3-digit CVC\n"
            f"  Emails:        written as .eml files to {conf.outbox_dir}/\n"
            f"  Data:          {conf.data_dir}/ (delete it to start afresh)\n"
        )
        call_command("serve", host=DEMO_HOST, port=port, workers=DEMO_WEB_WORKERS)
