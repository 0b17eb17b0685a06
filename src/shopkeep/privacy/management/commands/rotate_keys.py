from django.core.management.base import BaseCommand, CommandError

from shopkeep.conf import conf
from shopkeep.privacy import crypto
from shopkeep.privacy.keys import canary_write, key_fingerprint_record, key_fingerprint_retire
from shopkeep.privacy.rotation import encrypted_models, rows_reencrypt, rows_under_other_keys, settle_wait

PASSES = 3


class Command(BaseCommand):
    help = ("Make a new data key current and re-encrypt every encrypted field with it, in batches, while the shop "
            "keeps serving (running processes pick up the new key file within a second; no restart).")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-new-key", action="store_true",
                            help="Re-encrypt with the current key without creating a new one (e.g. after changing SHOPKEEP_DATA_KEYS).")
        parser.add_argument("--retire-old", action="store_true",
                            help="After re-encrypting, move the old key files to keys/retired/, once no row uses them.")

    def handle(self, *args, batch_size, no_new_key, retire_old, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if retire_old and conf.data_keys:
            raise CommandError("--retire-old moves key files; with SHOPKEEP_DATA_KEYS remove the old key from the "
                               "variable yourself once `rotate_keys --no-new-key` has re-encrypted every row.")
        if not no_new_key:
            if conf.data_keys:
                raise CommandError("The keys come from SHOPKEEP_DATA_KEYS: put a new key in front of the others, "
                                   "restart, then run `shopkeep rotate_keys --no-new-key`.")
            # The new key is recorded in the database before any row is written under it (README: Keys).
            path = crypto.key_add(crypto.keys_dir())
            key_fingerprint_record(path.read_text().strip())
            self.stdout.write(f"New data key {path.name} is now current.")
            settle_wait()
        total = self._reencrypt(batch_size)
        canary_write()
        if retire_old:
            self._retire(batch_size)
        self.stdout.write(f"Done: {total} rows re-encrypted with the current key.")

    def _reencrypt(self, batch_size: int) -> int:
        total = 0
        for model, fields in encrypted_models():
            done, of = 0, 0
            for done, of in rows_reencrypt(model=model, fields=fields, batch_size=batch_size):
                if done < of:
                    self.stdout.write(f"  {model._meta.label}: {done}/{of} rows")
            self.stdout.write(f"  {model._meta.label}: {done} rows re-encrypted ({', '.join(fields)})")
            total += done
        return total

    def _retire(self, batch_size: int) -> None:
        # A process that had not yet seen the new key may have written rows under the old one meanwhile.
        for _ in range(PASSES):
            settle_wait()
            left = rows_under_other_keys()
            if not left:
                break
            self.stdout.write(f"{left} value(s) still under an old key; re-encrypting them.")
            self._reencrypt(batch_size)
        else:
            raise CommandError(f"{rows_under_other_keys()} value(s) still use an old key; it was kept. Run "
                               "`shopkeep rotate_keys --no-new-key --retire-old` again.")
        old = [crypto.fingerprint(p.read_text().strip()) for p in crypto.key_files(crypto.keys_dir())[1:]]
        retired = crypto.keys_retire_old(crypto.keys_dir())
        for fingerprint in old:
            key_fingerprint_retire(fingerprint)
        self.stdout.write(f"Retired {len(retired)} old key file(s) to keys/retired/ (no row uses them).")
