"""
Pure functions that turn a document file into text and metadata. No ORM here.

A text file (``.txt``, ``.md``) may open with a header block::

    Title: Putin visits Pyongyang
    URL: https://example.org/news/1
    Publisher: Example News
    Author: Jane Doe
    Author: John Roe
    Published: 2024-06
    Language: en
    ---
    The document's text…

Without one, the first non-empty line is the title and nothing else is guessed.
HTML is reduced to its main text, title, author and date by trafilatura, with
its date search limited to the page's metadata so a date is never guessed
from the prose. Every failure raises :class:`DocumentError` with a reason an
editor understands.

Files are text in UTF-8 (with or without a byte-order mark), or UTF-16/UTF-32 with a
byte-order mark; UTF-16 without one is recognised when its spaces and line breaks make
it evident. Each file is limited to :data:`MAX_FILE_BYTES`, checked before it is read.
A folder import reads only files whose real path lies inside the folder: a link out of
it is refused with its reason (links that stay inside are followed; linked folders are
not descended into).
"""

import codecs
import datetime
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .text import is_language_tag

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
IMPORTABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

HEADER_END = "---"
# Header label → ParsedDocument field. "Author" may repeat; the names are joined with "; ".
HEADER_FIELDS = {
    "Title": "title",
    "URL": "url",
    "Publisher": "publisher",
    "Author": "authors",
    "Published": "published",
    "Language": "language",
}
_LABELS = {label.lower(): label for label in HEADER_FIELDS}
TITLE_MAX_LENGTH = 500

# 2 MiB holds a long web page's HTML or a book-length text (~300,000 words). Importing is
# dominated by normalising the text (tens of seconds for a megabyte of text on our
# machines), so one request must not bring many megabytes; the admin also bounds a whole
# request at MAX_REQUEST_BYTES.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_REQUEST_BYTES = 10 * 1024 * 1024

# The values of sources.models.DatePrecision, kept as plain strings so this module needs no Django.
YEAR, MONTH, DAY = "year", "month", "day"

_HEADER_LINE = re.compile(r"^([A-Za-z]+)[ \t]*:(.*)$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_BINARY_SIGNATURES = {
    b"%PDF-": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


# Byte-order marks, longest first: a UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Control characters that UTF-16 text does not hold (tab, LF, VT, FF and CR are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# BOM-less UTF-16 counts as evident when at least this share of its characters are
# ASCII spaces or line breaks: bytes of any 8-bit text read as UTF-16 cannot produce them.
_UTF16_MIN_WHITESPACE = 0.02


class DocumentError(ValueError):
    """A file that cannot be imported; ``str(error)`` is the one-line reason."""


def format_size(size: int) -> str:
    """A byte count as people read it: ``512 bytes``, ``340 KB``, ``2 MB``, ``31.5 MB``."""
    if size < 1024:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            return f"{size:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")


def check_size(size: int, *, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse a file of ``size`` bytes if it is over the per-file limit."""
    if size > limit:
        raise DocumentError(too_large_reason(size, limit=limit))


def too_large_reason(size: int | None, *, limit: int = MAX_FILE_BYTES) -> str:
    """Why a file of ``size`` bytes (``None``: not known yet) is refused."""
    if size is None:
        return f"file too large (over the limit of {format_size(limit)} per file)"
    stated = format_size(size)
    if stated == format_size(limit):
        stated = f"{size:,} bytes"
    return f"file too large ({stated}; the limit is {format_size(limit)} per file)"


@dataclass(frozen=True)
class ParsedDocument:
    """A document's text and whatever metadata it states about itself ("" when unknown)."""

    title: str
    body: str
    url: str = ""
    publisher: str = ""
    authors: str = ""
    published_on: datetime.date | None = None
    published_precision: str = ""
    language: str = ""


def decode(data: bytes) -> str:
    """
    Decode a file's bytes as text with Unix newlines, or say why it is not text.

    UTF-8 (a byte-order mark is dropped), UTF-16 and UTF-32 with a byte-order mark, and
    UTF-16 without one when it is evident (see :func:`_sniff_utf16`).
    """
    if not data.strip():
        raise DocumentError("empty file")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise DocumentError(f"binary file ({kind}); export its text first")
    text = _decode_text(data)
    if not text.strip():
        raise DocumentError("empty file")
    if "\x00" in text:
        raise DocumentError("binary file (contains NUL characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_text(data):
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, codec, name)
    # NUL bytes are valid UTF-8 but never in text: UTF-16 is likelier than UTF-8 then.
    has_nul = b"\x00" in data
    utf8_error = None
    if not has_nul:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            utf8_error = error
    sniffed = _sniff_utf16(data)
    if sniffed is not None:
        return sniffed
    if has_nul:
        raise DocumentError(
            "binary file (contains NUL bytes), not text in UTF-8, or in UTF-16 or UTF-32 "
            "with a byte-order mark"
        )
    raise DocumentError(
        f"not valid UTF-8 text (byte 0x{data[utf8_error.start]:02x} at position "
        f"{utf8_error.start}); save the file as UTF-8"
    )


def _decode_as(data, codec, name):
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"not valid {name} text, though it opens with a {name} byte-order mark "
            f"(bad bytes at position {error.start})"
        ) from None


