"""Related papers at any corpus size: `related(vectors, count)` is the exact all-pairs search
(`text.neighbours`, quadratic) up to EXACT_UP_TO papers, and above that an approximate, linear-time search
with exact similarities (`neighbours` below). The real survey (325 papers) and corpora up to 5,000 papers
keep the exact result; recall of the approximate search against the exact one is measured by
`python -m bench` (bench/README.md) and on the synthetic corpora was 1.0 of the exact top 5 at 2,000 and
5,000 papers (every sampled list identical), 0.996 at 10,000 (98% of the lists identical), 0.81 at 50,000
and 0.65 at 100,000 (those corpora recombine the sentences of 325 real abstracts, so hundreds of papers tie
closely at large sizes). The threshold is where the costs cross: at 5,000 papers the exact search takes
about 1.1 s of CPU and the approximate one 0.8 s; at 10,000, 4.3 s against 1.7 s.

    neighbours(vectors, count) -> list[list[tuple[int, float]]]

Same output contract as the exact search: for every row, at most `count` other rows, most similar first,
ties by index, similarities rounded to 12 decimals (numpy's `np.round`), rows with similarity 0 (after
rounding) left out, the row itself never included, `[]` for a zero row; `[[]] * n` when `count <= 0` or
there are fewer than 2 rows. Only *which* rows are compared is approximate:

1. Candidates. Every term in at most `common` of the papers (default 0.5%, and at least 100 papers) gets a sampled posting list: the
   `sample` papers holding it (default 32) with the smallest hash of (paper, term), all of them when
   fewer. Each paper's approximate score against the others is its TF-IDF product over those lists
   (a sparse product: per paper at most terms x `sample` operations, so linear time); its `candidates`
   best (default 20, ties by the product's order) are kept, and the relation is made symmetric (j is a
   candidate of i when i is one of j).
2. Exact scores. The candidates of a block of papers are scored by a sparse product as in the exact
   search (`matrix[block] @ matrix[others].T`: the shared terms' products summed in column order), so
   each similarity is bit-for-bit the exact search's value, each pair once (the relation is symmetric), and
   ranked with its rules. Recall is the
   only thing that can differ.

Deterministic: no randomness beyond a fixed hash, no threads; the same input gives the same output.
With `sample >= rows`, `common=1.0` and `candidates >= rows` every pair sharing a term is scored, and the
output equals the exact search's.
"""
from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from .text import TextVectors
from .text import neighbours as exact_neighbours

EXACT_UP_TO = 5_000  # papers: up to this size the exact all-pairs search (quadratic: 1.1 s of CPU at 5,000)

SAMPLE = 32  # papers kept per term in the candidate index
CANDIDATES = 20  # best approximate matches kept per paper (before symmetrising)
COMMON = 0.005  # terms in more than this share of the papers (and more than COMMON_FLOOR) do not find candidates
COMMON_FLOOR = 100
QUERY_BLOCK = 256  # papers per approximate product (memory: at most QUERY_BLOCK x terms x SAMPLE entries)
SCORE_BLOCK = 16  # papers per exact-scoring product


def related(vectors: TextVectors, count: int) -> list[list[tuple[int, float]]]:
    """Each paper's `count` most similar papers: exact up to EXACT_UP_TO papers, approximate above."""
    if vectors.matrix.shape[0] <= EXACT_UP_TO:
        return exact_neighbours(vectors, count)
    return neighbours(vectors, count)


def neighbours(vectors, count: int, *, sample: int = SAMPLE, candidates: int = CANDIDATES,
               common: float = COMMON) -> list[list[tuple[int, float]]]:
    """`vectors`: a TextVectors (its `.matrix`) or a CSR matrix of L2-normalised rows."""
    matrix = getattr(vectors, "matrix", vectors)
    if not isinstance(matrix, csr_matrix):
        matrix = csr_matrix(matrix)
    total = matrix.shape[0]
    if count <= 0 or total < 2:
        return [[] for _ in range(total)]
    count = min(count, total - 1)
    matrix = by_frequency(matrix)
    rows, cols = candidate_pairs(matrix, sample=sample, candidates=max(candidates, count), common=common)
    return score(matrix, rows, cols, count)


