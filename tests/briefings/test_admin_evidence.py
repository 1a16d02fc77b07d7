"""The editors' queues: claims that need evidence, citations that need an editor."""

import pytest
from django.urls import reverse

from briefings.models import Citation
from sources.models import SourceOverlap

pytestmark = pytest.mark.django_db

TEXT = "Opening. Labour migration is a unique facet of the relationship. Closing words here."


def changelist_rows(response):
    return list(response.context["cl"].result_list)


def test_needs_evidence_lists_uncited_single_source_and_broken_claims(
    staff_client, make_claim, make_source
):
    """Claims with no citation, only broken ones, or one independent source are in the queue."""
    uncited = make_claim(quote=None)
    single = make_claim()
    corroborated = make_claim()
    Citation.objects.create(claim=corroborated, source=make_source(), quote="Labour migration")
    source = make_source(body=TEXT)
    broken = make_claim(source=source, quote="Labour migration is a unique facet")
    source.body = "Rewritten without that passage."
    source.save()
    url = reverse("admin:briefings_claim_changelist")
    needed = set(changelist_rows(staff_client.get(url, {"evidence": "needed"})))
    assert needed == {uncited, single, broken}
    none = set(changelist_rows(staff_client.get(url, {"evidence": "none"})))
    assert none == {uncited, broken}
    assert changelist_rows(staff_client.get(url, {"evidence": "corroborated"})) == [corroborated]


def test_copies_of_one_origin_do_not_corroborate_each_other(staff_client, make_claim, make_source):
    original, copy = make_source(), make_source()
    claim = make_claim(source=original)
    Citation.objects.create(claim=claim, source=copy, quote="Labour migration")
    SourceOverlap.objects.create(left=original, right=copy, kind="copy", score=1.0)
    url = reverse("admin:briefings_claim_changelist")
    assert changelist_rows(staff_client.get(url, {"evidence": "needed"})) == [claim]


def test_report_lists_broken_and_changed_citations_only(staff_client, make_claim, make_source):
    steady = make_claim(quote="international sanctions").citations.get()
    source = make_source(body=TEXT)
    moved = make_claim(source=source, quote="Labour migration is a unique facet").citations.get()
    gone = make_claim(source=source, quote="Closing words here").citations.get()
    source.body = "A new first paragraph. " + TEXT.replace(" Closing words here.", "")
    source.save()
    response = staff_client.get(reverse("admin:briefings_citation_report"))
    listed = set(response.context["citations"])
    assert listed == {moved, gone}
    assert steady not in listed
    content = response.content.decode()
    assert "broken" in content and "2 citations need attention" in content
    changelist = staff_client.get(reverse("admin:briefings_citation_changelist")).content.decode()
    assert reverse("admin:briefings_citation_report") in changelist


def test_source_changed_filter(staff_client, make_claim, make_source):
    source = make_source(body=TEXT)
    changed = make_claim(source=source, quote="Labour migration").citations.get()
    unchanged = make_claim(quote="international sanctions").citations.get()
    source.body = TEXT + " An added sentence."
    source.save()
    url = reverse("admin:briefings_citation_changelist")
    assert changelist_rows(staff_client.get(url, {"source_changed": "yes"})) == [changed]
    assert changelist_rows(staff_client.get(url, {"source_changed": "no"})) == [unchanged]


def test_verify_again_action_records_the_current_text_or_marks_broken(
    staff_client, make_claim, make_source
):
    source = make_source(body=TEXT)
    kept = make_claim(source=source, quote="Labour migration").citations.get()
    lost = make_claim(source=source, quote="Closing words here").citations.get()
    source.body = "New start. " + TEXT.replace("Closing words here.", "")
    source.save()
    kept.refresh_from_db()
    assert kept.source_changed_since_verified
    response = staff_client.post(
        reverse("admin:briefings_citation_changelist"),
        {"action": "reverify", "_selected_action": [kept.pk, lost.pk]},
        follow=True,
    )
    assert "1 verified against the current text; 1 broken." in response.content.decode()
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert not kept.source_changed_since_verified
    assert kept.anchor_status == Citation.AnchorStatus.VERIFIED
    assert lost.anchor_status == Citation.AnchorStatus.BROKEN
