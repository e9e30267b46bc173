"""Editions of the survey (`data/editions.yml`): when each corpus version was published, and which
listing pages it covered. Hand-committed and append-only, written by `survey edition` (`make edition`):

    - date: 2026-12-03            # the day the edition was recorded (ISO date)
      version: "79a5bb5c1a83"     # the corpus version (digest of data/raw, site.edition.corpus_version)
      listings:                   # every input file of data/raw it covers (listing pages, exports)
        - "000_dafd1dd874c9ef89.txt"

A paper was *added* by the first edition whose listings include one of the listing pages it came from.
A paper whose listing pages are in no edition yet is *unrecorded*: it is on the site (the site is built
from every page of data/raw) but no edition has announced it. The build reads the file and never the
clock: only `survey edition` reads today's date, once, into the committed file.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..core.errors import InputError
from ..core.yamlfile import parse_yaml
from .raw_files import input_files

HEADER = """\
# Editions of the survey, oldest first: written by `make edition` (survey edition), committed by hand.
# Each edition: `date` (the day it was recorded), `version` (the corpus version, a digest of data/raw),
# `listings` (every listing page of data/raw it covers). A paper is new in the first edition whose
# listings include one of its listing pages. Append only: editing an old edition rewrites history.
"""
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIELDS = ("date", "version", "listings")


@dataclass(frozen=True)
class RecordedEdition:
    """One edition of data/editions.yml (not site.edition.Edition, which identifies the current build)."""

    date: _dt.date
    version: str
    listings: tuple[str, ...]
    line: int = field(default=0, compare=False)  # where it starts in editions.yml (0: not from a file)


def load_editions(path: Path) -> tuple[RecordedEdition, ...]:
    """The editions recorded in `path`, oldest first; a missing or empty file is no edition yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except UnicodeDecodeError:
        raise InputError(path, "the file is not valid UTF-8", "Save it as UTF-8") from None
    return parse_editions(text, path)


def parse_editions(text: str, path: Path | str = "data/editions.yml") -> tuple[RecordedEdition, ...]:
    """load_editions on text already read (`path` only names the file in messages)."""
    data = parse_yaml(text, path)
    if data is None:
        return ()
    if not isinstance(data, list):
        raise InputError(path, "the file must be a list of editions (lines starting with `- date:`)",
                         "See the comment at the top of the file for the format", getattr(data, "line", 1))
    editions: list[RecordedEdition] = []
    first_line: dict[str, int] = {}
    for index, item in enumerate(data):
        edition = _edition(path, item, data.line_at(index), index + 1)
        if edition.version in first_line:
            raise InputError(path, f"edition {index + 1} repeats version {edition.version!r} of the edition on "
                                   f"line {first_line[edition.version]}",
                             "Each corpus version is one edition: remove the repeat", item.line_of("version"))
        first_line[edition.version] = edition.line
        if editions and edition.date < editions[-1].date:
            raise InputError(path, f"edition {index + 1} ({edition.date.isoformat()}) is dated before the edition "
                                   f"above it ({editions[-1].date.isoformat()})",
                             "Editions are listed oldest first: fix the date or the order", item.line_of("date"))
        editions.append(edition)
    return tuple(editions)


def _date(path: Path | str, item: Any, what: str) -> _dt.date:
    value = item["date"]
    bad = InputError(path, f"{what} has date {value!r}, not an ISO date",
                     "Write the date as YYYY-MM-DD, e.g. `date: 2026-12-03`", item.line_of("date"))
    if isinstance(value, _dt.datetime) or not isinstance(value, (_dt.date, str)):
        raise bad
    if isinstance(value, str):
        try:
            if not ISO_DATE.match(value):
                raise ValueError(value)
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise bad from None
    return value


