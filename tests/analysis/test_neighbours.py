"""The related-papers search above EXACT_UP_TO papers (analysis.neighbours): the exact search's output
contract, bit-for-bit similarities, the exact result whenever its candidates cover every pair sharing a
term, determinism, and the switch between the two searches. Its recall at 10,000-100,000 papers is
measured by the benchmark (bench/README.md)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse import random as sparse_random

from survey.analysis import neighbours as approx
from survey.analysis.text import TextVectors, neighbours, vectorize
from tests.helpers import ROOT

EVERYTHING = {"sample": 10**9, "candidates": 10**9, "common": 1.0}  # every pair sharing a term is scored


def random_rows(seed: int, papers: int, terms: int, density: float, zero_rows=(), duplicate=None) -> csr_matrix:
    matrix = sparse_random(papers, terms, density=density, format="csr", random_state=seed)
    matrix.data = np.random.default_rng(seed).random(len(matrix.data))
    matrix = matrix.tolil()
    for row in zero_rows:
        matrix[row] = 0
    if duplicate is not None:
        matrix[duplicate[1]] = matrix[duplicate[0]]
    matrix = matrix.tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return csr_matrix(matrix.multiply(1 / norms[:, None]))


class Vectors:  # a TextVectors stand-in: only the matrix is read
    def __init__(self, matrix):
        self.matrix = matrix


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("count", [1, 5, 12])
def test_equals_the_exact_search_when_candidates_cover_every_pair(seed, count):
    matrix = random_rows(seed, 60 + 20 * seed, 40 + 10 * seed, 0.08, zero_rows=(3,), duplicate=(0, 7))
    assert approx.neighbours(matrix, count, **EVERYTHING) == neighbours(Vectors(matrix), count)


def real_texts() -> list[str]:
    """Every title and abstract line of the real survey's listing pages."""
    return [line for path in sorted((ROOT / "data" / "raw").glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 20]


@pytest.mark.parametrize("count", [1, 5])
def test_equals_the_exact_search_on_real_text(count):
    vectors = vectorize(real_texts())
    assert approx.neighbours(vectors, count, **EVERYTHING) == neighbours(vectors, count)


def test_with_default_candidates_similarities_are_the_exact_ones_and_recall_is_high():
    matrix = random_rows(11, 1500, 400, 0.02)
    exact = neighbours(Vectors(matrix), 5)
    found = approx.neighbours(matrix, 5)
    assert found == approx.neighbours(matrix.copy(), 5)  # deterministic
    similarity = (matrix @ matrix.T).toarray()
    hits = total = 0
    for i, (mine, theirs) in enumerate(zip(found, exact)):
        assert all(j != i and value == np.round(similarity[i, j], 12) for j, value in mine)  # exact values
        assert mine == sorted(mine, key=lambda p: (-p[1], p[0]))
        fifth = theirs[-1][1] if theirs else 0
        hits += sum(1 for j, value in mine if value >= fifth)
        total += len(theirs)
    assert hits / total >= 0.9



def every_key_sorted_candidates(matrix, *, sample, candidates, common, block=approx.QUERY_BLOCK):
    """candidate_pairs as it was first written: every key of a block ordered stably, the pairs made unique
    by np.unique (the reference for choosing by each row's `candidates`-th key)."""
    total = matrix.shape[0]
    index, df = approx.sampled_index(matrix, sample, common)
    query = matrix.copy()
    query.data = np.where(df[query.indices] <= approx.common_limit(total, common), query.data, 0.0)
    query.eliminate_zeros()
    found_rows, found_cols = [], []
    for start in range(0, total, block):
        product = query[start:start + block] @ index
        counts = np.diff(product.indptr)
        local = np.repeat(np.arange(product.shape[0]), counts)
        others = product.indices
        not_self = others != local + start
        order = np.argsort(local * 4.0 - product.data + 2.0 * ~not_self, kind="stable")
        position = np.arange(product.nnz) - np.repeat(product.indptr[:-1], counts)
        chosen = order[position < candidates]
        chosen = chosen[not_self[chosen] & (product.data[chosen] > 0)]
        found_rows.append(local[chosen] + start)
        found_cols.append(others[chosen].astype(np.int64))
    pairs = np.unique(np.concatenate([np.concatenate(found_rows) * total + np.concatenate(found_cols),
                                      np.concatenate(found_cols) * total + np.concatenate(found_rows)]))
    return pairs // total, pairs % total


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("candidates", [1, 2, 5])
def test_candidates_chosen_by_each_row_s_kth_key_are_those_of_ordering_every_key(seed, candidates):
    """Rows with more and fewer products than `candidates`, tied scores (duplicated rows, a coarse
    matrix), blocks that split the rows: the same pairs as ordering every key of the block."""
    matrix = random_rows(seed, 60, 12, 0.3, zero_rows=(5,), duplicate=(3, 7))
    if seed % 2:
        matrix.data = np.round(matrix.data, 1)  # many equal products: ties decided by the product's order
    for block in (7, 256):
        ours = approx.candidate_pairs(matrix, sample=4, candidates=candidates, common=1.0, block=block)
        reference = every_key_sorted_candidates(matrix, sample=4, candidates=candidates, common=1.0, block=block)
        assert np.array_equal(ours[0], reference[0]) and np.array_equal(ours[1], reference[1])

@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [1, 3, 20])
def test_kth_smallest_key_of_each_row(seed, k):
    """Rows of every length (none, fewer than k, many), tied keys: each row's k-th smallest, as sorting the
    row gives it, and inf where the row has fewer than k keys."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 3 * k + 2, size=rng.integers(1, 40))
    counts[0] = 0
    indptr = np.r_[0, np.cumsum(counts)]
    key = np.round(rng.random(indptr[-1]), 1 + seed % 3)  # coarse keys: many ties
    local = np.repeat(np.arange(len(counts)), counts)
    expected = [np.sort(key[a:b])[k - 1] if b - a >= k else np.inf for a, b in zip(indptr[:-1], indptr[1:])]
    assert approx.kth_smallest(key, local, indptr, k).tolist() == expected


def test_edge_cases_follow_the_exact_contract():
    assert approx.neighbours(random_rows(1, 1, 5, 0.5), 5) == [[]]
    assert approx.neighbours(random_rows(1, 6, 5, 0.5), 0) == [[] for _ in range(6)]
    matrix = random_rows(2, 4, 6, 0.6)
    assert approx.neighbours(matrix, 30, **EVERYTHING) == neighbours(Vectors(matrix), 30)
    empty = csr_matrix((5, 3))  # no paper holds a term: no candidate at all
    assert approx.neighbours(empty, 3) == neighbours(Vectors(empty), 3) == [[] for _ in range(5)]
    # a block of papers with no candidate between blocks that have some
    lonely = csr_matrix(np.vstack([np.eye(3)[[0, 0, 1, 1]], np.zeros((4, 3)), np.eye(3)[[2, 2]]]))
    assert approx.neighbours(lonely, 3, **EVERYTHING) == neighbours(Vectors(lonely), 3)
    assert approx.candidate_pairs(lonely, sample=8, candidates=2, common=1.0, block=2)[0].tolist() == [0, 1, 2, 3, 8, 9]


def test_related_is_exact_up_to_the_threshold_and_approximate_above(monkeypatch):
    vectors = vectorize(real_texts())
    calls = []
    monkeypatch.setattr(approx, "neighbours", lambda v, count: calls.append(count) or [[] for _ in range(v.matrix.shape[0])])
    assert approx.related(vectors, 5) == neighbours(vectors, 5) and calls == []
    monkeypatch.setattr(approx, "EXACT_UP_TO", vectors.matrix.shape[0] - 1)
    approx.related(vectors, 5)
    assert calls == [5]
    assert isinstance(vectors, TextVectors)
