"""Importing documents: the pure parser, the source_import service and the import_sources command."""

import codecs
import datetime
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from sources import importing
from sources.importing import DocumentError, ParsedDocument
from sources.models import DatePrecision, Source
from sources.services import ImportOutcome, source_import

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

HTML_PAGE = """<!doctype html>
<html lang="en"><head>
<title>Putin visits Pyongyang | Example News</title>
<meta property="og:title" content="Putin visits Pyongyang">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-06-19">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Sign in</a></nav>
<article><h1>Putin visits Pyongyang</h1>
<p>Vladimir Putin arrived in Pyongyang on Wednesday for his first visit in 24 years,
the state news agency reported.</p>
<p>The two leaders signed a comprehensive strategic partnership treaty that includes
a mutual defence clause.</p></article>
<footer>Subscribe to our newsletter. Copyright 2024 Example News.</footer>
</body></html>
"""


def run_import(*paths, **options):
    """Run the command; return (stdout, stderr, CommandError or None)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_sources", *map(str, paths), stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def write(folder, name, content):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# --- Header parsing -----------------------------------------------------------------------------


def test_header_fields_are_read_and_the_body_follows_the_closing_line():
    """Every header label is read; the body is the text after ---, without the header."""
    doc = importing.parse_text(
        "Title: Putin visits Pyongyang\nURL: https://example.org/a\nPublisher: Example News\n"
        "Author: Jane Doe\nAuthor: John Roe\nPublished: 2024-06-19\nLanguage: ru\n---\n"
        "\nFirst paragraph.\n\nSecond paragraph.\n"
    )
    assert doc == ParsedDocument(
        title="Putin visits Pyongyang",
        body="First paragraph.\n\nSecond paragraph.",
        url="https://example.org/a",
        publisher="Example News",
        authors="Jane Doe; John Roe",
        published_on=datetime.date(2024, 6, 19),
        published_precision="day",
        language="ru",
    )


def test_header_labels_ignore_case_and_windows_newlines():
    """`title:` and CRLF line ends work like `Title:` and LF."""
    doc = importing.parse_text("title: Hello\r\nPUBLISHED: 2023\r\n---\r\nBody\r\n")
    assert (doc.title, doc.body, doc.published_precision) == ("Hello", "Body", "year")


def test_without_header_the_first_non_empty_line_is_the_title_and_nothing_is_guessed():
    """No header: title from the first non-empty line, every other field unknown."""
    doc = importing.parse_text("\n\n  World\nRussia and North Korea in 2023.\n")
    assert doc.title == "World"
    assert doc.body == "  World\nRussia and North Korea in 2023."
    assert (doc.url, doc.publisher, doc.authors, doc.language) == ("", "", "", "")
    assert doc.published_on is None


def test_header_without_title_takes_the_title_from_the_body():
    """A header that names no title leaves the title to the body's first line."""
    doc = importing.parse_text("URL: https://example.org/x\n---\nHeadline\nText.")
    assert (doc.title, doc.url) == ("Headline", "https://example.org/x")


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2024", datetime.date(2024, 1, 1), DatePrecision.YEAR),
        ("2024-06", datetime.date(2024, 6, 1), DatePrecision.MONTH),
        ("2024-06-19", datetime.date(2024, 6, 19), DatePrecision.DAY),
    ],
)
def test_published_keeps_the_precision_it_was_given(value, expected, precision):
    """YYYY, YYYY-MM and YYYY-MM-DD give the date and a DatePrecision value."""
    assert importing.parse_partial_date(value) == (expected, precision.value)


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13", "19 June 2024", "24-06-19", "0000"])
def test_an_invalid_published_date_is_an_error(value):
    """Impossible days, months and other formats are refused, never guessed."""
    with pytest.raises(DocumentError, match="invalid date"):
        importing.parse_text(f"Title: T\nPublished: {value}\n---\nBody")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Title: T\nBody without a closing line", "not closed"),
        ("Title: T\nTitel: typo\n---\nBody", "line 2 of the header"),
        ("Title: T\nTitle: again\n---\nBody", "gives Title twice"),
        ("Title: T\n---\n\n  \n", "no text after the header"),
    ],
)
def test_malformed_headers_say_what_is_wrong(text, reason):
    """An unclosed header, an unknown label, a repeated field or a missing body is named."""
    with pytest.raises(DocumentError, match=reason):
        importing.parse_text(text)


