"""Draft a theme taxonomy (the data/themes.yml schema) from a corpus of titles and abstracts.

For a new field there is no hand-written taxonomy; this module proposes one for an editor to curate:

1. TF-IDF vectors of title (twice) + abstract, with the settings of analysis/text.py.
2. A shared-nearest-neighbour graph of the papers (cosine kNN, edges weighted by cosine + shared
   neighbours), and its spectral embedding (leading eigenvectors of the normalized adjacency).
3. Chapters: k-means on the row-normalized first k eigenvectors (Ng-Jordan-Weiss spectral clustering)
   for every k in a range (6-16 by default, narrowed for small corpora); the chosen k maximizes the
   mean cosine silhouette of the papers' TF-IDF vectors. Clusters smaller than `min_size` go to a
   fallback chapter ("other") for the editor to place.
4. Sections: inside every chapter, Ward clustering of the chapter's own LSA vectors into 2-6 groups
   (silhouette-chosen; one section when the chapter is too small to split).
5. Names, slugs, rules and scope stubs from the distinctive literal phrases of each group (c-TF-IDF over
   1-3 word phrases that occur verbatim in the text, so they work as rule phrases of the assigner).

Everything is deterministic (fixed seeds, stable sorts, dense eigensolver up to 3,000 papers, fixed
start vector above). Only numpy, scipy and scikit-learn are used.

Used by the pipeline when data/themes.yml does not exist (it writes data/themes.draft.yml and builds with
it), and by `survey draft-themes` alone.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sps
from scipy.sparse.linalg import eigsh
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from .text import GENERIC, URL, paper_text

TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b"
STOP = frozenset(ENGLISH_STOP_WORDS | GENERIC)
# Words that may sit inside a phrase but should not start or end one (besides STOP).
WEAK_EDGE = frozenset("""also can may via well across within without towards toward however thus first
    two three one several many various different large small high low better significantly effectively
    efficiently simple strong recent popular current key main set sets end significant improved improve
    improves improving enable enables enabling introduce introduces present presents study studies
    achieved achieve remarkable called able finally provide provides providing empirical additionally publicly
    details particular notably simultaneously ensures ensuring ensure offers offer comprehensively attempts
    employ employs variety available inherent accurately techniques technique baselines combines including
    include includes given specific specifically particularly address addresses addressing leverage leverages
    leveraging utilize utilizes demonstrates demonstrated effective effectiveness superior outperforms
    outperform potential prior previous furthermore moreover respectively widely commonly typically often
    make makes making remains remain way ways lead leads need needs important crucial challenging challenge
    challenges problem problems issue issues great greatly recently code available github release""".split())

SEED = 0
NEIGHBOURS = 10
K_RANGE = (6, 16)
MAX_SECTIONS = 6
FALLBACK = "other"


# --- result types -----------------------------------------------------------------------------------
@dataclass
class DraftSection:
    slug: str
    title: str
    intro: str
    rules: dict[str, int]
    members: list[int]
    terms: list[str]


@dataclass
class DraftChapter:
    slug: str
    title: str
    scope: str
    rules: dict[str, int]
    sections: list[DraftSection]
    members: list[int]
    terms: list[str]


@dataclass
class DraftTaxonomy:
    chapters: list[DraftChapter]  # the fallback chapter last
    labels: list[int]  # chapter index of every paper (index into `chapters`)
    section_labels: list[int]  # section index of every paper inside its chapter
    k: int  # number of clusters chosen (before tiny clusters went to the fallback chapter)
    scores: dict[int, float] = field(default_factory=dict)  # silhouette of every k tried
    fallback: str = FALLBACK
    min_score: float = 4.0

    @property
    def chapter_slugs(self) -> list[str]:
        return [self.chapters[i].slug for i in self.labels]


# --- vectors and graph ------------------------------------------------------------------------------
def _tfidf(texts: list[str]) -> sps.csr_matrix:
    vectorizer = TfidfVectorizer(
        stop_words=sorted(STOP), ngram_range=(1, 2),
        min_df=2 if len(texts) >= 20 else 1, max_df=0.5 if len(texts) >= 20 else 1.0,
        sublinear_tf=True, token_pattern=TOKEN, dtype=np.float64,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # empty vocabulary (e.g. tiny or empty texts)
        matrix = sps.csr_matrix((len(texts), 1))
    return sps.csr_matrix(normalize(matrix))


def _knn(matrix: sps.csr_matrix, count: int, cells: int = 4_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Indices and cosines of every row's `count` nearest other rows (ties by index), a block at a time."""
    n = matrix.shape[0]
    block = max(1, cells // max(n, 1))
    transposed = matrix.T.tocsc()
    index = np.zeros((n, count), dtype=np.int64)
    value = np.zeros((n, count))
    for start in range(0, n, block):
        scores = (matrix[start:start + block] @ transposed).toarray()
        rows = np.arange(scores.shape[0])
        scores[rows, start + rows] = -1.0
        scores = np.round(scores, 12)
        # Candidates: the `count` best of each row (argpartition), then an exact stable sort of those
        # by (-score, index) so ties go to the lower index whatever the partition did.
        part = np.argpartition(-scores, count - 1, axis=1)[:, :count]
        top = np.take_along_axis(scores, part, axis=1)
        kth = top.min(axis=1)
        # Rows without a tie at the boundary: sort the partition's picks; the others: sort all candidates.
        tied = (scores >= kth[:, None]).sum(axis=1) > count
        order = np.lexsort((part, -top), axis=1)
        part = np.take_along_axis(part, order, axis=1)
        for row in np.flatnonzero(tied):
            candidates = np.flatnonzero(scores[row] >= kth[row])
            part[row] = candidates[np.lexsort((candidates, -scores[row, candidates]))][:count]
        index[start:start + len(rows)] = part
        value[start:start + len(rows)] = np.take_along_axis(scores, part, axis=1)
    return index, np.maximum(value, 0.0)


def _graph(matrix: sps.csr_matrix, count: int) -> sps.csr_matrix:
    """Symmetric kNN graph; an edge weighs its cosine plus the share of neighbours the two papers share."""
    n = matrix.shape[0]
    index, value = _knn(matrix, count)
    indptr = np.arange(0, n * count + 1, count)
    member = sps.csr_matrix((np.ones(n * count), index.ravel(), indptr), shape=(n, n))
    cosine = sps.csr_matrix((value.ravel(), index.ravel(), indptr), shape=(n, n))
    adjacency = member.maximum(member.T)
    shared = (member @ member.T).multiply(adjacency) / count
    weights = sps.csr_matrix(shared + cosine.maximum(cosine.T))
    weights.data = np.round(weights.data, 12)
    return weights


def _embedding(weights: sps.csr_matrix, dims: int) -> np.ndarray:
    """Leading eigenvectors of D^-1/2 W D^-1/2 (sign-fixed), most significant first."""
    n = weights.shape[0]
    degree = np.asarray(weights.sum(axis=1)).ravel()
    degree[degree == 0] = 1.0
    scale = sps.diags(1.0 / np.sqrt(degree))
    adjacency = scale @ weights @ scale
    dims = min(dims, n - 1) if n > 1 else 1
    if n <= 3000:
        values, vectors = np.linalg.eigh(adjacency.toarray())
        order = np.argsort(-values, kind="stable")[:dims]
    else:
        v0 = np.sqrt(degree) / np.linalg.norm(np.sqrt(degree))
        values, vectors = eigsh(adjacency.tocsc(), k=dims, which="LA", v0=v0, tol=1e-8)
        order = np.argsort(-values, kind="stable")
    vectors = vectors[:, order]
    # Deterministic sign: the largest-magnitude entry of each vector is positive.
    signs = np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])])
    signs[signs == 0] = 1.0
    return np.round(vectors * signs, 10)


