"""Which of several regexes match a text, found in one scan of it.

Sentence cues ask of every sentence of the corpus which of 18 regexes it matches. Python's `re` reads the
sentence once per regex; Hyperscan (Intel's multi-pattern matcher) compiles them all into one automaton
and reads it once, reporting each regex that matched (the cues of 100,000 sentences: 0.2 s against 1.4 s).
A set is compiled only once it has read enough texts to pay for it (`PatternSet.scan_from`); until then,
and for what Hyperscan cannot read, `re` searches each regex where a literal it requires occurs
(core.literals).

The answer is always `{i for i, p in enumerate(patterns) if p.search(text)}`. Hyperscan and `re` define
the same matches for these patterns on plain ASCII text (printable characters, tab and line breaks), where
`\\w`, `\\d`, `\\s`, `\\b` and case folding mean the same to both; so Hyperscan reads only such texts, and
`re` the others (a Greek or accented letter, a control character), as well as every pattern Hyperscan
cannot compile (lookarounds, backreferences) or that could mean something else to it (see `_plain`).
Tested on every real sentence and on generated texts.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from re import _constants, _parser  # the standard library's own regex parser (Python 3.11+)

import hyperscan
import numpy as np

from .literals import Guarded, Literals, required_literals

PLAIN = re.compile(r"[\t\n\r\x20-\x7e]*")  # text both engines read alike (fullmatch)
FLAGS = re.IGNORECASE | re.UNICODE  # the flags a scanned pattern may have (str patterns always have UNICODE)


class PatternSet:
    """Fixed regexes; `hits(texts)` says which match each text.

    Compiling the Hyperscan database costs what `re` spends on thousands of texts (0.2 s for the 18
    sentence cues: about 10,000 sentences), so `re` reads the first `scan_from` texts, gated by literals,
    and Hyperscan the rest: a small corpus never pays for the compilation. The answers are the same."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], scan_from: int = 0):
        self.patterns = tuple(patterns)
        self.scan_from = scan_from
        self._read = 0  # texts read so far (until the database is compiled)

    def hits(self, texts: Sequence[str]) -> np.ndarray:
        """A boolean matrix, rows: texts, columns: patterns; True where the pattern matches the text."""
        scanner = None
        found = np.zeros((len(texts), len(self.patterns)), dtype=bool)

        def on_match(column: int, start: int, end: int, flags: int, row: int) -> None:
            found[row, column] = True

        for row, text in enumerate(texts):
            if scanner is None:
                if self._read < self.scan_from:
                    self._read += 1  # one of the first scan_from texts: `re` reads it
                else:
                    scanner = self._scanner  # compiled now, if not yet
            if scanner is not None and scanner.database is not None and PLAIN.fullmatch(text):
                scanner.database.scan(text.encode("ascii"), match_event_handler=on_match, context=row,
                                      scratch=scanner.scratch)
                gate = scanner.gate
            else:
                gate = self._gate
            if gate.patterns:
                found[row, gate.matching(text)] = True
        return found

    @cached_property
    def _gate(self) -> _Gate:
        """Every pattern, for the texts `re` reads."""
        return _Gate(self.patterns, range(len(self.patterns)))

    @cached_property
    def _scanner(self) -> _Scanner:
        """The Hyperscan database, compiled on first use."""
        scanned = [i for i, pattern in enumerate(self.patterns) if _plain(pattern)]
        try:
            database = _compiled(self.patterns, scanned)
        except hyperscan.error:  # one of them is beyond Hyperscan: find which, once
            scanned = [i for i in scanned if _compiles(self.patterns[i])]
            database = _compiled(self.patterns, scanned)
        searched = [i for i in range(len(self.patterns)) if i not in scanned]
        return _Scanner(database, hyperscan.Scratch(database) if database is not None else None,
                        _Gate(self.patterns, searched))


