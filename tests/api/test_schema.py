"""The OpenAPI schema is valid, and every endpoint answers as the schema says."""

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, example, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

SCHEMA_URL = "/api/schema/?format=json"
PATHS = [
    "/api/briefings/",
    "/api/briefings/{slug}/",
    "/api/claims/",
    "/api/claims/{uid}/",
    "/api/sources/",
    "/api/sources/{slug}/",
    "/api/topics/",
    "/api/topics/{slug}/",
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_schema_generates_without_warnings(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn` passes (OpenAPI 3 meta-schema)."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    document = yaml.safe_load(out.read_text())
    assert set(document["paths"]) == set(PATHS)


@pytest.mark.django_db
def test_schema_is_served_as_yaml_and_json(client):
    """/api/schema/ serves OpenAPI 3 as YAML, or as JSON with ?format=json."""
    as_yaml = client.get("/api/schema/")
    assert as_yaml.status_code == 200
    assert yaml.safe_load(as_yaml.content)["openapi"].startswith("3.")
    as_json = client.get(SCHEMA_URL)
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json()["info"]["title"] == "RNK Briefings API"


def known_case(operation, content):
    """A request for an item that exists, so the 200 answer is checked as well as the 404."""
    path_parameters = {
        "/api/briefings/{slug}/": {"slug": content["public"].slug},
        "/api/claims/{uid}/": {"uid": str(content["verified"].uid)},
        "/api/sources/{slug}/": {"slug": content["news"].slug},
        "/api/topics/{slug}/": {"slug": "trade"},
    }.get(operation.path)
    if path_parameters:
        return operation.Case(path_parameters=path_parameters)
    has_topic = any(parameter.name == "topic" for parameter in operation.query)
    return operation.Case(query={"topic": "trade"} if has_topic else {})


@pytest.fixture
def wsgi_app():
    """The site's WSGI app, keeping the test's connection (and transaction) between requests."""
    # Django's test client does the same; otherwise the end of each request closes the
    # connection that holds the test transaction (PostgreSQL; SQLite in memory ignores it).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Schemathesis's lazy pytest fixture loader breaks on pytest 9, so each operation is
# driven here with hypothesis directly, over a database the `content` fixture fills.
@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_endpoint_answers_as_its_schema_says(content, wsgi_app, path):
    """Status codes, content types, headers and bodies conform to the schema; never a 5xx."""
    operation = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app)[path]["GET"]

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(case=operation.as_strategy())
    @example(case=known_case(operation, content))
    def answers_as_documented(case):
        # The WSGI test client doesn't decompress: ask for the plain body.
        case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

    answers_as_documented()
