"""The PostgreSQL backend waits for a restarting server instead of failing requests at once."""

from unittest import mock

import psycopg
from django.db.backends.postgresql import base as django_postgresql

from rnk_site.postgresql import base as retrying

SETTINGS = {
    "ENGINE": "rnk_site.postgresql",
    "NAME": "rnk",
    "USER": "",
    "PASSWORD": "",
    "HOST": "127.0.0.1",
    "PORT": "",
    "OPTIONS": {},
    "TIME_ZONE": None,
    "CONN_MAX_AGE": 0,
    "CONN_HEALTH_CHECKS": False,
    "AUTOCOMMIT": True,
    "ATOMIC_REQUESTS": False,
    "TEST": {},
}
REFUSED = psycopg.OperationalError("connection failed: Connection refused")
STARTING = psycopg.OperationalError("FATAL:  the database system is starting up")


def connect_with(side_effect, monkeypatch, *, budget=retrying.CONNECT_RETRY_SECONDS):
    monkeypatch.setattr(retrying, "CONNECT_RETRY_SECONDS", budget)
    wrapper = retrying.DatabaseWrapper(dict(SETTINGS), alias="retry-test")
    with mock.patch.object(
        django_postgresql.DatabaseWrapper, "get_new_connection", side_effect=side_effect
    ) as connect:
        try:
            return wrapper.get_new_connection({}), connect.call_count
        except Exception as error:  # noqa: BLE001 (returned for the test to inspect)
            return error, connect.call_count


def test_connection_refused_while_restarting_is_retried_until_the_server_is_back(monkeypatch):
    connection = object()
    result, attempts = connect_with([REFUSED, STARTING, connection], monkeypatch)
    assert result is connection
    assert attempts == 3


def test_a_server_that_stays_down_fails_after_the_retry_budget(monkeypatch):
    result, attempts = connect_with(REFUSED, monkeypatch, budget=0.3)
    assert result is REFUSED
    assert 2 <= attempts < 10


def test_errors_other_than_connection_failures_are_not_retried(monkeypatch):
    error = psycopg.ProgrammingError("invalid connection option")
    result, attempts = connect_with(error, monkeypatch)
    assert result is error
    assert attempts == 1


def test_the_configured_backend_is_still_django_postgresql_for_the_rest_of_the_code():
    assert issubclass(retrying.DatabaseWrapper, django_postgresql.DatabaseWrapper)
    assert retrying.DatabaseWrapper.vendor == "postgresql"