def test_a_very_long_first_line_is_shortened_to_fit_the_title():
    """Titles from the first line fit the title field, cut at a word boundary."""
    doc = importing.parse_text("word " * 300)
    assert len(doc.title) <= importing.TITLE_MAX_LENGTH
    assert doc.title.endswith("word…")


LINE_FREE_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=40
).map(str.strip)


@given(
    title=LINE_FREE_TEXT,
    url=LINE_FREE_TEXT,
    publisher=LINE_FREE_TEXT,
    authors=st.lists(LINE_FREE_TEXT.filter(bool).filter(lambda s: ";" not in s), max_size=3),
    published=st.none() | st.tuples(st.dates(), st.sampled_from(["year", "month", "day"])),
    language=LINE_FREE_TEXT,
    body=LINE_FREE_TEXT.filter(bool),
)
def test_any_header_values_round_trip(title, url, publisher, authors, published, language, body):
    """Whatever the values, a written header reads back as the same fields."""
    date_text, expected_date = "", None
    if published:
        day, precision = published
        date_text = {"year": "%04d", "month": "%04d-%02d", "day": "%04d-%02d-%02d"}[precision] % (
            (day.year, day.month, day.day)[: ["year", "month", "day"].index(precision) + 1]
        )
        expected_date = {
            "year": day.replace(month=1, day=1),
            "month": day.replace(day=1),
            "day": day,
        }[precision]
    lines = [f"Title: {title}", f"URL: {url}", f"Publisher: {publisher}"]
    lines += [f"Author: {name}" for name in authors]
    lines += [f"Published: {date_text}", f"Language: {language}", "---", body]
    doc = importing.parse_text("\n".join(lines))
    assert doc.title == (title or importing.first_line_title(body))
    assert (doc.url, doc.publisher, doc.language, doc.body) == (url, publisher, language, body)
    assert doc.authors == "; ".join(authors)
    assert doc.published_on == expected_date
    assert doc.published_precision == (published[1] if published else "")


HEADERISH_LINE = st.one_of(
    st.sampled_from(["---", "", "Title: x", "Published: 2024-02-30", "Published: 2024", "Author:"]),
    st.builds("{}: {}".format, st.sampled_from(sorted(importing.HEADER_FIELDS)), st.text()),
    st.text(),
)


@given(st.lists(HEADERISH_LINE, max_size=12).map("\n".join))
def test_the_text_parser_raises_nothing_but_document_error(text):
    """Arbitrary, header-like or broken input gives a document or a DocumentError, nothing else."""
    try:
        doc = importing.parse_text(text)
    except DocumentError as error:
        assert str(error)
    else:
        assert doc.body.strip()


# --- Decoding and file types ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n\t", "empty file"),
        (b"text\x00with\x00nul", "binary file"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"caf\xe9 au lait", "not valid UTF-8"),
    ],
)
def test_decode_refuses_what_is_not_text(data, reason):
    """Empty, binary and non-UTF-8 bytes each give their own reason."""
    with pytest.raises(DocumentError, match=reason):
        importing.decode(data)


def test_decode_drops_a_byte_order_mark_and_folds_newlines():
    """A UTF-8 BOM is not part of the text; CR and CRLF become LF."""
    assert importing.decode("\ufeffКНДР\r\nline\rend".encode()) == "КНДР\nline\nend"


def test_an_unsupported_file_type_is_refused():
    """Only .txt, .md, .html and .htm are read."""
    with pytest.raises(DocumentError, match="unsupported file type .pdf"):
        importing.parse_document(b"text", name="report.pdf")


