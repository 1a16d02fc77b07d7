"""Cut every source into passages again for the evidence finder."""

from django.core.management.base import BaseCommand
from django.db import transaction

from sources.models import Source
from sources.services import passages_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the evidence finder's passage index from every source's current text. "
        "Saving a source keeps it up to date; run this after rows were written without a "
        "save (bulk_create, raw SQL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the passages; store nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        with transaction.atomic():
            total = passages_rebuild()
            if dry_run:
                transaction.set_rollback(True)
        suffix = " (dry run: nothing was stored)" if dry_run else ""
        if verbosity:
            sources = Source.objects.count()
            self.stdout.write(f"{total} passages from {sources} sources{suffix}.")
