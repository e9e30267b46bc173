"""TF-IDF text vectors of the papers, shared by theme assignment, distinctive terms and related papers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

# Words frequent in every ML abstract that say nothing about a topic.
GENERIC = frozenset(
    """paper propose proposed propose method methods approach approaches model models results show shows
    based novel new state art existing work performance using use used achieve achieves extensive experiments
    demonstrate framework task tasks data learning training""".split()
)
URL = re.compile(r"\S*://\S*")


@dataclass(frozen=True)
class TextVectors:
    matrix: csr_matrix  # one L2-normalized row per paper
    terms: np.ndarray  # vocabulary, aligned with matrix columns

    @cached_property
    def mean(self) -> np.ndarray:
        """The corpus's mean vector, computed once: every chapter and section contrasts its terms with it."""
        return np.asarray(self.matrix.mean(axis=0)).ravel()

    @cached_property
    def overall_centroid(self) -> np.ndarray:
        """centroid() of every row, from `mean`."""
        norm = np.linalg.norm(self.mean)
        return self.mean / norm if norm else self.mean


def paper_text(title: str, abstract: str) -> str:
    """Title weighted twice, URLs dropped (they are not vocabulary)."""
    text = f"{title}. {title}. {abstract}"
    return URL.sub(" ", text) if "://" in text else text


def vectorize(texts: list[str]) -> TextVectors:
    """TF-IDF vectors of `texts`, a row per text in their order.

    Theme assignment (in listed order) and the corpus (in key order) vectorize the same texts, and a TF-IDF
    fit does not depend on the order of its documents: the vocabulary is sorted, the document frequencies
    are counts, and every other step works within a row (_vectorize). So the texts are fitted once, sorted,
    and each caller gets the rows in its own order."""
    documents = tuple(sorted(texts))
    fitted = _vectorize(documents)
    row = {text: i for i, text in enumerate(documents)}  # identical texts have identical rows
    return TextVectors(fitted.matrix[[row[text] for text in texts]], fitted.terms)


@lru_cache(maxsize=1)
def _vectorize(texts: tuple[str, ...]) -> TextVectors:
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | GENERIC),
        ngram_range=(1, 2),
        min_df=2 if len(texts) >= 20 else 1,
        max_df=0.5 if len(texts) >= 20 else 1.0,
        sublinear_tf=True,
        norm=None,  # normalized below, from each row's terms in column order
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
        dtype=np.float64,
    )
    # A row's terms are stored in the order the fit first met them, which depends on the order of the
    # documents; its L2 norm, a sum, is taken in column order so that every value is the same bit for bit
    # whatever that order (and vectorize can hand out rows of one fit).
    matrix = csr_matrix(vectorizer.fit_transform(texts))
    matrix.sort_indices()
    return TextVectors(normalize(matrix, norm="l2", copy=False), vectorizer.get_feature_names_out())


def centroid(vectors: TextVectors, rows: list[int]) -> np.ndarray:
    """Normalized mean of the given rows (zeros when there are none)."""
    if not rows:
        return np.zeros(vectors.matrix.shape[1])
    mean = np.asarray(vectors.matrix[rows].mean(axis=0)).ravel()
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def similarity(vectors: TextVectors, a: int, b: int) -> float:
    """The cosine of two papers' vectors (rows are L2-normalized), rounded as neighbours() rounds it: the
    products of their shared terms' weights in column order, summed by numpy, as scipy's
    `matrix[a].multiply(matrix[b]).sum()` computes it (tested bit for bit), without building two sparse rows
    and their product (half a millisecond a pair)."""
    matrix = vectors.matrix
    span_a, span_b = slice(matrix.indptr[a], matrix.indptr[a + 1]), slice(matrix.indptr[b], matrix.indptr[b + 1])
    _, in_a, in_b = np.intersect1d(matrix.indices[span_a], matrix.indices[span_b], assume_unique=True,
                                   return_indices=True)
    return round(float(np.sum(matrix.data[span_a][in_a] * matrix.data[span_b][in_b])), 12)


PAIR_BLOCK = 20_000  # pairs per product in similar_pairs (memory: two rows' entries per pair)
NEAR = 1e-9  # far beyond the difference two orders of summing a few hundred products can make