def test_html_gives_main_text_and_metadata_without_boilerplate():
    """The article's text, title, author and date are kept; navigation and footer are not."""
    doc = importing.parse_document(HTML_PAGE.encode(), name="page.html")
    assert doc.title == "Putin visits Pyongyang"
    assert doc.authors == "Jane Doe"
    assert (doc.published_on, doc.published_precision) == (datetime.date(2024, 6, 19), "day")
    assert "mutual defence clause" in doc.body
    assert "newsletter" not in doc.body
    assert "Sign in" not in doc.body


def test_html_date_is_never_guessed_from_the_prose():
    """A date mentioned only in the text is not taken as the publication date."""
    html = (
        "<html><head><title>T</title></head><body><article><p>"
        + "Written in March 2019 about sanctions. " * 20
        + "</p><p>Updated 5 May 2021.</p></article></body></html>"
    )
    assert importing.parse_document(html.encode(), name="a.htm").published_on is None


def test_html_without_text_is_an_error():
    """A page with no readable main text is refused."""
    with pytest.raises(DocumentError, match="no readable main text"):
        importing.parse_document(b"<html><body><script>x()</script></body></html>", name="a.html")


# --- The service ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_document_creates_a_source_with_its_metadata(tmp_path):
    """A header's fields land on the source; a stated date is known, with its precision."""
    path = write(
        tmp_path, "a.md", "Title: Treaty\nPublished: 2024-06\nAuthor: A\n---\nTreaty text."
    )
    result = source_import(path_or_document=path)
    source = Source.objects.get()
    assert result.outcome == ImportOutcome.CREATED and result.source == source
    assert (source.title, source.authors, source.body) == ("Treaty", "A", "Treaty text.")
    assert source.published_on == datetime.date(2024, 6, 1)
    assert source.published_precision == DatePrecision.MONTH
    assert source.date_status == Source.DateStatus.KNOWN
    assert source.slug == "treaty"


@pytest.mark.django_db
def test_a_document_without_a_date_has_an_unknown_date(tmp_path):
    """No date given means date status unknown, not an invented date."""
    source = source_import(path_or_document=write(tmp_path, "a.txt", "Head\nText.")).source
    assert source.published_on is None
    assert source.date_status == Source.DateStatus.UNKNOWN


@pytest.mark.django_db
def test_the_same_text_again_is_unchanged(tmp_path):
    """Re-importing a text, even re-spaced, creates nothing."""
    source_import(path_or_document=write(tmp_path, "a.txt", "Head\nSome   text."))
    result = source_import(path_or_document=write(tmp_path, "b.txt", "Head\nSome text.\n\n"))
    assert result.outcome == ImportOutcome.UNCHANGED
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_new_text_for_a_url_already_held_updates_that_source(tmp_path, make_source):
    """The held source gets the new text; editors' metadata stays; the old text is returned."""
    held = make_source(title="Editors' title", url="https://example.org/a", body="Old text.")
    doc = "Title: File title\nURL: https://example.org/a\nPublisher: Other\n---\nNew text."
    result = source_import(path_or_document=write(tmp_path, "a.txt", doc))
    held.refresh_from_db()
    assert result.outcome == ImportOutcome.UPDATED
    assert result.previous_body == "Old text."
    assert (held.title, held.publisher, held.body) == (
        "Editors' title",
        "Example Institute",
        doc[-9:],
    )
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_an_invalid_document_writes_nothing_and_says_why():
    """A value the model refuses (here a malformed URL) is a DocumentError naming the field."""
    doc = ParsedDocument(title="T", body="Text.", url="not a url")
    with pytest.raises(DocumentError, match="URL: Enter a valid URL"):
        source_import(path_or_document=doc)
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_dry_run_reports_the_outcome_and_writes_nothing():
    """dry_run gives the would-be outcome and leaves the database untouched."""
    result = source_import(path_or_document=ParsedDocument(title="T", body="Text."), dry_run=True)
    assert result.outcome == ImportOutcome.CREATED
    assert not Source.objects.exists()


