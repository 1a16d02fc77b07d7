"""Rebuild the search index from the database."""

from django.core.management.base import BaseCommand

from search.services import search_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every briefing, claim and source in the database, in "
        "one transaction. Run it after loading fixtures (fixture loads are not indexed as they "
        "go) or after changing how documents are indexed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be indexed, without writing to the database.",
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        counts = search_rebuild(dry_run=dry_run)
        if verbosity >= 1:
            summary = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items())
            verb = "Would index" if dry_run else "Indexed"
            self.stdout.write(self.style.SUCCESS(f"{verb} {summary}."))
