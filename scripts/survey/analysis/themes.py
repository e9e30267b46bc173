"""Stage 3: assign every paper one primary chapter, optional secondary chapters and a section.

Order of evidence: a hand override (data/overrides.yml); else the taxonomy's weighted phrase rules;
else TF-IDF similarity to the papers the rules placed; else the fallback chapter. Assignments with
little evidence are reported as weak so an editor can improve the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from ..model.taxonomy import Override, Taxonomy
from .text import TextVectors, centroid

TITLE_WEIGHT = 3
ABSTRACT_CAP = 3
SECONDARY_RATIO = 0.6
MAX_SECONDARY = 2
WEAK_MARGIN = 1.25  # a rule winner scoring under 1.25x the runner-up is reported as weak


@dataclass(frozen=True)
class Assignment:
    primary: str
    themes: tuple[str, ...]  # primary first
    section: str
    method: str  # override | rules | similarity | fallback
    evidence: float  # rule score, or cosine similarity for `similarity`

    def weak(self, runner_up: float) -> bool:
        return self.method in ("similarity", "fallback") or (self.method == "rules" and self.evidence < WEAK_MARGIN * runner_up)


WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
WORD_RUN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """The maximal runs of [a-z0-9] in `text` (cached: every chapter's rules score the same texts)."""
    return frozenset(WORD_RUN.findall(text))


@cache
def _first_word(phrase: str) -> str | None:
    """A whole-word occurrence of `phrase` starts with this whole word of the text (None: no such word)."""
    match = WORD_RUN.match(phrase)
    return match.group() if match else None


def occurrences(phrase: str, text: str, cap: int) -> int:
    """Non-overlapping whole-word occurrences of `phrase` in `text`, counted up to `cap`.

    The same count as `re.findall(r"(?<![a-z0-9])" + re.escape(phrase) + r"(?![a-z0-9])", text)`, whose
    leading lookbehind makes the regex engine try every position (~50 us per abstract); str.find jumps.
    """
    count, start, end = 0, 0, len(phrase)
    while count < cap:
        at = text.find(phrase, start)
        if at < 0:
            break
        if (at == 0 or text[at - 1] not in WORD_CHARS) and text[at + end:at + end + 1] not in WORD_CHARS:
            count, start = count + 1, at + end
        else:
            start = at + 1
    return count


def rule_score(rules: dict[str, float], title: str, abstract: str) -> float:
    """Sum of weight x (3 if in title + occurrences in abstract, capped at 3); inputs lowercased."""
    score = 0.0
    title_words, abstract_words = _words(title), _words(abstract)
    for phrase, weight in rules.items():
        first = _first_word(phrase)
        # Most phrases' first word is absent: skip the scan (exact, see _first_word).
        in_title = TITLE_WEIGHT if (first is None or first in title_words) and occurrences(phrase, title, 1) else 0
        in_abstract = occurrences(phrase, abstract, ABSTRACT_CAP) if first is None or first in abstract_words else 0
        if in_title or in_abstract:  # adding 0.0 changes nothing
            score += weight * (in_title + in_abstract)
    return score


def assign(taxonomy: Taxonomy, titles: list[str], abstracts: list[str], vectors: TextVectors,
           overrides: dict[int, Override]) -> tuple[list[Assignment], list[tuple[int, Assignment, float]]]:
    """Assignments for all papers, and the weak ones as (index, assignment, runner-up score)."""
    lowered = [(t.lower(), a.lower()) for t, a in zip(titles, abstracts)]
    chapters = [c for c in taxonomy.chapters if c.slug != taxonomy.fallback]
    scores = np.array([[rule_score(c.rules, t, a) for c in chapters] for t, a in lowered]).reshape(len(titles), len(chapters))
    primary: list[str | None] = []
    for row in scores:
        best = int(np.argmax(row)) if len(row) else 0
        primary.append(chapters[best].slug if len(row) and row[best] >= taxonomy.min_score else None)
    ruled = {c.slug: [i for i, p in enumerate(primary) if p == c.slug] for c in chapters}
    centroids = np.array([centroid(vectors, ruled[c.slug]) for c in chapters])
    similarity = (vectors.matrix @ centroids.T) if len(chapters) else np.zeros((len(titles), 0))

    assignments, weak = [], []
    section_centroids: dict[str, list[np.ndarray]] = {}
    for i, (title, abstract) in enumerate(lowered):
        row = scores[i]
        ranked = sorted(range(len(chapters)), key=lambda j: (-row[j], j))
        runner_up = float(row[ranked[1]]) if len(ranked) > 1 else 0.0
        if i in overrides:
            chosen, method, evidence = overrides[i].chapters, "override", 0.0
        elif primary[i] is not None:
            top = float(row[ranked[0]])
            threshold = max(taxonomy.min_score, SECONDARY_RATIO * top)
            secondary = [chapters[j].slug for j in ranked[1:] if row[j] >= threshold][:MAX_SECONDARY]
            chosen, method, evidence = (primary[i], *secondary), "rules", top
        else:
            sims = np.asarray(similarity[i]).ravel()
            best = int(np.argmax(sims)) if len(sims) else -1
            if best >= 0 and sims[best] >= taxonomy.min_similarity:
                chosen, method, evidence = (chapters[best].slug,), "similarity", float(sims[best])
            else:
                chosen, method, evidence = (taxonomy.fallback,), "fallback", 0.0
        override_section = overrides[i].section if i in overrides else None
        section = override_section or _section(taxonomy, chosen[0], title, abstract, vectors, i, primary, lowered,
                                                  section_centroids)
        assignment = Assignment(chosen[0], tuple(chosen), section, method, evidence)
        assignments.append(assignment)
        if assignment.weak(runner_up):
            weak.append((i, assignment, runner_up))
    return assignments, weak


def _section(taxonomy: Taxonomy, slug: str, title: str, abstract: str, vectors: TextVectors, index: int,
             primary: list[str | None], lowered: list[tuple[str, str]], cache: dict[str, list[np.ndarray]]) -> str:
    """Best section by its rules; else the section whose rule-placed papers are most similar.

    The sections' centroids depend on the chapter only, so they are computed once per chapter (`cache`).
    They need not exclude paper `index`: it reaches this point only when no section rule matches it."""
    sections = taxonomy.chapter(slug).sections
    scores = [rule_score(s.rules, title, abstract) for s in sections]
    best = max(range(len(sections)), key=lambda j: (scores[j], -j))
    if scores[best] > 0 or len(sections) == 1:
        return sections[best].slug
    if slug not in cache:
        members = [i for i, p in enumerate(primary) if p == slug]
        cache[slug] = [centroid(vectors, [i for i in members if rule_score(s.rules, *lowered[i]) > 0]) for s in sections]
    sims = [float((vectors.matrix[index] @ c).item()) for c in cache[slug]]
    best = max(range(len(sections)), key=lambda j: (sims[j], -j))
    return sections[best].slug