# --- The command ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds are not present")
def test_importing_the_seeds_twice_creates_five_then_nothing():
    """Acceptance: the seeds give 5 sources into an empty database, then 0 new, 5 unchanged."""
    out, _, error = run_import(SEEDS)
    assert error is None
    assert Source.objects.count() == 5
    assert "created 5, updated 0, unchanged 0, failed 0" in out
    assert Source.objects.filter(title="World").exists()
    out, _, error = run_import(SEEDS)
    assert error is None
    assert Source.objects.count() == 5
    assert "created 0, updated 0, unchanged 5, failed 0" in out


@pytest.mark.django_db
def test_a_corrupt_file_fails_alone_and_the_command_exits_non_zero(tmp_path):
    """Good files import; the corrupt one is named with its reason; the run fails."""
    write(tmp_path, "a.txt", "Alpha\nText one.")
    write(tmp_path, "sub/b.md", "Beta\nText two.")
    write(tmp_path, "c.txt", b"Gamma \xff\xfe broken")
    write(tmp_path, "notes.csv", "ignored,file")
    out, err, error = run_import(tmp_path)
    assert error is not None
    assert set(Source.objects.values_list("title", flat=True)) == {"Alpha", "Beta"}
    assert f"{tmp_path / 'c.txt'}: not valid UTF-8" in err
    assert "created 2, updated 0, unchanged 0, failed 1" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("date.txt", b"Title: T\nPublished: 2024-02-30\n---\nText", "invalid date '2024-02-30'"),
    ],
)
def test_each_bad_file_gives_its_reason(tmp_path, name, content, reason):
    """Empty, binary and invalid-date files are each reported on one line with their reason."""
    path = write(tmp_path, name, content)
    out, err, error = run_import(path)
    assert error is not None
    assert [line for line in err.splitlines() if line.strip()] == [
        line for line in err.splitlines() if str(path) in line and reason in line
    ]
    assert "failed 1" in out
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_nonexistent_path_and_an_empty_folder_are_failures(tmp_path):
    """A missing path and a folder with nothing importable are each named; the run fails."""
    (tmp_path / "empty").mkdir()
    write(tmp_path, "good.txt", "Good\nText.")
    out, err, error = run_import(
        tmp_path / "missing.txt", tmp_path / "empty", tmp_path / "good.txt"
    )
    assert error is not None
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in err
    assert f"{tmp_path / 'empty'}: folder holds no importable files" in err
    assert "created 1, updated 0, unchanged 0, failed 2" in out


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    """--dry-run reports what would be created and leaves the database empty."""
    write(tmp_path, "a.txt", "Alpha\nText one.")
    out, _, error = run_import(tmp_path, dry_run=True)
    assert error is None
    assert "created 1, updated 0, unchanged 0, failed 0 (dry run" in out
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_verbosity_zero_prints_only_the_summary(tmp_path):
    """Per-file lines need verbosity 1; the summary is always printed."""
    write(tmp_path, "a.txt", "Alpha\nText one.")
    out, _, _ = run_import(tmp_path, verbosity=0)
    assert out.strip() == "created 1, updated 0, unchanged 0, failed 0"
    out, _, _ = run_import(tmp_path, verbosity=1)
    assert f"unchanged {tmp_path / 'a.txt'}" in out


@pytest.mark.django_db
def test_an_html_file_imports_with_its_title_and_main_text(tmp_path):
    """An .html page becomes a source titled from its metadata, holding the article text."""
    _, _, error = run_import(write(tmp_path, "page.html", HTML_PAGE))
    assert error is None
    source = Source.objects.get()
    assert source.title == "Putin visits Pyongyang"
    assert source.authors == "Jane Doe"
    assert "strategic partnership treaty" in source.body
    assert "newsletter" not in source.body


