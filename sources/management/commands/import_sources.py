from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.importing import (
    MAX_FILE_BYTES,
    DocumentError,
    format_size,
    importable_files,
    read_document,
)
from sources.services import ImportOutcome, source_import

FAILED = "failed"
# Below this many files the per-file lines are progress enough.
PROGRESS_THRESHOLD = 20


class Command(BaseCommand):
    help = (
        "Import documents (.txt, .md, .html, .htm) from files or folders, each file in its own "
        "transaction. Text files may open with a Title:/URL:/Publisher:/Author:/Published:/"
        "Language: header ended by ---. The same text again changes nothing; new text for a "
        "URL already held updates that source. Files are UTF-8, or UTF-16/32 with a "
        f"byte-order mark, of at most {format_size(MAX_FILE_BYTES)} each. In a folder, links "
        "to files outside it are refused, never followed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be imported without writing anything.",
        )

    def handle(self, *args, paths, dry_run, verbosity, **options):
        self.verbosity = verbosity
        counts = Counter()
        files = []  # (file, the folder it was found in, or None for a file named directly)
        for raw in paths:
            try:
                found = importable_files(Path(raw))
            except DocumentError as error:
                self.report_failure(raw, error)
                counts[FAILED] += 1
                continue
            folder = Path(raw) if Path(raw).is_dir() else None
            files.extend((path, folder) for path in found)
        progress = Progress(self.stdout, len(files), enabled=len(files) > PROGRESS_THRESHOLD)
        for number, (path, folder) in enumerate(files, start=1):
            progress.clear()
            counts[self.import_one(path, folder=folder, dry_run=dry_run)] += 1
            progress.show(number)
        progress.clear()
        self.stdout.write(self.summary(counts, dry_run=dry_run))
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} path(s) could not be imported.")

    def import_one(self, path, *, folder, dry_run):
        """Import one file and print its line; return its outcome for the summary."""
        try:
            document = read_document(path, within=folder)
            result = source_import(path_or_document=document, dry_run=dry_run)
        except DocumentError as error:
            self.report_failure(path, error)
            return FAILED
        if self.verbosity >= 1:
            line = f"{result.outcome:<9} {path}  →  {result.source.title}"
            style = self.style.SUCCESS if result.outcome != ImportOutcome.UNCHANGED else str
            self.stdout.write(line, style_func=style)
        return result.outcome

    def report_failure(self, path, error):
        # Failures are printed at every verbosity: a run that failed must say where.
        self.stderr.write(f"{FAILED:<9} {path}: {error}")

    def summary(self, counts, *, dry_run):
        line = ", ".join(
            f"{name} {counts[name]}" for name in [*(o.value for o in ImportOutcome), FAILED]
        )
        return f"{line} (dry run: nothing was written)" if dry_run else line


class Progress:
    """A one-line in-place counter, drawn only on a terminal and only for long runs."""

    def __init__(self, stream, total, *, enabled):
        self.stream = stream
        self.total = total
        self.enabled = enabled and stream.isatty()

    def show(self, done):
        if self.enabled:
            self.stream.write(f"\r[{done}/{self.total}] importing…", ending="")
            self.stream.flush()

    def clear(self):
        if self.enabled:
            self.stream.write("\r\x1b[K", ending="")
