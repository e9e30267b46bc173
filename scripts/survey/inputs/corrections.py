"""Load data/corrections.yml and apply it to the listed papers: exact, hand-checked fixes of listing text
whose LaTeX was mangled upstream (`ARTcdotV` for arXiv's `ART$\\cdot$V`, `46.7times` for `46.7$\\times$`,
an author's private macro `\\jedi`). What still has its backslash is decoded by analysis.display; what lost
it cannot be recognised by any rule, so it is fixed here, paper by paper, with the reason.

    corrections:
      - title: "ARTcdotV: Auto-Regressive Text-to-Video Generation with Diffusion Models"  # as listed
        replace:                 # exact text -> what it should say, in the title and the abstract
          ARTcdotV: ART·V
        reason: arXiv 2311.18834 writes ART$\\cdot$V; the listing lost the backslash

Every replaced text must occur in the paper's title or abstract, so a correction that no longer applies
(the listing was fixed) stops the build instead of being silently ignored.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InputError
from ..core.yamlfile import Mapping, check_keys, load_yaml
from ..model.paper import normalize_title
from .listings import ListedPaper


@dataclass(frozen=True)
class Correction:
    replace: tuple[tuple[str, str], ...]  # (text as listed, corrected text), applied in order
    line: int


def _line(mapping: object, key: str | None = None) -> int | None:
    if isinstance(mapping, Mapping):
        return mapping.line_of(key) if key else mapping.line
    return None


def load_corrections(path: Path, titles: set[str]) -> dict[str, Correction]:
    """Corrections keyed by the normalized listed title; `titles` are the listed papers' normalized titles.
    A missing file corrects nothing."""
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    check_keys(path, data, "the corrections file", {"corrections"})
    entries = data["corrections"] or []
    if not isinstance(entries, list):
        raise InputError(path, "'corrections' must be a list of entries", "Start each entry with `- title: ...` "
                         "(see the README)", _line(data, "corrections"))
    corrections: dict[str, Correction] = {}
    for entry in entries:
        check_keys(path, entry, "a correction", {"title", "replace", "reason"})
        identity = normalize_title(str(entry["title"]))
        if identity not in titles:
            raise InputError(path, f"correction names a paper that is not listed: {str(entry['title'])[:80]!r}",
                             "Copy the title exactly as data/raw lists it, or remove the correction", _line(entry))
        if identity in corrections:
            raise InputError(path, "the same paper is corrected twice", "Keep one entry per paper", _line(entry))
        replace = entry["replace"]
        if not isinstance(replace, dict) or not replace or not all(
                isinstance(k, str) and k and isinstance(v, str) for k, v in replace.items()):
            raise InputError(path, "'replace' must map the exact text as listed to the corrected text",
                             "Write e.g. `ARTcdotV: ART·V`", _line(entry, "replace"))
        if not isinstance(entry["reason"], str) or not entry["reason"].strip():
            raise InputError(path, "'reason' must say why (for the next editor)", "Write it", _line(entry, "reason"))
        corrections[identity] = Correction(tuple(replace.items()), _line(replace) or _line(entry, "replace") or 0)
    return corrections


def apply_corrections(path: Path, listed: list[ListedPaper], corrections: dict[str, Correction]
                      ) -> tuple[list[ListedPaper], dict[str, str]]:
    """The listed papers with their corrections applied, and each corrected title's normalized form mapped to
    the listed one (curated files such as data/arxiv_metadata.csv may name the paper either way)."""
    out: list[ListedPaper] = []
    aliases: dict[str, str] = {}
    identities = {normalize_title(p.title) for p in listed}
    for paper in listed:
        identity = normalize_title(paper.title)
        correction = corrections.get(identity)
        if correction is None:
            out.append(paper)
            continue
        title, abstract = paper.title, paper.abstract
        for old, new in correction.replace:
            if old not in title and old not in abstract:
                raise InputError(path, f"{old!r} does not occur in the title or abstract of {paper.title[:60]!r}",
                                 "The listing has changed: update or remove the correction", correction.line)
            title, abstract = title.replace(old, new), abstract.replace(old, new)
        corrected = normalize_title(title)
        if not corrected or (corrected != identity and corrected in identities):
            raise InputError(path, f"the corrected title {title[:60]!r} is empty or another paper's",
                             "Correct the title to the paper's own", correction.line)
        if corrected != identity:
            aliases[corrected] = identity
        out.append(dataclasses.replace(paper, title=title, abstract=abstract))
    return out, aliases
