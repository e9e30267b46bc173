"""Which of many literal strings occur in a text, found in one pass over it.

Theme, attribute and lexicon matching first ask which of a few hundred literals (hints, aliases) a paper's
text contains, and run their regexes only for those. A substring test per literal read the text a few
hundred times per paper; an Aho-Corasick automaton (pyahocorasick) reads it once and reports every
occurrence, overlapping ones included, so the answer is the same set. `required_literals` reads such
literals off a regex, so that a search which cannot succeed is not run; `Guarded` is a regex searched only
where one of them occurs.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants, _parser  # the standard library's own regex parser (Python 3.11+)

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

    def occurrences(self, text: str) -> Iterator[tuple[int, int, tuple[int, ...]]]:
        """Every occurrence in `text` of a non-empty literal, overlapping ones included: (start, end, the
        positions in the list of that literal), `text[start:end]` being the literal."""
        if self._empty:
            return
        for last, positions in self._automaton.iter(text):
            yield last + 1 - len(self.literals[positions[0]]), last + 1, positions


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings at least one of which occurs in every match of `pattern` (None: none can be told), read
    off its parse tree: a run of literal characters must occur, an alternation needs one of its branches'
    strings, a repeat of at least once its body's, a sequence any one of its parts' (the most selective is
    kept). Anchors, lookarounds, classes and optional parts require nothing. A text holding none of them
    cannot match, so the search can be skipped: an exact filter, not a heuristic (tested with generated
    matches of every cue and every guarded pattern).

    For a case-insensitive pattern the strings are lower-cased and hold in the lower-cased text of an ASCII
    text only: beyond ASCII, `re` also pairs characters that `str.lower` does not ("ſ" with "s", "İ" with
    "i"). Literals beyond ASCII in such a pattern give None."""
    required = _sequence(_parser.parse(pattern.pattern, pattern.flags))
    if required is None or not pattern.flags & re.IGNORECASE:
        return required
    return frozenset(s.lower() for s in required) if all(s.isascii() for s in required) else None


class Guarded:
    """A compiled regex whose `search` is run only on texts holding one of its required literals: the
    same answer as `pattern.search`, found sooner where most texts cannot match (a case-insensitive
    alternation of words costs `re` a try at every position of the text). The literals are worth checking
    only where they are rare ("this", "train" or "we" are in most abstracts): `guard=False` skips them.

    A case-insensitive pattern whose characters are all lower-case ASCII (most are: _lower_ascii) is
    searched, in an ASCII text, as the same pattern without IGNORECASE in the lower-cased text: the same
    spans (lower-casing ASCII keeps every position, and such a pattern then meets only letters it names in
    lower case), found in about half the time. The match is then one of the lower-cased text: callers read
    its span or its truth, not its text."""

    def __init__(self, pattern: re.Pattern[str], guard: bool = True):
        self.pattern = pattern
        self._required = required_literals(pattern) if guard else None
        self._folded = bool(pattern.flags & re.IGNORECASE)
        lower_case = self._folded and _lower_ascii(_parser.parse(pattern.pattern, pattern.flags))
        self._lowered = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if lower_case else None

    def search(self, text: str) -> re.Match[str] | None:
        if not (self._folded and text.isascii()):
            if self._required is not None and not self._folded and not any(s in text for s in self._required):
                return None
            return self.pattern.search(text)
        lowered = text.lower()
        if self._required is not None and not any(literal in lowered for literal in self._required):
            return None
        return self._lowered.search(lowered) if self._lowered is not None else self.pattern.search(text)


def _lower_ascii(items) -> bool:
    """Whether every character a parsed pattern names (literals, class members and ranges) is ASCII and
    none is an upper-case letter, and no group changes the flags: then IGNORECASE matters to it in an ASCII
    text only through the text's upper-case letters. (Beyond ASCII, "ſ" would match "s" case-insensitively.)"""
    for op, argument in items:
        if op in (_constants.LITERAL, _constants.NOT_LITERAL):
            characters = [argument]
        elif op is _constants.RANGE:
            characters = list(argument) + ([ord("A")] if argument[0] <= ord("A") <= argument[1] else [])
        elif op is _constants.IN:
            if not _lower_ascii(argument):
                return False
            continue
        elif op is _constants.SUBPATTERN:
            _group, add_flags, del_flags, body = argument
            if add_flags or del_flags or not _lower_ascii(body):
                return False
            continue
        elif op is _constants.BRANCH:
            if not all(_lower_ascii(branch) for branch in argument[1]):
                return False
            continue
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            if not _lower_ascii(argument[2]):
                return False
            continue
        elif op in (_constants.ASSERT, _constants.ASSERT_NOT, _constants.ATOMIC_GROUP):
            if not _lower_ascii(argument[1] if op is not _constants.ATOMIC_GROUP else argument):
                return False
            continue
        elif op is _constants.GROUPREF_EXISTS:
            return False  # rare; not worth reading
        else:
            continue  # anchors, categories (\w, \s, \d), any character, group references
        if any(c >= 128 or ord("A") <= c <= ord("Z") for c in characters):
            return False
    return True


def _sequence(items) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, argument in list(items) + [(None, None)]:
        if op is _constants.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        required = _item(op, argument)
        if required is not None:
            options.append(required)
    # The most selective requirement: its shortest string the longest.
    return max(options, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)


def _item(op, argument) -> frozenset[str] | None:
    if op is _constants.SUBPATTERN:
        _group, add_flags, _del_flags, body = argument
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op is _constants.BRANCH:
        branches = [_sequence(branch) for branch in argument[1]]
        return None if any(b is None for b in branches) else frozenset().union(*branches)
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
        low, _high, body = argument
        return _sequence(body) if low >= 1 else None
    return None  # anchors, lookarounds, classes, any character: no literal is required
