"""Record storefront page views server-side: no script, no cookie, nothing about the person (P-10, P-12)."""

import logging
import time

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


class AnalyticsMiddleware:
    """After a successful HTML GET, append one page view to the in-memory buffer. Nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path_info.startswith(EXCLUDED_PREFIXES)
        ):
            try:
                self._record(request)
            except Exception:  # statistics must never break a page
                logger.exception("Could not record a page view.")
        return response

    def _record(self, request) -> None:
        match = request.resolver_match
        meta = request.META
        if match is None or meta.get("HTTP_SEC_PURPOSE", meta.get("HTTP_PURPOSE", "")).startswith("prefetch"):
            return
        if (match.args or match.kwargs) and match.namespace not in PUBLIC_NAMESPACES:
            path = "/" + match.route
        else:
            path = request.path
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
