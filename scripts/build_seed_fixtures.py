"""
Build the seed fixtures in ``fixtures/`` from the seed documents and ``seed_data.py``.

Run from the repository: ``.venv/bin/python scripts/build_seed_fixtures.py``.

The objects are created through the ORM in a throwaway SQLite database, so that
``save()`` derives what ``loaddata`` will not (fingerprints, word counts, slugs,
citation anchors), then serialised with natural keys only. Identifiers and
timestamps are fixed, so a re-run writes identical files.
"""

import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The seed documents sit beside the checkout; RNK_SEEDS_DIR points elsewhere (e.g. a worktree).
SEEDS = Path(os.environ.get("RNK_SEEDS_DIR") or REPO.parent / "shared" / "seeds")
FIXTURES = REPO / "fixtures"
# Claims and citations get UUIDs derived from their keys in this namespace.
UID_NAMESPACE = uuid.UUID("6f1d3c1e-52a4-4b8e-9a55-2c1f0e7d3b10")
CREATED = dt.datetime(2026, 11, 14, 9, 0, tzinfo=dt.UTC)

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))


class SeedError(Exception):
    """The editorial data does not match the seed documents."""


def setup_django(database):
    os.environ["DJANGO_SETTINGS_MODULE"] = "rnk_site.settings"
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DJANGO_SQLITE_PATH"] = str(database)
    os.environ.pop("DATABASE_URL", None)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def uid(*parts):
    return uuid.uuid5(UID_NAMESPACE, "/".join(parts))


def read_seed(name):
    # Verbatim: decode only, never strip or normalise.
    return (SEEDS / name).read_bytes().decode("utf-8")


def build_sources(data):
    from sources.models import Source, SourceReference

    by_prefix = {}
    originals = {}
    for name, meta in data.SOURCES.items():
        meta = dict(meta)
        tags = meta.pop("tags", [])
        references = meta.pop("references", [])
        prefix = name.split("_", 1)[0]
        originals[prefix] = meta.pop("derived_from", None)
        source = Source(body=read_seed(name), **meta)
        if originals[prefix] is None:
            source.full_clean()
        source.save()
        source.tags.add(*tags)
        for position, url in enumerate(references):
            reference = SourceReference(source=source, position=position, url=url)
            reference.full_clean()
            reference.save()
        by_prefix[prefix] = source
    link_originals(by_prefix, originals)
    return by_prefix


def link_originals(sources, originals):
    """Point each copy at its original (by file prefix), once every source exists."""
    for prefix, original in originals.items():
        if original is None:
            continue
        if original not in sources:
            raise SeedError(f"Source {prefix!r} is a copy of {original!r}, which is not a seed")
        copy = sources[prefix]
        copy.derived_from = sources[original]
        copy.full_clean()
        copy.save()


def build_citation(claim, key, position, spec, sources):
    from briefings.models import Citation
    from sources import text

    if isinstance(spec, tuple):
        spec = {"source": spec[0], "quote": spec[1]}
    source = sources[spec["source"]]
    anchor = text.locate_quote(source.body, spec["quote"])
    if anchor is None:
        raise SeedError(f"Claim {key!r}: quote not found in {source.title!r}: {spec['quote']!r}")
    # Store the passage exactly as the source spells it (typographic quotes included).
    citation = Citation(
        uid=uid("citation", key, str(position)),
        claim=claim,
        source=source,
        quote=anchor.exact,
        attribution=spec.get("attribution", ""),
        stance=spec.get("stance", Citation.Stance.SUPPORTS),
        position=position,
    )
    citation.full_clean()
    citation.save()


def build_claims(data, sources):
    from briefings.models import Claim

    claims = {}
    for item in data.CLAIMS:
        key = item["key"]
        if key in claims:
            raise SeedError(f"Duplicate claim key {key!r}")
        event_date, precision = item.get("date", (None, "year"))
        claim = Claim(
            uid=uid("claim", key),
            statement=item["statement"],
            status=item.get("status", Claim.Status.VERIFIED),
            event_date=event_date,
            event_precision=precision,
            editor_notes=item.get("editor_notes", ""),
        )
        claim.full_clean()
        claim.save()
        claim.tags.add(*item["tags"])
        if not item["cite"]:
            raise SeedError(f"Claim {key!r} has no citation")
        for position, spec in enumerate(item["cite"]):
            build_citation(claim, key, position, spec, sources)
        claims[key] = claim
    return claims


