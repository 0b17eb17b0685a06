from django.core.management.base import BaseCommand, CommandError

from shopkeep.privacy import crypto
from shopkeep.privacy.rotation import encrypted_models, rows_reencrypt


class Command(BaseCommand):
    help = "Make a new data key current and re-encrypt every encrypted field with it, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-new-key", action="store_true",
                            help="Re-encrypt with the current key without creating a new one (e.g. after changing SHOPKEEP_DATA_KEYS).")
        parser.add_argument("--retire-old", action="store_true",
                            help="After re-encrypting, move the old key files to keys/retired/.")

    def handle(self, *args, batch_size, no_new_key, retire_old, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not no_new_key:
            path = crypto.key_add(crypto.keys_dir())
            self.stdout.write(f"New data key {path.name} is now current.")
        total = 0
        for model, fields in encrypted_models():
            done = 0
            for count, of in rows_reencrypt(model=model, fields=fields, batch_size=batch_size):
                done = count
                self.stdout.write(f"  {model._meta.label}: {count}/{of} rows", ending="\r")
            self.stdout.write(f"  {model._meta.label}: {done} rows re-encrypted ({', '.join(fields)})")
            total += done
        if retire_old:
            retired = crypto.keys_retire_old(crypto.keys_dir())
            self.stdout.write(f"Retired {len(retired)} old key file(s) to keys/retired/.")
        self.stdout.write(f"Done: {total} rows re-encrypted with the current key.")
