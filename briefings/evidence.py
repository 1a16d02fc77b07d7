"""
The evidence finder for editors: ranked passages for a statement, grouped by origin.

``sources.finder`` ranks the passages of every source; here each passage is marked when the
claim already cites it, and the passages are grouped by origin the way independent
corroboration counts sources (``corroboration.group_by_origin``): sources that copy one
another or share material form one group, so the editor sees at a glance how many
independent sources state the claim. A fixed number of queries, whatever the corpus.
"""

from dataclasses import dataclass, field

from sources.finder import DEFAULT_LIMIT, find_passages
from sources.passages import marked_pieces, query_terms

from .corroboration import group_by_origin, origin_links


@dataclass(frozen=True)
class Finding:
    """A ranked passage, and whether (and by which citation) the claim cites it already."""

    hit: object
    citation_id: int | None = None
    pieces: tuple = ()  # the passage's text as (piece, matched) pairs, matched words marked

    @property
    def cited(self):
        return self.citation_id is not None

    @property
    def rank(self):
        return self.hit.rank

    @property
    def passage(self):
        return self.hit.passage

    @property
    def source(self):
        return self.hit.passage.source


@dataclass
class OriginGroup:
    """Findings whose sources share one origin (they count as one independent source)."""

    number: int
    findings: list = field(default_factory=list)

    @property
    def sources(self):
        return list({finding.source.pk: finding.source for finding in self.findings}.values())

    @property
    def shared(self):
        return len(self.sources) > 1


@dataclass
class EvidenceReport:
    statement: str
    findings: list
    groups: list

    @property
    def independent_sources(self):
        return len(self.groups)


def cited_spans(claim):
    """``(source id, start, end, citation id)`` of the claim's citations; one query."""
    if claim is None or claim.pk is None:
        return []
    return list(claim.citations.values_list("source_id", "start", "end", "pk"))


def citing(passage, spans):
    """The id of a citation whose passage overlaps ``passage``'s characters, or None."""
    for source_id, start, end, citation_id in spans:
        if source_id == passage.source_id and start < passage.end and passage.start < end:
            return citation_id
    return None


def group_findings(findings, origin_of):
    """Groups of findings by origin, ordered by each group's best rank; ranks kept inside."""
    groups = {}
    for finding in findings:
        key = origin_of[finding.passage.source_id]
        if key not in groups:
            groups[key] = OriginGroup(number=len(groups) + 1)
        groups[key].findings.append(finding)
    return list(groups.values())


def find_evidence(statement, *, claim=None, limit=DEFAULT_LIMIT):
    """The passages most likely to state ``statement``, marked against ``claim``'s citations."""
    hits = find_passages(statement, limit=limit)
    spans = cited_spans(claim)
    terms = query_terms(statement)
    findings = [
        Finding(
            hit,
            citing(hit.passage, spans),
            tuple(marked_pieces(hit.passage.text, terms)),
        )
        for hit in hits
    ]
    source_ids = {finding.passage.source_id for finding in findings}
    if source_ids:
        edges, origins = origin_links(source_ids)
        origin_of = group_by_origin(source_ids, edges, origins)
    else:
        origin_of = {}
    return EvidenceReport(statement, findings, group_findings(findings, origin_of))
