"""Print the passages across all sources that most likely state a statement."""

from django.core.management.base import BaseCommand, CommandError

from sources.finder import DEFAULT_LIMIT, MAX_LIMIT

from ...evidence import find_evidence


class Command(BaseCommand):
    help = (
        "Print the passages of all sources that most likely state STATEMENT, best first, the "
        "same ranking as the claim's “Find evidence” page: each passage with its rank, score, "
        "source title, slug, URL and origin group (sources of one origin count once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("statement", help="The statement to find passages for.")
        parser.add_argument(
            "--limit",
            type=int,
            default=DEFAULT_LIMIT,
            help=f"How many passages to print (1–{MAX_LIMIT}; default {DEFAULT_LIMIT}).",
        )

    def handle(self, *args, statement, limit, verbosity=1, **options):
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}.")
        if not statement.strip():
            raise CommandError("Give a statement to look for.")
        report = find_evidence(statement, limit=limit)
        if not report.findings:
            self.stdout.write("No passage of any source shares a word with this statement.")
            return
        origin = {
            finding.passage.pk: group for group in report.groups for finding in group.findings
        }
        for finding in report.findings:
            source = finding.source
            group = origin[finding.passage.pk]
            self.stdout.write(f"{finding.rank}. [{finding.hit.score:.3f}] {finding.passage.text}")
            self.stdout.write(f"   source: {source.title}")
            self.stdout.write(f"   slug: {source.slug}")
            self.stdout.write(f"   url: {source.url or '(none)'}")
            if verbosity > 1:
                self.stdout.write(
                    f"   {source.date_display} · {source.language or 'language unknown'} · "
                    f"{source.reliability_label} · characters "
                    f"{finding.passage.start}–{finding.passage.end}"
                )
            shared = f" (shared by {len(group.sources)} sources)" if group.shared else ""
            self.stdout.write(f"   origin: {group.number}{shared}")
        self.stdout.write(
            f"{len(report.findings)} passage(s) from {report.independent_sources} "
            "independent origin(s)."
        )
