import pytest
from django.test import RequestFactory

from shopkeep.privacy.gpc import request_opts_out


@pytest.mark.promise("P-12")
@pytest.mark.parametrize(
    "headers, opted_out",
    [({}, False), ({"HTTP_SEC_GPC": "1"}, True), ({"HTTP_DNT": "1"}, True), ({"HTTP_DNT": "0"}, False),
     ({"HTTP_SEC_GPC": "0"}, False)],
)
def test_global_privacy_control_and_do_not_track_opt_out(headers, opted_out):
    assert request_opts_out(RequestFactory().get("/", **headers)) is opted_out
