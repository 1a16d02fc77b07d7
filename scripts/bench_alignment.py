"""
Benchmark: precision and recall of sentence alignment on reworded copies, before and after.

Not a test: it measures and prints. The labelled set is
``tests/data/alignment_labels.json`` (made by scripts/make_alignment_labels.py):
reworded copies of our own texts, and seed 000 against its machine-reworded
copy 004 (labelled by sentence index; the seeds are read from
/work/shared/seeds when present). "Before" is the greedy in-order alignment
on word-sequence similarity that sources/overlap.py used until now, kept here
to compare against; "after" is ``sources.alignment.align_indexes``. Also
printed: the pairs flagged among texts that share no material (there must be
none). Run:

    .venv/bin/python scripts/bench_alignment.py
"""

import json
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from sources.alignment import ALIGN_THRESHOLD, align_indexes  # noqa: E402
from sources.overlap import MIN_ALIGNED, Document, find_overlaps  # noqa: E402

LABELS = ROOT / "tests" / "data" / "alignment_labels.json"
SEEDS = ROOT.parent.parent / "shared" / "seeds"


def baseline_indexes(left, right):
    """The previous alignment: for each left sentence, the best right one further on (greedy)."""
    scores = process.cdist(left.tokens, right.tokens, scorer=fuzz.ratio) / 100
    found, start = [], 0
    for i in range(len(left.tokens)):
        if start >= len(right.tokens):
            break
        best_j = start + int(scores[i, start:].argmax())
        if scores[i, best_j] >= ALIGN_THRESHOLD:
            found.append(((i,), (best_j,), float(scores[i, best_j])))
            start = best_j + 1
    return found


def aligned(left, right):
    """The alignment sources.overlap uses now."""
    return align_indexes(left.tokens, right.tokens)


def links(found):
    return {(i, j) for left, right, _score in found for i in left for j in right}


def seed_texts():
    if not SEEDS.is_dir():
        return {}
    return {path.name[:3]: path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))}


def labelled_pairs(data):
    """(name, left Document, right Document, gold links, links to leave out of the score)."""
    for pair in data["pairs"]:
        gold = {tuple(link) for link in pair["links"]}
        yield pair["name"], Document("l", pair["left"]), Document("r", pair["right"]), gold, set()
    seeds = seed_texts()
    for pair in data["seed_pairs"]:
        if pair["left"] in seeds and pair["right"] in seeds:
            left, right = Document("l", seeds[pair["left"]]), Document("r", seeds[pair["right"]])
            gold = {tuple(link) for link in pair["links"]}
            uncertain = set(pair["uncertain"]["left"])
            yield f"seed {pair['left']}~{pair['right']}", left, right, gold, uncertain


def score(aligner, data):
    """Per labelled pair and in all: true positives, predicted links, gold links."""
    rows, totals = [], [0, 0, 0]
    for name, left, right, gold, uncertain in labelled_pairs(data):
        predicted = {(i, j) for i, j in links(aligner(left, right)) if i not in uncertain}
        counts = (len(predicted & gold), len(predicted), len(gold))
        rows.append((name, *counts))
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    return rows, totals


def ratio(numerator, denominator):
    return numerator / denominator if denominator else 1.0


def unrelated_flags(data):
    """Pairs flagged as sharing material among texts that share none (must be empty)."""
    texts = dict(data["unrelated"])
    seeds = seed_texts()
    texts.update({f"seed {key}": seeds[key] for key in data["unrelated_seeds"] if key in seeds})
    documents = [Document(name, text) for name, text in texts.items()]
    flagged = [(o.left, o.right, o.kind) for o in find_overlaps(documents)]
    # Seed 004 is a copy of 000, but of none of the others.
    if "004" in seeds:
        for key in data["unrelated_seeds"]:
            if key != "000" and key in seeds:
                pair = [Document(f"seed {key}", seeds[key]), Document("seed 004", seeds["004"])]
                flagged += [(o.left, o.right, o.kind) for o in find_overlaps(pair)]
    return flagged, len(list(combinations(documents, 2)))


def main():
    data = json.loads(LABELS.read_text("utf-8"))
    results = {}
    for label, aligner in (("before", baseline_indexes), ("after", aligned)):
        rows, (hits, predicted, gold) = score(aligner, data)
        results[label] = (ratio(hits, predicted), ratio(hits, gold))
        print(f"\n{label}: precision {results[label][0]:.3f}, recall {results[label][1]:.3f}")
        for name, hit, guessed, labelled in rows:
            print(f"  {name:>22}: {hit:>3} right of {guessed:>3} aligned, {labelled:>3} labelled")
    flagged, pairs = unrelated_flags(data)
    print(f"\nunrelated texts: {pairs} pairs, {len(flagged)} flagged as sharing material {flagged}")
    for label, aligner in (("before", baseline_indexes), ("after", aligned)):
        counts = unrelated_alignments(data, aligner)
        print(
            f"  {label}: sentences aligned per unrelated pair: at most {max(counts)}, "
            f"{sum(counts)} in all ({MIN_ALIGNED} are needed before a pair can be flagged)"
        )
    return results, flagged


def unrelated_alignments(data, aligner):
    """How many sentence pairs ``aligner`` finds in each pair of unrelated texts."""
    texts = list(data["unrelated"].values())
    seeds = seed_texts()
    texts += [seeds[key] for key in data["unrelated_seeds"] if key in seeds]
    documents = [Document(index, text) for index, text in enumerate(texts)]
    counts = [len(aligner(a, b)) for a, b in combinations(documents, 2)]
    if "004" in seeds:
        copy = Document("004", seeds["004"])
        counts += [len(aligner(Document(key, seeds[key]), copy)) for key in ("001", "002", "003")]
    return counts


if __name__ == "__main__":
    main()
