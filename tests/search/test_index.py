"""The search index follows the database: saves, deletes, topics, fixture loads, rebuilds."""

from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from taggit.models import Tag

from briefings.models import Briefing, Section
from search.models import SearchEntry
from search.services import search_index_object, search_rebuild
from sources.models import Source


def find(query, **filters):
    """What a reader finds for ``query``, as (kind, object id) pairs."""
    entries = SearchEntry.objects.visible().search(query).filter(**filters)
    return [(entry.kind, entry.object_id) for entry in entries]


def test_index_holds_unpublished_objects_too(make_briefing, make_claim):
    """Visibility is decided when searching, so drafts are indexed but not found."""
    draft = make_briefing(title="Draft ferry briefing", status=Briefing.Status.DRAFT)
    assert SearchEntry.objects.filter(kind="briefing", object_id=draft.pk).exists()
    assert find("ferry") == []


def test_editing_a_section_reindexes_its_briefing(make_briefing):
    briefing = make_briefing(title="Transport")
    section = Section.objects.get(briefing=briefing)
    section.body = "The **ferry** route opened."
    section.save()
    assert find("ferry") == [("briefing", briefing.pk)]
    entry = SearchEntry.objects.get(kind="briefing", object_id=briefing.pk)
    assert "**" not in entry.body, "Markdown is indexed as plain words"


def test_renaming_a_topic_reindexes_what_carries_it(make_claim):
    claim = make_claim(statement="A statement.", tags=("shipping",))
    assert find("maritime") == []
    tag = Tag.objects.get(name="shipping")
    tag.name = "maritime"
    tag.save()
    assert find("maritime") == [("claim", claim.pk)]


def test_removing_a_topic_reindexes(make_claim):
    claim = make_claim(statement="A statement.", tags=("shipping",))
    assert find("shipping") == [("claim", claim.pk)]
    claim.tags.clear()
    assert find("shipping") == []


def test_indexing_a_deleted_object_removes_its_entry(make_source):
    source = make_source(title="Ferry register")
    Source.objects.filter(pk=source.pk).delete()  # a queryset delete still sends post_delete
    assert not SearchEntry.objects.exists()
    SearchEntry.objects.create(kind="source", object_id=source.pk, title="stale", title_key="")
    assert search_index_object(obj=source) is None
    assert not SearchEntry.objects.exists()


def test_fixture_loads_are_indexed_by_a_rebuild(make_source, tmp_path):
    """Raw fixture loads skip the receivers; ``rebuild_search_index`` indexes them."""
    source = make_source(title="Ferry register", slug="ferry-register")
    fixture = tmp_path / "ferry.json"
    fixture.write_text(serializers.serialize("json", [source]))
    pk = source.pk
    source.delete()
    call_command("loaddata", str(fixture), verbosity=0)
    assert Source.objects.filter(slug="ferry-register").exists()
    assert find("ferry") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert find("ferry") == [("source", pk)]
    assert "Indexed 0 briefings, 0 claims, 1 source." in out.getvalue()


@pytest.mark.parametrize("verbosity", [0, 1])
def test_rebuild_command_restores_a_lost_index(make_briefing, make_claim, verbosity):
    briefing = make_briefing(title="Ferry briefing")
    claim = make_claim(statement="Ferry claim.")
    SearchEntry.objects.all().delete()
    assert find("ferry") == []
    out = StringIO()
    call_command("rebuild_search_index", verbosity=verbosity, stdout=out)
    assert set(find("ferry")) == {("briefing", briefing.pk), ("claim", claim.pk)}
    assert bool(out.getvalue()) == bool(verbosity)


def test_rebuild_dry_run_writes_nothing(make_claim):
    make_claim(statement="Ferry claim.")
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=out)
    assert "Would index 0 briefings, 1 claim, 1 source." in out.getvalue()
    assert not SearchEntry.objects.exists()


def test_rebuild_replaces_stale_entries(make_source):
    source = make_source(title="Ferry register")
    SearchEntry.objects.update(title="Stale title")
    assert search_rebuild() == {"briefing": 0, "claim": 0, "source": 1}
    assert SearchEntry.objects.get().title == "Ferry register"
    assert find("ferry") == [("source", source.pk)]
