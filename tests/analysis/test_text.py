"""TF-IDF helpers (survey.text): the batched nearest-neighbour search against a brute-force reference."""
from __future__ import annotations

import numpy as np
import pytest

from survey.analysis.text import neighbours, vectorize

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
