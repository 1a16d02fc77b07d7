"""Render stored Markdown again where the text or the renderer changed since it was stored."""

from django.core.management.base import BaseCommand
from django.db import transaction

from briefings.markdown import RENDERER_VERSION, markdown_key, render_markdown
from briefings.models import Briefing, Section
from rnk_site import pagecache

# (model, Markdown field): each has <field>_html and <field>_html_key beside it.
MARKDOWN_FIELDS = [(Briefing, "introduction"), (Section, "body")]
BATCH_SIZE = 100


def stale_rows(model, field, *, everything=False):
    """The rows whose stored HTML was not rendered from their Markdown by this renderer."""
    rows = model.objects.only("pk", field, f"{field}_html_key").order_by("pk")
    return [
        row
        for row in rows.iterator(chunk_size=BATCH_SIZE)
        if everything or getattr(row, f"{field}_html_key") != markdown_key(getattr(row, field))
    ]


def rerender(rows, field):
    for row in rows:
        text = getattr(row, field) or ""
        setattr(row, f"{field}_html", render_markdown(text))
        setattr(row, f"{field}_html_key", markdown_key(text))
    if rows:
        type(rows[0]).objects.bulk_update(
            rows, [f"{field}_html", f"{field}_html_key"], batch_size=BATCH_SIZE
        )


class Command(BaseCommand):
    help = (
        "Store the HTML of briefing introductions and section texts again where it was not "
        "rendered from the current Markdown by the current renderer: after loaddata (which "
        "saves raw), after a change to briefings/markdown.py (RENDERER_VERSION), or after "
        "Markdown was changed with QuerySet.update()."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Render every row again, stale or not."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the stale rows; write nothing."
        )

    @transaction.atomic
    def handle(self, *args, all=False, dry_run=False, verbosity=1, **options):
        total = 0
        for model, field in MARKDOWN_FIELDS:
            rows = stale_rows(model, field, everything=all)
            total += len(rows)
            if not dry_run:
                rerender(rows, field)
        if total and not dry_run:
            # bulk_update sends no signals: no cached page may keep the old HTML.
            pagecache.invalidate_all()
            if verbosity >= 2:
                self.stdout.write(f"{model._meta.verbose_name_plural}: {len(rows)} to render")
        if verbosity:
            verb = "would be rendered (dry run)" if dry_run else "rendered"
            self.stdout.write(
                f"{total} stored Markdown field(s) {verb} with renderer version {RENDERER_VERSION}."
            )
