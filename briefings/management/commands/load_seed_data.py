"""Load the seed sources, claims and briefings from ``fixtures/``."""

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources.models import Source
from sources.services import overlaps_refresh

# Sources first: the editorial fixture refers to them by slug.
SEED_FIXTURES = ("seed_sources", "seed_editorial")


def fixture_path(label):
    for directory in settings.FIXTURE_DIRS:
        path = Path(directory) / f"{label}.json"
        if path.is_file():
            return path
    raise CommandError(f"Seed fixture {label}.json not found in FIXTURE_DIRS.")


class Command(BaseCommand):
    help = (
        "Load the seed data (five source documents, their claims and citations, and the "
        "briefings built on them) from the fixtures seed_sources.json and seed_editorial.json, "
        "in one transaction, then recompute which sources share material. Loading again "
        "updates the same records rather than adding copies."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any source.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be loaded, without writing to the database.",
        )

    def handle(self, *args, if_empty=False, dry_run=False, verbosity=1, **options):
        paths = [fixture_path(label) for label in SEED_FIXTURES]
        if if_empty and Source.objects.exists():
            if verbosity:
                self.stdout.write("Sources already exist; seed data not loaded (--if-empty).")
            return
        if dry_run:
            self.report(paths, verbosity)
            return
        with transaction.atomic():
            call_command("loaddata", *paths, verbosity=max(verbosity - 1, 0))
            # Shared material is derived from the texts (and keyed by row ids), so it is
            # computed here rather than shipped in a fixture.
            overlaps = overlaps_refresh()
            # loaddata saves raw: store the HTML of the Markdown the fixtures do not carry
            # (or carry from an older renderer).
            call_command("rerender_markdown", verbosity=max(verbosity - 1, 0))
            # loaddata saves raw, so the search index is rebuilt from what was loaded.
            call_command("rebuild_search_index", verbosity=max(verbosity - 1, 0))
        if verbosity:
            total = sum(self.count(path).total() for path in paths)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {total} seed objects; {len(overlaps)} pair(s) of sources "
                    "share material."
                )
            )

    @staticmethod
    def count(path):
        with path.open(encoding="utf-8") as handle:
            return Counter(record["model"] for record in json.load(handle))

    def report(self, paths, verbosity):
        for path in paths:
            counts = self.count(path)
            self.stdout.write(f"Would load {counts.total()} objects from {path.name}")
            if verbosity > 1:
                for model, number in sorted(counts.items()):
                    self.stdout.write(f"  {model}: {number}")
        self.stdout.write("Dry run: nothing was written.")
