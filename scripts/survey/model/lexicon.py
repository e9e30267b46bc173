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
from functools import cached_property

from ..core.literals import Literals

KINDS = ("dataset", "benchmark", "metric")


# A character an alias may not touch on either side: a letter, digit, underscore or hyphen.
GLUE = re.compile(r"[\w-]")


def _whole(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` stands apart: no GLUE character just before or just after it."""
    return (start == 0 or GLUE.match(text, start - 1) is None) and GLUE.match(text, end) is None


@dataclass(frozen=True)
class Entry:
    name: str  # canonical name shown in the survey
    kind: str  # one of KINDS
    aliases: tuple[str, ...]  # literal spellings matched in abstracts (the name is one of them only if listed)

    def found_in(self, text: str) -> bool:
        """Whether `text` names this entry: an occurrence of one of its aliases that stands apart."""
        for alias in self.aliases:
            start = text.find(alias)
            while start >= 0:
                if _whole(text, start, start + len(alias)):
                    return True
                start = text.find(alias, start + 1)
        return False


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...] = ()

    def mentions(self, text: str) -> list[str]:
        """Canonical names of the entries `text` mentions, in lexicon order: every alias of the lexicon found
        in one pass over the text (core.literals), each occurrence checked where it stands (Entry.found_in's
        rule; a regex with a lookbehind would try every position of the text)."""
        present = {self._aliases[k][1] for start, end, found in self._alias_literals.occurrences(text)
                   if _whole(text, start, end) for k in found}
        return [e.name for n, e in enumerate(self.entries) if n in present]

    @cached_property
    def _alias_literals(self) -> Literals:
        return Literals(alias for alias, _ in self._aliases)

    @cached_property
    def _aliases(self) -> tuple[tuple[str, int], ...]:
        """Every alias with the position of its entry."""
        return tuple((alias, n) for n, e in enumerate(self.entries) for alias in e.aliases)


EMPTY = Lexicon()
