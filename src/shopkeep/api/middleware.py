"""Under /api/, every answer is JSON: errors Django or the server would answer in HTML get the API's error body.

Limits (README: API limits): a URL (path and query) of at most MAX_URL_LENGTH characters (414 beyond;
gunicorn's own request-line limit, 8,190 bytes, is the hard cap above it), a body of at most
DATA_UPLOAD_MAX_MEMORY_SIZE bytes (413), JSON nested at most MAX_JSON_DEPTH levels (400). Any other
error status without a JSON body (405, 500 …) is replaced by `{"detail": sentence, "errors": {}}`.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse

logger = logging.getLogger(__name__)

MAX_URL_LENGTH = 4096
MAX_JSON_DEPTH = 32
PREFIX = "/api/"

SENTENCES = {
    400: "The request is malformed.",
    403: "This request is not allowed.",
    404: "Not found.",
    405: "This method is not allowed here; the Allow header lists those that are.",
    413: "The request body is too large.",
    414: "The URL is too long.",
    415: "Send the request body as JSON (Content-Type: application/json).",
    500: "Something went wrong on our side; nothing was changed by this request. Please try again.",
}


def json_error(status: int, detail: str, errors: dict | None = None) -> HttpResponse:
    return HttpResponse(json.dumps({"detail": detail, "errors": errors or {}}), status=status,
                        content_type="application/json")


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON text nests arrays/objects deeper than `limit` (strings are skipped)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        if len(request.get_full_path()) > MAX_URL_LENGTH:
            return json_error(414, f"The URL is too long: use at most {MAX_URL_LENGTH} characters.")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return json_error(400, "The Content-Length header is not a number.")
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return json_error(413, f"The request body is too large: send at most "
                                   f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
        if length and json_depth_exceeds(request.body):
            return json_error(400, f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            replaced = json_error(response.status_code, SENTENCES.get(response.status_code, response.reason_phrase))
            if response.has_header("Allow"):
                replaced["Allow"] = response["Allow"]
            return replaced
        return response
