"""Run the `shopkeep` command in a child process, the way an operator would."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def shopkeep_env(**values: str) -> dict[str, str]:
    """This process's environment without any SHOPKEEP_* variable, plus `values`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SHOPKEEP_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' Playwright; never in a real shop
    env["PYTHONPATH"] = str(REPO)  # so the worker can import tests.ops.worker_tasks
    return env | values


def shopkeep(*args: str, env: dict[str, str], cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `shopkeep <args>` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "shopkeep", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(condition, *, timeout: float = 30, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def responds(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


def child_pids(pid: int) -> list[int]:
    """Direct children of a process (Linux)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
