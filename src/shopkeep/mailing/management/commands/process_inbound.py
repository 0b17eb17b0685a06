from django.core.management.base import BaseCommand, CommandError

from shopkeep.mailing.inbound import maildir_process, mbox_process


class Command(BaseCommand):
    help = ("Unsubscribe the sender of every message to the remove address and suppress hard bounces, "
            "from a Maildir or an mbox; processed messages are moved so a rerun does not repeat them.")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--maildir", help="path of a Maildir (new/ and cur/ are read)")
        group.add_argument("--mbox", help="path of an mbox file")

    def handle(self, *args, maildir=None, mbox=None, **options):
        try:
            summary = maildir_process(maildir) if maildir else mbox_process(mbox)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(summary.text())
