"""The one same-origin check: what the browser's Sec-Fetch-Site or Origin header says about a form post."""

import pytest
from django.test import RequestFactory

from shopkeep.csrf import request_is_cross_site, request_is_same_origin


@pytest.mark.parametrize(
    ("headers", "same_origin", "cross_site"),
    [
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, True, False),
        ({"HTTP_SEC_FETCH_SITE": "none"}, True, False),
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, False, True),
        ({"HTTP_SEC_FETCH_SITE": "same-site"}, False, True),
        ({"HTTP_ORIGIN": "http://testserver"}, True, False),
        ({"HTTP_ORIGIN": "https://evil.example"}, False, True),
        ({"HTTP_ORIGIN": "null"}, False, False),
        ({}, False, False),
    ],
    ids=["fetch-same-origin", "fetch-none", "fetch-cross-site", "fetch-same-site", "origin-ours", "origin-other",
         "origin-null", "silent"],
)
def test_the_browser_headers_decide_same_origin_and_cross_site(headers, same_origin, cross_site):
    # given
    request = RequestFactory().post("/cart/add/", **headers)

    # when / then: a silent browser is neither (cart forms then rely on their signed token)
    assert (request_is_same_origin(request), request_is_cross_site(request)) == (same_origin, cross_site)
