"""Data map of the outbox: task paths and ids only; personal data stays in the rows the ids point to."""

from shopkeep.outbox.models import OutboxMessage
from shopkeep.privacy.registry import register

register(
    OutboxMessage,
    description="work queued after a commit (emails, notices, exports): task names and row ids, no personal data",
    non_personal=["id", "task", "args", "kwargs", "queue", "status", "run_after", "relayed_at", "relays", "done_at",
                  "last_error", "created_at"],
)
