"""Recall of the approximate related-papers search (survey.analysis.neighbours) against the exact one, on
a generated corpus: the share of each sampled paper's exact top 5 that the approximate search returns (a
returned paper whose exact similarity ties the exact 5th counts as found); the share of sampled papers
whose list is exactly the exact list; and the similarity kept, the summed exact similarities of the
returned top 5 over those of the exact top 5 (over every sampled paper): a paper missed for one almost as
similar costs recall a whole place but similarity almost nothing. The exact lists of the sampled papers
are computed directly (their rows against every paper), so this stays cheap at 100,000 papers; the
approximate search runs on all.

    .venv/bin/python -m bench.recall ROOT [--sample 500]     # ROOT: a generated book (data/papers.csv)
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

COUNT = 5


def recall(root: Path, sample: int) -> dict:
    import numpy as np
    from threadpoolctl import threadpool_limits

    from survey.analysis.corpus import RELATED_PAPERS
    from survey.analysis.neighbours import EXACT_UP_TO, neighbours
    from survey.analysis.text import paper_text, vectorize

    with (root / "data" / "papers.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with threadpool_limits(limits=1, user_api="blas"):
        cpu = time.process_time()
        vectors = vectorize([paper_text(r["title"], r["abstract"]) for r in rows])
        vectorized = time.process_time()
        found = neighbours(vectors, RELATED_PAPERS)
        searched = time.process_time()
        total = len(rows)
        chosen = sorted({round(i * total / sample) for i in range(sample)} & set(range(total)))
        exact = np.round((vectors.matrix[chosen] @ vectors.matrix.T).toarray(), 12)
    hits = wanted = identical = 0
    kept_similarity = best_similarity = 0.0
    for row, i in zip(exact, chosen):
        row[i] = -1.0
        order = np.lexsort((np.arange(total), -row))[:COUNT]
        best = [(int(j), float(row[j])) for j in order if row[j] > 0]
        fifth = best[-1][1] if best else 0.0
        hits += sum(1 for j, _ in found[i][:COUNT] if row[j] >= fifth)
        wanted += len(best)
        identical += found[i][:COUNT] == best
        kept_similarity += sum(float(row[j]) for j, _ in found[i][:COUNT])
        best_similarity += sum(value for _, value in best)
    return {"papers": total, "sampled": len(chosen), "recall_at_5": hits / wanted if wanted else 1.0,
            "identical_lists": identical / len(chosen),
            "similarity_kept": kept_similarity / best_similarity if best_similarity else 1.0,
            "exact_up_to": EXACT_UP_TO, "vectorize_cpu": vectorized - cpu, "approximate_cpu": searched - vectorized}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--sample", type=int, default=500)
    arguments = parser.parse_args()
    print(json.dumps(recall(arguments.root.resolve(), arguments.sample)))
    sys.exit(0)
