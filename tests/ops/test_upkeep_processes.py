"""Several processes running upkeep at the same moment run each due job exactly once (a shared database)."""

import json
import subprocess
import sys

import pytest

from tests.ops.processes import REPO, shopkeep, shopkeep_env

PROCESSES = 4


@pytest.fixture(params=["sqlite", "postgresql"])
def shop_env(request, tmp_path):
    env = shopkeep_env(SHOPKEEP_DATA_DIR=str(tmp_path / "data"))
    if request.param == "postgresql":
        import os
        url = os.environ.get("SHOPKEEP_DATABASE_URL", "")
        if not url.startswith("postgres"):
            pytest.skip("runs when the suite runs on PostgreSQL (SHOPKEEP_DATABASE_URL)")
        database = f"shopkeep_upkeep_{tmp_path.name[-12:].replace('-', '_').lower()}"
        admin = url.rsplit("/", 1)[0] + "/postgres"
        import psycopg
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
            connection.execute(f'CREATE DATABASE "{database}"')
        env["SHOPKEEP_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + database
        yield env
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        return
    yield env


def test_four_processes_started_together_run_each_due_job_once(shop_env):
    # given a migrated shop whose jobs are all due
    migrated = shopkeep("migrate", "--verbosity", "0", env=shop_env, timeout=180)
    assert migrated.returncode == 0, migrated.stderr
    # when four upkeep passes start at the same moment
    passes = [subprocess.Popen([sys.executable, "-m", "shopkeep", "upkeep"], env=shop_env, cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(PROCESSES)]
    outputs = [p.communicate(timeout=180) for p in passes]
    # then every pass succeeded and each enabled job ran exactly once in all
    assert [p.returncode for p in passes] == [0] * PROCESSES, [err for _, err in outputs]
    runs = shopkeep("shell", "-c", "import json; from shopkeep.upkeep.models import UpkeepJob; "
                    "print(json.dumps(dict(UpkeepJob.objects.values_list('name', 'runs'))))", env=shop_env)
    assert json.loads(runs.stdout.strip().splitlines()[-1]) == {"contests": 1, "erasures": 1, "inbound": 0,
                                       "payments": 1, "practices": 1, "retention": 1, "surveys": 1}
    said = "".join(out for out, _ in outputs)
    assert said.count("payments: renewed") == 1
