"""The lexicon's types: datasets, benchmarks and metrics, and finding them in text.

Matching is literal, case-sensitive and whole-word: an alias matches only where it is not glued to a
letter, digit, underscore or hyphen on either side. So `FID` does not match inside `FIDELITY`,
`VITON` does not match inside `VITON-HD` or the method name `TED-VITON`, and `CIFAR-10` does not
match inside `CIFAR-100`. Variants a paper writes differently (`CIFAR10`, `Dress Code`) are listed as
aliases of one canonical name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from ..core.literals import Literals

KINDS = ("dataset", "benchmark", "metric")


@dataclass(frozen=True)
class Entry:
    name: str  # canonical name shown in the survey
    kind: str  # one of KINDS
    aliases: tuple[str, ...]  # literal spellings matched in abstracts (the name is one of them only if listed)

    @property
    def pattern(self) -> re.Pattern[str]:
        return _pattern(self.aliases)

    def found_in(self, text: str) -> bool:
        """Whether `text` names this entry (a plain substring test first: the regex is the slow part)."""
        return any(a in text for a in self.aliases) and self.pattern.search(text) is not None


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...] = ()

    def mentions(self, text: str) -> list[str]:
        """Canonical names of the entries `text` mentions, in lexicon order: Entry.found_in, its substring
        tests made for every alias of the lexicon in one pass over the text (core.literals)."""
        present = {self._aliases[k][1] for k in self._alias_literals.found(text)}
        return [e.name for n, e in enumerate(self.entries) if n in present and e.pattern.search(text) is not None]

    @cached_property
    def _alias_literals(self) -> Literals:
        return Literals(alias for alias, _ in self._aliases)

    @cached_property
    def _aliases(self) -> tuple[tuple[str, int], ...]:
        """Every alias with the position of its entry."""
        return tuple((alias, n) for n, e in enumerate(self.entries) for alias in e.aliases)


EMPTY = Lexicon()


@cache
def _pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(a) for a in sorted(aliases, key=lambda a: (-len(a), a)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
