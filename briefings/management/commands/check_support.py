"""Compare each claim's stored count of independent sources with the count computed afresh."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from briefings.corroboration import support_drift, support_refresh

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Report claims whose stored number of independent sources (the support filter's "
        "Claim.independent_support) differs from the number computed from their citations, "
        "copies and shared material. With --fix, store the computed numbers. Exits with an "
        "error when drift is found and not fixed, so it can run as a check."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Store the computed count where it differs."
        )

    @transaction.atomic
    def handle(self, *args, fix=False, verbosity=1, **options):
        drift = support_drift()
        if verbosity >= 2 or (drift and verbosity >= 1):
            for pk, (stored, computed) in sorted(drift.items())[:SHOWN]:
                self.stdout.write(f"claim {pk}: stored {stored}, computed {computed}")
            if len(drift) > SHOWN:
                self.stdout.write(f"… and {len(drift) - SHOWN} more")
        if not drift:
            self.stdout.write("Every claim's stored support matches the computed count.")
            return
        if not fix:
            raise CommandError(
                f"{len(drift)} claim(s) have a stored support that differs from the computed "
                "count; run with --fix to store the computed counts."
            )
        fixed = support_refresh()
        self.stdout.write(f"Stored the computed support of {fixed} claim(s).")
