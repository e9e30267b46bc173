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
from typing import Any

from ..core.errors import InputError
from ..core.patterns import PatternSet
from ..core.yamlfile import Mapping, Sequence, load_yaml

_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_FORCE_I = "(?i)"
SCAN_FROM = 3_000  # papers read by `re` before Hyperscan's database of the patterns is compiled (core.patterns)
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
    regex: re.Pattern[str]  # the pattern between whole-word guards (_whole_words)
    folded: bool  # case-insensitive: the casefolded pattern runs on the casefolded text


@dataclass(frozen=True)
class Value:
    name: str
    patterns: tuple[str, ...]
    excluded_by: tuple[str, ...] = ()
    _compiled: tuple[_Compiled, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Attribute:
    name: str
    label: str
    chapters: tuple[str, ...]
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Attributes:
    attributes: tuple[Attribute, ...] = ()
    # For `match`: every pattern of every value, the casefolded ones and the exact ones each in one
    # PatternSet (core.patterns: one scan of the text for all of them), with the (attribute, value)
    # index each pattern belongs to.
    _sets: tuple[tuple[PatternSet, tuple[tuple[int, int], ...]], ...] = field(
        default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sets = []
        for folded in (True, False):
            owned = [((a, v), compiled.regex) for a, attribute in enumerate(self.attributes)
                     for v, value in enumerate(attribute.values) for compiled in value._compiled
                     if compiled.folded == folded]
            sets.append((PatternSet([regex for _, regex in owned], scan_from=SCAN_FROM), tuple(owner for owner, _ in owned)))
        object.__setattr__(self, "_sets", tuple(sets))

    def _found(self, text: str, folded: str) -> set[tuple[int, int]]:
        """(attribute index, value index) of every value some pattern finds in `text`."""
        (in_folded, folded_owners), (in_text, text_owners) = self._sets
        return {folded_owners[k] for k in in_folded.matching(folded)} | {text_owners[k] for k in in_text.matching(text)}

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


def _whole_words(pattern: str) -> str:
    """`pattern` where it is a whole word: at the start of the text or after a character that is not a
    letter, digit or underscore, and at the end or before one. The guards consume that character rather
    than look at it: Hyperscan, which reads these patterns (core.patterns), has no lookarounds, and a match
    exists exactly when one between lookarounds would."""
    return r"(?:^|\W)(?:" + pattern + r")(?:\W|$)"


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
            compiled = re.compile(_whole_words(body))
        except re.error as error:
            raise InputError(path, f"pattern {pattern!r} of value {name!r} is not a valid regular expression "
                                  f"({error.msg})", "Fix the regex; escape literal ( ) [ ] . + ? * with a backslash "
                                  "and write it in single quotes", line) from None
        if compiled.search("") or re.compile(f"(?:{body})").fullmatch(""):
            raise InputError(path, f"pattern {pattern!r} of value {name!r} matches the empty string",
                                  "Make at least one character mandatory", line)
        compiled_patterns.append(_Compiled(compiled, folded))
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
