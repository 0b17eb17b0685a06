"""`shopkeep serve`: gunicorn, the task worker and the upkeep scheduler as children, stopped together."""

import os
import shutil
import signal
import socket
import subprocess
import sys
from unittest import mock

import pytest

from shopkeep.storefront.management.commands import serve
from tests.ops.processes import (
    REPO,
    child_pids,
    command_line,
    free_port,
    responds,
    shopkeep,
    shopkeep_env,
    wait_until,
)


@pytest.fixture(scope="module")
def migrated_env(tmp_path_factory):
    """Environment of a shop whose SQLite database is migrated."""
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path_factory.mktemp("serve-data")))
    result = shopkeep("migrate", "--verbosity", "0", env=env)
    assert result.returncode == 0, result.stderr
    return env


@pytest.fixture
def redis_url():
    """A throw-away Redis server on a free port (skips the test when redis-server is not installed)."""
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server (apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait()


@pytest.fixture
def serve_env(request, migrated_env):
    """The shop's environment: the default database queue, or RQ on Redis when parametrised so."""
    if getattr(request, "param", "database queue") == "redis queue":
        env = migrated_env | {"SHOPKEEP_REDIS_URL": request.getfixturevalue("redis_url")}
        result = shopkeep("migrate", "--verbosity", "0", env=env)  # django_rq brings a migration of its own
        assert result.returncode == 0, result.stderr
        return env
    return migrated_env


@pytest.fixture
def served(serve_env, tmp_path):
    """Start `shopkeep serve` on a free port; yield (process, base url, log path); kill it if still running."""
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "shopkeep", "serve", "--port", str(port), "--workers", "1"],
            env=serve_env,
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: responds(f"{base}/healthz"), timeout=90), log.read_text()
        yield process, base, log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not open(f"/proc/{pid}/stat").read().split(") ")[1].startswith("Z")


@pytest.mark.parametrize("serve_env", ["database queue", "redis queue"], indirect=True)
def test_serve_runs_the_web_server_and_a_task_worker_and_stops_both_on_sigterm(served, serve_env, tmp_path):
    # given
    process, base, log = served
    children = child_pids(process.pid)
    programs = sorted(" ".join(command_line(pid).split()[2:4]) for pid in children)
    worker = "shopkeep rqworker" if "SHOPKEEP_REDIS_URL" in serve_env else "shopkeep db_worker"
    done = tmp_path / "task-done"

    # when: a task is queued, then the server is asked to stop
    queued = shopkeep(
        "shell",
        "-c",
        f"from tests.ops.worker_tasks import file_write_task; file_write_task.enqueue(path={str(done)!r}, text='ran')",
        env=serve_env,
    )
    ran = wait_until(done.exists, timeout=20)
    # the scheduler has run the payments upkeep (in this test, or in the previous one on the same database)
    upkept = wait_until(lambda: "payments   every 15 minutes  last run" in shopkeep("upkeep", "--status",
                                                                                      env=serve_env).stdout, timeout=40)
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=40)

    # then
    assert queued.returncode == 0, queued.stderr
    assert ran and done.read_text() == "ran"
    assert programs == sorted(["gunicorn shopkeep.wsgi:application", "shopkeep outbox_relay", worker,
                               "shopkeep upkeep"])
    assert upkept, log.read_text()  # the scheduler ran the due upkeep on its own
    assert code == 0
    assert log.read_text().rstrip().endswith("shopkeep serve: stopped.")
    assert not any(alive(pid) for pid in children)
    assert not responds(f"{base}/healthz")


def test_the_supervising_process_has_no_django_loaded(served):
    # given a running shop
    process, _base, _log = served

    # then the process started as `shopkeep serve` has become the standard-library supervisor (same id): a few
    # MiB, not the whole shop that its web workers and task worker hold
    assert "-m shopkeep.supervisor" in command_line(process.pid)
    rss_kib = next(int(line.split()[1]) for line in open(f"/proc/{process.pid}/status") if line.startswith("VmRSS:"))
    assert rss_kib < 40 * 1024


def test_serve_stops_on_sigint(served):
    # given
    process, _base, log = served
    children = child_pids(process.pid)

    # when
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=40)

    # then
    assert code == 0
    assert not any(alive(pid) for pid in children)


