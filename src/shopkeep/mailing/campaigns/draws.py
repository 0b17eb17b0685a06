"""The fair draw of a contest (P-30), written so that anyone can recompute it from what the shop publishes.

The procedure, also shown on every contest page:

1. When the contest is created the shop picks a secret seed: 64 lower-case hexadecimal characters
   (32 random bytes). From the moment the contest opens it publishes the commitment: the SHA-256 of
   those 64 ASCII characters, in lower-case hex. The seed itself is stored encrypted and shown to
   nobody, staff included, until the draw.
2. At the draw (after closing) the list of entry ids is fixed and published, sorted as plain strings.
3. Every entry id gets the score HMAC-SHA256(key = the seed's 64 ASCII characters, message = the entry
   id in ASCII), in lower-case hex.
4. Entries are put in order of their score, lowest first (a tie, practically impossible, goes to the
   lower entry id). The first N are the winners. When a winner withdraws or does not confirm in time,
   the id is added to the published list of skipped ids and the next entry in this order that still
   stands takes the place; so the winners are always the first N of the order once the skipped ids
   are left out.
5. The seed is published with the list, so anyone can check SHA-256(seed) = commitment and recompute
   the order, for example in Python:
   `sorted(ids, key=lambda i: (hmac.new(seed.encode(), i.encode(), "sha256").hexdigest(), i))`.

The seed was fixed (and committed to) before anyone entered, and entry ids are random, so neither the
shop nor an entrant can steer the outcome.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

# A stored value must never hold a digit run that a card-number scanner would flag (P-13).
_LONG_DIGIT_RUN = re.compile(r"\d{13,}")


def draw_seed_new() -> str:
    """A fresh secret seed: 32 random bytes in hex, chosen so that neither it nor its commitment has a long
    run of digits (a negligible loss of randomness that keeps card-number scanners quiet)."""
    while True:
        seed = secrets.token_hex(32)
        if not _LONG_DIGIT_RUN.search(seed) and not _LONG_DIGIT_RUN.search(draw_commitment(seed)):
            return seed


def draw_commitment(seed: str) -> str:
    """The published commitment to a seed: SHA-256 of its ASCII characters, in lower-case hex."""
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def draw_score(*, seed: str, entry_id: str) -> str:
    """HMAC-SHA256 of the entry id keyed with the seed, in lower-case hex."""
    return hmac.new(seed.encode("ascii"), entry_id.encode("ascii"), hashlib.sha256).hexdigest()


def draw_order(*, seed: str, entry_ids: Iterable[str]) -> list[str]:
    """Every entry id in drawn order: by score, then by id."""
    return sorted(entry_ids, key=lambda entry_id: (draw_score(seed=seed, entry_id=entry_id), entry_id))


def draw_winners(*, seed: str, entry_ids: Iterable[str], winners_count: int,
                 skipped_ids: Iterable[str] = ()) -> list[str]:
    """The first `winners_count` entries of the drawn order, leaving out the skipped ids."""
    skipped = set(skipped_ids)
    return [entry_id for entry_id in draw_order(seed=seed, entry_ids=entry_ids)
            if entry_id not in skipped][:winners_count]


def draw_verify(*, commitment: str, seed: str, entry_ids: Iterable[str], winners_count: int,
                winner_ids: Iterable[str], skipped_ids: Iterable[str] = ()) -> bool:
    """Check published draw data: the seed matches the commitment and the winners are the ones it draws."""
    if not hmac.compare_digest(draw_commitment(seed), commitment.strip().lower()):
        return False
    expected = draw_winners(seed=seed, entry_ids=entry_ids, winners_count=winners_count, skipped_ids=skipped_ids)
    return expected == list(winner_ids)
