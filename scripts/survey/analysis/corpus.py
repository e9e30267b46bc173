"""The corpus: the papers, the taxonomy, lexicon and attribute vocabulary they were read with, the
sentence-role model, their text vectors, and the indexes every page needs, each computed once."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ..inputs.attributes import NO_ATTRIBUTES, Attributes
from ..model.lexicon import EMPTY, Lexicon
from ..model.paper import ListingPage, Paper
from ..model.sentence import Sentence
from ..model.taxonomy import Taxonomy
from .neighbours import related
from .roles import RoleModel
from .text import TextVectors, centroid, paper_text, similar_pairs, vectorize

RELATED_PAPERS = 5  # most similar papers listed per entry
# An entry lists a neighbour only from this TF-IDF cosine up. Measured on the real survey (325 papers, 1,625
# neighbour pairs; tests/analysis/test_related.py): a neighbour below 0.10 shares the paper's main chapter
# 17-24% of the time, barely above chance (7%), and reads as unrelated (unbiased learning to rank next to
# NAS at 0.07); from 0.10 to 0.12 it is 40%, from 0.14 up 62% and more. At 0.10 the entries keep 91% of
# the listed neighbours and 2 papers of 325 have none.
RELATED_FLOOR = 0.10
# Two papers are versions of each other (the same work, e.g. the two A-SDM papers) when they share a method
# name and their texts are at least VERSION_NAME_SIMILARITY alike (top 3% of neighbour similarities: a
# shared name alone may be a coincidence), or when their texts are at least VERSION_SIMILARITY alike. On the
# real survey the most similar pair of different works is 0.43 (two video try-on papers), the A-SDM pair 0.47.
VERSION_NAME_SIMILARITY = 0.25
VERSION_SIMILARITY = 0.6


@dataclass(frozen=True)
class Corpus:
    """The papers (sorted by key) with what every page needs computed once."""

    papers: tuple[Paper, ...]
    taxonomy: Taxonomy
    vectors: TextVectors
    roles: RoleModel
    lexicon: Lexicon = EMPTY
    attributes: Attributes = NO_ATTRIBUTES
    noise: frozenset[str] = frozenset()  # words that make a shared-vocabulary term noise (data/vocabulary.yml)
    pages: Mapping[str, ListingPage] = field(default_factory=dict)  # the listing pages, keyed by file name

    @classmethod
    def build(cls, papers: list[Paper] | tuple[Paper, ...], taxonomy: Taxonomy, roles: RoleModel,
              lexicon: Lexicon = EMPTY, attributes: Attributes = NO_ATTRIBUTES, noise: frozenset[str] = frozenset(),
              pages: Mapping[str, ListingPage] | None = None) -> Corpus:
        return cls(tuple(papers), taxonomy, vectorize([paper_text(p.title, p.abstract) for p in papers]), roles, lexicon,
                   attributes, noise, dict(pages or {}))

    def sentences(self, i: int) -> list[Sentence]:
        """The sentences of paper `i`'s abstract with their roles."""
        return self.roles.sentences(self.papers[i].abstract)

    def __len__(self) -> int:
        return len(self.papers)

    @cached_property
    def neighbours(self) -> list[list[tuple[int, float]]]:
        """Each paper's RELATED_PAPERS most similar papers (neighbours.related: the exact search up to 5,000
        papers, an approximate one above), computed once for all entries."""
        return related(self.vectors, RELATED_PAPERS)

    @cached_property
    def related(self) -> list[list[tuple[int, float]]]:
        """Each paper's neighbours worth listing: similarity at least RELATED_FLOOR, versions left out
        (the entry names those separately)."""
        return [[(j, score) for j, score in row if score >= RELATED_FLOOR and j not in self.versions[i]]
                for i, row in enumerate(self.neighbours)]

    @cached_property
    def versions(self) -> list[tuple[int, ...]]:
        """Each paper's other versions (near-duplicates), by position: see VERSION_SIMILARITY."""
        by_name: dict[str, list[int]] = {}
        for i, paper in enumerate(self.papers):
            if paper.short_name.strip():
                by_name.setdefault(paper.short_name.strip().casefold(), []).append(i)
        pairs = np.array([(a, b) for rows in by_name.values() for k, a in enumerate(rows) for b in rows[k + 1:]],
                         dtype=np.int64).reshape(-1, 2)
        found: list[set[int]] = [set() for _ in self.papers]
        alike = similar_pairs(self.vectors, pairs[:, 0], pairs[:, 1], VERSION_NAME_SIMILARITY)
        for a, b in pairs[alike].tolist():
            found[a].add(b)
            found[b].add(a)
        for i, row in enumerate(self.neighbours):
            for j, score in row:
                if score >= VERSION_SIMILARITY:
                    found[i].add(j)
                    found[j].add(i)
        return [tuple(sorted(rows)) for rows in found]

    @cached_property
    def mentions(self) -> list[list[str]]:
        """Each paper's lexicon mentions (Lexicon.mentions of its title and abstract), by position, found
        once: a section's synthesis and its comparison table both list them."""
        return [self.lexicon.mentions(f"{p.title}\n{p.abstract}") for p in self.papers]

    @cached_property
    def _main_rows(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for i, paper in enumerate(self.papers):
            rows.setdefault(paper.primary_theme, []).append(i)
        return rows

    @cached_property
    def _secondary_rows(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for i, paper in enumerate(self.papers):
            for slug in dict.fromkeys(paper.other_themes):
                rows.setdefault(slug, []).append(i)
        return rows

    def rows_in(self, slug: str) -> list[int]:
        """Positions of the papers whose main chapter is `slug`."""
        return list(self._main_rows.get(slug, []))

    def rows_also_in(self, slug: str) -> list[int]:
        """Positions of the papers for which `slug` is a secondary chapter."""
        return list(self._secondary_rows.get(slug, []))

    def members(self, slug: str) -> list[int]:
        """Positions of the papers whose chapters, main or secondary, include `slug`, in corpus order (from
        the indexes: a scan of the corpus per chapter and per related chapter grows with the corpus)."""
        return sorted(set(self._main_rows.get(slug, [])) | set(self._secondary_rows.get(slug, [])))

    @cached_property
    def chapter_centroids(self) -> dict[str, np.ndarray]:
        """Each chapter's centroid over its papers, main and secondary (related chapters compare them all)."""
        return {c.slug: centroid(self.vectors, sorted(set(self.rows_in(c.slug)) | set(self.rows_also_in(c.slug))))
                for c in self.taxonomy.chapters}
