"""
Promises readers rely on, each pinned by a test that a one-line fault would fail.

Written for the faults mutation testing left undetected (``make mutation``): a quote
re-verified on every save, preview only for staff who may see the object, sources of
one origin counted once, drafts kept out of ``published()``, and the publish gate.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from briefings import services
from briefings.corroboration import (
    attach_support,
    claims_with_support,
    count_independent,
    support_counts,
)
from briefings.models import Briefing, Citation, Claim
from sources.models import Source, SourceOverlap

# --- quote verification on every save ----------------------------------------------------


@pytest.mark.django_db
def test_an_existing_citation_saved_again_with_a_foreign_quote_is_refused(make_claim):
    """Verification is not only for new citations: editing a saved one checks it again."""
    citation = make_claim(quote="international sanctions").citations.get()
    citation.quote = "words that the source never said"
    with pytest.raises(ValidationError) as excinfo:
        citation.save()
    assert excinfo.value.message_dict["quote"][0].startswith("This passage does not occur")
    stored = Citation.objects.get(pk=citation.pk)
    assert stored.quote == "international sanctions"


@pytest.mark.django_db
def test_an_existing_citation_saved_again_is_anchored_to_the_current_text(make_claim):
    citation = make_claim(quote="international sanctions").citations.get()
    source = citation.source
    # The text changes behind the citation's back (no signal, no re-anchoring).
    Source.objects.filter(pk=source.pk).update(body="Preface. " + source.body)
    citation.source.refresh_from_db()
    Citation.objects.filter(pk=citation.pk).update(anchor_status=Citation.AnchorStatus.BROKEN)
    citation.refresh_from_db()
    citation.save()
    citation.refresh_from_db()
    assert citation.source.body[citation.start : citation.end] == "international sanctions"
    assert citation.exact == "international sanctions"
    assert citation.anchor_status == Citation.AnchorStatus.VERIFIED
    assert citation.source_fingerprint == Source.objects.get(pk=source.pk).fingerprint
    assert citation.prefix.endswith("influenced by ")
    assert citation.suffix.startswith(". Labour")
    assert citation.is_verified


@pytest.mark.django_db
def test_citation_clean_reports_a_missing_passage_and_an_empty_quote(make_claim, make_source):
    source = make_source()
    claim = make_claim(quote=None)
    missing = Citation(claim=claim, source=source, quote="not in the text at all")
    with pytest.raises(ValidationError) as excinfo:
        missing.clean()
    assert [e.code for e in excinfo.value.error_dict["quote"]] == ["quote_not_in_source"]
    assert excinfo.value.message_dict["quote"] == [
        f"This passage does not occur in “{source.title}”. Copy it exactly from the source's "
        "text (whitespace and typographic quotes may differ)."
    ]
    for empty in (" \u200b ", ""):
        blank = Citation(claim=claim, source=source, quote=empty)
        with pytest.raises(ValidationError) as excinfo:
            blank.save()
        assert excinfo.value.message_dict["quote"] == ["Quote a passage of the source."]
        assert [e.code for e in excinfo.value.error_dict["quote"]] == ["empty_quote"]
    Citation(claim=claim, source=source, quote="Labour migration").clean()
    # Without a source there is nothing to look in: the source field reports it, not clean().
    Citation(claim=claim, quote="Labour migration").clean()


# --- preview --------------------------------------------------------------------------------


@pytest.fixture
def unpublished(make_claim, make_briefing):
    draft_claim = make_claim(statement="A draft statement for preview.", status=Claim.Status.DRAFT)
    briefing = make_briefing(
        title="Preview only briefing", status=Briefing.Status.DRAFT, claims=[draft_claim]
    )
    return briefing, draft_claim


def _login(client, django_user_model, *, staff, perms=("view_briefing", "view_claim")):
    user = django_user_model.objects.create_user("someone", password="pw-someone", is_staff=staff)
    user.user_permissions.add(*Permission.objects.filter(codename__in=perms))
    client.force_login(user)
    return user


def test_a_logged_in_reader_who_is_not_staff_cannot_preview(client, django_user_model, unpublished):
    """Even with view permissions, a reader account that is not staff gets 404."""
    briefing, claim = unpublished
    _login(client, django_user_model, staff=False)
    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert client.get(claim.get_absolute_url()).status_code == 404
    bib = reverse("briefings:briefing_bibliography", args=[briefing.slug, "bib"])
    assert client.get(bib).status_code == 404


def test_staff_with_the_view_permissions_preview_drafts_and_their_claims(
    client, django_user_model, unpublished
):
    briefing, claim = unpublished
    _login(client, django_user_model, staff=True)
    page = client.get(briefing.get_absolute_url())
    assert page.status_code == 200
    assert claim.statement in page.content.decode()
    assert client.get(claim.get_absolute_url()).status_code == 200
    bib = reverse("briefings:briefing_bibliography", args=[briefing.slug, "bib"])
    assert client.get(bib).status_code == 200


def test_staff_without_permissions_are_readers(client, django_user_model, unpublished):
    briefing, claim = unpublished
    _login(client, django_user_model, staff=True, perms=())
    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_anonymous_readers_never_preview(client, unpublished):
    briefing, claim = unpublished
    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert client.get(claim.get_absolute_url()).status_code == 404


# --- published() ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_published_briefings_are_published_and_due(make_briefing):
    now = timezone.now()
    due = make_briefing(published_at=now - timedelta(seconds=5))
    make_briefing(published_at=now + timedelta(minutes=5))
    make_briefing(status=Briefing.Status.DRAFT)
    make_briefing(status=Briefing.Status.REVIEW, published_at=now - timedelta(days=1))
    make_briefing(status=Briefing.Status.DRAFT, published_at=now - timedelta(days=1))
    assert list(Briefing.objects.published()) == [due]


@pytest.mark.django_db
def test_published_claims_are_every_status_but_draft(make_claim):
    shown = {
        status: make_claim(status=status, quote=None)
        for status in Claim.Status.values
        if status != Claim.Status.DRAFT
    }
    make_claim(status=Claim.Status.DRAFT, quote=None)
    assert set(Claim.objects.published()) == set(shown.values())


# --- corroboration --------------------------------------------------------------------------


def components(nodes, edges):
    """Connected components by breadth-first search: the reference for count_independent."""
    neighbours = {node: set() for node in nodes}
    for left, right in edges:
        if left in neighbours and right in neighbours:
            neighbours[left].add(right)
            neighbours[right].add(left)
    seen, count = set(), 0
    for node in nodes:
        if node in seen:
            continue
        count += 1
        frontier = [node]
        while frontier:
            current = frontier.pop()
            if current not in seen:
                seen.add(current)
                frontier.extend(neighbours[current] - seen)
    return count


@given(
    st.sets(st.integers(0, 12), max_size=12),
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=25),
)
def test_count_independent_counts_connected_groups_of_sources(sources, edges):
    """Sources joined by any chain of shared material are one origin, however listed."""
    assert count_independent(sources, edges) == components(sources, edges)


def test_count_independent_follows_chains_in_any_order():
    assert count_independent({1, 2, 3, 4, 5}, [(4, 5), (1, 2), (3, 4), (2, 3)]) == 1
    assert count_independent({1, 2, 3, 4}, [(1, 2), (3, 4), (1, 3)]) == 1
    assert count_independent({1, 2, 3, 4}, [(2, 1), (4, 3)]) == 2
    assert count_independent({1, 2}, [(1, 9), (9, 2)]) == 2  # 9 is not among the sources


@pytest.mark.django_db
def test_one_origin_counts_once_across_claims(make_claim, make_source):
    """Support is counted per claim, two queries in all, and origins merge per claim."""
    original, copy, copy_of_copy, other = (make_source() for _ in range(4))
    first = make_claim(source=original)
    for source in (copy, copy_of_copy, other):
        Citation.objects.create(claim=first, source=source, quote="international sanctions")
    second = make_claim(source=copy)
    third = make_claim(quote=None)
    overlap = sorted([original, copy], key=lambda s: s.pk)
    SourceOverlap.objects.create(left=overlap[0], right=overlap[1], kind="copy", score=1)
    chain = sorted([copy, copy_of_copy], key=lambda s: s.pk)
    SourceOverlap.objects.create(left=chain[0], right=chain[1], kind="paraphrase", score=0.6)
    assert support_counts([first.pk, second.pk, third.pk]) == {
        first.pk: 2,
        second.pk: 1,
        third.pk: 0,
    }
    assert support_counts()[first.pk] == 2
    # The same source quoted twice is one source.
    Citation.objects.create(claim=second, source=copy, quote="Labour migration")
    assert support_counts([second.pk]) == {second.pk: 1}
    claims = attach_support(list(Claim.objects.filter(pk__in=[first.pk, third.pk])))
    assert {c.pk: c.support for c in claims} == {first.pk: 2, third.pk: 0}
    every = Claim.objects.all()
    assert set(claims_with_support(every, at_least=2)) == {first}
    assert set(claims_with_support(every, at_most=1)) == {second, third}
    assert set(claims_with_support(every, at_least=1, at_most=1)) == {second}
    assert set(claims_with_support(every)) == {first, second, third}


@pytest.mark.django_db
def test_only_supporting_unbroken_citations_count(make_claim, make_source):
    claim = make_claim()
    for stance in (Citation.Stance.CONTRADICTS, Citation.Stance.CONTEXT):
        Citation.objects.create(
            claim=claim, source=make_source(), quote="international sanctions", stance=stance
        )
    broken = Citation.objects.create(
        claim=claim, source=make_source(), quote="international sanctions"
    )
    reanchored = Citation.objects.create(
        claim=claim, source=make_source(), quote="international sanctions"
    )
    Citation.objects.filter(pk=broken.pk).update(anchor_status=Citation.AnchorStatus.BROKEN)
    Citation.objects.filter(pk=reanchored.pk).update(anchor_status=Citation.AnchorStatus.REANCHORED)
    assert support_counts([claim.pk]) == {claim.pk: 2}


# --- the publish gate ----------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_lists_every_missing_passage_and_publishes_nothing(make_claim, make_briefing):
    good = make_claim(quote="international sanctions")
    bad_one = make_claim(quote="Labour migration")
    bad_two = make_claim(quote="forgave 90%")
    briefing = make_briefing(claims=[good, bad_one, bad_two], status=Briefing.Status.DRAFT)
    for claim in (bad_one, bad_two):
        Source.objects.filter(pk=claim.citations.get().source_id).update(body="Gone.")
    with pytest.raises(ValidationError) as excinfo:
        services.briefing_publish(briefing=briefing)
    messages = excinfo.value.messages
    assert messages[0] == f"“{briefing.title}” was not published:"
    assert [e.code for e in excinfo.value.error_list] == [
        "not_published",
        "broken_citations",
        "broken_citations",
    ]
    expected = sorted(
        f"Citation {c.pk} of “{c.claim}”: the passage is no longer in “{c.source}”."
        for c in (bad_one.citations.get(), bad_two.citations.get())
    )
    assert sorted(messages[1:]) == expected
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT
    assert briefing.published_at is None
    assert not Briefing.objects.published().exists()


@pytest.mark.django_db
def test_verifying_marks_exactly_the_missing_passages_broken(make_claim, make_briefing):
    good = make_claim(quote="international sanctions")
    bad = make_claim(quote="Labour migration")
    elsewhere = make_claim(quote="Labour migration")
    briefing = make_briefing(claims=[good, bad], status=Briefing.Status.DRAFT)
    Source.objects.filter(pk=bad.citations.get().source_id).update(body="Gone.")
    failures = services.briefing_verify_citations(briefing=briefing)
    assert len(failures) == 1
    assert f"“{bad}”" in failures[0]
    statuses = dict(Citation.objects.values_list("claim_id", "anchor_status"))
    assert statuses == {
        good.pk: Citation.AnchorStatus.VERIFIED,
        bad.pk: Citation.AnchorStatus.BROKEN,
        elsewhere.pk: Citation.AnchorStatus.VERIFIED,
    }
    assert services.briefing_missing_passages(briefing=briefing) == [bad.citations.get()]


@pytest.mark.django_db
def test_finding_missing_passages_takes_one_query(
    make_claim, make_briefing, django_assert_num_queries
):
    claims = [make_claim(quote="international sanctions") for _ in range(3)]
    briefing = make_briefing(claims=claims, status=Briefing.Status.DRAFT)
    for claim in claims:
        Source.objects.filter(pk=claim.citations.get().source_id).update(body="Gone.")
    with django_assert_num_queries(1):
        missing = services.briefing_missing_passages(briefing=briefing)
        described = [(c.source.title, str(c.claim)) for c in missing]
    assert len(described) == 3


@pytest.mark.django_db
def test_publishing_writes_only_the_status_and_the_time(make_briefing, make_claim):
    """An unsaved edit in memory is not slipped into the database by publishing."""
    briefing = make_briefing(
        claims=[make_claim()], status=Briefing.Status.DRAFT, title="Stored title"
    )
    briefing.title = "Edited but not saved"
    services.briefing_publish(briefing=briefing)
    stored = Briefing.objects.get(pk=briefing.pk)
    assert stored.title == "Stored title"
    assert stored.status == Briefing.Status.PUBLISHED


@pytest.mark.django_db
def test_publishing_keeps_a_given_time_or_stamps_now(make_briefing, make_claim):
    briefing = make_briefing(claims=[make_claim()], status=Briefing.Status.DRAFT)
    before = timezone.now()
    services.briefing_publish(briefing=briefing)
    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.PUBLISHED
    assert before <= briefing.published_at <= timezone.now()
    earlier = timezone.now() - timedelta(days=10)
    again = make_briefing(
        claims=[make_claim()], status=Briefing.Status.REVIEW, published_at=earlier
    )
    services.briefing_publish(briefing=again)
    again.refresh_from_db()
    assert again.published_at == earlier
    later = timezone.now() + timedelta(days=2)
    services.briefing_publish(briefing=again, at=later)
    again.refresh_from_db()
    assert again.published_at == later
    assert again.is_scheduled


# --- re-anchoring through the service -------------------------------------------------------

LEAD = "Lead words here and there. "
TAIL = " Tail words here and there."


def _reanchored_start(body, new_body, quote):
    source = Source.objects.create(title="Two ports", body=body)
    claim = Claim.objects.create(statement="Oil and gas are shipped.")
    citation = Citation.objects.create(claim=claim, source=source, quote=quote)
    assert citation.start == body.index(quote)
    source.body = new_body
    source.save()  # the signal re-anchors the citation
    citation.refresh_from_db()
    assert new_body[citation.start : citation.end] == quote
    return citation.start


@pytest.mark.django_db
def test_a_changed_text_is_re_anchored_by_the_words_after_the_passage():
    """Same passage, same words before it: the words after it say which one was cited."""

    def body(first, second):
        return " ".join(f"{LEAD}S: oil and gas at {port} port.{TAIL}" for port in (first, second))

    new_body = body("Nakhodka", "Rajin")
    start = _reanchored_start(body("Rajin", "Nakhodka"), new_body, "oil and gas")
    assert start == new_body.rindex("oil and gas")


@pytest.mark.django_db
def test_a_changed_text_is_re_anchored_by_the_words_before_the_passage():
    def body(first, second):
        return " ".join(
            f"{LEAD}From {port}: oil and gas shipped daily.{TAIL}" for port in (first, second)
        )

    new_body = body("Nakhodka", "Rajin")
    start = _reanchored_start(body("Rajin", "Nakhodka"), new_body, "oil and gas")
    assert start == new_body.rindex("oil and gas")
