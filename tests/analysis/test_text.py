"""TF-IDF helpers (survey.text): the batched nearest-neighbour search against a brute-force reference."""
from __future__ import annotations

import numpy as np
import pytest

from survey.analysis.text import TextVectors, neighbours, vectorize

TEXTS = ["federated learning with clients", "federated clients and servers", "diffusion models for video",
         "video diffusion with clients", "graph neural networks", "graph transformers for molecules",
         "nothing shared here", "federated learning with clients"]  # the last repeats the first: a tie


def brute_force(matrix, row: int, count: int) -> list[tuple[int, float]]:
    scores = (matrix @ matrix[row].T).toarray().ravel()
    others = sorted((j for j in range(matrix.shape[0]) if j != row), key=lambda j: (-round(scores[j], 12), j))
    return [(j, scores[j]) for j in others[:count] if scores[j] > 0]


@pytest.mark.parametrize("cells", [1, 8, 10_000])  # one row per block, a few rows, everything at once
@pytest.mark.parametrize("count", [1, 3, 10])
def test_neighbours_equal_the_brute_force_ranking_whatever_the_block_size(cells, count):
    vectors = vectorize(TEXTS)
    found = neighbours(vectors, count, cells=cells)
    assert len(found) == len(TEXTS)
    for row, pairs in enumerate(found):
        expected = brute_force(vectors.matrix, row, count)
        assert [j for j, _ in pairs] == [j for j, _ in expected], row
        assert np.allclose([s for _, s in pairs], [s for _, s in expected])
    assert found[0][0][0] == 7 and found[7][0][0] == 0  # identical texts find each other first
    assert all(j != 6 for pairs in found[:6] for j, _ in pairs)  # no similarity, no neighbour


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cells", [1, 37, 400, 10**6])
def test_neighbours_are_the_exact_ranking_bit_for_bit_on_random_rows(seed, cells):
    """Each pair is scored once (a block against the papers after it); every similarity still equals the
    row-by-row product to the last bit, and the ranking (ties by index, duplicated rows tie) is exact."""
    from scipy.sparse import csr_matrix
    from scipy.sparse import random as sparse_random

    rng = np.random.default_rng(seed)
    matrix = sparse_random(60, 40, density=0.1, format="csr", random_state=seed)
    matrix.data = rng.integers(1, 4, len(matrix.data)) / rng.integers(1, 9, len(matrix.data))  # repeated values: ties
    matrix = matrix.tolil()
    matrix[7], matrix[30] = matrix[3], matrix[3]  # three identical rows: ties
    matrix[12] = 0  # a paper with no terms
    matrix = csr_matrix(matrix)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = csr_matrix(matrix.multiply(1 / np.where(norms == 0, 1, norms)[:, None]))
    matrix.sort_indices()
    count = int(rng.integers(1, 9))
    found = neighbours(TextVectors(matrix, np.arange(matrix.shape[1]).astype(str)), count, cells=cells)
    for row in range(matrix.shape[0]):
        scores = np.round((matrix @ matrix[row].T).toarray().ravel(), 12)
        others = sorted((j for j in range(matrix.shape[0]) if j != row), key=lambda j: (-scores[j], j))
        assert found[row] == [(j, float(scores[j])) for j in others[:count] if scores[j] > 0], (row, count)
    assert found[12] == [] and found[3][0][0] in (7, 30)


def test_no_neighbours_for_a_single_paper_or_none_asked():
    assert neighbours(vectorize(["graph transformers"]), 5) == [[]]
    assert neighbours(vectorize(TEXTS), 0) == [[] for _ in TEXTS]


def test_vectors_do_not_depend_on_the_order_of_the_texts():
    """vectorize fits the sorted texts once and hands out rows: the same values, bit for bit, as a fit of
    the texts in the caller's order (25 texts: min_df and max_df apply)."""
    from survey.analysis import text

    texts = [f"{t} {extra}" for t in TEXTS for extra in ("alpha", "beta beta", "gamma federated")][:25]
    shuffled = [texts[i] for i in np.random.default_rng(3).permutation(len(texts))]
    for order in (texts, shuffled):
        vectors = vectorize(order)
        fitted = text._vectorize.__wrapped__(tuple(order))  # the fit itself, in this order, not cached
        assert list(vectors.terms) == list(fitted.terms)
        assert np.array_equal(vectors.matrix.indptr, fitted.matrix.indptr)
        assert np.array_equal(vectors.matrix.indices, fitted.matrix.indices)
        assert np.array_equal(vectors.matrix.data, fitted.matrix.data)  # exactly, not approximately


def test_similarity_is_scipys_row_product_bit_for_bit():
    """similarity() sums the shared terms' products as scipy's sparse multiply and sum do, on real papers
    (identical, related and unrelated pairs, and a paper with itself)."""
    from pathlib import Path

    from survey.analysis.text import paper_text, similarity
    from survey.pipeline import corpus_papers

    papers = corpus_papers(Path(__file__).resolve().parents[2])
    vectors = vectorize([paper_text(p.title, p.abstract) for p in papers] + ["", "an unmatched xyzzy text"])
    rng = np.random.default_rng(0)
    pairs = [(int(a), int(b)) for a, b in rng.integers(0, vectors.matrix.shape[0], size=(400, 2))]
    pairs += [(0, 0), (5, 5), (0, vectors.matrix.shape[0] - 2), (vectors.matrix.shape[0] - 1, 3)]
    nonzero = 0
    for a, b in pairs:
        expected = round(float(vectors.matrix[a].multiply(vectors.matrix[b]).sum()), 12)
        assert similarity(vectors, a, b) == expected, (a, b)
        nonzero += expected > 0
    assert nonzero > 300


def test_similar_pairs_decide_as_similarity_does_even_at_the_threshold(monkeypatch):
    """similar_pairs on real papers, with thresholds at pairs' own similarities (where the last bits of a
    sum decide) and between them, in blocks small enough to split the pairs: the same answer as comparing
    similarity() with the threshold, pair by pair."""
    from pathlib import Path

    from survey.analysis import text
    from survey.analysis.text import paper_text, similar_pairs, similarity
    from survey.pipeline import corpus_papers

    papers = corpus_papers(Path(__file__).resolve().parents[2])
    vectors = vectorize([paper_text(p.title, p.abstract) for p in papers] + [""])
    rng = np.random.default_rng(1)
    first, second = rng.integers(0, vectors.matrix.shape[0], size=(2, 600))
    first[:3], second[:3] = [0, 7, vectors.matrix.shape[0] - 1], [0, 7, 2]  # a paper with itself, an empty text
    values = [similarity(vectors, int(a), int(b)) for a, b in zip(first, second)]
    monkeypatch.setattr(text, "PAIR_BLOCK", 64)
    for threshold in sorted({v for v in values if v > 0})[::7] + [0.0, 0.25, 0.6, 1.0]:
        assert similar_pairs(vectors, first, second, threshold).tolist() == [v >= threshold for v in values]
    assert similar_pairs(vectors, first[:0], second[:0], 0.25).tolist() == []
