"""Project-wide checks: migrations in step with models, system checks clean."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.templatetags.static import static


@pytest.mark.django_db
def test_models_have_no_pending_migrations():
    """`makemigrations --check` finds nothing to write."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def test_system_checks_are_clean():
    call_command("check", fail_level="WARNING")


def test_favicon_ico_redirects_to_the_static_icon(client):
    """Pages that name no icon (the admin's) make browsers ask for /favicon.ico: never a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.svg")
    assert response["Location"].endswith(".svg")
