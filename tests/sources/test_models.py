"""Sources: derived fields, honest dates, unique URLs and slugs."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from taggit.models import Tag

from sources.models import DatePrecision, Source, SourceReference
from sources.text import fingerprint

pytestmark = pytest.mark.django_db


def test_fingerprint_and_word_count_are_derived_from_the_text(make_source):
    """Saving a source computes its fingerprint and word count from the body."""
    source = make_source(body="One two three.")
    assert source.word_count == 3
    assert source.fingerprint == fingerprint("One two three.")
    source.body = "One two three four."
    source.save(update_fields=["body"])
    source.refresh_from_db()
    assert source.word_count == 4


def test_body_is_stored_verbatim(make_source):
    """Whitespace, curly quotes and trailing blank lines survive a round trip."""
    body = "Title\n\n   Korea’s “text”\t\n\n\n"
    source = make_source(body=body)
    source.refresh_from_db()
    assert source.body == body


def test_slugs_are_readable_and_unique_for_non_latin_titles(make_source):
    """Two sources with the same Cyrillic title get distinct ASCII slugs."""
    first = make_source(title="Россия и КНДР")
    second = make_source(title="Россия и КНДР")
    hangul = make_source(title="러시아와 북한")
    assert first.slug == "rossiia-i-kndr"
    assert second.slug == "rossiia-i-kndr-2"
    assert hangul.slug == "reosiawa-bukhan"  # Revised Romanization: final ㄱ is k


def test_url_is_unique_when_present_but_many_sources_may_have_none(make_source):
    make_source(url="")
    make_source(url="")
    make_source(url="https://example.org/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(url="https://example.org/a")


def test_url_clash_is_a_clear_validation_error(make_source):
    """The admin form reports a duplicate URL in words, before the database does."""
    make_source(url="https://example.org/a")
    duplicate = Source(title="Copy", body="Text.", url="https://example.org/a")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "Another source already has this URL." in str(excinfo.value)


def test_unknown_date_is_shown_as_unknown(make_source):
    source = make_source()
    assert source.date_status == Source.DateStatus.UNKNOWN
    assert str(source.date_display) == "date unknown"


def test_estimated_date_is_marked_and_shown_only_as_precisely_as_known(make_source):
    source = make_source(
        published_on=datetime.date(2023, 9, 1),
        published_precision=DatePrecision.MONTH,
        date_status=Source.DateStatus.ESTIMATED,
    )
    assert str(source.date_display) == "September 2023 (estimated)"


@pytest.mark.parametrize(
    ("date", "status", "field"),
    [
        (datetime.date(2023, 1, 1), Source.DateStatus.UNKNOWN, "date_status"),
        (None, Source.DateStatus.KNOWN, "published_on"),
        (None, Source.DateStatus.ESTIMATED, "published_on"),
    ],
)
def test_date_and_its_status_must_agree(date, status, field):
    """A date marked unknown cannot carry a date, and a known or estimated one needs one."""
    source = Source(title="T", body="Text.", published_on=date, date_status=status)
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert field in excinfo.value.message_dict


def test_empty_text_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        Source(title="T", body="  \n ").full_clean()
    assert "body" in excinfo.value.message_dict


def test_topics_are_case_insensitive(make_source):
    """'Sanctions' and 'sanctions' are one topic."""
    make_source().tags.add("Sanctions")
    make_source().tags.add("sanctions")
    assert Tag.objects.filter(name__iexact="sanctions").count() == 1


def test_listed_references_are_ordered_children(make_source):
    source = make_source()
    SourceReference.objects.create(source=source, position=2, url="https://b.example/")
    SourceReference.objects.create(source=source, position=1, url="https://a.example/")
    assert [r.url for r in source.references.all()] == ["https://a.example/", "https://b.example/"]
    with pytest.raises(ValidationError):
        SourceReference(source=source).full_clean()


def assessment_errors(source):
    with pytest.raises(ValidationError) as caught:
        source.full_clean()
    return caught.value.error_dict


def test_only_a_copy_points_to_an_original(make_source):
    """An original is recorded only for a source assessed as a copy."""
    original = make_source()
    opinion = make_source(assessment=Source.Assessment.OPINION, derived_from=original)
    errors = assessment_errors(opinion)
    assert [e.code for e in errors["derived_from"]] == ["original_of_non_copy"]
    copy = make_source(assessment=Source.Assessment.COPY, derived_from=original)
    assert copy.full_clean() is None


def test_a_machine_reworded_copy_cannot_have_reliable_quotations(make_source):
    """Rewording changes the words of the people quoted, so they cannot be relied on."""
    copy = make_source(assessment=Source.Assessment.REWORDED, quotations=Source.Quotations.RELIABLE)
    assert [e.code for e in assessment_errors(copy)["quotations"]] == ["reworded_quotations"]


def test_copies_cannot_form_a_circle(make_source):
    """A source is not a copy of itself, nor of a copy of itself."""
    first = make_source(assessment=Source.Assessment.COPY)
    second = make_source(assessment=Source.Assessment.COPY, derived_from=first)
    third = make_source(assessment=Source.Assessment.COPY, derived_from=second)
    first.derived_from = third
    message = assessment_errors(first)["derived_from"][0]
    assert message.code == "copy_cycle"
    assert third.title in message.messages[0]
    first.derived_from = first
    assert assessment_errors(first)["derived_from"][0].code == "copy_of_itself"


def test_an_original_with_copies_cannot_be_deleted(make_source):
    """Deleting an original would silently turn its copies into independent sources."""
    original = make_source()
    make_source(assessment=Source.Assessment.COPY, derived_from=original)
    with pytest.raises(models.ProtectedError):
        original.delete()


@pytest.mark.parametrize(
    ("assessment", "quotations", "exact", "label"),
    [
        ("original", "reliable", True, "Original reporting"),
        ("unassessed", "unassessed", True, "Not yet assessed"),
        ("opinion", "unreliable", False, "Opinion; its quotations of others are not reliable"),
        ("copy", "reliable", False, "Copy of another source"),
        (
            "reworded",
            "unreliable",
            False,
            "Machine-reworded copy; its quotations of others are not reliable",
        ),
    ],
)
def test_quotes_of_others_are_exact_only_from_reliable_non_copies(
    assessment, quotations, exact, label
):
    """A copy, or a source with unreliable quotations, never gives a person's exact words."""
    source = Source(assessment=assessment, quotations=quotations)
    assert source.quotes_others_exactly is exact
    assert source.reliability_label == label
