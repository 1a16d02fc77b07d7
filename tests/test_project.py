"""Project-wide checks: migrations in step with models, system checks clean."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_have_no_pending_migrations():
    """`makemigrations --check` finds nothing to write."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


def test_system_checks_are_clean():
    call_command("check", fail_level="WARNING")
