"""Shared fixtures: the source → claim → citation → briefing graph."""

import itertools
import os
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from briefings.models import Briefing, Citation, Claim, Section, SectionClaim
from sources.models import Source

SAMPLE_TEXT = (
    "The Soviet Union played a crucial role in the establishment of the Democratic "
    "People’s Republic of Korea (DPRK) in 1948. Trade between Russia and North Korea "
    "has seen fluctuations, often influenced by international sanctions. Labour "
    "migration is a unique facet of the relationship. Russia forgave 90% of DPRK’s debt."
)

_counter = itertools.count(1)

# Timing varies on a shared machine, so no per-example deadline; in CI the
# examples are derandomised so a run is repeatable (locally they vary and explore).
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def make_source(db):
    def make(**kwargs):
        n = next(_counter)
        kwargs.setdefault("title", f"Source {n}")
        kwargs.setdefault("body", SAMPLE_TEXT + f" Document number {n}.")
        kwargs.setdefault("publisher", "Example Institute")
        return Source.objects.create(**kwargs)

    return make


@pytest.fixture
def make_claim(db, make_source):
    def make(*, source=None, quote="international sanctions", tags=("sanctions",), **kwargs):
        kwargs.setdefault("statement", f"Claim number {next(_counter)} about sanctions.")
        kwargs.setdefault("status", Claim.Status.VERIFIED)
        claim = Claim.objects.create(**kwargs)
        if tags:
            claim.tags.add(*tags)
        if quote:
            Citation.objects.create(claim=claim, source=source or make_source(), quote=quote)
        return claim

    return make


@pytest.fixture
def make_briefing(db):
    def make(*, claims=(), sections=1, **kwargs):
        kwargs.setdefault("title", f"Briefing {next(_counter)}")
        kwargs.setdefault("status", Briefing.Status.PUBLISHED)
        if kwargs["status"] == Briefing.Status.PUBLISHED:
            kwargs.setdefault("published_at", timezone.now() - timedelta(days=1))
        kwargs.setdefault("introduction", "An **introduction**.")
        tags = kwargs.pop("tags", ("sanctions",))
        briefing = Briefing.objects.create(**kwargs)
        briefing.tags.add(*tags)
        made = [
            Section.objects.create(briefing=briefing, position=i, heading=f"Section {i + 1}")
            for i in range(sections)
        ]
        for position, claim in enumerate(claims):
            SectionClaim.objects.create(
                section=made[position % len(made)], claim=claim, position=position
            )
        return briefing

    return make


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-editor")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _jobs_run_at_once(request, settings):
    """Jobs run within the call that starts them, except in the tests of the queue itself."""
    if request.node.get_closest_marker("queue") is None:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }


@pytest.fixture(autouse=True)
def _login_throttling_off_for_client_login(settings):
    """django-axes refuses ``client.login()`` (it authenticates without a request).

    Production keeps throttling on; tests/test_security.py switches it back on to prove it.
    """
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Tests edit inside a transaction that never commits, so no version is ever bumped.

    The page cache stays off, in memory, unless a test turns it on (the ``page_cache``
    fixture; ``commit`` runs a block's on-commit hooks as production would).
    """
    settings.PAGE_CACHE_ENABLED = False
    settings.CACHES = {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests-pages",
        },
    }


@pytest.fixture
def page_cache(settings):
    """The page cache on, empty (this process's page copies too); the shared store."""
    from django.core.cache import caches

    from rnk_site import pagecache

    settings.PAGE_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()
    pagecache.local_pages().clear()
    return caches[settings.PAGE_CACHE_ALIAS]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block as if its transaction committed: the cache hears of it as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


ROLES = ("Authors", "Reviewers", "Publishers")


@pytest.fixture
def role_client(db, django_user_model):
    """A logged-in client for a staff user in one editorial role (a group the migration made)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    def make(role):
        user = django_user_model.objects.create_user(
            f"{role.lower()}-{next(_counter)}", password="a-long-enough-password", is_staff=True
        )
        if role in ROLES:
            user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make
