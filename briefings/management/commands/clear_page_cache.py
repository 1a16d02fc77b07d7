"""Make every cached page stale, in every process (rnk_site/pagecache.py)."""

from django.core.management.base import BaseCommand

from rnk_site import pagecache


class Command(BaseCommand):
    help = (
        "Make every cached public page stale in every web process: run it after a deployment "
        "(templates or code changed) or after data was changed outside the site's own code "
        "(SQL, QuerySet.update()). scripts/serve.sh runs it at start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if not dry_run:
            pagecache.bump({pagecache.ALL})
        if verbosity:
            verb = "would be made" if dry_run else "made"
            self.stdout.write(f"Every cached page {verb} stale.")
