"""
A synthetic corpus for demonstrations and benchmarks (``manage.py generate_demo_data``).

Texts come from ``sources.demo`` (seeded templates, no third-party text). Rows are
written with ``bulk_create`` in batches, one transaction per batch, but through the
project's own rules: sources are validated by ``full_clean()`` and fingerprinted by
``sources.text``; every citation is anchored by ``Citation.anchor()`` (which refuses a
quote its source does not contain); shared material is found by ``sources.overlap``
for the pairs the generator made knowingly (copies, syndicated passages), never by a
recompute over the whole corpus; briefings are saved normally (their Markdown stored
rendered) and published by ``briefing_publish``, which checks every passage again.
``bulk_create`` sends no signals, so the search index is rebuilt once at the end.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from rnk_site import pagecache
from search.services import search_rebuild
from sources import demo as demo_text
from sources import services as source_services
from sources import text as text_utils
from sources.models import DatePrecision, Source, TaggedSource, Topic
from sources.services import overlaps_record

from . import services
from .corroboration import support_refresh
from .models import Briefing, Citation, Claim, ClaimEvent, Section, SectionClaim, TaggedClaim

# How demonstration rows are recognised (so that a database holding anything else is
# refused, and more demo data can be added beside earlier demo data).
DEMO_URL = "https://demo.example.org/sources/"
DEMO_NOTE = "Generated demonstration data (manage.py generate_demo_data)."
DEMO_SLUG = "demo-"

SOURCE_BATCH = 1000
CLAIM_BATCH = 2000

# Shares of the claims in each status (drafts stay off the public site).
CLAIM_STATUSES = (
    (Claim.Status.VERIFIED, 0.86),
    (Claim.Status.REVIEW, 0.03),
    (Claim.Status.DISPUTED, 0.02),
    (Claim.Status.RETRACTED, 0.02),
    (Claim.Status.DRAFT, 0.07),
)
# Briefings cycle through these states: most are public, some scheduled, in review or drafts.
BRIEFING_STATES = (
    "published", "published", "draft", "published", "scheduled", "published", "review",
    "published", "draft", "published",
)  # fmt: skip
SECTION_HEADINGS = (
    "Background", "The record so far", "Recent developments", "Figures", "Disputed points",
    "What remains unclear", "Outlook",
)  # fmt: skip


def has_other_data():
    """Whether the database holds sources, claims or briefings that are not demo data."""
    return (
        Source.objects.exclude(url__startswith=DEMO_URL).exists()
        or Claim.objects.exclude(editor_notes=DEMO_NOTE).exists()
        or Briefing.objects.exclude(slug__startswith=DEMO_SLUG).exists()
    )


@dataclass
class Held:
    """A generated source as the claim generator needs it: the row and its facts by topic."""

    source: Source
    facts: dict
    copies: list = field(default_factory=list)


@dataclass
class Report:
    sources: int = 0
    copies: int = 0
    overlaps: int = 0
    claims: int = 0
    citations: int = 0
    briefings: dict = field(default_factory=lambda: defaultdict(int))
    index: dict = field(default_factory=dict)


class CorpusBuilder:
    """Builds one corpus; ``progress`` receives a line of text now and then."""

    def __init__(self, *, seed, progress=lambda line: None):
        self.progress = progress
        self.start = Source.objects.filter(url__startswith=DEMO_URL).count()
        # Adding to earlier demo data continues its numbering with other texts.
        # Reproducible texts, not secrets.
        self.rng = random.Random(f"{seed}:{self.start}")  # noqa: S311
        self.held = []
        self.originals = []
        self.by_topic = defaultdict(list)
        self.report = Report()
        self.topics = {}

    def build(self, *, sources, claims, briefings):
        # Rows are bulk-written: the page cache is told once, at the end, that all changed.
        with pagecache.bulk_changes():
            return self._build(sources=sources, claims=claims, briefings=briefings)

    def _build(self, *, sources, claims, briefings):
        self.topics = {name: Topic.objects.get_or_create(name=name)[0] for name in demo_text.TOPICS}
        for first in range(0, sources, SOURCE_BATCH):
            self.add_sources(min(SOURCE_BATCH, sources - first))
            self.progress(f"sources: {self.report.sources}/{sources}")
        self.progress("indexing passages and shared-material trigrams")
        source_services.passages_rebuild()
        source_services.shingles_index_missing()
        pool = ClaimPool()
        for first in range(0, claims, CLAIM_BATCH):
            pool.extend(self.add_claims(min(CLAIM_BATCH, claims - first)))
            self.progress(f"claims: {self.report.claims}/{claims}")
        # bulk_create skips the stored count's receivers: count every claim once.
        self.progress("counting independent sources")
        support_refresh()
        self.add_briefings(briefings, pool)
        self.progress(f"briefings: {briefings}; rebuilding the search index")
        self.report.index = search_rebuild()
        if connection.vendor == "postgresql":
            # After a bulk load PostgreSQL plans with the statistics of near-empty tables until
            # autovacuum comes by: measured at 100,000 claims, the briefing, topic and claims
            # pages then took 2.4-3.0x their time after ANALYZE.
            self.progress("updating the planner's statistics (ANALYZE)")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.report

    # Sources ----------------------------------------------------------------------------

    def add_sources(self, count):
        rng = self.rng
        made, pairs = [], []
        for _ in range(count):
            number = self.start + self.report.sources + len(made)
            choice = rng.random()
            if self.originals and choice < 0.05:
                original = rng.choice(self.originals)
                # Copies go in after the originals of their batch (see below).
                made.append(self._copy(number, original, reworded=choice >= 0.03))
                pairs.append((made[-1], original))
            elif self.originals and choice < 0.08:
                held = self._source(number, demo_text.make_text(rng))
                other = rng.choice(self.originals)
                held.source.body = demo_text.syndicate(rng, held.source.body, other.source.body)
                made.append(held)
                pairs.append((held, other))
            else:
                made.append(self._source(number, demo_text.make_text(rng)))
            if made[-1].source.derived_from is None:
                self.originals.append(made[-1])
        with transaction.atomic():
            for held in made:
                self._validate(held.source)
            # Originals first: a copy's row points at its original's.
            Source.objects.bulk_create([h.source for h in made if h.source.derived_from is None])
            for held in made:
                if held.source.derived_from is not None:
                    held.source.derived_from_id = held.source.derived_from.pk
            Source.objects.bulk_create([h.source for h in made if h.source.derived_from_id])
            TaggedSource.objects.bulk_create(
                TaggedSource(content_object_id=held.source.pk, tag=self.topics[topic])
                for held in made
                for topic in held.facts
            )
            rows = overlaps_record(pairs=[(a.source, b.source) for a, b in pairs])
        self.report.overlaps += len(rows)
        self.report.sources += len(made)
        self.report.copies += sum(h.source.derived_from_id is not None for h in made)
        for held in made:
            self.held.append(held)
            for topic in held.facts:
                self.by_topic[topic].append(held)

    def _source(self, number, text, **fields):
        title = text.title
        kind = fields.pop("kind", text.kind)
        assessment = {
            "news": Source.Assessment.ORIGINAL,
            "analysis": Source.Assessment.ANALYSIS,
            "paper": Source.Assessment.ANALYSIS,
            "opinion": Source.Assessment.OPINION,
        }.get(kind, Source.Assessment.SECONDARY)
        source = Source(
            title=title,
            slug=f"{DEMO_SLUG}{number}-{slugify(title)}"[:100].rstrip("-"),
            kind=kind,
            publisher=text.publisher,
            authors=text.authors,
            url=f"{DEMO_URL}{number}",
            published_on=text.published_on,
            published_precision=DatePrecision.DAY,
            date_status=Source.DateStatus.KNOWN,
            accessed_on=text.published_on + datetime.timedelta(days=30),
            language="en",
            body=text.body,
            assessment=fields.pop("assessment", assessment),
            quotations=fields.pop("quotations", Source.Quotations.RELIABLE),
            reliability_notes="Synthetic text generated for demonstration.",
            **fields,
        )
        facts = defaultdict(list)
        for fact in text.facts:
            facts[fact.topic].append(fact)
        return Held(source=source, facts=dict(facts))

    def _copy(self, number, original, *, reworded):
        base = original.source
        facts = [fact for facts in original.facts.values() for fact in facts]
        if reworded:
            body = demo_text.reword(base.body)
            facts = [
                demo_text.Fact(
                    sentence=demo_text.reword(f.sentence),
                    statement=f.statement,
                    topic=f.topic,
                    event_date=f.event_date,
                    precision=f.precision,
                )
                for f in facts
            ]
        else:
            body = f"Republished from {base.publisher}.\n\n{base.body}"
        text = demo_text.DemoText(
            title=f"{base.title} ({'reworded' if reworded else 'republished'})",
            body=body,
            publisher=self.rng.choice(demo_text.PUBLISHERS),
            authors="",
            kind=base.kind,
            topics=tuple(original.facts),
            published_on=base.published_on + datetime.timedelta(days=self.rng.randrange(1, 60)),
            facts=tuple(facts),
        )
        held = self._source(
            number,
            text,
            assessment=Source.Assessment.REWORDED if reworded else Source.Assessment.COPY,
            quotations=Source.Quotations.UNRELIABLE if reworded else Source.Quotations.RELIABLE,
            derived_from=base,
        )
        original.copies.append(held)
        return held

    @staticmethod
    def _validate(source):
        # What Source.save() derives, then the model's own validation (uniqueness is by
        # construction: numbered slugs and URLs).
        source.fingerprint = text_utils.fingerprint(source.body)
        source.word_count = text_utils.word_count(source.body)
        source.full_clean(
            exclude=["derived_from"], validate_unique=False, validate_constraints=False
        )

    # Claims -----------------------------------------------------------------------------

    def add_claims(self, count):
        rng = self.rng
        statuses = [status for status, _ in CLAIM_STATUSES]
        weights = [share for _, share in CLAIM_STATUSES]
        planned = []
        # A text of fillers only states no fact to quote.
        quotable = [held for held in self.held if held.facts]
        if not quotable:
            raise ValueError("No generated source states a fact to quote; generate more sources.")
        for _ in range(count):
            held = rng.choice(quotable)
            topic = rng.choice(list(held.facts))
            fact = rng.choice(held.facts[topic])
            claim = Claim(
                statement=fact.statement,
                status=rng.choices(statuses, weights)[0],
                event_date=fact.event_date,
                event_precision=fact.precision,
                editor_notes=DEMO_NOTE,
            )
            planned.append((claim, held, fact, self._citations(held, fact)))
        citations = self._write_claims(planned)
        self.report.claims += len(planned)
        self.report.citations += len(citations)
        counted = defaultdict(int)
        for citation in citations:
            counted[citation.claim_id] += 1
        return [(claim, fact.topic, counted[claim.pk]) for claim, _h, fact, _c in planned]

    @transaction.atomic
    def _write_claims(self, planned):
        """Claims, their anchored citations, topics and first public event; the citations."""
        Claim.objects.bulk_create([claim for claim, *_ in planned])
        citations, tags = [], []
        for claim, _held, fact, cited in planned:
            for position, (source, quote, stance) in enumerate(cited):
                citation = Citation(
                    claim=claim, source=source, quote=quote, stance=stance, position=position
                )
                try:
                    citation.anchor()
                except ValidationError:
                    continue  # never stored: a quote its source does not hold
                citations.append(citation)
            topics = {fact.topic}
            if self.rng.random() < 0.15:
                topics.add(self.rng.choice(demo_text.TOPICS))
            tags += [TaggedClaim(content_object=claim, tag=self.topics[t]) for t in topics]
        Citation.objects.bulk_create(citations)
        TaggedClaim.objects.bulk_create(tags)
        ClaimEvent.objects.bulk_create(
            ClaimEvent(claim=claim, kind=ClaimEvent.Kind.PUBLISHED)
            for claim, *_ in planned
            if claim.is_public
        )
        return citations

    def _citations(self, held, fact):
        """(source, quote, stance) for a claim: its own passage, sometimes more."""
        rng = self.rng
        quote = fact.sentence
        if rng.random() < 0.2:
            # A part of the sentence: quotes need not be whole sentences.
            quote = " ".join(quote.split(" ")[: rng.randrange(6, 10)])
        cited = [(held.source, quote, Citation.Stance.SUPPORTS)]
        for _ in range(rng.choices((0, 1, 2), (0.5, 0.35, 0.15))[0]):
            if held.copies and rng.random() < 0.3:
                copy = rng.choice(held.copies)
                same = [f for f in copy.facts.get(fact.topic, ()) if f.statement == fact.statement]
                if same:
                    cited.append((copy.source, same[0].sentence, Citation.Stance.SUPPORTS))
                    continue
            other = rng.choice(self.by_topic[fact.topic])
            if other is held:
                continue
            stance = rng.choices(
                (Citation.Stance.SUPPORTS, Citation.Stance.CONTEXT, Citation.Stance.CONTRADICTS),
                (0.5, 0.45, 0.05),
            )[0]
            cited.append((other.source, rng.choice(other.facts[fact.topic]).sentence, stance))
        return cited

    # Briefings --------------------------------------------------------------------------

    def add_briefings(self, count, pool):
        rng = self.rng
        now = timezone.now()
        for index in range(count):
            topic = demo_text.TOPICS[index % len(demo_text.TOPICS)]
            state = BRIEFING_STATES[index % len(BRIEFING_STATES)]
            chosen = self._claims_for(pool, topic, state, big=index == 0)
            if not chosen:
                state = "draft"  # nothing public to show: it stays with the editors
            with transaction.atomic():
                briefing = self._briefing(topic, chosen)
                if state in {"published", "scheduled"}:
                    ago = rng.randrange(1, 2000) if state == "published" else -rng.randrange(5, 400)
                    at = now - datetime.timedelta(days=ago)
                    services.briefing_publish(briefing=briefing, at=at)
                elif state == "review":
                    services.briefing_submit(briefing=briefing)
            self.report.briefings[state] += 1
            if (index + 1) % 50 == 0:
                self.progress(f"briefings: {index + 1}/{count}")

    def _claims_for(self, pool, topic, state, *, big):
        rng = self.rng
        if big:
            # The yardstick: a briefing of 40 claims with about 60 citations.
            return pool.take(rng, topic, 20, citations=2) + pool.take(rng, topic, 20, citations=1)
        chosen = pool.take(rng, topic, rng.randrange(6, 21))
        if state in {"draft", "review"} and rng.random() < 0.5:
            chosen += pool.take(rng, topic, 2, drafts=True)
        return chosen

    def _briefing(self, topic, chosen):
        rng = self.rng
        number = Briefing.objects.filter(slug__startswith=DEMO_SLUG).count()
        year = rng.randrange(2000, 2026)
        title = f"{topic}: {rng.choice(('the record', 'a review', 'what changed'))}"
        title += f" since {year}"
        briefing = Briefing(
            title=title,
            slug=f"{DEMO_SLUG}{number}-{slugify(title)}"[:100].rstrip("-"),
            standfirst=demo_text.make_filler(rng, year),
            introduction="\n\n".join(
                f"{demo_text.make_filler(rng, year)} **{topic}** "
                f"{demo_text.make_filler(rng, year).lower()}"
                for _ in range(2)
            ),
        )
        briefing.full_clean()
        briefing.save()
        briefing.tags.add(self.topics[topic])
        sections = []
        for position, heading in enumerate(rng.sample(SECTION_HEADINGS, rng.randrange(2, 5))):
            section = Section(
                briefing=briefing,
                position=position,
                heading=heading,
                body=f"{demo_text.make_filler(rng, year)} *{heading}*.",
            )
            section.full_clean()
            section.save()
            sections.append(section)
        SectionClaim.objects.bulk_create(
            SectionClaim(
                section=sections[i * len(sections) // len(chosen)], claim_id=pk, position=i
            )
            for i, pk in enumerate(chosen)
        )
        return briefing


class ClaimPool:
    """Claims a briefing may use, by topic: public ones with evidence, and drafts."""

    def __init__(self):
        self.public = defaultdict(list)
        self.drafts = defaultdict(list)

    def extend(self, rows):
        for claim, topic, citations in rows:
            if claim.status == Claim.Status.VERIFIED and citations:
                self.public[topic].append((claim.pk, citations))
            elif claim.status == Claim.Status.DRAFT and citations:
                self.drafts[topic].append((claim.pk, citations))

    def take(self, rng, topic, count, *, citations=None, drafts=False):
        """Up to ``count`` distinct claim ids on ``topic`` (with that many citations, if given)."""
        rows = (self.drafts if drafts else self.public)[topic]
        if citations is not None:
            rows = [row for row in rows if row[1] == citations]
        picked = rng.sample(rows, min(count, len(rows)))
        return [pk for pk, _ in picked]