def _silhouette(matrix: sps.csr_matrix, labels: np.ndarray, sample: int = 2000) -> float:
    if len(set(labels.tolist())) < 2 or len(set(labels.tolist())) >= len(labels):
        return -1.0
    if matrix.shape[0] > sample:
        return float(silhouette_score(matrix, labels, metric="cosine", sample_size=sample, random_state=SEED))
    return float(silhouette_score(matrix, labels, metric="cosine"))


def _canonical(labels: np.ndarray) -> np.ndarray:
    """Relabel clusters by decreasing size, ties by first member (so output order does not hinge on k-means ids)."""
    ids, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda j: (-counts[j], first[j]))
    mapping = {int(ids[j]): rank for rank, j in enumerate(order)}
    return np.array([mapping[int(x)] for x in labels], dtype=np.int64)


def cluster_chapters(matrix: sps.csr_matrix, k_range: tuple[int, int] = K_RANGE, neighbours: int = NEIGHBOURS,
                     k: int | None = None, seed: int = SEED) -> tuple[np.ndarray, int, dict[int, float]]:
    """Chapter clusters of the rows of `matrix`: (labels, chosen k, silhouette per k tried)."""
    n = matrix.shape[0]
    if n < 4:
        return np.zeros(n, dtype=np.int64), 1, {}
    low, high = k_range
    high = max(2, min(high, n // 4))  # at least ~4 papers per chapter on average
    low = max(2, min(low, high))
    candidates = [k] if k else list(range(low, high + 1))
    weights = _graph(matrix, max(2, min(neighbours, n - 1)))
    embedding = _embedding(weights, max(candidates))
    scores: dict[int, float] = {}
    best: tuple[float, int, np.ndarray] | None = None
    for kk in candidates:
        points = normalize(embedding[:, :kk])
        labels = KMeans(kk, n_init=10, random_state=seed).fit_predict(points)
        score = round(_silhouette(matrix, labels), 6)
        scores[kk] = score
        if best is None or score > best[0]:
            best = (score, kk, labels)
    assert best is not None
    return _canonical(best[2]), best[1], scores


def _lsa(matrix: sps.csr_matrix, dims: int) -> np.ndarray:
    """Row-normalized LSA coordinates of a small matrix, from the eigenvectors of its Gram matrix
    (exact and deterministic; the sign of each axis fixed)."""
    gram = (matrix @ matrix.T).toarray()
    values, vectors = np.linalg.eigh(gram)
    order = np.argsort(-values, kind="stable")[:dims]
    values, vectors = np.clip(values[order], 0, None), vectors[:, order]
    signs = np.sign(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(vectors.shape[1])])
    signs[signs == 0] = 1.0
    return np.round(normalize(vectors * signs * np.sqrt(values)), 10)


def cluster_sections(matrix: sps.csr_matrix, max_sections: int = MAX_SECTIONS) -> np.ndarray:
    """Sections of one chapter: Ward clustering of the chapter's LSA vectors into 2..6 groups, the number
    with the best silhouette of those (unit) vectors."""
    n = matrix.shape[0]
    if n < 6:
        return np.zeros(n, dtype=np.int64)
    if n <= 1000:
        points = _lsa(matrix, 50)
    else:  # a large chapter: randomized SVD (seeded) instead of the exact Gram eigendecomposition
        points = np.round(normalize(TruncatedSVD(50, random_state=SEED).fit_transform(matrix)), 10)
    best: tuple[float, np.ndarray] | None = None
    for s in range(2, min(max_sections, n // 3) + 1):
        labels = AgglomerativeClustering(s, linkage="ward").fit_predict(points)
        score = float(silhouette_score(points, labels)) if 1 < len(set(labels.tolist())) < n else -1.0
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return np.zeros(n, dtype=np.int64)
    return _canonical(best[1])


# --- names and rules from literal phrases -----------------------------------------------------------
def _phrase_ok(phrase: str) -> bool:
    words = phrase.split()
    if words[0] in STOP or words[-1] in STOP or words[0] in WEAK_EDGE or words[-1] in WEAK_EDGE:
        return False
    return any(ch.isalpha() for ch in phrase) and len(phrase) > 2


class Phrases:
    """Binary document-phrase matrix of 1-3 word phrases that occur verbatim (lowercase) in title or abstract.

    Above `limit` papers the vocabulary and counts come from an evenly spaced sample of the papers (every
    step-th one; counting 1-3-grams is the slowest step at 10,000 papers); a group with few sampled
    members has its other members counted on demand."""

    def __init__(self, titles: list[str], abstracts: list[str], limit: int = 3000):
        texts = [f"{t}\n{a}".lower() for t, a in zip(titles, abstracts)]
        self.texts = [URL.sub(" ", x) if "://" in x else x for x in texts]
        n = len(self.texts)
        step = max(1, math.ceil(n / limit))
        self.sample = list(range(0, n, step))
        self.position = {i: p for p, i in enumerate(self.sample)}
        self.vectorizer = CountVectorizer(ngram_range=(1, 3), token_pattern=TOKEN, lowercase=False, binary=True,
                                          min_df=2 if len(self.sample) >= 20 else 1, dtype=np.float64)
        try:
            counts = self.vectorizer.fit_transform([self.texts[i] for i in self.sample])
            terms = self.vectorizer.get_feature_names_out()
        except ValueError:
            counts, terms = sps.csr_matrix((len(self.sample), 0)), np.array([], dtype=object)
        self.keep = np.flatnonzero(np.array([_phrase_ok(t) for t in terms], dtype=bool))
        self.matrix = sps.csr_matrix(counts[:, self.keep]) if len(terms) else sps.csr_matrix((len(self.sample), 0))
        self.terms = terms[self.keep] if len(terms) else terms
        self.n = len(self.sample)
        self._all = np.asarray(self.matrix.sum(axis=0)).ravel()
        self._cache: dict[tuple[int, ...], tuple[np.ndarray, int]] = {}

    def _sum(self, rows: list[int]) -> tuple[np.ndarray, int]:
        """Phrase document counts over `rows` and the number of papers counted."""
        sampled = [self.position[i] for i in rows if i in self.position]
        total = np.asarray(self.matrix[sampled].sum(axis=0)).ravel() if sampled else np.zeros(len(self.terms))
        if len(sampled) >= min(len(rows), 30) or not len(self.terms):
            return total, len(sampled)
        extra = [i for i in rows if i not in self.position][:200]
        counts = self.vectorizer.transform([self.texts[i] for i in extra])[:, self.keep]
        return total + np.asarray(counts.sum(axis=0)).ravel(), len(sampled) + len(extra)

    def distinctive(self, rows: list[int], within: list[int] | None = None, count: int = 12,
                    min_share: float = 0.0) -> list[tuple[str, float, float, float]]:
        """(phrase, score, precision, coverage) of the phrases most distinctive of `rows` against `within`
        (default: all papers), c-TF-IDF style: coverage x log(1 + lift); ties alphabetical; a phrase
        contained in an already chosen one (or containing it) is skipped."""
        if not rows or not len(self.terms):
            return []
        inside, size = self._sum(rows)
        if size == 0:
            return []
        if within is None:
            base, total = self._all, self.n
        else:
            key = tuple(within)
            if key not in self._cache:
                self._cache = {key: self._sum(within)}  # sections of one chapter share their base
            base, total = self._cache[key]
        base = np.maximum(base, inside)  # on-demand counts of `rows` may exceed the sampled base
        coverage = inside / size
        precision = np.divide(inside, base, out=np.zeros_like(inside), where=base > 0)
        lift = precision / (size / max(total, size))
        score = coverage * np.log1p(lift) * (inside >= min(2, size))
        candidates = np.flatnonzero((score > 0) & (coverage >= min_share) & (lift > 1.0))
        order = candidates[np.lexsort((self.terms[candidates], -np.round(score[candidates], 12)))]
        chosen: list[tuple[str, float, float, float]] = []
        for j in order:
            term = str(self.terms[j])
            padded = f" {term} "
            if any(padded in f" {c} " or f" {c} " in padded for c, *_ in chosen):
                continue
            chosen.append((term, float(score[j]), float(precision[j]), float(coverage[j])))
            if len(chosen) == count:
                break
        return chosen


def _rules(phrases: list[tuple[str, float, float, float]], size: int, total: int) -> dict[str, int]:
    """Rule weights 1-10: log2 of the phrase's lift over the group's share, halved for phrases that are
    rare in the group (coverage under 20%), so a paper needs a few distinctive phrases to pass min_score."""
    rules: dict[str, int] = {}
    share = size / max(total, 1)
    for phrase, _score, precision, coverage in phrases:
        if precision < 0.5:
            continue
        weight = math.log2(max(precision / max(share, 1e-9), 1.0)) + 1.0
        if coverage < 0.2:
            weight /= 2
        rules[phrase] = int(min(10, max(1, round(weight))))
    return rules


def _papers(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def _stem(word: str) -> str:
    return word[:6] if len(word) > 6 else word.rstrip("s")


def _name_terms(terms: list[str]) -> list[str]:
    """Terms for a name: skip one whose words share stems with an earlier term's (personalized after
    personalization, garments after garment)."""
    chosen: list[str] = []
    seen: set[str] = set()
    for term in terms:
        stems = {_stem(w) for w in term.split()}
        if stems & seen:
            continue
        chosen.append(term)
        seen |= stems
    return chosen


def _readable(terms: list[str], count: int = 3) -> str:
    terms = _name_terms(terms)
    return " · ".join(terms[:count]) if terms else "miscellaneous"


def _slugify(terms: list[str], taken: set[str]) -> str:
    def clean(text: str) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        slug = re.sub(r"^[^a-z]+", "", slug)
        return slug[:40].strip("-")
    options = [clean(t) for t in terms[:3] if clean(t)]
    options += [f"{options[0]}-{clean(t)}" for t in terms[1:3]] if options else []
    for option in options:
        if option and option not in taken and option not in {"overview", "all-papers", "bibliography", "index", FALLBACK}:
            taken.add(option)
            return option
    stem = options[0] if options else "group"
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    taken.add(f"{stem}-{number}")
    return f"{stem}-{number}"


# --- the draft --------------------------------------------------------------------------------------
def draft_taxonomy(titles: list[str], abstracts: list[str], k: int | None = None,
                   k_range: tuple[int, int] = K_RANGE, neighbours: int = NEIGHBOURS,
                   min_size: int | None = None, seed: int = SEED, max_rules: int = 15) -> DraftTaxonomy:
    """Draft chapters and sections for the papers (`titles[i]`, `abstracts[i]`).

    `k` fixes the number of clusters (else chosen by silhouette over `k_range`); clusters of fewer than
    `min_size` papers (default: 3, or 1% of the corpus if more) go to the fallback chapter.
    Runs single-threaded (BLAS/OpenMP): faster on small problems and identical across machines' core counts."""
    with threadpool_limits(1):
        return _draft(titles, abstracts, k, k_range, neighbours, min_size, seed, max_rules)


def _draft(titles: list[str], abstracts: list[str], k: int | None, k_range: tuple[int, int], neighbours: int,
           min_size: int | None, seed: int, max_rules: int) -> DraftTaxonomy:
    if len(titles) != len(abstracts):
        raise ValueError("titles and abstracts differ in length")
    titles = [str(t or "") for t in titles]
    abstracts = [str(a or "") for a in abstracts]
    n = len(titles)
    if n == 0:
        raise ValueError("no papers to draft a taxonomy from")
    matrix = _tfidf([paper_text(t, a) for t, a in zip(titles, abstracts)])
    labels, chosen_k, scores = cluster_chapters(matrix, k_range, neighbours, k, seed)
    min_size = min_size if min_size is not None else max(3, n // 100)
    if n < 4 * min_size:
        min_size = 1
    groups = [np.flatnonzero(labels == c).tolist() for c in range(int(labels.max()) + 1)]
    kept = [g for g in groups if len(g) >= min_size]
    stray = sorted(i for g in groups if len(g) < min_size for i in g)
    phrases = Phrases(titles, abstracts)

    taken: set[str] = set()
    chapters: list[DraftChapter] = []
    chapter_of = np.zeros(n, dtype=np.int64)
    section_of = np.zeros(n, dtype=np.int64)
    for number, rows in enumerate(kept):
        top = phrases.distinctive(rows, count=max_rules)
        terms = [t for t, *_ in top]
        slug = _slugify(_name_terms(terms), taken)
        sub = cluster_sections(matrix[rows])
        section_slugs: set[str] = set()
        sections = []
        for s in range(int(sub.max()) + 1):
            members = [rows[i] for i in np.flatnonzero(sub == s)]
            local = top if sub.max() == 0 else phrases.distinctive(members, within=rows, count=12, min_share=0.2)
            sterms = [t for t, *_ in local]
            sections.append(DraftSection(
                slug=_slugify(_name_terms(sterms) or ["general"], section_slugs),
                title=_readable(sterms).capitalize() if sterms else "General",
                intro=f"DRAFT: {_papers(len(members))} on {_readable(sterms, 4) if sterms else 'this chapter'} — edit this.",
                rules=_rules(local, len(members), len(rows)) if sub.max() > 0 else {},
                members=members, terms=sterms[:8]))
            for i in members:
                section_of[i] = s
        for i in rows:
            chapter_of[i] = number
        chapters.append(DraftChapter(
            slug=slug, title=_readable(terms).capitalize(),
            scope=(f"DRAFT: papers about {_readable(terms, 5)} ({_papers(len(rows))} in the draft clustering). "
                   "Generated from distinctive phrases — edit this."),
            rules=_rules(top, len(rows), n), sections=sections, members=rows, terms=terms[:10]))
    fallback_index = len(chapters)
    for i in stray:
        chapter_of[i] = fallback_index
        section_of[i] = 0
    chapters.append(DraftChapter(
        slug=FALLBACK, title="Other papers",
        scope="DRAFT: papers that fit no drafted chapter (the assigner's fallback) — edit this.",
        rules={}, members=stray, terms=[],
        sections=[DraftSection("miscellaneous", "Miscellaneous",
                               "DRAFT: papers not placed in any chapter — edit this.", {}, stray, [])]))
    return DraftTaxonomy(chapters, chapter_of.tolist(), section_of.tolist(), chosen_k, scores)


# --- YAML -------------------------------------------------------------------------------------------
def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rules_yaml(rules: dict[str, int], indent: str) -> list[str]:
    if not rules:
        return [f"{indent}rules: {{}}"]
    return [f"{indent}rules:"] + [f"{indent}  {_quote(p)}: {w}" for p, w in rules.items()]


def to_yaml(draft: DraftTaxonomy) -> str:
    """The draft in the data/themes.yml schema (loads with survey's load_taxonomy)."""
    lines = [
        "# DRAFT theme taxonomy, generated by `survey draft-themes` from the titles and abstracts alone.",
        "# It is a starting point for an editor to curate, not a curated taxonomy: rename the chapters and",
        "# sections, rewrite every scope and intro marked DRAFT, prune or reweight the rules (phrases found",
        "# distinctive of each cluster), merge or split chapters, and place the papers of the fallback chapter.",
        "# Save the curated result as data/themes.yml: the build then uses it instead of drafting.",
        f"# Chapters: {len(draft.chapters) - 1} clusters (k={draft.k} chosen by silhouette) + fallback '{draft.fallback}'.",
        f"fallback_chapter: {draft.fallback}",
        f"min_score: {int(draft.min_score) if float(draft.min_score).is_integer() else draft.min_score}",
        "chapters:",
    ]
    for chapter in draft.chapters:
        lines += [f"  - slug: {chapter.slug}", f"    title: {_quote(chapter.title)}",
                  f"    scope: {_quote(chapter.scope)}"]
        lines += _rules_yaml(chapter.rules, "    ")
        lines.append("    sections:")
        for section in chapter.sections:
            lines += [f"      - slug: {section.slug}", f"        title: {_quote(section.title)}",
                      f"        intro: {_quote(section.intro)}"]
            lines += _rules_yaml(section.rules, "        ")
    return "\n".join(lines) + "\n"
