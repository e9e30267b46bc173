"""Which of many literal strings occur in a text, found in one pass over it.

Theme, attribute and lexicon matching first ask which of a few hundred literals (hints, aliases) a paper's
text contains, and run their regexes only for those. A substring test per literal read the text a few
hundred times per paper; an Aho-Corasick automaton (pyahocorasick) reads it once and reports every
occurrence, overlapping ones included, so the answer is the same set.
"""
from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class Literals:
    """A fixed list of literals; `found(text)` gives the positions (in that list) of those in `text`."""

    def __init__(self, literals: Iterable[str]):
        self.literals = tuple(literals)
        self._always = frozenset(i for i, literal in enumerate(self.literals) if not literal)  # "" is in every text
        self._automaton = ahocorasick.Automaton()
        for i, literal in enumerate(self.literals):
            if literal:
                self._automaton.add_word(literal, self._automaton.get(literal, ()) + (i,))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def found(self, text: str) -> set[int]:
        """The positions of the literals that occur in `text`: {i for i, s in enumerate(literals) if s in text}."""
        found = set(self._always)
        if not self._empty:
            for _, positions in self._automaton.iter(text):
                found.update(positions)
        return found
