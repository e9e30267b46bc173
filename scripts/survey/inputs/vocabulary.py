"""Read data/vocabulary.yml: the words that say nothing about a topic, kept out of shared-vocabulary terms."""
from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import InputError
from ..core.yamlfile import check_keys, load_yaml

WORD = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_noise_words(path: Path) -> frozenset[str]:
    """The noise words; a missing file is none."""
    if not path.exists():
        return frozenset()
    data = load_yaml(path) or {}
    check_keys(path, data, "the vocabulary file", {"noise"})
    words = data["noise"]
    line = data.line_of("noise") if hasattr(data, "line_of") else None
    if not isinstance(words, list) or not all(isinstance(w, str) and WORD.match(w) for w in words):
        raise InputError(path, "'noise' must be a list of lowercase words", "Write e.g. noise: [need, faces, iii]", line)
    return frozenset(words)
