"""Recompute which sources share material (copies, syndication, paraphrase)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from sources.services import overlaps_refresh


class Command(BaseCommand):
    help = (
        "Recompute the shared material between all sources: verbatim copies, syndicated "
        "passages and close paraphrase. Replaces what was stored before."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report the pairs found; store nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        with transaction.atomic():
            found = overlaps_refresh()
            if verbosity >= 2:
                for overlap in found:
                    self.stdout.write(
                        f"{overlap.left} ~ {overlap.right}: {overlap.get_kind_display()} "
                        f"({overlap.score:.0%} of sentences)"
                    )
            if dry_run:
                transaction.set_rollback(True)
        suffix = " (dry run: nothing was stored)" if dry_run else ""
        self.stdout.write(f"{len(found)} pairs of sources share material{suffix}.")