def _sniff_utf16(data):
    """
    Decode BOM-less UTF-16 when it is evident, else ``None``.

    Evident: an even number of bytes that decode cleanly, with no control characters,
    and with spaces or line breaks making up a share of the text. Text in an 8-bit
    encoding read as UTF-16 never yields those (each would need a NUL byte).
    """
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        spaces = sum(1 for char in text if char in " \n")
        if not _CONTROL.search(text) and spaces >= max(1, len(text) * _UTF16_MIN_WHITESPACE):
            return text
    return None


def parse_partial_date(value: str) -> tuple[datetime.date, str]:
    """Read YYYY, YYYY-MM or YYYY-MM-DD as ``(date, precision)``; the missing parts become 1."""
    match = _PARTIAL_DATE.match(value.strip())
    if match is None:
        raise DocumentError(
            f"invalid date {value.strip()!r} in Published: use YYYY, YYYY-MM or YYYY-MM-DD"
        )
    year, month, day = match.groups()
    precision = DAY if day else MONTH if month else YEAR
    try:
        found = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise DocumentError(f"invalid date {value.strip()!r} in Published: no such day") from None
    return found, precision


def split_header(text: str) -> tuple[dict[str, str], str]:
    """
    Split ``text`` into its header fields and the body after the closing ``---``.

    A header is present when the first non-empty line is a known ``Label:`` line.
    Text with no header comes back whole with no fields.
    """
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or _header_label(lines[start]) is None:
        return {}, text
    end = next((i for i in range(start, len(lines)) if lines[i].strip() == HEADER_END), None)
    if end is None:
        raise DocumentError(f"the header is not closed by a line {HEADER_END}")
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[start:end], start=start + 1):
        if line.strip():
            _add_header_line(fields, line, number)
    return fields, "\n".join(lines[end + 1 :])


def _header_label(line):
    match = _HEADER_LINE.match(line.strip())
    if match is None:
        return None
    return _LABELS.get(match[1].lower())


def _add_header_line(fields, line, number):
    label = _header_label(line)
    if label is None:
        raise DocumentError(
            f"line {number} of the header is not one of {', '.join(HEADER_FIELDS)}, "
            f"or the closing {HEADER_END}"
        )
    value = line.split(":", 1)[1].strip()
    name = HEADER_FIELDS[label]
    if name == "authors":
        fields[name] = "; ".join(part for part in (fields.get(name, ""), value) if part)
    elif name in fields:
        raise DocumentError(f"the header gives {label} twice (line {number})")
    else:
        fields[name] = value


def first_line_title(body: str) -> str:
    """The first non-empty line, shortened at a word boundary if it is too long for a title."""
    line = next((line.strip() for line in body.split("\n") if line.strip()), "")
    if len(line) <= TITLE_MAX_LENGTH:
        return line
    cut = line[: TITLE_MAX_LENGTH - 1].rsplit(" ", 1)[0] or line[: TITLE_MAX_LENGTH - 1]
    return f"{cut}…"


def _tidy_body(body):
    """Drop blank lines before the text and whitespace after it; the rest stays verbatim."""
    return re.sub(r"\A(?:[ \t]*\n)+", "", body).rstrip()