@pytest.mark.django_db
def test_the_command_updates_a_source_whose_url_has_new_text(tmp_path, make_source):
    """A file with a held URL and new text is reported as updated."""
    make_source(url="https://example.org/a", body="Old text.")
    write(tmp_path, "a.txt", "URL: https://example.org/a\n---\nNew text.")
    out, _, error = run_import(tmp_path)
    assert error is None
    assert "created 0, updated 1, unchanged 0, failed 0" in out
    assert Source.objects.get().body == "New text."


# --- Encodings ------------------------------------------------------------------------------------

RUSSIAN = "Россия и КНДР\nТорговля между двумя странами выросла в 2024 году.\n"
KOREAN = "러시아와 북한\n두 나라 사이의 철도 연결이 다시 열렸다.\n"
ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
]


@pytest.mark.parametrize("text", [RUSSIAN, KOREAN], ids=["russian", "korean"])
@pytest.mark.parametrize(("codec", "bom"), ENCODINGS, ids=lambda v: v if isinstance(v, str) else "")
def test_utf8_utf16_and_utf32_files_decode_to_the_same_text(text, codec, bom):
    """A UTF-16 file used to be refused as "binary (contains NUL bytes)"; now it is read."""
    assert importing.decode(bom + text.encode(codec)) == text


@pytest.mark.parametrize("text", [RUSSIAN, KOREAN, "Trade and rail links.\n"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_when_evident(text, codec):
    """Spaces and line breaks in UTF-16 make it evident; an 8-bit text never has them."""
    assert importing.decode(text.encode(codec)) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (RUSSIAN.encode("cp1251"), "not valid UTF-8 text .*save the file as UTF-8"),
        (KOREAN.encode("euc-kr"), "not valid UTF-8 text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16 text, though"),
        (b"\x00\x01\x02\x03\xff\xfe\xfd" * 10, "binary file \\(contains NUL bytes\\)"),
        (codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"), "empty file"),
    ],
)
def test_text_that_cannot_be_read_gives_an_accurate_reason(data, reason):
    with pytest.raises(DocumentError, match=reason):
        importing.decode(data)


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.just(" "),
        min_size=1,
    ).filter(str.strip),
    st.sampled_from(ENCODINGS),
)
def test_any_text_written_with_a_byte_order_mark_reads_back(text, encoding):
    codec, bom = encoding
    if not bom:
        bom = codecs.BOM_UTF8
    assert importing.decode(bom + text.encode(codec)) == text


@pytest.mark.django_db
@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_the_command_imports_russian_and_korean_in_utf16(tmp_path, codec):
    write(tmp_path, "ru.txt", RUSSIAN.encode(codec))
    write(tmp_path, "ko.txt", KOREAN.encode(codec))
    _, err, error = run_import(tmp_path)
    assert error is None, err
    assert set(Source.objects.values_list("title", flat=True)) == {"Россия и КНДР", "러시아와 북한"}


# --- Size limits ----------------------------------------------------------------------------------


def test_sizes_are_written_as_people_read_them():
    assert importing.format_size(512) == "512 bytes"
    assert importing.format_size(340 * 1024) == "340 KB"
    assert importing.format_size(2 * 1024 * 1024) == "2 MB"
    assert importing.format_size(int(31.5 * 1024 * 1024)) == "31.5 MB"


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A 30 MB file is refused by its size; not one byte of it is read."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # sparse: no 30 MB written to disk
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    with pytest.raises(DocumentError) as error:
        importing.read_document(path)
    assert str(error.value) == "file too large (30 MB; the limit is 2 MB per file)"


def test_a_file_just_over_the_limit_names_its_exact_size(tmp_path):
    path = write(tmp_path, "a.txt", b"x" * (importing.MAX_FILE_BYTES + 1))
    with pytest.raises(DocumentError, match=r"\(2,097,153 bytes; the limit is 2 MB per file\)"):
        importing.read_document(path)
    assert importing.read_document(write(tmp_path, "b.txt", b"x" * importing.MAX_FILE_BYTES))


