"""Stage 3: assign every paper one primary chapter, optional secondary chapters and a section.

Order of evidence: a hand override (data/overrides.yml); else the taxonomy's weighted phrase rules;
else TF-IDF similarity to the papers the rules placed; else the fallback chapter. Assignments with
little evidence are reported as weak so an editor can improve the rules.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.literals import Literals
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


class RuleIndex:
    """The weighted phrase rules of several chapters or sections (`rule_sets`), scored together.

    A set's score for a paper is the sum, in the set's order, of weight x (3 if the phrase is in the title
    + its whole-word occurrences in the abstract, capped at 3); title and abstract lowercased. A phrase
    that is not even a substring of the text adds nothing, and most are not: the occurrences of the phrases
    present are found in one pass over each text (core.literals) and counted once per phrase, however many
    sets share it (a phrase of a chapter often recurs in its sections)."""

    def __init__(self, rule_sets: list[dict[str, float]]):
        self.rule_sets = [tuple(rules.items()) for rules in rule_sets]
        phrases = sorted({phrase for rules in self.rule_sets for phrase, _ in rules})
        self._literals = Literals(phrases)
        where: dict[str, list[tuple[int, int]]] = {phrase: [] for phrase in phrases}
        for number, rules in enumerate(self.rule_sets):
            for position, (phrase, _) in enumerate(rules):
                where[phrase].append((number, position))
        self._where = [tuple(where[phrase]) for phrase in phrases]

    def scores(self, title: str, abstract: str) -> list[float]:
        """Each rule set's score for one paper (lowercased title and abstract), in the sets' order."""
        in_title, in_abstract = self._counts(title, 1), self._counts(abstract, ABSTRACT_CAP)
        present: dict[int, list[tuple[int, int]]] = {}
        for k in in_title.keys() | in_abstract.keys():
            count = (TITLE_WEIGHT if k in in_title else 0) + in_abstract.get(k, 0)
            for number, position in self._where[k]:
                present.setdefault(number, []).append((position, count))
        out = [0.0] * len(self.rule_sets)
        for number, counted in present.items():
            rules, score = self.rule_sets[number], 0.0
            for position, count in sorted(counted):  # the set's order: float sums depend on it
                score += rules[position][1] * count
            out[number] = score
        return out

    def _counts(self, text: str, cap: int) -> dict[int, int]:
        """Each phrase's count in `text` as `occurrences(phrase, text, cap)` gives it, for the phrases
        counted at least once, from the one pass that finds them (core.literals): a phrase's occurrences come
        in order, and one is counted when it is a whole word and starts after the last one counted."""
        counts: dict[int, int] = {}
        free: dict[int, int] = {}  # where each phrase's next counted occurrence may start
        for start, end, (k,) in self._literals.occurrences(text):  # phrases are distinct: one position each
            if start < free.get(k, 0) or counts.get(k, 0) >= cap:
                continue
            if (start == 0 or text[start - 1] not in WORD_CHARS) and text[end:end + 1] not in WORD_CHARS:
                counts[k] = counts.get(k, 0) + 1
                free[k] = end
        return counts


def assign(taxonomy: Taxonomy, titles: list[str], abstracts: list[str], vectors: TextVectors,
           overrides: dict[int, Override]) -> tuple[list[Assignment], list[tuple[int, Assignment, float]]]:
    """Assignments for all papers, and the weak ones as (index, assignment, runner-up score)."""
    lowered = [(t.lower(), a.lower()) for t, a in zip(titles, abstracts)]
    chapters = [c for c in taxonomy.chapters if c.slug != taxonomy.fallback]
    # Every paper's score for every chapter's rules and every section's, in one RuleIndex: the chapters'
    # columns first, then each chapter's sections (`section_columns`).
    rule_sets = [c.rules for c in chapters]
    section_columns: dict[str, slice] = {}  # a slice, so that each paper's look is a view, not a copy
    for chapter in taxonomy.chapters:
        section_columns[chapter.slug] = slice(len(rule_sets), len(rule_sets) + len(chapter.sections))
        rule_sets += [s.rules for s in chapter.sections]
    rules = RuleIndex(rule_sets)
    all_scores = np.zeros((len(titles), len(rule_sets)))
    for i, (title, abstract) in enumerate(lowered):
        all_scores[i] = rules.scores(title, abstract)
    scores = all_scores[:, :len(chapters)]
    primary: list[str | None] = []
    for row in scores:
        best = int(np.argmax(row)) if len(row) else 0
        primary.append(chapters[best].slug if len(row) and row[best] >= taxonomy.min_score else None)
    ruled = {c.slug: [i for i, p in enumerate(primary) if p == c.slug] for c in chapters}
    centroids = np.array([centroid(vectors, ruled[c.slug]) for c in chapters])
    similarity = (vectors.matrix @ centroids.T) if len(chapters) else np.zeros((len(titles), 0))

    assignments, weak = [], []
    section_centroids: dict[str, list[np.ndarray]] = {}
    for i in range(len(lowered)):
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
        section = override_section or _section(taxonomy, chosen[0], vectors, i, primary,
                                                  all_scores[:, section_columns[chosen[0]]], section_centroids)
        assignment = Assignment(chosen[0], tuple(chosen), section, method, evidence)
        assignments.append(assignment)
        if assignment.weak(runner_up):
            weak.append((i, assignment, runner_up))
    return assignments, weak


def _section(taxonomy: Taxonomy, slug: str, vectors: TextVectors, index: int, primary: list[str | None],
             section_scores: np.ndarray, cache: dict[str, list[np.ndarray]]) -> str:
    """Best section by its rules (`section_scores`: every paper's score for each section of the chapter);
    else the section whose rule-placed papers are most similar.

    The sections' centroids depend on the chapter only, so they are computed once per chapter (`cache`).
    They need not exclude paper `index`: it reaches this point only when no section rule matches it."""
    sections = taxonomy.chapter(slug).sections
    scores = [float(x) for x in section_scores[index]]
    best = max(range(len(sections)), key=lambda j: (scores[j], -j))
    if scores[best] > 0 or len(sections) == 1:
        return sections[best].slug
    if slug not in cache:
        members = [i for i, p in enumerate(primary) if p == slug]
        cache[slug] = [centroid(vectors, [i for i in members if section_scores[i, j] > 0]) for j in range(len(sections))]
    sims = [float((vectors.matrix[index] @ c).item()) for c in cache[slug]]
    best = max(range(len(sections)), key=lambda j: (sims[j], -j))
    return sections[best].slug
