"""With Redis down, pages still answer: the cache falls back to memory, with one log line."""

import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "shopkeep.caches.FallbackRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    settings.REDIS_URL = "redis://127.0.0.1:9/0"


def test_the_home_page_answers_with_the_cache_down_and_logs_it_once(client, redis_down, caplog):
    # when
    with caplog.at_level(logging.WARNING, logger="shopkeep.caches"):
        first, second = client.get("/"), client.get("/")

    # then
    assert (first.status_code, second.status_code) == (200, 200)
    assert caplog.text.count("Redis cache unreachable") == 1


def test_healthz_names_the_cache_when_redis_is_down(client, redis_down):
    # when
    response = client.get("/healthz")

    # then
    assert response.status_code == 503
    assert response.json()["redis"].startswith("unreachable (ConnectionError")
