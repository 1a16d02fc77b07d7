"""Delete old finished jobs and the database queue's old rows (jobs_worker runs this daily)."""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from jobs.services import jobs_prune


class Command(BaseCommand):
    help = (
        "Delete the jobs that finished (succeeded or failed) more than --days days ago, with "
        "their stored uploads, in batches; queued and running jobs are kept. With the "
        "database queue, its own finished task rows of that age go too "
        "(prune_db_task_results). jobs_worker runs this when it starts and once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.JOBS_KEEP_DAYS,
            help="Keep jobs finished within this many days (default: %(default)s).",
        )
        parser.add_argument("--batch-size", type=int, default=500, help=("Rows per DELETE."))
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; delete nothing."
        )

    def handle(self, *args, days, batch_size, dry_run=False, verbosity=1, **options):
        if days < 0 or batch_size < 1:
            raise CommandError("--days must be 0 or more and --batch-size at least 1.")
        count = jobs_prune(older_than=timedelta(days=days), batch_size=batch_size, dry_run=dry_run)
        if verbosity >= 1:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(f"{verb} {count} finished job(s) older than {days} day(s).")
        if isinstance(task_backends["default"], DatabaseBackend):
            call_command(
                "prune_db_task_results",
                min_age_days=days,
                queue_name="*",
                dry_run=dry_run,
                verbosity=verbosity,
                stdout=self.stdout,
            )
