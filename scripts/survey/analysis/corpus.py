"""The corpus: the papers, the taxonomy, lexicon and attribute vocabulary they were read with, the
sentence-role model, their text vectors, and the indexes every page needs, each computed once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..inputs.attributes import NO_ATTRIBUTES, Attributes
from ..model.lexicon import EMPTY, Lexicon
from ..model.paper import Paper
from ..model.sentence import Sentence
from ..model.taxonomy import Taxonomy
from .neighbours import related
from .roles import RoleModel
from .text import TextVectors, centroid, paper_text, vectorize

RELATED_PAPERS = 5  # most similar papers listed per entry


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

    @classmethod
    def build(cls, papers: list[Paper] | tuple[Paper, ...], taxonomy: Taxonomy, roles: RoleModel,
              lexicon: Lexicon = EMPTY, attributes: Attributes = NO_ATTRIBUTES, noise: frozenset[str] = frozenset()) -> Corpus:
        return cls(tuple(papers), taxonomy, vectorize([paper_text(p.title, p.abstract) for p in papers]), roles, lexicon,
                   attributes, noise)

    def sentences(self, i: int) -> list[Sentence]:
        """The sentences of paper `i`'s abstract with their roles."""
        return self.roles.sentences(self.papers[i].abstract)

    def __len__(self) -> int:
        return len(self.papers)

    @cached_property
    def neighbours(self) -> list[list[tuple[int, float]]]:
        """Each paper's RELATED_PAPERS most similar papers (neighbours.related: the exact search up to 10,000
        papers, an approximate one above), computed once for all entries."""
        return related(self.vectors, RELATED_PAPERS)

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
        """Positions of the papers whose chapters, main or secondary, include `slug`, in corpus order."""
        return [i for i, paper in enumerate(self.papers) if slug in paper.themes]

    @cached_property
    def chapter_centroids(self) -> dict[str, np.ndarray]:
        """Each chapter's centroid over its papers, main and secondary (related chapters compare them all)."""
        return {c.slug: centroid(self.vectors, sorted(set(self.rows_in(c.slug)) | set(self.rows_also_in(c.slug))))
                for c in self.taxonomy.chapters}