def build_briefings(data, claims):
    from briefings.models import Briefing, Claim, Section, SectionClaim

    for item in data.BRIEFINGS:
        status = item.get("status", Briefing.Status.PUBLISHED)
        published_at = None
        if "published_at" in item:
            published_at = dt.datetime(*item["published_at"], tzinfo=dt.UTC)
        briefing = Briefing(
            title=item["title"],
            slug=item["slug"],
            standfirst=item["standfirst"],
            introduction=item["introduction"],
            status=status,
            published_at=published_at,
        )
        briefing.full_clean()
        briefing.save()
        briefing.tags.add(*item["tags"])
        for section_position, spec in enumerate(item["sections"]):
            section = Section.objects.create(
                briefing=briefing,
                position=section_position,
                heading=spec["heading"],
                body=spec.get("body", ""),
            )
            for claim_position, key in enumerate(spec["claims"]):
                claim = claims[key]
                if status == Briefing.Status.PUBLISHED and claim.status == Claim.Status.DRAFT:
                    raise SeedError(f"Draft claim {key!r} in published briefing {item['slug']!r}")
                SectionClaim.objects.create(section=section, claim=claim, position=claim_position)


def fix_timestamps():
    """Give every record the same fixed creation time, so the output is reproducible."""
    from django.db.models import F

    from briefings.models import Briefing, Citation, Claim
    from sources.models import Source

    for model in (Source, Claim, Citation, Briefing):
        model.objects.update(created_at=CREATED, updated_at=CREATED)
    # A briefing was last edited when it was published, never before.
    Briefing.objects.filter(published_at__gt=CREATED).update(updated_at=F("published_at"))


def dump(path, querysets):
    from django.core import serializers

    objects = [obj for queryset in querysets for obj in queryset.order_by("pk")]
    payload = serializers.serialize(
        "json",
        objects,
        indent=2,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    path.write_text(payload + "\n", encoding="utf-8")
    return len(objects)


def write_fixtures():
    from taggit.models import Tag

    from briefings.models import (
        Briefing,
        Citation,
        Claim,
        Section,
        SectionClaim,
        TaggedBriefing,
        TaggedClaim,
    )
    from sources.models import Source, SourceReference, TaggedSource

    FIXTURES.mkdir(exist_ok=True)
    written = {
        "seed_sources.json": dump(
            FIXTURES / "seed_sources.json",
            [
                Tag.objects.all(),
                Source.objects.all(),
                TaggedSource.objects.all(),
                SourceReference.objects.all(),
            ],
        ),
        "seed_editorial.json": dump(
            FIXTURES / "seed_editorial.json",
            [
                Claim.objects.all(),
                TaggedClaim.objects.all(),
                Citation.objects.all(),
                Briefing.objects.all(),
                TaggedBriefing.objects.all(),
                Section.objects.all(),
                SectionClaim.objects.all(),
            ],
        ),
    }
    for name, count in written.items():
        print(f"Wrote fixtures/{name}: {count} objects")


def report_coverage(data):
    """Warn about public claims that no published briefing uses."""
    used = {
        key
        for item in data.BRIEFINGS
        if item.get("status", "published") == "published"
        for section in item["sections"]
        for key in section["claims"]
    }
    for item in data.CLAIMS:
        if item.get("status") != "draft" and item["key"] not in used:
            print(f"Note: claim {item['key']!r} is in no published briefing")


def main():
    if not SEEDS.is_dir():
        raise SystemExit(f"Seed documents not found in {SEEDS}")
    import seed_data

    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir) / "seed.sqlite3")
        sources = build_sources(seed_data)
        claims = build_claims(seed_data, sources)
        build_briefings(seed_data, claims)
        fix_timestamps()
        write_fixtures()
        from django.db import connections

        connections.close_all()
    report_coverage(seed_data)


if __name__ == "__main__":
    try:
        main()
    except SeedError as error:
        raise SystemExit(f"error: {error}") from None
