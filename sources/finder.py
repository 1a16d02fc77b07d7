"""
The evidence finder's retrieval: the passages of all sources that most likely state a text.

Three queries whatever the size of the corpus, each answered from the passage index:

1. the corpus statistics BM25 needs (passages, mean length, and how many passages hold
   each term of the statement), counted by the full-text index;
2. a pool of candidates holding the statement's rarer terms (``pool_terms``), by the
   engine's own ranking: FTS5's ``bm25()`` on SQLite, the summed inverse document
   frequencies of the matched terms on PostgreSQL;
3. the pool's passages with their sources (not the sources' texts).

The pool is then scored in Python with ``passages.bm25`` over the stored terms, so the
ranking is the same on both databases, and re-ranked (``passages.lexical_rerank`` by
default; any function of the same shape, an embedding model say, can take its place).
"""

from dataclasses import dataclass

from django.db import connections

from . import passages
from .models import Passage

# Candidates read from the index per query: the re-ranking works within them.
POOL = 200
# The pool is drawn by the statement's rarer terms: a term in more than this share of all
# passages ("russia" in a corpus about Russia) adds little to BM25 and would make the engine
# rank most of the index. The rarest MIN_POOL_TERMS are always used.
COMMON_SHARE = 0.05
MIN_POOL_TERMS = 3
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
FTS_TABLE = "sources_passage_fts"


@dataclass(frozen=True)
class Hit:
    """A passage found for a statement: its rank (1 is best) and its scores."""

    rank: int
    passage: Passage
    score: float
    lexical: float
    similarity: float

    @property
    def source(self):
        return self.passage.source


def _fts_phrase(term):
    # Terms hold only letters and digits (sources.passages), so quoting cannot be escaped.
    return f'"{term}"'


def _ts_lexeme(term):
    return f"'{term}'"


def corpus_stats(terms, *, using="default"):
    """How many passages, their mean length, and how many passages hold each of ``terms``."""
    vendor = connections[using].vendor
    if vendor == "postgresql":
        count = "(SELECT count(*) FROM sources_passage WHERE vector @@ %s::tsquery)"
        params = [_ts_lexeme(term) for term in terms]
    else:
        count = f"(SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"  # noqa: S608
        params = [_fts_phrase(term) for term in terms]
    counts = ", ".join([count] * len(terms))
    sql = f"SELECT count(*), avg(length){', ' if terms else ''}{counts} FROM sources_passage"  # noqa: S608
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return passages.CorpusStats(
        passages=row[0] or 0,
        mean_length=float(row[1] or 0.0),
        document_frequency={term: row[2 + i] for i, term in enumerate(terms)},
    )


def pool_terms(terms, stats):
    """The terms the candidate pool is drawn by: those found, rarer ones only when there are."""
    df = stats.document_frequency
    present = sorted((term for term in terms if df.get(term)), key=lambda term: (df[term], term))
    common = COMMON_SHARE * stats.passages
    rare = [term for term in present if df[term] <= common]
    return present[: max(len(rare), MIN_POOL_TERMS)]


def candidate_ids(terms, stats, *, pool=POOL, using="default"):
    """The ids of the ``pool`` passages the engine ranks first for any of ``terms``."""
    present = pool_terms(terms, stats)
    if not present:
        return []
    if connections[using].vendor == "postgresql":
        any_term = " | ".join(_ts_lexeme(term) for term in present)
        weights = " + ".join(
            "(CASE WHEN vector @@ %s::tsquery THEN %s ELSE 0 END)" for _ in present
        )
        weight_params = []
        for term in present:
            weight_params += [_ts_lexeme(term), passages.idf(stats, term)]
        sql = (
            f"SELECT id FROM sources_passage WHERE vector @@ %s::tsquery "  # noqa: S608
            f"ORDER BY {weights} DESC, id LIMIT %s"
        )
        params = [any_term, *weight_params, pool]
    else:
        match = " OR ".join(_fts_phrase(term) for term in present)
        sql = (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            f"ORDER BY bm25({FTS_TABLE}), rowid LIMIT %s"
        )
        params = [match, pool]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def find_passages(statement, *, limit=DEFAULT_LIMIT, pool=POOL, rerank=passages.lexical_rerank):
    """The passages that most likely state ``statement``, best first, at most ``limit``."""
    limit = max(1, min(limit, MAX_LIMIT))
    terms = passages.query_terms(statement)
    if not terms:
        return []
    stats = corpus_stats(terms)
    ids = candidate_ids(terms, stats, pool=max(pool, limit))
    if not ids:
        return []
    found = Passage.objects.for_results().filter(pk__in=ids)
    candidates = [
        (passage, passages.bm25(terms, passage.terms.split(), stats), passage.text)
        for passage in found
    ]
    ranked = rerank(statement, candidates)[:limit]
    return [
        Hit(rank, scored.item, scored.score, scored.lexical, scored.similarity)
        for rank, scored in enumerate(ranked, start=1)
    ]
