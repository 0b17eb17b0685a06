"""FUZZ TEST (schemathesis, stateful): chains of API calls that follow the links between operations (a cart made
by POST /carts is read, filled, changed, emptied and checked out), generated from /api/v1/openapi.json. No
response is a server error and every one matches the declared schema, over at least 2,000 generated calls."""

import pytest
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shopkeep.api.tests.test_fuzz_schemathesis import requests_share_the_test_transaction, schema, seed  # noqa: F401

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CALLS_AT_LEAST = 2000


@pytest.mark.fuzz
def test_stateful_chains_of_calls_never_fail_and_match_the_schema(seed, requests_share_the_test_transaction):  # noqa: F811
    calls = {"count": 0, "statuses": set()}
    Workflow = schema.as_state_machine()

    class Counted(Workflow):
        def validate_response(self, response, case, additional_checks=None, **kwargs):
            calls["count"] += 1
            calls["statuses"].add(response.status_code)
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Counted.run(settings=settings(max_examples=200, stateful_step_count=12, deadline=None, derandomize=True,
                                  suppress_health_check=list(HealthCheck)))
    assert calls["count"] >= CALLS_AT_LEAST, calls["count"]
    assert {200, 201} <= calls["statuses"]
