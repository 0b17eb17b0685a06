"""Fixtures shared by every app's tests. Keep this file small: app fixtures live in <app>/tests/."""

import os
import tempfile

# Tests never touch ./var: each test session gets its own data directory.
os.environ.setdefault("SHOPKEEP_DATA_DIR", tempfile.mkdtemp(prefix="shopkeep-test-"))

import pytest  # noqa: E402

pytest_plugins = ["shopkeep.testing.browser"]


def pytest_configure(config):
    from django.conf import settings

    # Run tasks in-process so tests see their effects; the worker path is tested in ops tests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def outbox_dir(settings, tmp_path):
    """Each test writes email to its own outbox directory."""
    settings.SHOPKEEP_OUTBOX_DIR = tmp_path / "outbox"
    return settings.SHOPKEEP_OUTBOX_DIR


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
