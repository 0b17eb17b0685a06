"""GET /healthz tells a load balancer whether the shop can work: database writes, disk space, keys, queue, Redis.

Each check answers "ok" or the reason it is not; any failing check answers 503 and logs the reason."""

import json
import shutil
from collections import namedtuple
from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError

from shopkeep import health
from shopkeep.privacy import crypto
from shopkeep.privacy.models import KeyCanary

pytestmark = pytest.mark.django_db

ALL_OK = {"status": "ok", "database": "ok", "disk": "ok", "tasks": "ok", "outbox": "ok", "keys": "ok"}


def test_healthz_is_ok_when_everything_works(client):
    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == ALL_OK
    assert "Set-Cookie" not in response


def test_healthz_checks_the_database_task_queue(client, settings):
    # given
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail", "default", "marketing"]}}

    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 200
    assert json.loads(response.content) == ALL_OK


def test_healthz_is_503_when_the_database_is_unreachable(client):
    # given
    unreachable = OperationalError("connection refused")

    # when
    with mock.patch.object(connection, "cursor", side_effect=unreachable):
        response = client.get("/healthz")

    # then
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["database"] == "unreachable or not writable (OperationalError: connection refused)"


def test_the_database_check_writes_and_leaves_nothing_behind(client):
    # given
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        before = cursor.fetchone()[0]

    # when
    ok, reason = health.database_check()

    # then
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        after = cursor.fetchone()[0]
    assert (ok, reason, after) == (True, "ok", before)


def test_a_read_only_database_fails_the_write_check():
    # given: writes are refused (as on a full disk or a read-only replica)
    real_cursor = connection.cursor

    def refusing():
        cursor = real_cursor()
        cursor.execute = mock.Mock(side_effect=OperationalError("attempt to write a readonly database"))
        return cursor

    # when
    with mock.patch.object(connection, "cursor", side_effect=refusing):
        ok, reason = health.database_check()

    # then
    assert not ok and "attempt to write a readonly database" in reason


def test_healthz_is_503_when_the_redis_queue_is_unreachable(client, settings):
    # given: a Redis queue on a port nothing listens on
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["mail", "default", "marketing"]}}
    settings.RQ_QUEUES = {name: {"URL": "redis://127.0.0.1:9/0", "SOCKET_CONNECT_TIMEOUT": 1} for name in ["mail", "default", "marketing"]}

    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 503
    body = json.loads(response.content)
    assert (body["status"], body["database"]) == ("unavailable", "ok")
    assert body["tasks"].startswith("unreachable (ConnectionError")


def test_healthz_is_503_with_a_full_disk(client, monkeypatch):
    # given: 10 MB left in the data directory
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**10, 10**10 - 10 * 1024 * 1024, 10 * 1024 * 1024))

    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 503
    assert response.json()["disk"].startswith("only 10 MB free in the data directory")


def test_healthz_is_503_when_the_keys_do_not_decrypt_the_canary(client, settings, tmp_path):
    # given: the shop starts with other keys than the database was written with
    settings.SHOPKEEP_DATA_KEYS = ["x" * 43]
    settings.SHOPKEEP_INDEX_KEY = "y" * 43
    crypto.keys_reset()
    try:
        # when
        response = client.get("/healthz")
    finally:
        settings.SHOPKEEP_DATA_KEYS = None
        crypto.keys_reset()

    # then
    assert response.status_code == 503
    assert response.json()["keys"].startswith("the stored canary does not decrypt: Cannot decrypt personal data")
    assert KeyCanary.objects.count() == 1
