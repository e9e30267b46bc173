"""Attributes a field cares about (backbone, 3D representation, task, ...) read from titles and abstracts.

The vocabulary lives in a hand-edited YAML file (data/attributes.yml, whose header is the editor's guide);
`load_attributes` validates it and compiles every pattern once, `match` returns for one paper the values
each attribute's patterns find.

Matching rules (see the header of attributes.yml for the editor's version):
- whole words: a pattern never matches glued to a letter, digit or underscore (a hyphen is a separator);
- smart case: a pattern without a capital letter is case-insensitive, one with a capital is exact;
  a leading ``(?i)`` forces case-insensitive matching;
- a paper gets every matching value, in vocabulary order; `excluded_by` drops a generic value when a more
  specific one of the same attribute matched; nothing matched means an empty tuple (unknown, not "none").

A bad file is an InputError naming the file, the line and the fix.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as _c  # the regex parser, used only to derive literal pre-tests (see _hints)
from re import _parser
from typing import Any

from ..core.errors import InputError
from ..core.literals import Literals
from ..core.yamlfile import Mapping, Sequence, load_yaml

_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_FORCE_I = "(?i)"
_WORD_CHAR = re.compile(r"\w")
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}")  # a lower-case word, not the tail of "Vicuna"


def _line(node: Any, fallback: int | None = None) -> int | None:
    return getattr(node, "line", None) or fallback


def _check_keys(path: Path, node: Any, what: str, required: tuple[str, ...], optional: tuple[str, ...],
                line: int | None) -> None:
    if not isinstance(node, dict):
        raise InputError(path, f"{what} must be a mapping (key: value lines)",
                              f"Write it as a mapping with keys {', '.join(required)}", _line(node, line))
    unknown = sorted((k for k in node if k not in required and k not in optional), key=str)
    if unknown:
        bad = unknown[0]
        raise InputError(path, f"{what} has unknown key {bad!r}",
                              f"Use only the keys {', '.join(required + optional)} (check the spelling)",
                              node.line_of(bad) if isinstance(node, Mapping) else _line(node, line))
    missing = [k for k in required if k not in node]
    if missing:
        raise InputError(path, f"{what} is missing key(s) {', '.join(missing)}", "Add them", _line(node, line))


def _text(path: Path, node: Mapping, key: str, what: str, fix: str) -> str:
    value = node[key]
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise InputError(path, f"{what} {key!r} must be non-empty text without surrounding spaces", fix,
                              node.line_of(key))
    return value


def _list(path: Path, node: Mapping, key: str, what: str, fix: str) -> Sequence:
    value = node[key]
    if not isinstance(value, list) or not value:
        raise InputError(path, f"{what} {key!r} must be a non-empty list", fix, node.line_of(key))
    if not isinstance(value, Sequence):  # pragma: no cover - every YAML sequence is a Sequence
        value = Sequence(value)
    return value


# ------------------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class _Compiled:
    regex: re.Pattern[str]
    folded: bool  # case-insensitive: the casefolded pattern runs on the casefolded text
    hints: tuple[str, ...]  # one of these literals occurs in every match; () = no hint

    def search(self, text: str, folded_text: str, check_hints: bool = True) -> bool:
        if self.folded:
            text = folded_text
        if check_hints and self.hints and not any(h in text for h in self.hints):
            return False
        # The leading whole-word guard is checked here rather than as a (?<!\w) in the regex: a regex
        # that starts with a lookbehind loses the engine's literal-prefix scan and runs ~50x slower.
        pos = 0
        while (found := self.regex.search(text, pos)) is not None:
            start = found.start()
            if start == 0 or not _WORD_CHAR.match(text, start - 1):
                return True
            pos = start + 1
        return False


@dataclass(frozen=True)
class Value:
    name: str
    patterns: tuple[str, ...]
    excluded_by: tuple[str, ...] = ()
    _compiled: tuple[_Compiled, ...] = field(default=(), repr=False, compare=False)

    def found_in(self, text: str, folded_text: str | None = None) -> bool:
        if folded_text is None:
            folded_text = text.casefold()
        return any(c.search(text, folded_text) for c in self._compiled)


@dataclass(frozen=True)
class Attribute:
    name: str
    label: str
    chapters: tuple[str, ...]
    values: tuple[Value, ...]

    def find(self, text: str, folded_text: str | None = None) -> tuple[str, ...]:
        if folded_text is None:
            folded_text = text.casefold()
        found = [v for v in self.values if v.found_in(text, folded_text)]
        names = {v.name for v in found}
        return tuple(v.name for v in found if not names.intersection(v.excluded_by))


@dataclass(frozen=True)
class Attributes:
    attributes: tuple[Attribute, ...] = ()
    # Index for `match`: hint literal -> the patterns it gates, per text form; patterns without a hint.
    _by_hint: tuple[tuple[str, bool, tuple[tuple[int, int, _Compiled], ...]], ...] = field(
        default=(), init=False, repr=False, compare=False)
    _unhinted: tuple[tuple[int, int, _Compiled], ...] = field(default=(), init=False, repr=False, compare=False)
    # The hints of _by_hint, casefolded ones and exact ones, as automata (positions in _by_hint).
    _hints: tuple[tuple[Literals, tuple[int, ...]], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_hint: dict[tuple[str, bool], list[tuple[int, int, _Compiled]]] = {}
        unhinted: list[tuple[int, int, _Compiled]] = []
        for a, attribute in enumerate(self.attributes):
            for v, value in enumerate(attribute.values):
                for compiled in value._compiled:
                    if compiled.hints:
                        for hint in compiled.hints:
                            by_hint.setdefault((hint, compiled.folded), []).append((a, v, compiled))
                    else:
                        unhinted.append((a, v, compiled))
        object.__setattr__(self, "_by_hint", tuple((h, f, tuple(ps)) for (h, f), ps in by_hint.items()))
        object.__setattr__(self, "_unhinted", tuple(unhinted))
        hints = []
        for folded in (True, False):
            positions = tuple(k for k, (_, is_folded, _) in enumerate(self._by_hint) if is_folded == folded)
            hints.append((Literals(self._by_hint[k][0] for k in positions), positions))
        object.__setattr__(self, "_hints", tuple(hints))

    def _found(self, text: str, folded: str) -> set[tuple[int, int]]:
        """(attribute index, value index) of every value some pattern finds in `text`."""
        found: set[tuple[int, int]] = set()
        (in_folded, folded_positions), (in_text, text_positions) = self._hints
        hinted = {folded_positions[i] for i in in_folded.found(folded)} | {text_positions[i] for i in in_text.found(text)}
        candidates = [self._by_hint[k][2] for k in sorted(hinted)]  # in _by_hint's order, as before
        candidates.append(self._unhinted)
        for patterns in candidates:
            for a, v, compiled in patterns:
                if (a, v) not in found and compiled.search(text, folded, check_hints=False):
                    found.add((a, v))
        return found

    def __iter__(self):
        return iter(self.attributes)

    def __len__(self) -> int:
        return len(self.attributes)

    def get(self, name: str) -> Attribute:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        raise KeyError(name)

    def for_chapter(self, slug: str) -> tuple[Attribute, ...]:
        """The attributes that matter in chapter `slug`, in file order (the columns of its table)."""
        return tuple(a for a in self.attributes if slug in a.chapters)


NO_ATTRIBUTES = Attributes(())


def _plain(pattern: str) -> str:
    """The letters an author typed: escapes (\\d, \\W, \\() and group syntax removed."""
    plain = re.sub(r"\\.", "", pattern)
    return re.sub(r"\(\?(?:<[=!]|[:=!]|P<\w+>)", "", plain)


def _is_case_sensitive(pattern: str) -> bool:
    """Smart case: exact when the pattern has a capital letter outside escapes and group syntax."""
    return any(ch.isupper() for ch in _plain(pattern))


def _guarded(pattern: str) -> str:
    """The pattern with the trailing whole-word guard (the leading one is checked in _Compiled.search)."""
    return r"(?:" + pattern + r")(?!\w)"


def _fold_pattern(pattern: str) -> str:
    """`pattern` for matching casefolded text: literal characters casefolded, escapes (\\d, \\W) kept.

    Case-insensitive patterns run without re.IGNORECASE on the casefolded text, because IGNORECASE
    also disables the engine's literal-prefix scan (about 10x slower on this corpus).
    """
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
        else:
            out.append(pattern[i].casefold())
            i += 1
    return "".join(out)


def _hints(pattern: str) -> tuple[str, ...]:
    """Literals one of which every match of `pattern` contains: a cheap substring pre-test.

    Matching a regex at every position of every abstract is the slow part (about 30 ms per value for the
    corpus); a plain `in` test on the literal a match cannot do without skips most searches. The hint is
    only a necessary condition, so it never changes the result. () when no literal of 2+ characters
    is mandatory (the regex then always runs).
    """
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return ()
    best = _required(list(parsed))
    if not best or min(len(h) for h in best) < 2:
        return ()
    return tuple(sorted(set(best)))


def _required(items: list) -> tuple[str, ...] | None:
    """The best disjunction of literals that a match of the sequence `items` must contain, if any."""
    candidates: list[tuple[str, ...]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append((run,))
            run = ""
        if op is _c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                found = _required(list(sub))
                if found:
                    candidates.append(found)
        elif op is _c.BRANCH:
            alternatives = [_required(list(branch)) for branch in av[1]]
            if alternatives and all(alternatives):
                candidates.append(tuple(h for alt in alternatives for h in alt))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            found = _required(list(av[2]))
            if found:
                candidates.append(found)
    if run:
        candidates.append((run,))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(len(h) for h in c), -len(c)))


def _compile_value(path: Path, attribute: str, node: Mapping, index_line: int | None,
                   seen_patterns: dict[str, str]) -> Value:
    name = _text(path, node, "name", "a value's", "Write the value as it should be displayed, e.g. 'U-Net'")
    patterns = _list(path, node, "patterns", f"value {name!r}",
                     "List at least one pattern, e.g. patterns: ['U-?Nets?']")
    compiled_patterns: list[_Compiled] = []
    for i, pattern in enumerate(patterns):
        line = patterns.line_at(i)
        if not isinstance(pattern, str) or not pattern.strip():
            raise InputError(path, f"value {name!r} of {attribute!r} has an empty pattern",
                                  "Remove it or write the words to match", line)
        if pattern != pattern.strip():
            raise InputError(path, f"pattern {pattern!r} of value {name!r} has surrounding spaces",
                                  "Remove the leading and trailing spaces", line)
        if pattern in seen_patterns:
            raise InputError(path, f"pattern {pattern!r} of value {name!r} is already listed under "
                                  f"{seen_patterns[pattern]!r} in attribute {attribute!r}",
                                  "Keep each pattern under one value", line)
        seen_patterns[pattern] = name
        forced = pattern.startswith(_FORCE_I)
        body = pattern[len(_FORCE_I):] if forced else pattern
        folded = forced or not _is_case_sensitive(body)
        if not folded and _LOWER_WORD.search(_plain(body)):
            raise InputError(path, f"pattern {pattern!r} of value {name!r} mixes capitals with lower-case words, "
                                  "so it is matched in exactly that case and misses title-cased text",
                                  "Start it with (?i) to match any case, or put the lower-case words in a "
                                  "separate pattern", line)
        if folded:
            body = _fold_pattern(body)
        try:
            compiled = re.compile(_guarded(body))
        except re.error as error:
            raise InputError(path, f"pattern {pattern!r} of value {name!r} is not a valid regular expression "
                                  f"({error.msg})", "Fix the regex; escape literal ( ) [ ] . + ? * with a backslash "
                                  "and write it in single quotes", line) from None
        if compiled.search("") or re.compile(f"(?:{body})").fullmatch(""):
            raise InputError(path, f"pattern {pattern!r} of value {name!r} matches the empty string",
                                  "Make at least one character mandatory", line)
        compiled_patterns.append(_Compiled(compiled, folded, _hints(body)))
    excluded_raw = node.get("excluded_by", [])
    if not isinstance(excluded_raw, list) or not all(isinstance(x, str) and x for x in excluded_raw):
        raise InputError(path, f"'excluded_by' of value {name!r} must be a list of value names",
                              "Write e.g. excluded_by: [DiT]", node.line_of("excluded_by"))
    return Value(
        name=name,
        patterns=tuple(patterns),
        excluded_by=tuple(excluded_raw),
        _compiled=tuple(compiled_patterns),
    )


def load_attributes(path: Path | str, known_chapters: Iterable[str] | None = None) -> Attributes:
    """Load and validate the vocabulary in `path`; patterns are compiled once here.

    `known_chapters` (e.g. the slugs of data/themes.yml) makes an unknown chapter slug an error.
    """
    path = Path(path)
    if not path.exists():  # a book without a vocabulary: its comparison tables have no attribute columns
        return NO_ATTRIBUTES
    data = load_yaml(path)
    if data is None:
        raise InputError(path, "the file is empty", "Start it with 'attributes:' and a list of attributes", 1)
    _check_keys(path, data, "the attributes file", ("attributes",), (), 1)
    items = data["attributes"]
    if not isinstance(items, list) or not items:
        raise InputError(path, "'attributes' must be a non-empty list",
                              "Write one '- name: ...' item per attribute", data.line_of("attributes"))
    known = set(known_chapters) if known_chapters is not None else None
    attributes: list[Attribute] = []
    names: set[str] = set()
    for item in items:
        _check_keys(path, item, "an attribute", ("name", "label", "chapters", "values"), ("note",),
                    data.line_of("attributes"))
        name = _text(path, item, "name", "an attribute's", "Write a lower-case identifier, e.g. backbone")
        if not _NAME.match(name):
            raise InputError(path, f"attribute name {name!r} is not a lower-case identifier",
                                  "Use letters, digits and underscores, starting with a letter (e.g. model_family)",
                                  item.line_of("name"))
        if name in names:
            raise InputError(path, f"duplicate attribute {name!r}", "Give each attribute a unique name",
                                  item.line_of("name"))
        names.add(name)
        label = _text(path, item, "label", f"attribute {name!r}", "Write the column header, e.g. Backbone")
        chapters = _list(path, item, "chapters", f"attribute {name!r}",
                         "List the chapter slugs of themes.yml where it matters, e.g. [generation-3d]")
        for i, slug in enumerate(chapters):
            if not isinstance(slug, str) or not _SLUG.match(slug):
                raise InputError(path, f"attribute {name!r} has chapter {slug!r}, which is not a slug",
                                      "Write chapter slugs as in themes.yml, e.g. generation-3d", chapters.line_at(i))
            if known is not None and slug not in known:
                raise InputError(path, f"attribute {name!r} names unknown chapter {slug!r}",
                                      f"Use one of: {', '.join(sorted(known))}", chapters.line_at(i))
            if slug in chapters[:i]:
                raise InputError(path, f"attribute {name!r} lists chapter {slug!r} twice", "Remove the repeat",
                                      chapters.line_at(i))
        raw_values = _list(path, item, "values", f"attribute {name!r}",
                           "List its values, each with a name and patterns")
        values: list[Value] = []
        value_names: dict[str, str] = {}
        seen_patterns: dict[str, str] = {}
        for i, raw in enumerate(raw_values):
            line = raw_values.line_at(i)
            _check_keys(path, raw, f"a value of attribute {name!r}", ("name", "patterns"), ("excluded_by", "note"),
                        line)
            value = _compile_value(path, name, raw, line, seen_patterns)
            folded = value.name.casefold()
            if folded in value_names:
                raise InputError(path, f"attribute {name!r} has duplicate value {value.name!r}",
                                      f"Merge its patterns into the first {value_names[folded]!r} or rename it",
                                      raw.line_of("name"))
            value_names[folded] = value.name
            values.append(value)
        defined = {v.name for v in values}
        for value, raw in zip(values, raw_values):
            for other in value.excluded_by:
                if other not in defined or other == value.name:
                    raise InputError(path, f"value {value.name!r} is excluded_by {other!r}, which is not another "
                                          f"value of attribute {name!r}", f"Use one of: {', '.join(sorted(defined - {value.name}))}",
                                          raw.line_of("excluded_by"))
        attributes.append(Attribute(name, label, tuple(chapters), tuple(values)))
    return Attributes(tuple(attributes))


def match(attributes: Attributes, title: str, abstract: str, chapter: str | None = None) -> dict[str, tuple[str, ...]]:
    """The values each attribute finds in the title and abstract, in vocabulary order; () when none.

    With `chapter`, only the attributes that matter in that chapter are returned.
    """
    text = f"{title or ''}\n{abstract or ''}"
    found = attributes._found(text, text.casefold())
    result: dict[str, tuple[str, ...]] = {}
    for a, attribute in enumerate(attributes.attributes):
        if chapter is not None and chapter not in attributes.attributes[a].chapters:
            continue
        hits = [value for v, value in enumerate(attribute.values) if (a, v) in found]
        names = {value.name for value in hits}
        result[attribute.name] = tuple(value.name for value in hits if not names.intersection(value.excluded_by))
    return result
