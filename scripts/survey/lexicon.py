"""The curated lexicon of datasets, benchmarks and metrics (data/lexicon.yml) and finding them in abstracts.

Matching is literal, case-sensitive and whole-word: an alias matches only where it is not glued to a
letter, digit, underscore or hyphen on either side. So `FID` does not match inside `FIDELITY`,
`VITON` does not match inside `VITON-HD` or the method name `TED-VITON`, and `CIFAR-10` does not
match inside `CIFAR-100`. Variants a paper writes differently (`CIFAR10`, `Dress Code`) are listed as
aliases of one canonical name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .yamlfile import check_keys, load_yaml

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
        """Canonical names of the entries `text` mentions, in lexicon order."""
        return [e.name for e in self.entries if e.found_in(text)]


EMPTY = Lexicon()


@lru_cache(maxsize=None)
def _pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(a) for a in sorted(aliases, key=lambda a: (-len(a), a)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")



def load_lexicon(path: Path) -> Lexicon:
    """The lexicon in `path`; a missing file is an empty lexicon (a book without one shows no usage tables)."""
    if not path.exists():
        return EMPTY
    data = load_yaml(path) or {}
    check_keys(path, data, "the lexicon", {"entries"})
    items = data["entries"]
    if not isinstance(items, list):
        raise InputError(path, "'entries' must be a list", "Write one `- name: ...` item per entry", getattr(data, "line", None))
    entries: list[Entry] = []
    names: set[str] = set()
    owner: dict[str, str] = {}
    for item in items:
        check_keys(path, item, "a lexicon entry", {"name", "kind", "aliases"})
        line = getattr(item, "line", None)
        name, kind, aliases = item["name"], item["kind"], item["aliases"]
        if not isinstance(name, str) or not name.strip():
            raise InputError(path, "'name' must be non-empty text", "Write the canonical name", line)
        if name in names:
            raise InputError(path, f"duplicate lexicon entry {name!r}", "Give each entry a unique name", line)
        if kind not in KINDS:
            raise InputError(path, f"entry {name!r} has kind {kind!r}", f"Use one of: {', '.join(KINDS)}", line)
        if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a.strip() == a and a for a in aliases):
            raise InputError(path, f"entry {name!r} needs a non-empty list of aliases",
                             "List the exact spellings to match, e.g. [\"CIFAR-10\", \"CIFAR10\"]", line)
        for alias in aliases:
            if alias in owner:
                raise InputError(path, f"alias {alias!r} of {name!r} already belongs to {owner[alias]!r}",
                                 "Keep each alias in one entry", line)
            owner[alias] = name
        names.add(name)
        entries.append(Entry(name, kind, tuple(aliases)))
    return Lexicon(tuple(entries))
