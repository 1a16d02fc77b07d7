"""Run the worker that the configured job backend needs (db_worker, or RQ's worker)."""

import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

logger = logging.getLogger(__name__)

# Old finished jobs are pruned when a worker starts and then about once a day.
PRUNE_EVERY = 24 * 60 * 60


class Upkeep(threading.Thread):
    """
    Beside the worker, whatever the queue: recover the jobs whose worker stopped every
    ``JOBS_RECOVER_EVERY`` seconds, prune old jobs once a day. Several workers may do it at
    once: both are safe to repeat.
    """

    def __init__(self, command, verbosity):
        super().__init__(name="jobs-upkeep", daemon=True)
        self.command, self.verbosity = command, verbosity

    def run(self):
        pruned = time.monotonic()
        while True:
            time.sleep(settings.JOBS_RECOVER_EVERY)
            self.command.upkeep("recover_jobs", self.verbosity)
            if time.monotonic() - pruned >= PRUNE_EVERY:
                self.command.upkeep("prune_jobs", self.verbosity)
                pruned = time.monotonic()


class Command(BaseCommand):
    help = (
        "Run background jobs: django-tasks' db_worker when jobs wait in the database (the "
        "default), RQ's worker with its scheduler (for retries) when REDIS_URL is set. "
        "Stops cleanly on SIGINT or SIGTERM, after the job in hand. Beside it, jobs whose "
        "worker stopped are queued again (recover_jobs, at start and every few minutes) "
        "and old finished jobs deleted (prune_jobs, at start and once a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Run the jobs that are due, then exit (tests, cron).",
        )

    def upkeep(self, name, verbosity):
        """Run one upkeep command; a failure is logged, and the worker goes on."""
        try:
            call_command(name, verbosity=verbosity, stdout=self.stdout)
        except Exception:
            # A database restarting, a lock: the worker runs on, and upkeep comes round again.
            logger.exception("%s failed; tried again later", name)
        finally:
            # The upkeep thread's own connection; in the main thread, none is left open for
            # RQ's work horse to inherit.
            connection.close()

    def handle(self, *args, burst=False, verbosity=1, **options):
        backend = settings.JOBS_BACKEND
        if backend not in ("database", "rq"):
            raise CommandError(
                f"Jobs run at once with DJANGO_JOBS_BACKEND={backend}: there is no queue to work."
            )
        self.upkeep("recover_jobs", verbosity)
        self.upkeep("prune_jobs", verbosity)
        if not burst:
            Upkeep(self, verbosity).start()
        if backend == "database":
            extra = ["--batch", "--no-startup-delay"] if burst else []
            call_command("db_worker", *extra, verbosity=verbosity)
        else:
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