def by_frequency(matrix: csr_matrix) -> csr_matrix:
    """The same matrix with its columns renumbered by falling document frequency (the stored order of each
    row's entries is kept, so every product sums in the same order: same values, bit for bit). Common terms
    get neighbouring numbers, which keeps the sparse products' memory accesses local."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    rank = np.empty(matrix.shape[1], dtype=matrix.indices.dtype)
    rank[np.lexsort((np.arange(matrix.shape[1]), -df))] = np.arange(matrix.shape[1], dtype=matrix.indices.dtype)
    return csr_matrix((matrix.data, rank[matrix.indices], matrix.indptr), shape=matrix.shape)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (uint64, wrapping): a fixed, platform-independent hash."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def common_limit(total: int, common: float) -> float:
    """Largest document frequency of a term used to find candidates."""
    return max(common * total, COMMON_FLOOR)


def sampled_index(matrix: csr_matrix, sample: int, common: float) -> tuple[csr_matrix, np.ndarray]:
    """Terms x papers (CSR): for each term in at most `common_limit` papers, the papers holding it whose
    hash of (paper, term) falls below sample/df (about `sample` of them; all when df <= sample); and the
    document frequency of every term. One pass over the entries, no sort."""
    total, width = matrix.shape
    df = np.bincount(matrix.indices, minlength=width)
    paper = np.repeat(np.arange(total, dtype=np.uint64), np.diff(matrix.indptr))
    term = matrix.indices
    # Only the entries of terms rare enough to find candidates are hashed (about half of all entries).
    rare = np.flatnonzero(df[term] <= common_limit(total, common))
    with np.errstate(over="ignore"):
        hashed = _mix(paper[rare] * np.uint64(0x9E3779B97F4A7C15) + term[rare].astype(np.uint64))
    # Keep when hash / 2**64 < sample / df, compared in 53-bit integers to stay exact.
    share = np.minimum(1.0, sample / np.maximum(df, 1))[term[rare]]
    keep = rare[(hashed >> np.uint64(11)).astype(np.float64) < share * 2.0 ** 53]
    kept = csr_matrix((matrix.data[keep], term[keep], np.r_[0, np.cumsum(
        np.bincount(paper[keep].astype(np.int64), minlength=total))]), shape=matrix.shape)
    return kept.T.tocsr(), df


def candidate_pairs(matrix: csr_matrix, *, sample: int, candidates: int, common: float,
                    block: int = QUERY_BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) pairs to score exactly, sorted by row then column, no self pairs, symmetric."""
    total = matrix.shape[0]
    index, df = sampled_index(matrix, sample, common)
    query = matrix.copy()
    query.data = np.where(df[query.indices] <= common_limit(total, common), query.data, 0.0)
    query.eliminate_zeros()
    found_rows, found_cols = [], []
    for start in range(0, total, block):
        product = query[start:start + block] @ index  # approximate scores, CSR
        if not product.nnz:
            continue
        counts = np.diff(product.indptr)
        local = np.repeat(np.arange(product.shape[0]), counts)
        others = product.indices
        not_self = others != local + start
        # Best first within each row: one float key (rows 4 apart, scores in [0, 1], self pushed last).
        key = local * 4.0 - product.data + 2.0 * ~not_self
        # Only the keys up to each row's `candidates`-th smallest can be chosen: only those are ordered
        # stably (ties by the product's order), which chooses what ordering every key would, for a fraction
        # of the work.
        near = np.flatnonzero(key <= np.repeat(kth_smallest(key, local, product.indptr, candidates), counts))
        order = near[np.argsort(key[near], kind="stable")]
        near_counts = np.bincount(local[near], minlength=product.shape[0])
        position = np.arange(len(order)) - np.repeat(np.cumsum(near_counts) - near_counts, near_counts)
        chosen = order[position < candidates]
        chosen = chosen[not_self[chosen] & (product.data[chosen] > 0)]
        found_rows.append(local[chosen] + start)
        found_cols.append(others[chosen].astype(np.int64))
    rows = np.concatenate(found_rows) if found_rows else np.zeros(0, np.int64)
    cols = np.concatenate(found_cols) if found_cols else np.zeros(0, np.int64)
    pairs = np.sort(np.concatenate([rows * total + cols, cols * total + rows]))
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # np.unique's result, sooner
    return pairs // total, pairs % total


