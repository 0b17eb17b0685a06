"""Global Privacy Control and Do Not Track (P-12): a request carrying `Sec-GPC: 1` or `DNT: 1`
opts out of everything that is not strictly necessary (personalisation, statistics beyond a
page count)."""

from django.http import HttpRequest


def request_opts_out(request: HttpRequest) -> bool:
    """True when the visitor's browser asks not to be tracked or profiled."""
    # Read META directly: the statistics middleware asks this on every page view.
    meta = request.META
    return meta.get("HTTP_SEC_GPC", "").strip() == "1" or meta.get("HTTP_DNT", "").strip() == "1"
