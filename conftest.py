"""Fixtures shared by every app's tests. Keep this file small: app fixtures live in <app>/tests/."""

import tempfile

TEST_DATA_DIR = tempfile.mkdtemp(prefix="shopkeep-test-")

import pytest  # noqa: E402

pytest_plugins = ["shopkeep.testing.browser"]


def pytest_configure(config):
    from pathlib import Path

    from django.conf import settings

    # Tests never touch ./var: each test session gets its own data directory (keys, outbox, static).
    settings.SHOPKEEP_DATA_DIR = Path(TEST_DATA_DIR)
    settings.STATIC_ROOT = Path(TEST_DATA_DIR) / "static"
    settings.STATIC_ROOT.mkdir(exist_ok=True)

    # Run tasks in-process so tests see their effects; the worker path is tested in ops tests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                 "QUEUES": ["mail", "default", "marketing"]}}
    # Rate limits and login lockouts (a database table without Redis) live in memory, emptied before each test.
    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                       "LOCATION": "shopkeep-throttle"}}
    settings.SILENCED_SYSTEM_CHECKS = [*settings.SILENCED_SYSTEM_CHECKS, "axes.W001"]
    # Any response setting an undeclared cookie fails the test that caused it (P-08).
    settings.SHOPKEEP_COOKIE_GUARD = True


@pytest.fixture(autouse=True)
def outbox_dir(settings, tmp_path):
    """Each test gets its own outbox directory; tests that want .eml files set
    settings.EMAIL_BACKEND = "shopkeep.mailing.backends.OutboxBackend" (pytest-django defaults to locmem)."""
    settings.SHOPKEEP_OUTBOX_DIR = tmp_path / "outbox"
    return settings.SHOPKEEP_OUTBOX_DIR


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()