def parse_text(text: str) -> ParsedDocument:
    """Read a text or Markdown document: its optional header, then its verbatim body."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, body = split_header(text)
    body = _tidy_body(body)
    if not body:
        raise DocumentError("no text after the header" if fields else "empty file")
    published = fields.pop("published", "")
    published_on, precision = parse_partial_date(published) if published else (None, "")
    fields["title"] = fields.get("title") or first_line_title(body)
    return ParsedDocument(
        body=body, published_on=published_on, published_precision=precision, **fields
    )


def parse_html(html: str) -> ParsedDocument:
    """Extract the main text, title, author, date, canonical URL and language of a web page."""
    # Imported here: trafilatura takes a quarter of a second to load, and only HTML needs it.
    import trafilatura
    from trafilatura.settings import set_date_params

    # extensive=False: take the date from the page's metadata only, never from its prose.
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=set_date_params(extensive=False),
    )
    body = _tidy_body(found.text or "") if found is not None else ""
    if not body:
        raise DocumentError("no readable main text found in the HTML")
    published_on, precision = parse_partial_date(found.date) if found.date else (None, "")
    return ParsedDocument(
        title=(found.title or "").strip()[:TITLE_MAX_LENGTH] or first_line_title(body),
        body=body,
        url=found.url or "",
        authors=found.author or "",
        publisher=found.sitename or "",
        published_on=published_on,
        published_precision=precision,
        language=language_tag(found.language or "") or page_language(html),
    )


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


def page_language(html: str) -> str:
    """The language a page declares on its ``<html lang>``, as a BCP 47 tag; "" when none."""
    match = _HTML_LANG.search(html[:5000])
    return language_tag(match.group(1)) if match else ""


def language_tag(value: str) -> str:
    """A language code as a BCP 47 tag ("ru_RU" is "ru-RU"); "" when it is not one."""
    tag = value.strip().split(",")[0].strip().replace("_", "-")
    return tag if is_language_tag(tag) else ""


def check_suffix(name: str) -> None:
    """Refuse a file whose name does not end with an importable type."""
    suffix = Path(name).suffix.lower()
    if suffix not in IMPORTABLE_SUFFIXES:
        raise DocumentError(f"unsupported file type {suffix or '(none)'}; use {_suffix_list()}")


def parse_document(data: bytes, *, name: str) -> ParsedDocument:
    """Parse a file's bytes by the file type that ``name`` ends with."""
    check_suffix(name)
    check_size(len(data))
    text = decode(data)
    return parse_html(text) if Path(name).suffix.lower() in HTML_SUFFIXES else parse_text(text)


def read_document(path: Path, *, within: Path | None = None) -> ParsedDocument:
    """
    Read and parse one file from disk, refusing it before reading if it is too large.

    With ``within`` (the folder being imported), a file whose real path lies outside that
    folder (a link out of it) is refused.
    """
    path = Path(path)
    if within is not None:
        check_inside(path, within)
    try:
        # Checked before opening: opening a pipe would wait for a writer.
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise DocumentError("not a regular file (a folder, device, pipe or socket)")
        check_size(status.st_size)
        with path.open("rb") as handle:
            # One byte past the limit: a file that grows while being read is refused too.
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DocumentError("no such file or folder") from None
    except OSError as error:
        raise DocumentError(f"cannot read the file: {error.strerror or error}") from None
    check_size(len(data))
    return parse_document(data, name=str(path))


def check_inside(path: Path, folder: Path) -> None:
    """Refuse ``path`` if, links resolved, it lies outside ``folder``."""
    real = Path(path).resolve()
    if not real.is_relative_to(Path(folder).resolve()):
        raise DocumentError(
            f"a link to {real}, outside the folder being imported; links out of it are not followed"
        )


def importable_files(path: Path) -> list[Path]:
    """
    The importable files at ``path``: the file itself, or a folder's files, recursively.

    Hidden files and folders are skipped, and linked folders are not descended into; a
    folder holding nothing importable is an error. Links to files are listed as they are:
    read them with ``read_document(path, within=folder)``, which refuses links out of it.
    """
    path = Path(path)
    if not path.exists():
        raise DocumentError("no such file or folder")
    if not path.is_dir():
        return [path]
    found = sorted(
        candidate
        for candidate in path.rglob("*")
        if candidate.is_file()
        and candidate.suffix.lower() in IMPORTABLE_SUFFIXES
        and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
    )
    if not found:
        raise DocumentError(f"folder holds no importable files ({_suffix_list()})")
    return found


def _suffix_list():
    return ", ".join(sorted(IMPORTABLE_SUFFIXES))