def similar_pairs(vectors: TextVectors, first: np.ndarray, second: np.ndarray, threshold: float) -> np.ndarray:
    """For each pair (first[k], second[k]), whether `similarity` is at least `threshold`, decided as it
    decides: the pairs' products are summed row by row in one sparse product per block of pairs (scipy sums
    them in another order than numpy's, which can move the last bits), and the few pairs within NEAR of the
    threshold are computed again by `similarity` itself. At 100,000 synthetic papers, whose method names
    repeat (121,000 pairs of papers sharing one), one call per pair took 1.9 s of CPU and this 0.75 s."""
    matrix = vectors.matrix
    found = np.zeros(len(first), dtype=bool)
    for start in range(0, len(first), PAIR_BLOCK):
        a, b = first[start:start + PAIR_BLOCK], second[start:start + PAIR_BLOCK]
        raw = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
        found[start:start + len(a)] = raw >= threshold
        for k in np.flatnonzero(np.abs(raw - threshold) < NEAR):
            found[start + k] = similarity(vectors, int(a[k]), int(b[k])) >= threshold
    return found


def ranked_terms(vectors: TextVectors, scores: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """The term indexes `candidates` by `scores` (a value per term), highest first, ties alphabetical: the
    order of sorting them by (-round(score, 12), term), in numpy. Callers pass only the few terms that can
    be chosen; a Python loop over the whole vocabulary per section cost more than the ranking."""
    rounded = np.array([round(x, 12) for x in scores[candidates].tolist()])
    return candidates[np.lexsort((vectors.terms[candidates], -rounded))] if len(candidates) else candidates


def distinctive_terms(vectors: TextVectors, rows: list[int], count: int = 8) -> list[str]:
    """Terms weighted most in `rows` relative to the whole corpus (ties broken alphabetically)."""
    return [term for term, _ in term_lifts(vectors, rows, count)]


def term_lifts(vectors: TextVectors, rows: list[int], count: int = 8) -> list[tuple[str, float]]:
    """`distinctive_terms` with their lift: the mean weight in `rows` minus that in the corpus."""
    if not rows:
        return []
    inside = np.asarray(vectors.matrix[rows].mean(axis=0)).ravel()
    lift = inside - vectors.mean
    chosen: list[tuple[str, float]] = []
    for index in ranked_terms(vectors, lift, np.flatnonzero(lift > 0)):
        term = str(vectors.terms[index])
        if len(chosen) == count:
            break
        # Skip a unigram already covered by a chosen bigram and vice versa.
        if any(term in c.split() or c in term.split() for c, _ in chosen):
            continue
        chosen.append((term, float(lift[index])))
    return chosen


def neighbours(vectors: TextVectors, count: int, cells: int = 4_000_000) -> list[list[tuple[int, float]]]:
    """For every paper, the `count` other papers most similar to it (cosine of TF-IDF vectors), as
    (index, similarity) pairs, most similar first, ties by index; papers with nothing in common (similarity
    0) are left out. Time is quadratic in the corpus size (an exact all-pairs search).

    Each pair is scored once. A similarity is the sum, over the terms two papers share in column order, of
    the products of their weights: the same number bit for bit whichever paper is the row, so the block of
    papers [start, end) is scored only against the papers from `start` on (the sparse product
    `matrix[start:] @ matrix[start:end].T`, at most `cells` values at once, so memory stays bounded). From
    that block each of its papers takes its best matches among the papers from `start` on, and each later
    paper its best among the block's; a paper's `count` best overall are the best of the best it was
    given. Only scores at least the `count`-th best of their row or column can be chosen: those few are
    ranked exactly, all at once."""
    matrix = vectors.matrix
    total = matrix.shape[0]
    if count <= 0 or total < 2:
        return [[] for _ in range(total)]
    count = min(count, total - 1)
    block = max(1, cells // total)
    papers, others, scores = [], [], []  # the candidate pairs: (paper, another paper, their similarity)
    for start in range(0, total, block):
        end = min(start + block, total)
        width = end - start
        scored = np.round((matrix[start:] @ matrix[start:end].T.tocsr()).toarray(), 12)  # rows: papers from start
        itself = np.arange(width)
        scored[itself, itself] = -1.0  # never itself
        for paper_offset, other_offset, values in ((start, start, scored.T), (end, start, scored[width:])):
            if not values.size:
                continue
            best = min(count, values.shape[1])
            kth = -np.partition(-values, best - 1, axis=1)[:, best - 1]
            rows, columns = np.nonzero((values >= kth[:, None]) & (values > 0))
            papers.append(paper_offset + rows)
            others.append(other_offset + columns)
            scores.append(values[rows, columns])
    paper, other, score = np.concatenate(papers), np.concatenate(others), np.concatenate(scores)
    order = np.lexsort((other, -score, paper))
    paper, other, score = paper[order], other[order], score[order]
    rank = np.arange(len(paper)) - np.searchsorted(paper, paper)  # position within the paper's candidates
    kept = rank < count
    out: list[list[tuple[int, float]]] = [[] for _ in range(total)]
    for i, j, value in zip(paper[kept].tolist(), other[kept].tolist(), score[kept].tolist()):
        out[i].append((j, value))
    return out
