from django_tasks import task

from shopkeep.outbox.relay import outbox_deliver, outbox_relay


@task()
def outbox_deliver_task(message_id: int) -> str:
    return outbox_deliver(message_id)


@task()
def outbox_relay_task() -> dict:
    """One relay pass (the serve command also runs the relay in a loop)."""
    return outbox_relay()
