"""
Benchmark: how long finding shared material takes for 1,000 and 10,000 synthetic sources.

Not a test: it measures and prints. Each synthetic source is a dozen sentences
drawn from a Zipf-like vocabulary (so common words recur everywhere, as in
real text); 2% of sources are verbatim copies of
another and 2% are reworded copies (a third of the words swapped), so the
confirmation step has real work to do. Run:

    .venv/bin/python scripts/bench_overlap.py [N ...]
"""

import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sources.overlap import Document, candidate_pairs, find_overlaps  # noqa: E402

VOCABULARY_SIZE = 20_000
SENTENCES = 12


def make_vocabulary(rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(VOCABULARY_SIZE)]


def sentence(rng, vocabulary, cum_weights):
    return " ".join(rng.choices(vocabulary, cum_weights=cum_weights, k=rng.randint(8, 22))) + "."


def reword(rng, text, vocabulary):
    words = text.split(" ")
    for index in rng.sample(range(len(words)), k=len(words) // 3):
        words[index] = rng.choice(vocabulary)
    return " ".join(words)


def corpus(size, seed=7):
    """Synthetic texts (plain strings)."""
    rng = random.Random(seed)
    vocabulary = make_vocabulary(rng)
    cum_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(VOCABULARY_SIZE)))
    texts = []
    for _ in range(size):
        roll = rng.random()
        if texts and roll < 0.02:
            texts.append(rng.choice(texts))
        elif texts and roll < 0.04:
            texts.append(reword(rng, rng.choice(texts), vocabulary))
        else:
            texts.append(
                "\n".join(sentence(rng, vocabulary, cum_weights) for _ in range(SENTENCES))
            )
    return texts


def measure(size):
    texts = corpus(size)
    started = time.perf_counter()
    documents = [Document(index, text) for index, text in enumerate(texts)]
    prepared = time.perf_counter()
    candidates = candidate_pairs(documents)
    lsh_done = time.perf_counter()
    overlaps = find_overlaps(documents)
    finished = time.perf_counter()
    return {
        "sources": size,
        "pairs if compared all against all": size * (size - 1) // 2,
        "candidate pairs": len(candidates),
        "confirmed overlaps": len(overlaps),
        "sentence split + normalise (s)": round(prepared - started, 2),
        "candidate pairs alone (s)": round(lsh_done - prepared, 2),
        "candidates + alignment (s)": round(finished - lsh_done, 2),
        "total (s)": round(finished - started - (lsh_done - prepared), 2),
    }


def main(sizes):
    results = [measure(size) for size in sizes]
    for result in results:
        print()
        for key, value in result.items():
            print(f"{key:>36}: {value:,}" if isinstance(value, int) else f"{key:>36}: {value}")
    if len(results) > 1:
        first, last = results[0], results[-1]
        ratio = last["sources"] / first["sources"]
        growth = last["total (s)"] / max(first["total (s)"], 1e-9)
        print(
            f"\n{ratio:.0f}x the sources took {growth:.1f}x the time "
            f"(all-pairs comparison would grow {ratio * ratio:.0f}x)."
        )
    return results


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000])
