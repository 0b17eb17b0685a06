"""`shopkeep serve`: production serving, gunicorn web workers, the background task worker, the outbox relay
and the upkeep scheduler (`shopkeep upkeep --loop`).

This command checks the database, the keys and the port and collects the static files; then it becomes
(exec, same process id) the supervisor in `shopkeep.supervisor`, which has no Django loaded. All run as its
child processes; it forwards SIGINT/SIGTERM to them. A task worker, relay or upkeep scheduler that dies is
restarted with a growing pause (1 s, 2 s, 4 s … at most 60 s) and a log line, while the web server keeps
serving. If the web server dies, everything stops (non-zero, with a sentence).
"""

import importlib.util
import socket
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import OperationalError

from shopkeep.privacy.keys import keys_verify
from shopkeep.supervisor import supervise_in_place

RQ_BACKEND = "django_tasks_rq.RQBackend"
DB_BACKEND = "django_tasks_db.DatabaseBackend"


def web_command(*, host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line: sync workers serving shopkeep.wsgi."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    command = [sys.executable, "-m", "gunicorn", "shopkeep.wsgi:application", "--bind", bind]
    command += ["--workers", str(workers), "--worker-class", "sync"]
    if _gunicorn_has_setting("control_socket_disable"):
        # The control socket defaults to one path per user, which two shops on one machine would share.
        command.append("--no-control-socket")
    if importlib.util.find_spec("shopkeep.gunicorn_conf") is not None:
        command += ["--config", "python:shopkeep.gunicorn_conf"]
    return command


def worker_command() -> list[str] | None:
    """The task worker for the configured tasks backend; None when tasks need no worker."""
    backend = settings.TASKS["default"]["BACKEND"]
    manage = [sys.executable, "-m", "shopkeep"]
    if backend == RQ_BACKEND:
        # RQ takes the queues in this order: mail first, newsletters last.
        return manage + ["rqworker", "--job-class", "django_tasks_rq.Job", "mail", "default", "marketing"]
    if backend == DB_BACKEND:
        # The database queue takes the highest priority first (mail 50, background 0, marketing -50).
        return manage + ["db_worker", "--no-reload", "--queue-name", "mail,default,marketing"]
    return None


def relay_command() -> list[str]:
    """The outbox relay: hands work recorded after commits to the queue, retrying while the queue is down."""
    return [sys.executable, "-m", "shopkeep", "outbox_relay", "--loop"]


def upkeep_command() -> list[str]:
    """The upkeep scheduler: runs each due periodic job, once across every process sharing the database."""
    return [sys.executable, "-m", "shopkeep", "upkeep", "--loop"]


def _gunicorn_has_setting(name: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == name for setting in KNOWN_SETTINGS)


def port_in_use(*, host: str, port: int) -> bool:
    """True when another process already listens on host:port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def migrations_pending() -> bool:
    """True when the database lacks some of shopkeep's migrations."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = ("Serve the shop for production: gunicorn (sync workers), the background task worker and the upkeep "
            "scheduler.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument("--workers", type=int, default=2, help="Number of web worker processes (default 2).")

    def handle(self, *args, host: str, port: int, workers: int, **options):
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}.")
        try:
            if migrations_pending():
                raise CommandError("The database is not up to date: run `shopkeep migrate` first.")
        except OperationalError as error:
            raise CommandError(f"shopkeep cannot reach its database ({error}).") from error
        keys_verify()  # KeyProblem: `shopkeep` exits with the sentence naming the variable or file
        if port_in_use(host=host, port=port):
            raise CommandError(
                f"Port {port} on {host} is already in use: stop what uses it, or choose another with --port."
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        worker = worker_command()
        queue = {RQ_BACKEND: "Redis queue", DB_BACKEND: "database queue"}.get(settings.TASKS["default"]["BACKEND"])
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(
            f"shopkeep serves http://{shown_host}:{port}/ with {workers} web worker(s)"
            + (f", a task worker ({queue}), the outbox relay" if worker else "")
            + " and the upkeep scheduler. Stop with Ctrl+C."
        )
        children = [("web server", web_command(host=host, port=port, workers=workers), False)]
        if worker:
            children += [("task worker", worker, True), ("outbox relay", relay_command(), True)]
        children.append(("upkeep scheduler", upkeep_command(), True))
        # Checked and ready: the rest needs no Django, so this process becomes the lean supervisor (same id).
        supervise_in_place(label="serve", children=children)
