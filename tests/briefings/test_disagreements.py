"""Claims whose evidence disagrees: held back from verification, and "sources differ" for readers."""

import datetime

import pytest
from django.urls import reverse

from briefings import services
from briefings.models import Citation, Claim
from sources.models import SourceDisagreement
from sources.services import disagreement_review, disagreements_refresh
from tests.briefings.test_workflow import change_claim
from tests.sources.test_disagreement import TREATY_18, TREATY_19, WORKERS_10K, WORKERS_20K
from tests.test_queries import count_queries

SIGNED_19 = "signed the Treaty on Comprehensive Strategic Partnership in Pyongyang on 19 June 2024"
SIGNED_18 = "signed the Treaty on Comprehensive Strategic Partnership in Pyongyang on June 18, 2024"


@pytest.fixture
def treaty(make_source):
    """Two sources that date the treaty differently, and the pair the detector stored."""
    first = make_source(title="Treaty <i>report</i>", body=TREATY_19)
    second = make_source(title="Treaty wire", body=TREATY_18)
    [pair] = disagreements_refresh(sources=[second])
    return first, second, pair


def cite(claim, source, quote, stance=Citation.Stance.SUPPORTS):
    return Citation.objects.create(claim=claim, source=source, quote=quote, stance=stance)


def draft_claim(statement="Russia and North Korea signed a partnership treaty.", **kwargs):
    return Claim.objects.create(statement=statement, status=Claim.Status.REVIEW, **kwargs)


def test_a_claim_citing_an_unreviewed_pair_is_not_verified(treaty):
    first, _second, pair = treaty
    claim = draft_claim()
    cite(claim, first, SIGNED_19)
    changed, refused, held = services.claims_verify(claims=Claim.objects.filter(pk=claim.pk))
    assert (changed, refused) == ([], [])
    [(held_claim, problems)] = held
    assert held_claim == claim
    assert "gives 19 June 2024 where “Treaty wire” gives June 18, 2024" in problems[0]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW


@pytest.mark.parametrize(
    ("verdict", "verifies"),
    [("reporting", True), ("different", True), ("contradiction", True), ("unreviewed", False)],
)
def test_only_an_unreviewed_pair_blocks(treaty, admin_user, verdict, verifies):
    first, _second, pair = treaty
    disagreement_review(disagreement=pair, verdict=verdict, user=admin_user)
    claim = draft_claim()
    cite(claim, first, SIGNED_19)
    changed, _refused, held = services.claims_verify(claims=Claim.objects.filter(pk=claim.pk))
    assert (changed == [claim], bool(held)) == (verifies, not verifies)


def test_a_citation_away_from_the_differing_value_does_not_block(treaty):
    first, _second, _pair = treaty
    claim = draft_claim()
    cite(claim, first, "Putin landed in Pyongyang shortly before dawn.")
    changed, _refused, held = services.claims_verify(claims=Claim.objects.filter(pk=claim.pk))
    assert changed == [claim] and held == []


def test_a_statement_the_cited_passage_contradicts_is_held(make_source):
    source = make_source(body=TREATY_19)
    wrong = draft_claim("Russia and North Korea signed the treaty on 18 June 2024.")
    cite(wrong, source, SIGNED_19)
    right = draft_claim("Russia and North Korea signed the treaty in June 2024.")
    cite(right, source, SIGNED_19)
    changed, _refused, held = services.claims_verify(claims=Claim.objects.all())
    assert changed == [right]
    [(claim, [problem])] = held
    assert claim == wrong
    assert "states 18 June 2024 but the passage it cites" in problem
    assert "gives 19 June 2024" in problem


def test_an_event_date_the_cited_passage_contradicts_is_held(make_source):
    source = make_source(body=TREATY_19)
    claim = draft_claim(event_date=datetime.date(2024, 6, 18), event_precision="day")
    cite(claim, source, SIGNED_19)
    same_year = draft_claim(event_date=datetime.date(2024, 1, 1), event_precision="year")
    cite(same_year, source, SIGNED_19)
    changed, _refused, held = services.claims_verify(claims=Claim.objects.all())
    assert changed == [same_year]
    assert "states 18 June 2024" in held[0][1][0]


def test_a_figure_the_statement_gets_wrong_is_held_unless_cited_as_context(make_source):
    source = make_source(body=WORKERS_20K)
    passage = "About 20,000 North Korean labourers were still working"
    claim = draft_claim("About 10,000 North Korean labourers were still working in Russia.")
    citation = cite(claim, source, passage)
    _changed, _refused, held = services.claims_verify(claims=Claim.objects.all())
    assert "states 10,000" in held[0][1][0] and "gives 20,000" in held[0][1][0]
    citation.stance = Citation.Stance.CONTEXT
    citation.save()
    changed, _refused, held = services.claims_verify(claims=Claim.objects.all())
    assert changed == [claim] and held == []


