"""TF-IDF text vectors of the papers, shared by theme assignment, distinctive terms and related papers."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
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


# What the fit reads: TfidfVectorizer's lower-casing, this token pattern, these stop words dropped, then the
# unigrams and bigrams of the words left; terms in at least MIN_DF texts and at most MAX_DF of them (all
# terms below SMALL texts); sublinear counts times the smoothed idf.
TOKEN = re.compile(r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | GENERIC)
MIN_DF, MAX_DF, SMALL = 2, 0.5, 20


@lru_cache(maxsize=1)
def _vectorize(texts: tuple[str, ...]) -> TextVectors:
    """TfidfVectorizer(stop_words=STOP_WORDS, ngram_range=(1, 2), min_df, max_df, sublinear_tf=True,
    token_pattern=TOKEN), computed from _term_counts (tested equal to it bit for bit), each row then
    normalized. A row's L2 norm, a sum, is taken over its terms in column order, so that every value is
    the same bit for bit whatever the order of the texts (and vectorize can hand out rows of one fit)."""
    counts, terms = _term_counts(texts, *((MIN_DF, MAX_DF) if len(texts) >= SMALL else (1, 1.0)))
    # TfidfTransformer(sublinear_tf=True, smooth_idf=True), its operations in its order.
    document_frequency = np.bincount(counts.indices, minlength=len(terms)).astype(np.float64) + 1.0
    idf = np.full_like(document_frequency, fill_value=len(texts) + 1, dtype=np.float64)
    idf /= document_frequency
    np.log(idf, out=idf)
    idf += 1.0
    np.log(counts.data, counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return TextVectors(normalize(counts, norm="l2", copy=False), terms)


def _term_counts(texts: tuple[str, ...], min_df: int, max_df: float) -> tuple[csr_matrix, np.ndarray]:
    """How often each term occurs in each text, and the terms (sorted; the columns): what CountVectorizer
    fits with these settings (tested). Its loop builds a Python string and a dictionary entry per n-gram
    of every text; here the corpus's words are numbered once (pandas.factorize), a bigram is the pair of
    its words' numbers, and only the terms kept are spelled out."""
    tokens = [TOKEN.findall(text.lower()) for text in texts]
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    codes, words = pd.factorize(np.array(list(itertools.chain.from_iterable(tokens)), dtype=object))
    if not len(words):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    spoken = ~np.fromiter((word in STOP_WORDS for word in words), dtype=bool, count=len(words))[codes]
    codes, rows = codes[spoken].astype(np.int64), np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[spoken]
    together = rows[1:] == rows[:-1]  # consecutive words of one text (stop words dropped) make a bigram
    width = len(words)
    features = np.concatenate([codes, width + codes[:-1][together] * width + codes[1:][together]])
    feature_rows = np.concatenate([rows, rows[1:][together]])
    if not len(features):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    feature_codes, feature_keys = pd.factorize(features)
    pairs, counts = np.unique(feature_rows * len(feature_keys) + feature_codes, return_counts=True)
    pair_rows, pair_features = np.divmod(pairs, len(feature_keys))
    frequency = np.bincount(pair_features, minlength=len(feature_keys))
    kept = np.flatnonzero((frequency <= max_df * len(texts)) & (frequency >= min_df))
    if not len(kept):
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    names = [words[key] if key < width else f"{words[(key - width) // width]} {words[(key - width) % width]}"
             for key in feature_keys[kept].tolist()]
    order = sorted(range(len(names)), key=names.__getitem__)
    column = np.full(len(feature_keys), -1, dtype=np.int64)
    column[kept[order]] = np.arange(len(order))
    columns = column[pair_features]
    known = columns >= 0
    matrix = csr_matrix((counts[known].astype(np.float64), (pair_rows[known], columns[known])),
                        shape=(len(texts), len(names)))
    matrix.sort_indices()
    return matrix, np.array([names[i] for i in order], dtype=object)


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
