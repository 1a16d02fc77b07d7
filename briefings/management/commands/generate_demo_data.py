"""Build a synthetic corpus of sources, claims and briefings for demonstrations and benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from briefings.demo import CorpusBuilder, has_other_data
from sources.models import Source


def positive(value):
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate a realistic synthetic corpus: source texts (from seeded templates, no "
        "third-party text), tagged claims whose citations quote exact passages of them and are "
        "anchored like any other, published, scheduled and draft briefings, copies and shared "
        "material. Fast enough for 10,000 sources and 100,000 claims (bulk writes, one "
        "transaction per batch, the search index rebuilt at the end). Refuses a database that "
        "holds anything but earlier demo data, unless --force; demo data is added beside "
        "earlier demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=positive, required=True, help="Sources to make.")
        parser.add_argument("--claims", type=positive, required=True, help="Claims to make.")
        parser.add_argument(
            "--briefings",
            type=positive,
            default=None,
            help="Briefings to make (default: one per 400 claims, at least 40).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds any source.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add demo data even though the database holds other (real) data.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be made, without writing."
        )

    def handle(self, *args, sources, claims, briefings, seed, force, dry_run, verbosity, **opts):
        if opts["if_empty"] and Source.objects.exists():
            if verbosity >= 1:
                self.stdout.write("Sources already exist; no demo data generated (--if-empty).")
            return
        if claims and not sources:
            raise CommandError("Claims quote sources: give --sources of at least 1.")
        if briefings is None:
            # At least enough for a full page of the briefing list and of the feeds, so
            # that a small corpus's pages compare with a large one's like for like.
            briefings = max(40, claims // 400) if claims else 0
        if has_other_data() and not force:
            raise CommandError(
                "This database holds sources, claims or briefings that are not demo data. "
                "Demo data would mix with them on the public site: use an empty database "
                "(or one holding only demo data), or pass --force to add it anyway."
            )
        if dry_run:
            self.stdout.write(
                f"Would make {sources} sources, {claims} claims and {briefings} briefings "
                f"(seed {seed})."
            )
            return
        started = time.monotonic()

        def progress(line):
            if verbosity >= 1:
                self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {line}")

        report = CorpusBuilder(seed=seed, progress=progress).build(
            sources=sources, claims=claims, briefings=briefings
        )
        if verbosity >= 1:
            states = ", ".join(f"{n} {state}" for state, n in sorted(report.briefings.items()))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Made {report.sources} sources ({report.copies} copies, {report.overlaps} "
                    f"pairs sharing material), {report.claims} claims with {report.citations} "
                    f"citations, {sum(report.briefings.values())} briefings ({states or 'none'}) "
                    f"in {time.monotonic() - started:.1f} s."
                )
            )
