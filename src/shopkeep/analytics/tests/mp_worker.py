"""A separate process for the multi-process counting test: `python -m shopkeep.analytics.tests.mp_worker MODE ...`.

MODE `migrate` creates the tables; `record N EVERY TAG` sends N page views through the
full middleware stack and flushes every EVERY views; `count` prints the totals as JSON.
"""

import json
import os
import sys


def main(mode: str, *args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopkeep.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if mode == "migrate":
        call_command("migrate", verbosity=0)
    elif mode == "record":
        settings.ROOT_URLCONF = "shopkeep.analytics.tests.urls"
        settings.ALLOWED_HOSTS = ["testserver"]
        record(int(args[0]), every=int(args[1]), tag=args[2])
    elif mode == "count":
        from django.db.models import Sum

        from shopkeep.analytics.models import DayPath, DayTotal

        print(json.dumps({
            "views": DayTotal.objects.aggregate(n=Sum("views"))["n"],
            "paths": dict(DayPath.objects.values_list("path").annotate(n=Sum("views"))),
        }))


def record(count: int, *, every: int, tag: str) -> None:
    from django.test import Client

    from shopkeep.analytics.services import pageviews_flush
    from shopkeep.analytics.tests.factories import CHROME_WINDOWS

    client = Client()
    for n in range(count):
        response = client.get(f"/p/{tag}-{n % 3}/", REMOTE_ADDR=f"81.2.{n % 250}.{n % 7}", HTTP_USER_AGENT=CHROME_WINDOWS)
        assert response.status_code == 200
        if (n + 1) % every == 0:
            pageviews_flush()
    pageviews_flush()


if __name__ == "__main__":
    main(*sys.argv[1:])
