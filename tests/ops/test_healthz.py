"""GET /healthz tells a load balancer whether the database and the task queue are reachable."""

import json
from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_when_database_and_tasks_are_reachable(client):
    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "tasks": "ok"}
    assert "Set-Cookie" not in response


def test_healthz_checks_the_database_task_queue(client, settings):
    # given
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "tasks": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(client):
    # given
    unreachable = OperationalError("connection refused")

    # when
    with mock.patch.object(connection, "cursor", side_effect=unreachable):
        response = client.get("/healthz")

    # then
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "unreachable", "tasks": "ok"}


def test_healthz_is_503_when_the_redis_queue_is_unreachable(client, settings):
    # given: a Redis queue on a port nothing listens on
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0", "SOCKET_CONNECT_TIMEOUT": 1}}

    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "ok", "tasks": "unreachable"}
