"""Schemathesis against /api/v1/openapi.json, in process through the WSGI application, with a
bounded number of examples per operation: no 5xx, and every response matches the schema
(R-24). https://schemathesis.readthedocs.io/"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.cms.api.conftest import options, paragraph
from tests.cms.api.media import image_create

EXAMPLES_PER_OPERATION = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The generated requests come much faster than a reader's; the limits are tested elsewhere.
GENEROUS = {"API_RATE_LIMIT": "100000/m", "API_SEARCH_RATE_LIMIT": "100000/m"}


def run_operation(operation):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case):
        response = case.call()
        case.validate_response(response, checks=CHECKS)

    check()


@pytest.fixture
def connections_kept_open():
    # Django closes the connection when a request starts and finishes; through the WSGI handler
    # that would end the test's transaction on PostgreSQL. Django's test client does the same.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# schemathesis' pytest integration (``from_fixture``) does not run under pytest 9, so the
# operations are driven through its Python API: one hypothesis run per operation.
@pytest.mark.django_db
@options(**GENEROUS)
def test_every_operation_answers_within_its_schema(release, sub_column, connections_kept_open):
    release(title="学习贯彻全会精神", body=[paragraph("<p>正文<b>加粗</b></p>")])
    release(title="基层动态", column=sub_column, cover_image=image_create())
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
    for operation in operations:
        run_operation(operation)
