"""Print the passages of different sources that disagree on a date or a figure."""

from django.core.management.base import BaseCommand
from django.db import transaction

from sources.models import SourceDisagreement
from sources.services import disagreements_refresh


class Command(BaseCommand):
    help = (
        "Print the pairs of passages in different sources that report the same thing with a "
        "different date or figure: each pair as a block with both sources (title and URL), "
        "both passages and the values that differ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="Find the pairs again in every source's current text first (verdicts are kept).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="With --recompute: print what would be found, store nothing.",
        )
        parser.add_argument(
            "--unreviewed", action="store_true", help="Only the pairs no editor has judged yet."
        )

    def handle(
        self, *args, recompute=False, dry_run=False, unreviewed=False, verbosity=1, **options
    ):
        with transaction.atomic():
            if recompute:
                disagreements_refresh()
            pairs = SourceDisagreement.objects.for_list().order_by("left__title", "right__title")
            if unreviewed:
                pairs = pairs.unreviewed()
            pairs = list(pairs)
            if dry_run:
                transaction.set_rollback(True)
        if verbosity >= 1:
            for pair in pairs:
                self.stdout.write(self.block(pair))
        suffix = " (dry run: nothing was stored)" if dry_run and recompute else ""
        self.stdout.write(f"{len(pairs)} pair(s) of passages disagree{suffix}.")

    def block(self, pair):
        lines = [f"== {pair.get_kind_display()} differs: {pair.get_verdict_display()}"]
        for source, passage, value in (
            (pair.left, pair.left_passage, pair.left_value),
            (pair.right, pair.right_passage, pair.right_value),
        ):
            lines += [
                f"   {source.title} <{source.url or 'no URL'}>",
                f"   “{passage}”",
                f"   value: {value}",
            ]
        return "\n".join(lines) + "\n"
