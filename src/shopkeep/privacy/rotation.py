"""Re-encrypting every encrypted field with the current data key, in bounded batches."""

from collections.abc import Iterator

from django.db import transaction

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
    """Re-encrypt `fields` of every row, yielding (rows done, rows in all) after each batch."""
    total = model._default_manager.count()
    done, last_pk = 0, None
    while True:
        rows = model._default_manager.order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows.values_list("pk", *fields)[:batch_size])
        if not batch:
            return
        with transaction.atomic():
            for pk, *values in batch:
                # values were decrypted on load (with any known key); saving encrypts with the current key.
                model._default_manager.filter(pk=pk).update(**dict(zip(fields, values)))
        done += len(batch)
        last_pk = batch[-1][0]
        yield done, total