def test_serve_exits_non_zero_with_a_sentence_when_the_web_server_dies(served):
    # given
    process, _base, log = served
    children = child_pids(process.pid)
    web = next(pid for pid in children if "gunicorn" in command_line(pid))

    # when
    os.kill(web, signal.SIGKILL)
    code = process.wait(timeout=40)

    # then
    assert code == 1
    assert log.read_text().rstrip().endswith(
        "shopkeep serve: the web server stopped unexpectedly (killed by SIGKILL), "
        "so the other processes were stopped too."
    )
    assert not any(alive(pid) for pid in children)


def test_a_killed_task_worker_is_restarted_and_the_shop_keeps_serving(served, serve_env, tmp_path):
    # given
    process, base, log = served
    worker = next(pid for pid in child_pids(process.pid) if "db_worker" in command_line(pid))
    done = tmp_path / "task-done"

    # when: the task worker is killed, then a task is queued
    os.kill(worker, signal.SIGKILL)
    restarted = wait_until(lambda: any("db_worker" in command_line(pid) and pid != worker
                                       for pid in child_pids(process.pid)), timeout=30)
    queued = shopkeep(
        "shell", "-c",
        f"from tests.ops.worker_tasks import file_write_task; file_write_task.enqueue(path={str(done)!r}, text='ran')",
        env=serve_env,
    )

    # then: a new worker runs the task, the web server never stopped, and the log says what happened
    assert restarted, log.read_text()
    assert queued.returncode == 0, queued.stderr
    assert wait_until(done.exists, timeout=30), log.read_text()
    assert process.poll() is None and responds(f"{base}/healthz")
    assert ("shopkeep serve: the task worker stopped unexpectedly (killed by SIGKILL); restarting it in 1 s "
            "(restart 1). The shop keeps serving.") in log.read_text()


def test_serve_refuses_to_start_when_the_keys_directory_is_missing(migrated_env, tmp_path):
    # given: the data directory copied without keys/
    copy = tmp_path / "var"
    shutil.copytree(migrated_env["SHOPKEEP_DATA_DIR"], copy, ignore=shutil.ignore_patterns("keys"))
    env = migrated_env | {"SHOPKEEP_DATA_DIR": str(copy)}

    # when
    result = shopkeep("serve", "--port", str(free_port()), env=env)

    # then
    assert result.returncode == 1
    assert result.stderr.startswith(f"shopkeep: The keys directory {copy / 'keys'} is missing or empty, but this "
                                    "database was set up with keys")
    assert not (copy / "keys").exists()


def test_serve_refuses_to_start_on_a_database_that_is_not_migrated(tmp_path):
    # given
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path))

    # when
    result = shopkeep("serve", "--port", str(free_port()), env=env)

    # then
    assert result.returncode == 1
    assert result.stderr == "CommandError: The database is not up to date: run `shopkeep migrate` first.\n"


def test_web_command_runs_gunicorn_sync_workers_on_the_wsgi_app():
    # when
    command = serve.web_command(host="127.0.0.1", port=8123, workers=3)

    # then
    assert command[:4] == [sys.executable, "-m", "gunicorn", "shopkeep.wsgi:application"]
    assert command[4:10] == ["--bind", "127.0.0.1:8123", "--workers", "3", "--worker-class", "sync"]


def test_web_command_uses_the_gunicorn_config_module_when_it_exists():
    # given
    with mock.patch.object(serve.importlib.util, "find_spec", return_value=object()):
        # when
        command = serve.web_command(host="::1", port=8123, workers=1)

    # then
    assert command[-2:] == ["--config", "python:shopkeep.gunicorn_conf"]
    assert command[5] == "[::1]:8123"


def test_worker_command_follows_the_tasks_backend(settings):
    # given
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail", "default", "marketing"]}}

    # when
    database = serve.worker_command()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["mail", "default", "marketing"]}}
    redis = serve.worker_command()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["mail", "default", "marketing"]}}
    immediate = serve.worker_command()

    # then
    assert database == [sys.executable, "-m", "shopkeep", "db_worker", "--no-reload", "--queue-name",
                        "mail,default,marketing"]
    assert redis == [sys.executable, "-m", "shopkeep", "rqworker", "--job-class", "django_tasks_rq.Job", "mail",
                     "default", "marketing"]
    assert immediate is None


def test_serve_refuses_a_port_that_is_in_use(migrated_env):
    # given
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        # when
        result = shopkeep("serve", "--port", str(port), env=migrated_env)

    # then
    assert result.returncode == 1
    assert result.stderr == (
        f"CommandError: Port {port} on 127.0.0.1 is already in use: stop what uses it, or choose another with --port.\n"
    )