def test_the_verify_action_says_why(role_client, treaty):
    first, _second, _pair = treaty
    claim = draft_claim()
    cite(claim, first, SIGNED_19)
    reviewer = role_client("Reviewers")
    response = reviewer.post(
        reverse("admin:briefings_claim_changelist"),
        {"action": "mark_verified", "_selected_action": [claim.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Not verified" in html and "judge this pair in the report" in html
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW


def test_the_claim_form_refuses_verification_with_the_reason(role_client, treaty, admin_user):
    first, _second, pair = treaty
    claim = draft_claim()
    cite(claim, first, SIGNED_19)
    reviewer = role_client("Reviewers")
    response = change_claim(reviewer, claim, status="verified")
    assert response.status_code == 200
    assert "judge this pair in the report of sources that disagree" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.REVIEW
    disagreement_review(disagreement=pair, verdict="reporting", user=admin_user)
    assert change_claim(reviewer, claim, status="verified").status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED


def test_the_claim_form_checks_a_quote_edited_in_the_same_submission(role_client, treaty):
    first, _second, _pair = treaty
    claim = draft_claim()
    cite(claim, first, "Putin landed in Pyongyang shortly before dawn.")
    response = change_claim(
        role_client("Reviewers"), claim, status="verified", **{"citations-0-quote": SIGNED_19}
    )
    assert response.status_code == 200
    assert "judge this pair" in response.content.decode()


def test_readers_see_sources_differ_only_for_a_confirmed_contradiction(
    client, treaty, admin_user, make_briefing
):
    first, _second, pair = treaty
    claim = Claim.objects.create(statement="The treaty was signed.", status="verified")
    cite(claim, first, SIGNED_19)
    briefing = make_briefing(claims=[claim])
    for url in (claim.get_absolute_url(), briefing.get_absolute_url()):
        assert "Sources differ" not in client.get(url).content.decode()
    disagreement_review(disagreement=pair, verdict="contradiction", user=admin_user)
    for url in (claim.get_absolute_url(), briefing.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '#sources-differ">Sources differ</a>:</strong>' in html
        assert "Treaty &lt;i&gt;report&lt;/i&gt;" in html and "<i>report</i>" not in html
        assert "gives <bdi>19 June 2024</bdi>" in html
        assert "gives <bdi>June 18, 2024</bdi>" in html


def test_a_draft_claim_with_a_contradiction_stays_hidden(client, treaty, admin_user):
    first, _second, pair = treaty
    disagreement_review(disagreement=pair, verdict="contradiction", user=admin_user)
    claim = Claim.objects.create(statement="Draft about the treaty.", status="draft")
    cite(claim, first, SIGNED_19)
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_claim_page_queries_do_not_grow_with_contradictions(client, make_source):
    """One query finds the contradictions for 5 or 50 cited passages."""
    passage = "About 20,000 North Korean labourers"
    pages = []
    for n in (5, 50):
        claim = Claim.objects.create(statement=f"Workers, {n}.", status="verified")
        for _ in range(n):
            left, right = make_source(body=WORKERS_20K), make_source(body=WORKERS_10K)
            start = WORKERS_20K.index(passage)
            SourceDisagreement.objects.create(
                left=left,
                right=right,
                kind="figure",
                left_start=start,
                left_end=start + len(passage),
                left_passage=passage,
                left_value="20,000",
                right_start=0,
                right_end=10,
                right_passage="About 10 000",
                right_value="10 000",
                verdict="contradiction",
            )
            cite(claim, left, passage, stance="context")
        html = client.get(claim.get_absolute_url()).content.decode()
        assert html.count('#sources-differ">Sources differ</a>:</strong>') == n
        pages.append(count_queries(client, claim.get_absolute_url()))
    assert pages[0] == pages[1]


def test_the_claim_page_in_the_admin_flags_the_disagreement_before_any_attempt(
    staff_client, treaty
):
    first, _second, _pair = treaty
    claim = draft_claim("Signed on <b>18 June 2024</b>.")
    cite(claim, first, SIGNED_19)
    html = staff_client.get(reverse("admin:briefings_claim_change", args=[claim.pk])).content
    html = html.decode()
    assert "judge this pair in the report of sources that disagree" in html
    assert "states 18 June 2024 but the passage" in html
    assert "<b>18 June" not in html
    calm = draft_claim()
    cite(calm, first, "Putin landed in Pyongyang shortly before dawn.")
    html = staff_client.get(reverse("admin:briefings_claim_change", args=[calm.pk])).content
    assert "No cited passage disagrees" in html.decode()