def test_bytes_over_the_limit_are_refused_by_the_parser_too():
    with pytest.raises(DocumentError, match="file too large"):
        importing.parse_document(b"x" * (importing.MAX_FILE_BYTES + 1), name="a.txt")


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(DocumentError, match="not a regular file"):
        importing.read_document(pipe)


@pytest.mark.django_db
def test_the_command_refuses_an_oversized_file_in_one_line_and_imports_the_rest(tmp_path):
    write(tmp_path, "good.txt", "Good\nText.")
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    out, err, error = run_import(tmp_path)
    assert error is not None
    assert err.strip() == f"failed    {big}: file too large (30 MB; the limit is 2 MB per file)"
    assert "created 1, updated 0, unchanged 0, failed 1" in out


# --- Links out of the folder and empty files ------------------------------------------------------


@pytest.mark.django_db
def test_a_link_out_of_the_folder_is_refused_and_never_read(tmp_path):
    """A link to /etc/passwd (here: a secret file outside the folder) is not imported."""
    outside = write(tmp_path, "outside/secret.txt", "Secret\nroot:x:0:0:root:/root:/bin/bash")
    folder = tmp_path / "folder"
    write(folder, "good.txt", "Good\nText.")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "sub").mkdir()
    (folder / "sub" / "up.txt").symlink_to("../../outside/secret.txt")
    out, err, error = run_import(folder)
    assert error is not None
    assert not Source.objects.filter(body__contains="root:x:0:0").exists()
    assert set(Source.objects.values_list("title", flat=True)) == {"Good"}
    reason = f"a link to {outside.resolve()}, outside the folder being imported"
    assert f"{folder / 'passwd.txt'}: {reason}" in err
    assert f"{folder / 'sub' / 'up.txt'}: {reason}" in err
    assert "created 1, updated 0, unchanged 0, failed 2" in out


@pytest.mark.django_db
def test_a_linked_folder_outside_is_not_descended_into(tmp_path):
    write(tmp_path, "outside/secret.txt", "Secret\nText.")
    folder = tmp_path / "folder"
    write(folder, "good.txt", "Good\nText.")
    (folder / "linked").symlink_to(tmp_path / "outside", target_is_directory=True)
    _, _, error = run_import(folder)
    assert error is None
    assert set(Source.objects.values_list("title", flat=True)) == {"Good"}


@pytest.mark.django_db
def test_a_link_that_stays_inside_the_folder_is_followed(tmp_path):
    """Linking within the folder is harmless: the same text again is simply unchanged."""
    folder = tmp_path / "folder"
    write(folder, "real.txt", "Real\nText.")
    (folder / "alias.txt").symlink_to("real.txt")
    write(folder, "notes", "Notes\nKept without a suffix.")
    (folder / "notes.txt").symlink_to(folder / "notes")
    out, err, error = run_import(folder)
    assert error is None, err
    assert set(Source.objects.values_list("title", flat=True)) == {"Real", "Notes"}
    assert "created 2, updated 0, unchanged 1, failed 0" in out


@pytest.mark.django_db
def test_a_file_or_folder_named_directly_may_be_a_link(tmp_path):
    """The operator named it: a link given on the command line is read."""
    real = write(tmp_path, "elsewhere/doc.txt", "Named\nText.")
    (tmp_path / "named.txt").symlink_to(real)
    _, _, error = run_import(tmp_path / "named.txt")
    assert error is None
    assert Source.objects.get().title == "Named"


@pytest.mark.django_db
def test_an_empty_file_in_a_batch_is_named_and_the_rest_import(tmp_path):
    write(tmp_path, "a.txt", "Alpha\nText one.")
    empty = write(tmp_path, "empty.md", b"")
    write(tmp_path, "z.txt", "Zulu\nText two.")
    out, err, error = run_import(tmp_path)
    assert error is not None
    assert err.strip() == f"failed    {empty}: empty file"
    assert set(Source.objects.values_list("title", flat=True)) == {"Alpha", "Zulu"}
    assert "created 2, updated 0, unchanged 0, failed 1" in out
