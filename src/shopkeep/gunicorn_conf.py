"""gunicorn settings for `shopkeep serve` (P-11): access log lines carry a truncated client IP
(IPv4 /24, IPv6 /48), no query string, no secret path segment (tokens, signed links), only the referring site's origin and no cookie or
credential header; every gunicorn log line also passes the redaction filter."""

from urllib.parse import urlsplit

from gunicorn.glogging import Logger
from gunicorn.http import wsgi as gunicorn_wsgi

from shopkeep.http import client_ip_from_meta
from shopkeep.redaction import RedactingFilter, ip_truncate, path_redact

# gunicorn's hard cap on the request line (its maximum); the shop answers a JSON 414 for API URLs longer
# than shopkeep.api.middleware.MAX_URL_LENGTH (4,096) below it. README: API limits.
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s - - %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
logger_class = "shopkeep.gunicorn_conf.PrivacyLogger"

SECRET_HEADERS = frozenset({"{cookie}i", "{authorization}i", "{proxy-authorization}i", "{set-cookie}o", "{location}o"})
ADDRESS_HEADERS = frozenset({"{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i", "{true-client-ip}i", "{cf-connecting-ip}i"})


def referrer_origin(referrer: str) -> str:
    """'https://example.com/page?q=1' -> 'https://example.com'; '-' when absent or unreadable."""
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return "-"
    if not parts.scheme or not parts.hostname:
        return "-"
    return f"{parts.scheme}://{parts.hostname}"


# The environ values gunicorn's one-letter atoms are made of (the ones below replace h, r, q, u and f anyway).
LETTER_ENVIRON = ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "REQUEST_METHOD", "RAW_URI", "PATH_INFO", "QUERY_STRING",
                  "SERVER_PROTOCOL", "HTTP_REFERER", "HTTP_USER_AGENT")


class _StatusOnly:
    """A response as the one-letter atoms see it: status and bytes sent, no headers."""

    headers = ()

    def __init__(self, status, sent):
        self.status, self.sent = status, sent


class PrivacyLogger(Logger):
    """gunicorn's logger with personal data taken out of the access-log atoms."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                    handler.addFilter(RedactingFilter())

    def atoms(self, resp, req, environ, request_time):
        if "{" not in self.cfg.access_log_format:
            # The format names no header or environ atom (ours does not): gunicorn builds only the one-letter
            # atoms, from the few environ values they read, instead of one per header and environ entry.
            resp = _StatusOnly(resp.status, getattr(resp, "sent", None))
            req, environ = (), {name: environ[name] for name in LETTER_ENVIRON if name in environ}
        atoms = super().atoms(resp, req, environ, request_time)
        path = path_redact((environ.get("RAW_URI") or environ.get("PATH_INFO") or "/").split("?", 1)[0])
        atoms["h"] = ip_truncate(client_ip_from_meta(environ) or "")
        atoms["r"] = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        atoms["q"] = "-"
        atoms["u"] = "-"
        atoms["f"] = referrer_origin(environ.get("HTTP_REFERER", ""))
        for key in list(atoms):
            if key.endswith("}e") or key in SECRET_HEADERS:
                del atoms[key]  # the wrapper prints '-' for a missing atom
            elif key in ADDRESS_HEADERS:
                atoms[key] = ", ".join(ip_truncate(part.split("=")[-1].strip('" ')) for part in str(atoms[key]).split(","))
            elif key == "{referer}i":
                atoms[key] = referrer_origin(str(atoms[key]))
        return atoms


class _Response(gunicorn_wsgi.Response):
    """gunicorn's response without the `Server: gunicorn` banner."""

    def default_headers(self):
        return [line for line in super().default_headers() if not line.startswith("Server:")]


gunicorn_wsgi.Response = _Response


def worker_exit(server, worker):
    """Write the page views still buffered in this worker before it stops."""
    try:
        from shopkeep.analytics.recorder import recorder

        recorder.flush_safely()
    except Exception:
        server.log.exception("Could not flush statistics at worker exit.")
