"""Record storefront page views server-side: no script, no cookie, nothing about the person (P-10, P-12)."""

import logging
import time

from django.http import HttpRequest

from shopkeep.analytics.recorder import PageView, recorder
from shopkeep.http import client_ip
from shopkeep.privacy.gpc import request_opts_out

# Only storefront pages are counted; the shop's own machinery and staff screens are not.
EXCLUDED_PREFIXES = (
    "/static/", "/media/", "/api/", "/healthz", "/admin/", "/backoffice/", "/sandbox-gateway/", "/favicon",
)
# Routes whose URL arguments are public (product and category slugs); any other route with
# arguments (order numbers, signed tokens, reset links) is recorded by its pattern only.
PUBLIC_NAMESPACES = frozenset({"storefront", "catalog"})
logger = logging.getLogger(__name__)


def pageview_path(request: HttpRequest) -> str | None:
    """The path a view of the page `request` asked for is counted under (the route's pattern when its arguments
    are not public); None for what is never counted (the shop's machinery, staff screens, unresolved addresses).
    The same for every request to the same address, so a page cache may keep it with the page."""
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return None
    match = request.resolver_match
    if match is None:
        return None
    if (match.args or match.kwargs) and match.namespace not in PUBLIC_NAMESPACES:
        return "/" + match.route
    return request.path


def pageview_record(request: HttpRequest, *, path: str) -> None:
    """Count one view of the page at `path` (from `pageview_path`) by `request`'s visitor: not for a prefetch;
    with Global Privacy Control or Do Not Track the count only. Appends to the buffer; never raises."""
    try:
        meta = request.META
        if meta.get("HTTP_SEC_PURPOSE", meta.get("HTTP_PURPOSE", "")).startswith("prefetch"):
            return
        if request_opts_out(request):
            # Global Privacy Control / Do Not Track: the page view is counted, nothing else is kept.
            recorder.append(PageView(time.time(), path, "", "", "", "", "", True))
            return
        recorder.append(
            PageView(
                time.time(),
                path,
                meta.get("QUERY_STRING", ""),
                meta.get("HTTP_REFERER", ""),
                meta.get("HTTP_HOST") or meta.get("SERVER_NAME", ""),
                client_ip(request) or "",
                meta.get("HTTP_USER_AGENT", ""),
                False,
            )
        )
    except Exception:  # statistics must never break a page
        logger.exception("Could not record a page view.")


def pageview_counted(request: HttpRequest, response) -> bool:
    """Whether `response` to `request` is a page view at all: a successful HTML answer to a GET."""
    return (request.method == "GET" and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html"))


class AnalyticsMiddleware:
    """After a successful HTML GET, append one page view to the in-memory buffer. Nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if pageview_counted(request, response):
            try:
                path = pageview_path(request)
            except Exception:  # statistics must never break a page
                logger.exception("Could not record a page view.")
            else:
                if path is not None:
                    pageview_record(request, path=path)
        return response
