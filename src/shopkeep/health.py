"""GET /healthz: is the database reachable, and is the task queue?"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _tasks_ok() -> bool:
    try:
        # task_backends[...] is the backend itself; default_task_backend is a proxy whose type says nothing.
        backend_name = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__name__
        if backend_name == "DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
            return True
        if backend_name == "RQBackend":
            import django_rq

            return bool(django_rq.get_connection("default").ping())
        return True
    except Exception:
        return False


@never_cache
def healthz(request):
    database, tasks = _database_ok(), _tasks_ok()
    body = {
        "status": "ok" if database and tasks else "unavailable",
        "database": "ok" if database else "unreachable",
        "tasks": "ok" if tasks else "unreachable",
    }
    return JsonResponse(body, status=200 if database and tasks else 503)
