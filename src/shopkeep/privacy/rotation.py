"""Re-encrypting every encrypted field with the current data key, in bounded batches, while the shop serves.

Each stored value names its key (`enc2:<key id>:...`), so the rows still under an old key can be
counted; an old key is retired only when that count is zero. Running processes pick up a new key
file within `crypto.RELOAD_SECONDS`, and at once when they read a value written under it.
"""

import time
from collections.abc import Iterator

from django.db import connection, transaction

from shopkeep.privacy import crypto
from shopkeep.privacy.checks import shopkeep_models


def encrypted_models() -> list[tuple[type, list[str]]]:
    """(model, encrypted field names) for every model with encrypted fields."""
    found = []
    for model in shopkeep_models():
        fields = [f.name for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
        if fields:
            found.append((model, fields))
    return found


def rows_reencrypt(*, model, fields: list[str], batch_size: int) -> Iterator[tuple[int, int]]:
    """Re-encrypt `fields` of every row, yielding (rows done, rows in all) after each batch.

    Each batch is read under a row lock and written in one transaction, so a concurrent change to a row
    is neither lost nor overwritten with an older value."""
    total = model._default_manager.count()
    done, last_pk = 0, None
    while True:
        with transaction.atomic():
            rows = model._default_manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            batch = list(rows.select_for_update().values_list("pk", *fields)[:batch_size])
            if not batch:
                return
            for pk, *values in batch:
                # values were decrypted on load (with any known key); saving encrypts with the current key.
                model._default_manager.filter(pk=pk).update(**dict(zip(fields, values)))
        done += len(batch)
        last_pk = batch[-1][0]
        yield done, total


def rows_under_other_keys(current_id: str | None = None) -> int:
    """How many stored values are encrypted under a key other than the current one (or without a key id)."""
    current_id = current_id or crypto.current_key_id()
    count = 0
    with connection.cursor() as cursor:
        for model, fields in encrypted_models():
            table = connection.ops.quote_name(model._meta.db_table)
            for name in fields:
                column = connection.ops.quote_name(model._meta.get_field(name).column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE {column} LIKE %s OR ({column} LIKE %s AND {column} NOT LIKE %s)",
                    [f"{crypto.OLD_PREFIX}%", f"{crypto.PREFIX}%", f"{crypto.PREFIX}{current_id}:%"],
                )
                count += cursor.fetchone()[0]
    return count


def settle_wait() -> None:
    """Give running processes time to notice the new current key before counting what is left."""
    time.sleep(2 * crypto.RELOAD_SECONDS)
