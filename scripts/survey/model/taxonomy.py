"""The curated taxonomy's types: chapters, their sections and matching rules, and hand overrides."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str
    rules: dict[str, float]


@dataclass(frozen=True)
class Chapter:
    slug: str
    title: str
    scope: str
    rules: dict[str, float]
    sections: tuple[Section, ...]

    def section(self, slug: str) -> Section:
        return next(s for s in self.sections if s.slug == slug)


@dataclass(frozen=True)
class Taxonomy:
    fallback: str
    min_score: float
    min_similarity: float
    chapters: tuple[Chapter, ...]
    draft: bool = False  # drafted from the corpus (no data/themes.yml): for an editor to curate

    def chapter(self, slug: str) -> Chapter:
        return next(c for c in self.chapters if c.slug == slug)

    @cached_property
    def _places(self) -> frozenset[tuple[str, str]]:
        """(chapter, "") and (chapter, section) for every chapter and section."""
        return frozenset((c.slug, s) for c in self.chapters for s in ("", *(x.slug for x in c.sections)))

    def has_chapter(self, slug: str) -> bool:
        return (slug, "") in self._places

    def has_section(self, chapter: str, section: str) -> bool:
        return bool(section) and (chapter, section) in self._places


@dataclass(frozen=True)
class Override:
    chapters: tuple[str, ...]
    section: str | None
