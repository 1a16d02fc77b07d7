"""No editor input or query string can take the public site down (issue 9)."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from taggit.models import Tag

from briefings.models import Claim
from sources.models import Topic
from sources.text import topic_slug

# Names whose slug once came out empty: taggit falls back to the raw name when
# ``unidecode`` is missing, and Django's slugify then drops every character.
AWKWARD_TOPICS = ["Россия", "!!!", "🚂", "조약", "北朝鮮", "Россия и КНДР", "---"]

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

PUBLIC_PAGES = [
    "briefings:home",
    "briefings:topic_list",
    "briefings:claim_list",
    "briefings:timeline",
    "briefings:briefing_list",
    "sources:source_list",
    "sitemap",
    "api:topic-list",
    "api:claim-list",
    "api:briefing-list",
    "api:source-list",
]


@pytest.mark.parametrize("name", AWKWARD_TOPICS)
def test_any_topic_name_gets_a_non_empty_ascii_slug(db, make_claim, name):
    """A topic in any script, or of punctuation or emoji only, gets a slug the URLs accept."""
    claim = make_claim(tags=(name,))
    (tag,) = claim.tags.all()
    assert SLUG.match(tag.slug), tag.slug


@pytest.mark.parametrize("name", AWKWARD_TOPICS)
def test_public_pages_survive_any_topic_name(client, make_source, make_claim, make_briefing, name):
    """Every page that lists topics renders when a public claim and briefing carry the topic."""
    source = make_source()
    source.tags.add(name)
    claim = make_claim(tags=(name, "sanctions"), source=source, event_date="2020-01-01")
    briefing = make_briefing(claims=[claim], tags=(name,))
    (tag,) = claim.tags.filter(name=name)
    urls = [reverse(page) for page in PUBLIC_PAGES] + [
        claim.get_absolute_url(),
        briefing.get_absolute_url(),
        source.get_absolute_url(),
        reverse("briefings:topic_detail", args=[tag.slug]),
        reverse("briefings:topic_feed_atom", args=[tag.slug]),
        reverse("api:topic-detail", args=[tag.slug]),
        reverse("briefings:claim_list") + f"?topic={tag.slug}",
        reverse("sources:source_list") + f"?topic={tag.slug}",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_topics_whose_slugs_would_collide_get_distinct_slugs(db, make_claim):
    """``Россия`` and ``Rossiia``, or two emoji, never share a slug."""
    claim = make_claim(tags=("Россия", "Rossiia", "!!!", "???", "🚂", "🚃"))
    slugs = [tag.slug for tag in claim.tags.all()]
    assert len(set(slugs)) == len(slugs) == 6
    assert all(SLUG.match(slug) for slug in slugs)
    assert {"rossiia", "rossiia_1"} <= set(slugs)


def test_topic_slugs_are_readable_romanisations(db, make_claim):
    claim = make_claim(tags=("Россия и КНДР", "조약"))
    assert sorted(claim.tags.values_list("slug", flat=True)) == ["joyag", "rossiia-i-kndr"]


def test_a_long_name_in_another_script_still_fits_the_slug_column(db, make_claim):
    """Transliteration lengthens a name (щ gives shch); the slug is cut to fit, not refused."""
    claim = make_claim(tags=("щ" * 100,))
    (tag,) = claim.tags.all()
    assert 0 < len(tag.slug) <= 100


@given(st.text(max_size=100), st.one_of(st.none(), st.integers(1, 10**6)))
def test_topic_slug_is_always_a_url_slug_within_the_limit(name, suffix):
    slug = topic_slug(name, suffix, max_length=100)
    assert SLUG.match(slug)
    assert len(slug) <= 100


def test_the_admin_makes_topics_with_url_slugs(staff_client):
    """A topic added in the admin gets its slug made for it, whatever the script."""
    url = reverse(admin_urlname(Topic._meta, "add"))
    response = staff_client.post(url, {"name": "Россия"})
    assert response.status_code == 302
    assert Topic.objects.get(name="Россия").slug == "rossiia"
    assert staff_client.get(reverse(admin_urlname(Topic._meta, "changelist"))).status_code == 200


def test_repair_migration_gives_empty_and_unicode_slugs_url_slugs(db):
    """Topics saved before the fix (empty or non-ASCII slugs) are repaired by the migration."""
    Tag.objects.create(name="taken", slug="rossiia")
    broken = [
        Tag.objects.create(name="Россия", slug="x"),
        Tag.objects.create(name="!!!", slug="y"),
        Tag.objects.create(name="조약", slug="z"),
    ]
    Tag.objects.filter(pk=broken[0].pk).update(slug="")
    Tag.objects.filter(pk=broken[1].pk).update(slug="!!!")
    Tag.objects.filter(pk=broken[2].pk).update(slug="조약")
    migration = importlib.import_module("sources.migrations.0006_repair_topic_slugs")
    migration.repair_slugs(apps, None)
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["Россия"] == "rossiia_1"
    assert slugs["조약"] == "joyag"
    assert slugs["!!!"].startswith("topic-")
    assert slugs["taken"] == "rossiia"


# Row 2: topic names are validated to their length on every database.

LONG_TOPIC = "x" * 101


def test_the_claim_form_refuses_a_topic_name_over_the_limit(staff_client):
    """A 101-character topic is a form error naming the limit, not a 500 or a silent save."""
    data = {
        "statement": "Trade was shaped by sanctions.",
        "status": "draft",
        "tags": f"sanctions, {LONG_TOPIC}",
        "event_date": "",
        "event_precision": "year",
        "editor_notes": "",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    response = staff_client.post(reverse(admin_urlname(Claim._meta, "add")), data)
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    assert not Claim.objects.exists()
    assert not Tag.objects.filter(name=LONG_TOPIC).exists()


def test_a_topic_name_of_exactly_the_limit_is_accepted(staff_client):
    data = {
        "statement": "Trade was shaped by sanctions.",
        "status": "draft",
        "tags": "y" * 100,
        "event_date": "",
        "event_precision": "year",
        "editor_notes": "",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    response = staff_client.post(reverse(admin_urlname(Claim._meta, "add")), data)
    assert response.status_code == 302
    assert Claim.objects.get().tags.get().name == "y" * 100


def test_the_orm_refuses_a_topic_name_over_the_limit(db, make_claim):
    """``claim.tags.add()`` checks the length too, on SQLite as on PostgreSQL."""
    claim = make_claim(tags=())
    with pytest.raises(ValidationError):
        claim.tags.add(LONG_TOPIC)
    assert not Tag.objects.filter(name=LONG_TOPIC).exists()
