"""Requests generated from our own OpenAPI document never get a server error."""

from __future__ import annotations

from itertools import product

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode

from tests.api.server import running
from watchkeeper.api.app import create_app
from watchkeeper.api.lists import LoadedLists

EXAMPLES_PER_OPERATION = 10
"""Per operation and mode (valid, then invalid requests): seconds, not minutes."""


def test_no_generated_request_gets_a_server_error(loaded: LoadedLists) -> None:
    with running(create_app(loaded)) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert {op.path for op in operations} >= {"/match/{dataset}", "/search/{dataset}"}
        for operation, mode in product(operations, GenerationMode):
            takes_input = (
                len(operation.query) + len(operation.path_parameters) + len(operation.body)
            )
            if mode is GenerationMode.NEGATIVE and not takes_input:
                continue  # nothing to get wrong in a request without parameters

            @given(case=operation.as_strategy(mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def no_server_error(case: Case) -> None:
                response = case.call(timeout=30)
                assert response.status_code < 500, (case.method, case.path, response.text)
                assert response.headers["content-type"][0].startswith("application/json")

            no_server_error()
