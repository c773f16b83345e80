"""A property-based fuzz of /api/v1/openapi.json, in-process: whatever a client sends within or
outside the document, LISA answers without a server error and as the document says."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lisa.open311.keys import api_key_create

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class KeptConnectionHandler(WSGIHandler):
    """Django's WSGI application, keeping the test's database connection open between
    requests (as Django's own test client does): the test's transaction holds the world."""

    def __call__(self, environ, start_response):
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            response = super().__call__(environ, start_response)
            response.close()  # sends request_finished now, while it is disconnected
            return response
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


# Bounded so that the fuzz stays well under a minute on either database, and the same examples
# on every run (derandomized): a failure in CI is one anyone can reproduce. To search wider on
# your machine, raise EXAMPLES and drop derandomize: bugs found so become tests in
# test_endpoints.py.
EXAMPLES = 120


def test_no_request_makes_a_server_error_and_every_answer_follows_the_document(world, settings):
    settings.LISA_RATE_API_KEY = "100000/m"
    app = KeptConnectionHandler()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # A partner agent's key, so that the fuzz reaches the reports, notes and writes it may see.
    secret = api_key_create(name="fuzz", scopes=["read", "write"], user=world.people["housing"]).key
    known = world.reports["housing_in"].reference
    cases = st.one_of(
        schema.as_strategy(generation_mode=GenerationMode.POSITIVE),
        schema.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        schema.as_strategy(path_parameters={"reference": known}),
    )

    @given(case=cases)
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def answers_well(case):
        case.call_and_validate(headers={"X-API-Key": secret}, checks=CHECKS)

    answers_well()
