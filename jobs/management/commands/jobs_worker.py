"""Run the worker that the configured job backend needs (db_worker, or RQ's worker)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run background jobs: django-tasks' db_worker when jobs wait in the database (the "
        "default), RQ's worker with its scheduler (for retries) when REDIS_URL is set. "
        "Stops cleanly on SIGINT or SIGTERM, after the job in hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Run the jobs that are due, then exit (tests, cron).",
        )

    def handle(self, *args, burst=False, verbosity=1, **options):
        backend = settings.JOBS_BACKEND
        if backend == "database":
            extra = ["--batch", "--no-startup-delay"] if burst else []
            call_command("db_worker", *extra, verbosity=verbosity)
        elif backend == "rq":
            extra = ["--burst"] if burst else []
            call_command(
                "rqworker",
                "default",
                "--with-scheduler",
                "--job-class",
                "django_tasks_rq.Job",
                *extra,
                verbosity=verbosity,
            )
        else:
            raise CommandError(
                f"Jobs run at once with DJANGO_JOBS_BACKEND={backend}: there is no queue to work."
            )
