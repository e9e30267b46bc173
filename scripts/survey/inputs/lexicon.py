"""Load and validate the curated lexicon of datasets, benchmarks and metrics (data/lexicon.yml)."""
from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError
from ..core.yamlfile import check_keys, load_yaml
from ..model.lexicon import EMPTY, KINDS, Entry, Lexicon


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
