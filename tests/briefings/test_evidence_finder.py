"""The evidence finder: ranking on the labelled set, the admin page, one-click citing, the command."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from reversion.models import Version

from briefings.corroboration import group_by_origin, independent_sources, origin_map
from briefings.evidence import find_evidence
from briefings.models import Citation, Claim
from sources.finder import find_passages
from sources.models import Source, SourceOverlap

LABELS = Path(__file__).resolve().parent.parent / "data" / "evidence_labels.json"
# Measured with scripts/bench_evidence.py (README: Finding evidence): recall@3 0.938 and
# recall@10 0.958 on both databases. The floors sit a little below.
RECALL_AT_3_FLOOR = 0.88
RECALL_AT_10_FLOOR = 0.92

TEXT = (
    "Opening words of the report. Russia forgave 90% of the debt that North Korea owed to it. "
    "Thousands of North Korean workers earn foreign currency in Russian cities. Closing."
)
COPY = (
    "Copied report. Russia forgave 90% of the debt that North Korea owed to it, they said. "
    "Nothing else here matters much to anyone."
)


def labels():
    return json.loads(LABELS.read_text(encoding="utf-8"))["labels"]


@pytest.fixture
def seeded(db):
    call_command("load_seed_data", verbosity=0)


def test_the_labelled_set_is_large_and_true_to_the_seeds(seeded):
    """At least 40 statements, each naming passages that really are in the seed sources."""
    found = labels()
    assert len(found) >= 40
    bodies = dict(Source.objects.values_list("slug", "body"))
    for label in found:
        assert label["expected"], label
        for expected in label["expected"]:
            assert expected["passage"] in bodies[expected["source"]], expected
            # Written in our own words: no statement copies its passage.
            assert expected["passage"] not in label["statement"]


def test_recall_on_the_labelled_set_stays_above_its_floor(seeded):
    found = labels()

    def found_within(label, k):
        return any(
            hit.source.slug == e["source"] and e["passage"] in hit.passage.text
            for hit in find_passages(label["statement"], limit=k)
            for e in label["expected"]
        )

    at_3 = sum(found_within(label, 3) for label in found) / len(found)
    at_10 = sum(found_within(label, 10) for label in found) / len(found)
    assert at_3 >= RECALL_AT_3_FLOOR, at_3
    assert at_10 >= RECALL_AT_10_FLOOR, at_10


@pytest.fixture
def pair(make_source):
    """An original and its assessed copy, which share an origin."""
    original = make_source(title="The original", body=TEXT, url="https://example.org/original")
    copy = make_source(
        title="The copy", body=COPY, assessment=Source.Assessment.COPY, derived_from=original
    )
    return original, copy


def evidence_url(claim):
    return reverse("admin:briefings_claim_evidence", args=[claim.pk])


def cite_url(claim):
    return reverse("admin:briefings_claim_cite", args=[claim.pk])


def test_the_finder_page_ranks_passages_with_their_source_and_label(staff_client, pair, make_claim):
    original, copy = pair
    other = Source.objects.create(
        title="An <b>independent</b> account",
        body=(
            "Moscow wrote off 90% of the debt North Korea owed, officials confirmed on Monday. "
            "<script>alert('debt forgave Russia')</script> is what a hostile text could hold."
        ),
        language="en",
        assessment=Source.Assessment.ORIGINAL,
    )
    claim = make_claim(statement="Russia forgave 90% of North Korea's debt.", quote=None)
    response = staff_client.get(evidence_url(claim))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.findings[0].passage.source == original
    assert report.statement == claim.statement
    page = response.content.decode()
    # The passage, escaped, with the statement's words marked in any of their forms.
    assert (
        "<mark>Russia</mark> <mark>forgave</mark> <mark>90</mark>% of the <mark>debt</mark>" in page
    )
    assert "Moscow wrote off <mark>90</mark>% of the <mark>debt</mark> <mark>North</mark>" in page
    assert "&lt;script&gt;alert(" in page
    assert "<script>" not in page.split("<body")[1].replace("<script src=", "")
    assert "An &lt;b&gt;independent&lt;/b&gt; account" in page
    assert "Original reporting" in page and "Copy of another source" in page
    assert "Find evidence" in page
    # The copy and its original form one group; the independent account another.
    groups = {frozenset(s.pk for s in group.sources) for group in report.groups}
    assert frozenset({original.pk, copy.pk}) in groups
    assert frozenset({other.pk}) in groups
    assert report.independent_sources == 2
    assert "they count once" in page


def test_sources_that_share_material_are_grouped(make_source):
    left = make_source(title="Left", body=TEXT)
    right = make_source(title="Right", body=TEXT + " Syndicated.")
    alone = make_source(title="Alone", body="Russia forgave the debt of North Korea, it was said.")
    a, b = sorted([left, right], key=lambda s: s.pk)
    SourceOverlap.objects.create(left=a, right=b, kind="syndicated", score=0.9)
    report = find_evidence("Russia forgave North Korea's debt")
    groups = [sorted(s.pk for s in group.sources) for group in report.groups]
    assert sorted([left.pk, right.pk]) in groups
    assert [alone.pk] in groups


def test_the_claim_change_page_links_to_the_finder(staff_client, make_claim):
    claim = make_claim()
    page = staff_client.get(reverse("admin:briefings_claim_change", args=[claim.pk]))
    assert evidence_url(claim) in page.content.decode()


def test_an_editor_can_reword_what_the_finder_looks_for(staff_client, pair, make_claim):
    claim = make_claim(statement="Something else entirely.", quote=None)
    response = staff_client.get(evidence_url(claim), {"q": "workers foreign currency", "limit": 1})
    findings = response.context["report"].findings
    assert len(findings) == 1 and "workers earn foreign currency" in findings[0].passage.text
    junk = staff_client.get(evidence_url(claim), {"limit": "many", "q": "x" * 5000})
    assert junk.status_code == 200
    assert junk.context["report"].statement == claim.statement


def test_one_click_cites_the_passage_verified_with_its_exact_text(staff_client, pair, make_claim):
    original, _copy = pair
    claim = make_claim(statement="Russia forgave 90% of North Korea's debt.", quote=None)
    hit = staff_client.get(evidence_url(claim)).context["report"].findings[0]
    response = staff_client.post(
        cite_url(claim), {"source": hit.source.pk, "quote": hit.passage.text}
    )
    assert response.status_code == 302 and response["Location"] == evidence_url(claim)
    citation = claim.citations.get()
    assert citation.source == original
    assert citation.quote == citation.exact == hit.passage.text
    assert (citation.start, citation.end) == (hit.passage.start, hit.passage.end)
    assert original.body[citation.start : citation.end] == citation.quote
    assert citation.anchor_status == Citation.AnchorStatus.VERIFIED
    assert citation.source_fingerprint == original.fingerprint
    assert citation.is_verified and citation.stance == Citation.Stance.SUPPORTS
    assert citation.prefix and citation.suffix
    # Recorded like the admin's other writes: a revision and an audit entry.
    assert Version.objects.get_for_object(claim).exists()
    assert LogEntry.objects.filter(change_message__startswith="Cited a found passage:").exists()
    # The passage is marked as cited now, and citing it again is refused.
    again = staff_client.get(evidence_url(claim))
    assert again.context["report"].findings[0].cited
    assert "Already cited" in again.content.decode()
    staff_client.post(cite_url(claim), {"source": hit.source.pk, "quote": hit.passage.text})
    assert claim.citations.count() == 1
    messages = [str(m) for m in again.wsgi_request._messages]  # consumed by the page
    assert any("Cited “" in m for m in messages)


def test_a_tampered_passage_is_refused_with_the_editors_message(staff_client, pair, make_claim):
    original, _copy = pair
    claim = make_claim(quote=None)
    response = staff_client.post(
        cite_url(claim),
        {"source": original.pk, "quote": "Russia forgave 100% of the debt"},
        follow=True,
    )
    assert response.status_code == 200
    assert not claim.citations.exists()
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Nothing was cited" in text
    assert "does not occur in “The original”" in text
    assert "Russia forgave 90% of the debt" in text  # the closest passage, to paste


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"source": "abc", "quote": "x"},
        {"source": "99999999999999999999999", "quote": "x"},
        {"source": "-1", "quote": "x"},
        {"source": "999999", "quote": "Russia forgave 90%"},
        {"source": "1", "quote": "bad\x00byte"},
        {"source": "1", "quote": ""},
        {"source": "1", "quote": "x" * 30000},
    ],
)
def test_junk_posts_are_refused_without_a_server_error(staff_client, pair, make_claim, data):
    claim = make_claim(quote=None)
    response = staff_client.post(cite_url(claim), data, follow=True)
    assert response.status_code == 200
    assert not claim.citations.exists()
    assert any("Nothing was cited" in str(m) for m in response.context["messages"])


def test_a_missing_claim_is_not_a_server_error(staff_client):
    for url in ("/admin/briefings/claim/999999/evidence/", "/admin/briefings/claim/abc/evidence/"):
        assert staff_client.get(url).status_code == 302


def test_citing_needs_permission_to_change_claims_and_add_citations(role_client, pair, make_claim):
    original, _copy = pair
    claim = make_claim(quote=None)
    data = {"source": original.pk, "quote": "Russia forgave 90% of the debt"}
    nobody = role_client("nobody")
    assert nobody.get(evidence_url(claim)).status_code == 403
    assert nobody.post(cite_url(claim), data).status_code == 403
    reader = role_client("nobody")
    reader.user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_claim", "change_claim"])
    )
    page = reader.get(evidence_url(claim))
    assert page.status_code == 200
    assert not page.context["can_cite"] and 'name="quote"' not in page.content.decode()
    assert reader.post(cite_url(claim), data).status_code == 403
    assert not claim.citations.exists()
    author = role_client("Authors")
    assert author.get(evidence_url(claim)).context["can_cite"]
    assert author.post(cite_url(claim), data).status_code == 302
    assert claim.citations.count() == 1
    assert author.get(cite_url(claim)).status_code == 403
    assert author.post(evidence_url(claim)).status_code == 403


def test_the_finder_page_queries_do_not_grow_with_results(
    staff_client, make_source, make_claim, django_assert_num_queries
):
    claim = make_claim(statement="Russia forgave 90% of North Korea's debt.")
    staff_client.get(evidence_url(claim))  # the session and user, as on any later page

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(evidence_url(claim), {"limit": 50})
        assert response.status_code == 200
        return len(queries), len(response.context["report"].findings)

    small, shown_small = count()
    for n in range(40):
        make_source(title=f"Report {n}", body=f"{TEXT} Debt forgiven by Russia, report {n}.")
    originals = list(Source.objects.order_by("pk")[:6])
    for original, copy in zip(originals[::2], originals[1::2], strict=True):
        Source.objects.filter(pk=copy.pk).update(assessment="copy", derived_from=original)
    large, shown_large = count()
    assert shown_large > shown_small
    assert small == large
    with django_assert_num_queries(large):
        staff_client.get(evidence_url(claim), {"limit": 50})


def test_the_command_prints_the_same_ranking_with_title_slug_and_url(pair, make_claim):
    original, copy = pair
    out = StringIO()
    call_command(
        "find_evidence", "Russia forgave 90% of North Korea's debt", "--limit", "2", stdout=out
    )
    printed = out.getvalue()
    ranking = find_evidence("Russia forgave 90% of North Korea's debt", limit=2).findings
    assert printed.startswith(f"1. [{ranking[0].hit.score:.3f}] {ranking[0].passage.text}\n")
    assert f"2. [{ranking[1].hit.score:.3f}] {ranking[1].passage.text}\n" in printed
    for source in (original, copy):
        assert f"source: {source.title}\n" in printed
        assert f"slug: {source.slug}\n" in printed
    assert "url: https://example.org/original\n" in printed
    assert "origin: 1 (shared by 2 sources)" in printed
    assert printed.count("\n1. ") + printed.startswith("1. ") == 1
    assert "2 passage(s) from 1 independent origin(s)." in printed


def test_the_command_refuses_a_bad_limit_and_says_when_nothing_is_found(db):
    with pytest.raises(CommandError, match="between 1 and"):
        call_command("find_evidence", "debt", "--limit", "0")
    out = StringIO()
    call_command("find_evidence", "zeppelin", stdout=out)
    assert "No passage" in out.getvalue()


keys = st.integers(min_value=1, max_value=12)


@given(
    st.sets(keys, max_size=10),
    st.lists(st.tuples(keys, keys), max_size=12),
    st.dictionaries(keys, keys, max_size=6),
)
def test_origin_groups_agree_with_the_independent_source_count(ids, edges, copies):
    """The finder's groups are exactly what independent corroboration counts."""
    # Sources refuse a cycle of copies (Source.clean): each copy points to an older source.
    copies = {copy: original for copy, original in copies.items() if original < copy}
    origins = origin_map(copies.items())
    groups = group_by_origin(ids, edges, origins)
    assert set(groups) == ids
    assert len(set(groups.values())) == independent_sources(ids, edges, origins)
    for copy, original in copies.items():
        if copy in ids and original in ids:
            assert groups[copy] == groups[original]


