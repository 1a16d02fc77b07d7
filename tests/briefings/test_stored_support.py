"""
The stored count of independent sources (``Claim.independent_support``) never drifts from
the count computed from citations, copies and shared material, whatever edits happen.
"""

import contextlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from briefings import services
from briefings.corroboration import support_counts, support_drift
from briefings.models import Citation, Claim
from sources.models import Source, SourceOverlap
from sources.services import overlaps_refresh
from tests.conftest import SAMPLE_TEXT

QUOTES = ("Labour migration", "international sanctions", "Russia forgave 90%")
# A text without any of the quoted passages: citations of a source given it break.
OTHER_TEXT = "An unrelated report about fisheries and weather in the Sea of Japan."
N_SOURCES, N_CLAIMS = 4, 3

index = st.integers(min_value=0, max_value=64)


class SupportEdits(RuleBasedStateMachine):
    """Random sequences of every edit that can change a claim's independent support."""

    def __init__(self):
        super().__init__()
        # Each run is rolled back in teardown(): the next starts from the same empty database.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.sources = [
            Source.objects.create(title=f"Source {n}", body=f"{SAMPLE_TEXT} Document {n}.")
            for n in range(N_SOURCES)
        ]
        self.claims = [
            Claim.objects.create(statement=f"Claim {n}.", status=Claim.Status.VERIFIED)
            for n in range(N_CLAIMS)
        ]
        # Each claim starts with two supporting sources, so links between sources matter at once.
        for n, claim in enumerate(self.claims):
            for source in (self.sources[n], self.sources[n + 1]):
                Citation.objects.create(claim=claim, source=source, quote=QUOTES[0])

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _pick(self, items, i):
        return items[i % len(items)]

    def _citation(self, i):
        citations = list(Citation.objects.order_by("pk"))
        return self._pick(citations, i) if citations else None

    def _claims(self):
        return list(Claim.objects.order_by("pk"))

    def _save(self, citation):
        """Save as an editor would: a citation whose passage left its source is refused."""
        with contextlib.suppress(ValidationError):
            citation.save()

    @rule(
        claim=index,
        source=index,
        quote=st.sampled_from(QUOTES),
        stance=st.sampled_from(Citation.Stance.values),
    )
    def cite(self, claim, source, quote, stance):
        claims, source = self._claims(), Source.objects.get(pk=self._pick(self.sources, source).pk)
        if claims and quote in source.body:
            Citation.objects.create(
                claim=self._pick(claims, claim), source=source, quote=quote, stance=stance
            )

    @rule(i=index, stance=st.sampled_from(Citation.Stance.values))
    def change_stance(self, i, stance):
        if citation := self._citation(i):
            citation.stance = stance
            self._save(citation)

    @rule(i=index, claim=index)
    def move_citation(self, i, claim):
        if citation := self._citation(i):
            citation.claim = self._pick(self._claims(), claim)
            self._save(citation)

    @rule(i=index)
    def delete_citation(self, i):
        if citation := self._citation(i):
            citation.delete()

    @rule(source=index, original=st.one_of(st.none(), index))
    def assess_copy(self, source, original):
        source = Source.objects.get(pk=self._pick(self.sources, source).pk)
        source.derived_from = None if original is None else self._pick(self.sources, original)
        if source.derived_from_id == source.pk:
            source.derived_from = None
        source.save()

    @rule(left=index, right=index)
    def link_overlap(self, left, right):
        pair = sorted({self._pick(self.sources, left).pk, self._pick(self.sources, right).pk})
        if len(pair) == 2 and not SourceOverlap.objects.filter(left=pair[0], right=pair[1]):
            SourceOverlap.objects.create(left_id=pair[0], right_id=pair[1], kind="copy", score=0.9)

    @rule(i=index)
    def unlink_overlap(self, i):
        overlaps = list(SourceOverlap.objects.order_by("pk"))
        if overlaps:
            self._pick(overlaps, i).delete()

    @rule(source=index, everything=st.booleans())
    def find_shared_material(self, source, everything):
        overlaps_refresh(sources=None if everything else [self._pick(self.sources, source)])

    @rule(source=index, broken=st.booleans())
    def change_text(self, source, broken):
        """A new text re-anchors the source's citations; one without the passages breaks them."""
        source = Source.objects.get(pk=self._pick(self.sources, source).pk)
        source.body = OTHER_TEXT if broken else f"{SAMPLE_TEXT} Revised {source.pk}."
        source.save()

    @rule(i=index)
    def reverify(self, i):
        if citation := self._citation(i):
            services.citations_reverify(citations=Citation.objects.filter(pk=citation.pk))

    @rule(i=index, status=st.sampled_from(Claim.Status.values))
    def change_claim_status(self, i, status):
        claim = self._pick(self._claims(), i)
        claim.status = status
        claim.save()

    @rule(i=index)
    def delete_claim(self, i):
        claims = self._claims()
        if len(claims) > 1:
            self._pick(claims, i).delete()

    @invariant()
    def stored_equals_computed(self):
        assert support_drift() == {}


@pytest.mark.django_db
def test_stored_support_never_drifts_from_the_computed_count():
    """After any sequence of edits, every claim's stored support equals the computed one."""
    run_state_machine_as_test(
        SupportEdits,
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_support_filter_reads_the_stored_count(make_claim, make_source):
    """``with_support`` bounds the stored count; the counts agree with the computed ones."""
    single = make_claim(source=make_source())
    double = make_claim(source=make_source())
    Citation.objects.create(claim=double, source=make_source(), quote="Labour migration")
    none = make_claim(quote=None)
    counts = support_counts([single.pk, double.pk, none.pk])
    assert counts == {single.pk: 1, double.pk: 2, none.pk: 0}
    assert list(Claim.objects.with_support(at_least=2)) == [double]
    assert list(Claim.objects.with_support(at_least=1, at_most=1)) == [single]
    assert list(Claim.objects.with_support(at_most=0)) == [none]


def test_check_support_reports_drift_and_fixes_it(make_claim, make_source, capsys):
    """A count changed behind the services' back is reported (an error) and, with --fix, fixed."""
    claim = make_claim(source=make_source())
    call_command("check_support")
    assert "matches" in capsys.readouterr().out
    Claim.objects.filter(pk=claim.pk).update(independent_support=7)
    with pytest.raises(CommandError, match="1 claim"):
        call_command("check_support")
    assert f"claim {claim.pk}: stored 7, computed 1" in capsys.readouterr().out
    call_command("check_support", fix=True)
    claim.refresh_from_db()
    assert claim.independent_support == 1
    assert support_drift() == {}
