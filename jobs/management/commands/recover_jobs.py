"""Settle the jobs whose worker stopped mid-way (jobs_worker runs this itself)."""

from django.core.management.base import BaseCommand

from jobs.services import jobs_recover


class Command(BaseCommand):
    help = (
        "Queue again (or mark failed, when out of attempts) the running jobs with no sign of "
        "life for DJANGO_JOBS_STALE_AFTER seconds: their worker was killed or its machine "
        "went down. jobs_worker runs this when it starts and every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        counts = jobs_recover(dry_run=dry_run)
        if verbosity >= 1 and (any(counts.values()) or verbosity >= 2):
            would = "Would settle" if dry_run else "Settled"
            done = ", ".join(f"{count} {what}" for what, count in counts.items())
            self.stdout.write(f"{would} jobs whose worker stopped: {done}.")
