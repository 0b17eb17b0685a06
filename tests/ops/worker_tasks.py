"""A task for checking that `shopkeep serve` runs a task worker."""

from pathlib import Path

from django_tasks import task


@task()
def file_write_task(path: str, text: str) -> None:
    Path(path).write_text(text)
