"""The supervisor of `shopkeep serve` and `shopkeep worker`: starts the child processes, forwards SIGINT/SIGTERM
to them, restarts the restartable ones and notices the others. It imports nothing but the standard library.

The commands check the database, the keys and the static files with Django loaded, then replace themselves
(`exec`, the same process id) with `python -m shopkeep.supervisor SPEC`: a supervisor that kept the whole shop
in memory (about 100 MiB) only to wait for its children would waste it.

A task worker, relay or upkeep scheduler that dies is restarted with a growing pause (1 s, 2 s, 4 s … at most
60 s; back to 1 s after it has run for RESTART_RESET seconds) and a log line. If a child that is not restarted
(the web server) dies, everything stops and the supervisor exits non-zero with a sentence.
"""

import ctypes
import json
import os
import signal
import subprocess
import sys
import time

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
RESTART_FIRST_DELAY = 1.0
RESTART_MAX_DELAY = 60.0
RESTART_RESET = 60.0  # seconds a restarted child must run before the pause goes back to the first one
STOP_TIMEOUT = 30  # seconds the children get to finish their requests and tasks
POLL_INTERVAL = 0.2
PR_SET_PDEATHSIG = 1


def exit_description(code: int) -> str:
    """'exit code 3', or 'killed by SIGKILL' for a process a signal ended."""
    if code >= 0:
        return f"exit code {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def _child_setup() -> None:
    """In the child: own process group (the terminal's Ctrl+C reaches only us), and die with the parent."""
    os.setpgid(0, 0)
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    """Start child processes, forward stop signals to them, restart the restartable ones, notice the others."""

    def __init__(self, *, label: str = "serve", log=None) -> None:
        self.label = label
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
        self.log(f"shopkeep {self.label}: the {name} stopped unexpectedly ({exit_description(code)}); restarting it in "
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


def supervise(*, label: str, children: list[tuple[str, list[str], bool]]) -> None:
    """Run `children` ((name, command, restarted when it dies)) until a stop signal or the death of one that is
    not restarted; then stop them all. Prints `shopkeep LABEL: stopped.`, or exits non-zero with a sentence."""
    supervisor = Supervisor(label=label)
    previous = {signum: signal.signal(signum, supervisor.on_signal) for signum in STOP_SIGNALS}
    try:
        for name, command, restart in children:
            supervisor.start(name, command, restart=restart)
        name, code = supervisor.wait_first()
    finally:
        if not supervisor.stopping:  # else the signal was forwarded already; a second one would force
            supervisor.signal_all(signal.SIGTERM)
        supervisor.wait_all(timeout=STOP_TIMEOUT)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if not supervisor.stopping:
        raise SystemExit(f"shopkeep {label}: the {name} stopped unexpectedly ({exit_description(code)}), "
                         "so the other processes were stopped too.")
    print(f"shopkeep {label}: stopped.", flush=True)


def supervise_in_place(*, label: str, children: list[tuple[str, list[str], bool]]) -> None:
    """Replace this process (same id, same output) with a supervisor of `children` that has no Django loaded."""
    sys.stdout.flush()
    sys.stderr.flush()
    spec = json.dumps({"label": label, "children": [[name, command, restart] for name, command, restart in children]})
    os.execv(sys.executable, [sys.executable, "-m", "shopkeep.supervisor", spec])


def main(argv: list[str]) -> None:
    spec = json.loads(argv[1])
    supervise(label=spec["label"], children=[(name, command, restart) for name, command, restart in spec["children"]])


if __name__ == "__main__":
    main(sys.argv)