class _Gate:
    """Some of the patterns as `re` searches them: a case-sensitive pattern only in a text holding a literal
    it requires (read off it by core.literals.required_literals; all found in one Aho-Corasick pass), a
    case-insensitive one through core.literals.Guarded (its literals, and the pattern without IGNORECASE,
    in the lower-cased text where that is exact)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], chosen: Iterable[int]):
        self.patterns = tuple(chosen)
        self._searches = {i: patterns[i].search for i in self.patterns}
        required = {i: required_literals(patterns[i]) for i in self.patterns if not patterns[i].flags & re.IGNORECASE}
        self._literals = Literals(sorted({literal for each in required.values() if each for literal in each}))
        self._admitted = tuple(frozenset(i for i, each in required.items() if each and literal in each)
                               for literal in self._literals.literals)
        self._always = frozenset(i for i, each in required.items() if each is None)
        self._folded = tuple((i, Guarded(patterns[i])) for i in self.patterns if patterns[i].flags & re.IGNORECASE)

    def matching(self, text: str) -> list[int]:
        """The patterns that match `text`."""
        possible = set(self._always)
        if self._admitted:
            for k in self._literals.found(text):
                possible |= self._admitted[k]
        found = [i for i in possible if self._searches[i](text)]
        return found + [i for i, guarded in self._folded if guarded.search(text)]


@dataclass(frozen=True)
class _Scanner:
    database: hyperscan.Database | None  # the patterns Hyperscan reads as `re` does, by their positions
    scratch: hyperscan.Scratch | None
    gate: _Gate  # the other patterns: `re` reads them in plain texts too


def _plain(pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` can mean on plain text what it means to Hyperscan: no flags beyond IGNORECASE,
    no `\\Z` (end of text to `re`, also before a final line break to Hyperscan; `$` is the latter to both),
    and ASCII if case-insensitive (`re` folds "ſ" to "s" and the Kelvin sign to "k"). Characters beyond ASCII
    in a case-sensitive pattern (read as UTF-8) can only match themselves, which no plain text holds.
    Lookarounds, backreferences and atomic or possessive parts, which Hyperscan refuses, are told from the
    parse tree, so that the others compile in one go (one failed compilation means one per pattern)."""
    return not pattern.flags & ~FLAGS and "\\Z" not in pattern.pattern and \
        (pattern.pattern.isascii() or not pattern.flags & re.IGNORECASE) and \
        not _refused(_parser.parse(pattern.pattern, pattern.flags))


REFUSED = {_constants.ASSERT, _constants.ASSERT_NOT, _constants.GROUPREF, _constants.GROUPREF_EXISTS,
           _constants.ATOMIC_GROUP, _constants.POSSESSIVE_REPEAT}


def _refused(items) -> bool:
    """Whether a parsed pattern holds a construct of REFUSED, at any depth."""
    for op, argument in items:
        if op in REFUSED:
            return True
        if op is _constants.SUBPATTERN and _refused(argument[3]):
            return True
        if op is _constants.BRANCH and any(_refused(branch) for branch in argument[1]):
            return True
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and _refused(argument[2]):
            return True
    return False


def _compiled(patterns: Sequence[re.Pattern[str]], chosen: Sequence[int]) -> hyperscan.Database | None:
    """The chosen patterns in one database, each reporting its position in `patterns`."""
    if not chosen:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[patterns[i].pattern.encode("utf-8") for i in chosen], ids=list(chosen),
                     elements=len(chosen), flags=[_flags(patterns[i]) for i in chosen])
    return database


def _flags(pattern: re.Pattern[str]) -> int:
    # Every match is reported once; a pattern that can match nothing matches every text, as in `re`.
    return (hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_ALLOWEMPTY |
            (hyperscan.HS_FLAG_CASELESS if pattern.flags & re.IGNORECASE else 0) |
            (0 if pattern.pattern.isascii() else hyperscan.HS_FLAG_UTF8))


def _compiles(pattern: re.Pattern[str]) -> bool:
    try:
        _compiled([pattern], [0])
    except hyperscan.error:
        return False
    return True