def _edition(path: Path | str, item: Any, line: int, number: int) -> RecordedEdition:
    what = f"edition {number}"
    if not isinstance(item, dict):
        raise InputError(path, f"{what} must be a mapping with keys {', '.join(FIELDS)}",
                         "Write it as `- date: ...` followed by `version:` and `listings:` lines", line)
    unknown = sorted(str(k) for k in item if k not in FIELDS)
    if unknown:
        bad = next(k for k in item if str(k) == unknown[0])
        raise InputError(path, f"{what} has unknown key(s) {', '.join(unknown)}",
                         f"Allowed keys: {', '.join(FIELDS)}", item.line_of(bad))
    missing = [k for k in FIELDS if k not in item]
    if missing:
        raise InputError(path, f"{what} is missing key(s) {', '.join(missing)}", "Add them", item.line)
    date = _date(path, item, what)
    version = item["version"]
    if not isinstance(version, str):
        raise InputError(path, f"{what} has version {version!r}, which YAML reads as a {type(version).__name__}",
                         "Quote the version: `version: \"...\"`", item.line_of("version"))
    if not VERSION.match(version):
        raise InputError(path, f"{what} has version {version!r}",
                         "Give the corpus version (letters, digits, `.`, `_`, `-`), quoted", item.line_of("version"))
    listings = item["listings"]
    if not isinstance(listings, list) or not listings:
        raise InputError(path, f"{what} has `listings` that is not a non-empty list",
                         "List the listing pages it covers, one `- \"name.txt\"` line each", item.line_of("listings"))
    seen: set[str] = set()
    for i, name in enumerate(listings):
        where = listings.line_at(i) if hasattr(listings, "line_at") else item.line_of("listings")
        if not isinstance(name, str) or not name.strip() or name != name.strip() or "/" in name or "\\" in name \
                or name in (".", ".."):
            raise InputError(path, f"{what}: listing {i + 1} ({name!r}) is not a file name in data/raw",
                             "Give the bare file name, quoted, e.g. `- \"000_dafd1dd874c9ef89.txt\"`", where)
        if name in seen:
            raise InputError(path, f"{what} lists {name!r} twice", "Remove the repeat", where)
        seen.add(name)
    return RecordedEdition(date, version, tuple(listings), item.line)


def current_listings(raw: Path) -> tuple[str, ...]:
    """The input files the corpus version digests (listing pages and bibliographic exports), by name: an
    edition covers every file a paper can come from."""
    return tuple(sorted(p.name for p in input_files(raw)))


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one): never read back as a number or a date."""
    return json.dumps(value, ensure_ascii=False)


def edition_yaml(edition: RecordedEdition) -> str:
    lines = [f"- date: {edition.date.isoformat()}", f"  version: {_quoted(edition.version)}", "  listings:"]
    return "\n".join(lines + [f"    - {_quoted(name)}" for name in edition.listings]) + "\n"


def record_edition(path: Path, date: _dt.date, version: str, listings: Iterable[str]) -> str:
    """The text editions.yml should have after recording corpus `version` (on `date`, covering `listings`):
    the file unchanged, byte for byte, if that version is already recorded, else the file with the edition
    appended (a new file starts with HEADER; hand comments are kept). Writes nothing."""
    try:
        old: str | None = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = None
    except UnicodeDecodeError:
        raise InputError(path, "the file is not valid UTF-8", "Save it as UTF-8") from None
    editions = parse_editions(old, path) if old is not None else ()
    if old is not None and any(e.version == version for e in editions):
        return old
    new = RecordedEdition(date, version, tuple(sorted(set(listings))))
    if editions and new.date < editions[-1].date:
        raise InputError(path, f"the new edition's date {new.date.isoformat()} is before the last edition's "
                               f"({editions[-1].date.isoformat()})", "Check the date (and the clock)")
    if old is None or not editions:  # a new file, or one with no edition yet (perhaps `[]`)
        text = HEADER + edition_yaml(new)
    else:
        text = (old if old.endswith("\n") else old + "\n") + edition_yaml(new)
    parse_editions(text, path)  # the result must load: a flow-style file (`[{...}]`) cannot be appended to
    return text


class Additions(NamedTuple):
    by_edition: list[tuple[RecordedEdition, tuple[str, ...]]]  # every edition, oldest first, the keys it added
    unrecorded: tuple[str, ...]  # papers whose listing pages are in no edition yet


def papers_added(editions: Sequence[RecordedEdition], paper_sources: Mapping[str, Iterable[str]]) -> Additions:
    """Which edition added each paper: the first edition (file order, which is date order) whose listings
    include one of the paper's listing pages. Keys keep the order of `paper_sources` within an edition."""
    first: dict[str, int] = {}
    for index, edition in enumerate(editions):
        for name in edition.listings:
            first.setdefault(name, index)
    added: list[list[str]] = [[] for _ in editions]
    unrecorded: list[str] = []
    for key, sources in paper_sources.items():
        indices = [first[s] for s in sources if s in first]
        (added[min(indices)] if indices else unrecorded).append(key)
    return Additions([(e, tuple(keys)) for e, keys in zip(editions, added)], tuple(unrecorded))
