"""Counts add up exactly when several processes flush into the same roll-ups at once."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.db import connection


def run(mode: str, *args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "shopkeep.analytics.tests.mp_worker", mode, *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


@pytest.fixture
def shared_database(tmp_path):
    """A database URL the worker processes share: a temporary SQLite file, or a scratch PostgreSQL database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"sk_analytics_mp_{uuid.uuid4().hex[:10]}"
    admin = dict(host=params["HOST"] or None, port=params["PORT"] or None, user=params["USER"] or None,
                 password=params["PASSWORD"] or None, dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    yield f"postgresql://{user}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.promise("P-10")
def test_page_views_from_two_processes_flushing_concurrently_add_up_exactly(shared_database, tmp_path):
    # given
    env = {**os.environ, "SHOPKEEP_DATABASE_URL": shared_database, "SHOPKEEP_DATA_DIR": str(tmp_path / "data")}
    finish(run("migrate", env=env))
    # when: two processes record 300 views each, flushing every 10 views into the same rows
    workers = [run("record", "300", "10", tag, env=env) for tag in ("shared", "shared")]
    for worker in workers:
        finish(worker)
    # then
    counts = json.loads(finish(run("count", env=env)))
    assert counts == {"views": 600, "paths": {"/p/shared-0/": 200, "/p/shared-1/": 200, "/p/shared-2/": 200}}