def test_claims_keep_their_statement_when_cited_from_the_finder(staff_client, pair, make_claim):
    original, _copy = pair
    claim = make_claim(statement="Debt relief.", quote=None, status=Claim.Status.DRAFT)
    staff_client.post(
        cite_url(claim), {"source": original.pk, "quote": "Russia forgave 90% of the debt"}
    )
    claim.refresh_from_db()
    assert claim.statement == "Debt relief." and claim.status == Claim.Status.DRAFT


def test_citing_needs_the_forms_csrf_token(pair, make_claim, django_user_model):
    from django.test import Client

    original, _copy = pair
    claim = make_claim(statement="Russia forgave 90% of North Korea's debt.", quote=None)
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("csrf", password="x" * 16))
    page = client.get(evidence_url(claim)).content.decode()
    # A token in each passage's form (and the log-out form); the query form is a GET.
    assert page.count('name="csrfmiddlewaretoken"') >= 3
    data = {"source": original.pk, "quote": "Russia forgave 90% of the debt"}
    assert client.post(cite_url(claim), data).status_code == 403
    assert not claim.citations.exists()


def test_a_source_deleted_since_the_page_was_shown_is_named_as_gone(staff_client, make_claim):
    claim = make_claim(quote=None)
    response = staff_client.post(
        cite_url(claim), {"source": 999999, "quote": "Russia forgave"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Nothing was cited: that source no longer exists."
    ]
