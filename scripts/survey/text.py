"""TF-IDF text vectors of the papers, shared by theme assignment, distinctive terms and related papers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

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


def paper_text(title: str, abstract: str) -> str:
    """Title weighted twice, URLs dropped (they are not vocabulary)."""
    text = f"{title}. {title}. {abstract}"
    return URL.sub(" ", text) if "://" in text else text


def vectorize(texts: list[str]) -> TextVectors:
    """TF-IDF vectors of `texts`; the last result is kept, since the table and the pages vectorize the
    same texts in the same order (the table's)."""
    return _vectorize(tuple(texts))


@lru_cache(maxsize=1)
def _vectorize(texts: tuple[str, ...]) -> TextVectors:
    vectorizer = TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | GENERIC),
        ngram_range=(1, 2),
        min_df=2 if len(texts) >= 20 else 1,
        max_df=0.5 if len(texts) >= 20 else 1.0,
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
        dtype=np.float64,
    )
    matrix = vectorizer.fit_transform(texts)
    return TextVectors(csr_matrix(matrix), vectorizer.get_feature_names_out())


def centroid(vectors: TextVectors, rows: list[int]) -> np.ndarray:
    """Normalized mean of the given rows (zeros when there are none)."""
    if not rows:
        return np.zeros(vectors.matrix.shape[1])
    mean = np.asarray(vectors.matrix[rows].mean(axis=0)).ravel()
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def distinctive_terms(vectors: TextVectors, rows: list[int], count: int = 8) -> list[str]:
    """Terms weighted most in `rows` relative to the whole corpus (ties broken alphabetically)."""
    if not rows:
        return []
    inside = np.asarray(vectors.matrix[rows].mean(axis=0)).ravel()
    overall = np.asarray(vectors.matrix.mean(axis=0)).ravel()
    lift = inside - overall
    # Same order as sorting by (-round(lift, 12), term), but only the positive lifts, and in numpy.
    positive = np.flatnonzero(lift > 0)
    rounded = np.array([round(x, 12) for x in lift[positive].tolist()])
    order = positive[np.lexsort((vectors.terms[positive], -rounded))]
    chosen: list[str] = []
    for index in order:
        term = str(vectors.terms[index])
        if len(chosen) == count:
            break
        # Skip a unigram already covered by a chosen bigram and vice versa.
        if any(term in c.split() or c in term.split() for c in chosen):
            continue
        chosen.append(term)
    return chosen


def nearest(vectors: TextVectors, row: int, count: int) -> list[int]:
    """Indices of the `count` papers most similar to `row` (excluding itself), ties by index."""
    scores = (vectors.matrix @ vectors.matrix[row].T).toarray().ravel()
    scores[row] = -1.0
    if count <= 0:
        return []
    candidates = np.arange(len(scores))
    if count < len(scores):  # only scores that can round to the count-th best or higher can be chosen
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        candidates = np.flatnonzero(scores >= threshold - 1e-11)
    rounded = np.array([round(x, 12) for x in scores[candidates].tolist()])
    return candidates[np.lexsort((candidates, -rounded))][:count].tolist()