def kth_smallest(key: np.ndarray, local: np.ndarray, indptr: np.ndarray, k: int) -> np.ndarray:
    """Each row's `k`-th smallest key (inf for a row with fewer than `k`), the row's keys being
    `key[indptr[r]:indptr[r + 1]]` (`local`: each key's row). The rows are laid side by side in a table
    padded with inf and partitioned along each row, in linear time: a sort of the block's keys took half
    of the candidate search at 100,000 papers (7.5 of 16 s of CPU; the rows are at most 1.4 times as long
    as the mean, so the padding costs little)."""
    rows = len(indptr) - 1
    counts = np.diff(indptr)
    width = int(counts.max()) if rows else 0
    if width < k:
        return np.full(rows, np.inf)
    table = np.full((rows, width), np.inf)
    table[local, np.arange(len(key)) - np.repeat(indptr[:-1], counts)] = key
    return np.where(counts >= k, np.partition(table, k - 1, axis=1)[:, k - 1], np.inf)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Concatenation of range(start, end) for each pair, vectorised."""
    lengths = ends - starts
    offsets = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return np.arange(lengths.sum()) + offsets


def score(matrix: csr_matrix, rows: np.ndarray, cols: np.ndarray, count: int,
          block: int = SCORE_BLOCK) -> list[list[tuple[int, float]]]:
    """Exact similarities of the (row, column) pairs (sorted by row, symmetric: (j, i) is a pair when (i, j)
    is), ranked as `text.neighbours` ranks.

    Each pair is scored once, as the exact search does: a similarity sums the products of the weights of
    the terms two papers share in the same order whichever paper is the row, so it is the same number bit
    for bit both ways; only the pairs (i, j) with i < j are scored, and each value serves both papers
    (at 100,000 papers scoring both ways took 10.6-11.0 s of CPU, once 7.7 s). Rows are scored a block at a
    time, with one sparse product against the union of their pairs' columns; blocks gather rows with the
    same smallest column, so that union stays small. Each similarity only depends on its two rows, so the
    grouping changes the work, never a value."""
    total = matrix.shape[0]
    out: list[list[tuple[int, float]]] = [[] for _ in range(total)]
    upper = cols > rows
    rows, cols = rows[upper], cols[upper]
    if not len(rows):
        return out
    values = np.zeros(len(rows))
    starts = np.searchsorted(rows, np.arange(total + 1))
    has = starts[1:] > starts[:-1]
    papers = np.flatnonzero(has)
    papers = papers[np.lexsort((papers, np.minimum.reduceat(cols, starts[:-1][has])))]
    for at in range(0, len(papers), block):
        group = np.sort(papers[at:at + block])
        where = _ranges(starts[group], starts[group + 1])
        others = np.unique(cols[where])
        # The exact search's own product (left operand: the query rows, in their stored order), so each
        # similarity is bit-for-bit its value.
        product = (matrix[group] @ matrix[others].T).toarray()
        values[where] = product[np.searchsorted(group, rows[where]), np.searchsorted(others, cols[where])]
    values = np.round(values, 12)
    paper, other, similarity = np.concatenate([rows, cols]), np.concatenate([cols, rows]), np.concatenate([values, values])
    order = np.lexsort((other, -similarity, paper))
    paper, other, similarity = paper[order], other[order], similarity[order]
    chosen = (np.arange(len(paper)) - np.searchsorted(paper, paper) < count) & (similarity > 0)
    for row, col, value in zip(paper[chosen].tolist(), other[chosen].tolist(), similarity[chosen].tolist()):
        out[row].append((col, value))
    return out
