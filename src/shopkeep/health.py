"""GET /healthz: can the shop do its work right now? Each check answers "ok" or the reason it is not.

Checked here: a database write (inside a transaction that is rolled back), free space in the data
directory, the task queue (and Redis when configured). Apps lower in the stack cannot be imported
here, so they register their own checks with `check_register` (privacy: the key canary; outbox:
work waiting too long). Any failing check answers 503 with every reason; a load balancer takes the
instance out, and the operator reads what is wrong.
"""

import logging
import shutil
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from shopkeep.conf import conf

logger = logging.getLogger(__name__)

# Below this much free space in the data directory, the shop stops taking orders it may not be able to write.
MIN_FREE_BYTES = 200 * 1024 * 1024

CHECKS: dict[str, Callable[[], tuple[bool, str]]] = {}


def check_register(name: str, check: Callable[[], tuple[bool, str]]) -> None:
    """Add a check to /healthz: `check()` returns (ok, reason) and may raise (reported as its reason)."""
    CHECKS[name] = check


def database_check() -> tuple[bool, str]:
    """A tiny write that is rolled back: a read-only, locked or full database fails it."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
                    ["shopkeep_healthz", "write probe", timezone.now()],
                )
            transaction.set_rollback(True)
    except Exception as error:
        return False, f"unreachable or not writable ({type(error).__name__}: {error})"
    return True, "ok"


def disk_check() -> tuple[bool, str]:
    try:
        usage = shutil.disk_usage(conf.data_dir)
    except OSError as error:
        return False, f"cannot read the data directory {conf.data_dir} ({error})"
    if usage.free < MIN_FREE_BYTES:
        return False, (f"only {usage.free // (1024 * 1024)} MB free in the data directory {conf.data_dir} "
                       f"(at least {MIN_FREE_BYTES // (1024 * 1024)} MB needed)")
    return True, "ok"


def tasks_check() -> tuple[bool, str]:
    try:
        # task_backends[...] is the backend itself; default_task_backend is a proxy whose type says nothing.
        backend_name = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__name__
        if backend_name == "DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
        elif backend_name == "RQBackend":
            import django_rq

            django_rq.get_connection("default").ping()
    except Exception as error:
        return False, f"unreachable ({type(error).__name__}: {error})"
    return True, "ok"


def redis_check() -> tuple[bool, str]:
    from django.core.cache import cache

    try:
        if hasattr(cache, "ping"):
            cache.ping()  # the cache itself falls back to memory while Redis is down
        cache.set("shopkeep:healthz", "1", 5)
        if cache.get("shopkeep:healthz") != "1":
            return False, "the cache does not keep what is written to it"
    except Exception as error:
        return False, f"unreachable ({type(error).__name__}: {error})"
    return True, "ok"


def health_report() -> tuple[bool, dict[str, str]]:
    """(all ok, {check: "ok" or its reason})."""
    checks: dict[str, Callable[[], tuple[bool, str]]] = {
        "database": database_check, "disk": disk_check, "tasks": tasks_check,
    }
    if getattr(settings, "REDIS_URL", None):
        checks["redis"] = redis_check
    checks.update(CHECKS)
    report, healthy = {}, True
    for name, check in checks.items():
        try:
            ok, reason = check()
        except Exception as error:
            ok, reason = False, f"{type(error).__name__}: {error}"
        healthy = healthy and ok
        report[name] = "ok" if ok else reason
        if not ok:
            logger.warning("Health check %s failed: %s", name, reason)
    return healthy, report


@never_cache
def healthz(request):
    healthy, report = health_report()
    return JsonResponse({"status": "ok" if healthy else "unavailable", **report}, status=200 if healthy else 503)
