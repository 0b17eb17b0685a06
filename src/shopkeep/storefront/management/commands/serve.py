"""`shopkeep serve`: production serving, gunicorn web workers, the background task worker, the outbox relay
and the upkeep scheduler (`shopkeep upkeep --loop`).

All run as child processes of this command, which forwards SIGINT/SIGTERM to them. A task worker,
relay or upkeep scheduler that dies is restarted with a growing pause (1 s, 2 s, 4 s … at most 60 s;
back to 1 s after it has run for RESTART_RESET seconds) and a log line, while the web server keeps
serving. If the web server dies, everything stops (non-zero, with a sentence).
"""

import ctypes
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import OperationalError

from shopkeep.privacy.keys import keys_verify

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
RESTART_FIRST_DELAY = 1.0
RESTART_MAX_DELAY = 60.0
RESTART_RESET = 60.0  # seconds a restarted child must run before the pause goes back to the first one
STOP_TIMEOUT = 30  # seconds the children get to finish their requests and tasks
POLL_INTERVAL = 0.2
PR_SET_PDEATHSIG = 1
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


def exit_description(code: int) -> str:
    """'exit code 3', or 'killed by SIGKILL' for a process a signal ended."""
    if code >= 0:
        return f"exit code {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def _gunicorn_has_setting(name: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == name for setting in KNOWN_SETTINGS)


def _child_setup() -> None:
    """In the child: own process group (the terminal's Ctrl+C reaches only us), and die with the parent."""
    os.setpgid(0, 0)
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


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


class Supervisor:
    """Start child processes, forward stop signals to them, restart the restartable ones, notice the others."""

    def __init__(self, *, log=None) -> None:
        self.children: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, list[str]] = {}
        self.restartable: set[str] = set()
        self.started_at: dict[str, float] = {}
        self.delays: dict[str, float] = {}
        self.restarts: dict[str, int] = {}
        self.stopping = False
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))

    def start(self, name: str, command: list[str], *, restart: bool = False) -> None:
        self.commands[name] = command
        if restart:
            self.restartable.add(name)
        self.children[name] = subprocess.Popen(command, preexec_fn=_child_setup)
        self.started_at[name] = time.monotonic()
        if self.stopping:
            self.children[name].terminate()

    def restart(self, name: str, code: int) -> None:
        """Start `name` again after a pause that doubles with each quick death."""
        if time.monotonic() - self.started_at[name] >= RESTART_RESET:
            self.delays[name] = RESTART_FIRST_DELAY
        delay = self.delays.get(name, RESTART_FIRST_DELAY)
        self.restarts[name] = self.restarts.get(name, 0) + 1
        self.log(f"shopkeep serve: the {name} stopped unexpectedly ({exit_description(code)}); restarting it in "
                 f"{delay:g} s (restart {self.restarts[name]}). The shop keeps serving.")
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and not self.stopping:
            time.sleep(POLL_INTERVAL)
        self.delays[name] = min(delay * 2, RESTART_MAX_DELAY)
        if not self.stopping:
            self.start(name, self.commands[name], restart=True)

    def signal_all(self, signum: int) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signum)

    def on_signal(self, signum, frame) -> None:
        self.stopping = True
        self.signal_all(signum)

    def wait_first(self) -> tuple[str, int]:
        """Block until a child that is not restarted exits (restarting the others meanwhile); its name and code."""
        while True:
            for name, child in list(self.children.items()):
                code = child.poll()
                if code is None:
                    continue
                if name in self.restartable and not self.stopping:
                    self.restart(name, code)
                    continue
                return name, code
            time.sleep(POLL_INTERVAL)

    def wait_all(self, *, timeout: float) -> None:
        """Wait for every child, killing those still running after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        for child in self.children.values():
            try:
                child.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


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

        supervisor = Supervisor(log=self._log)
        previous = {signum: signal.signal(signum, supervisor.on_signal) for signum in STOP_SIGNALS}
        try:
            name, code = self._run(supervisor, host=host, port=port, workers=workers)
        finally:
            if not supervisor.stopping:  # else the signal was forwarded already; a second one would force
                supervisor.signal_all(signal.SIGTERM)
            supervisor.wait_all(timeout=STOP_TIMEOUT)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if not supervisor.stopping:
            raise SystemExit(
                f"shopkeep serve: the {name} stopped unexpectedly ({exit_description(code)}), "
                "so the other processes were stopped too."
            )
        self.stdout.write("shopkeep serve: stopped.")

    def _run(self, supervisor: Supervisor, *, host: str, port: int, workers: int) -> tuple[str, int]:
        worker = worker_command()
        queue = {RQ_BACKEND: "Redis queue", DB_BACKEND: "database queue"}.get(settings.TASKS["default"]["BACKEND"])
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(
            f"shopkeep serves http://{shown_host}:{port}/ with {workers} web worker(s)"
            + (f", a task worker ({queue}), the outbox relay" if worker else "")
            + " and the upkeep scheduler. Stop with Ctrl+C."
        )
        self.stdout.flush()
        supervisor.start("web server", web_command(host=host, port=port, workers=workers))
        if worker:
            supervisor.start("task worker", worker, restart=True)
            supervisor.start("outbox relay", relay_command(), restart=True)
        supervisor.start("upkeep scheduler", upkeep_command(), restart=True)
        return supervisor.wait_first()

    def _log(self, line: str) -> None:
        self.stderr.write(line)
        self.stderr.flush()
