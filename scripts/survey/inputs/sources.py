"""Load data/sources.yml: how readers see each input file of data/raw (a readable name, the full date,
its address), so that no file name of data/raw reaches a reader. The file is optional; a listing page it
does not describe is named by its listing date, a bibliographic export by its format.

    pages:
      - file: 001_6b94da3711869c9c.txt   # the page in data/raw
        name: Hugging Face Papers         # what readers read
        date: 2025-03-11                  # optional: the full date (it must agree with the page's 'Mar 11')
        url: https://...                  # optional: the page's address
        note: why the year is known       # optional, for editors
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping as MappingType
from pathlib import Path

from ..core.errors import InputError
from ..core.yamlfile import Mapping, check_keys, load_yaml
from ..model.paper import ListingPage
from .listings import INVISIBLE

LISTING_DATE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{1,2})(?:, (\d{4}))?$")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _line(mapping: object, key: str | None = None) -> int | None:
    if isinstance(mapping, Mapping):
        return mapping.line_of(key) if key else mapping.line
    return None


def _agrees(date: datetime.date, listing_date: str) -> bool:
    match = LISTING_DATE.match(listing_date)
    if not match:
        return True
    month, day, year = MONTHS.index(match.group(1)) + 1, int(match.group(2)), match.group(3)
    return (date.month, date.day) == (month, day) and (not year or int(year) == date.year)


def load_sources(path: Path, listing_dates: MappingType[str, str],
                 exports: MappingType[str, str] | None = None) -> dict[str, ListingPage]:
    """Every input file keyed by its name, with what data/sources.yml says of it; `listing_dates` maps each
    listing page of data/raw to the listing date written on it (RawInputs.listing_dates), `exports` each bibliographic export to its
    format. Without an entry, a page has only its date and an export is named by its format."""
    exports = exports or {}
    pages = {file: ListingPage(date) for file, date in listing_dates.items()}
    pages.update({file: ListingPage("", f"an imported {kind} file") for file, kind in exports.items()})
    listing_dates = {**listing_dates, **{file: "" for file in exports}}
    if not path.exists():
        return pages
    data = load_yaml(path) or {}
    check_keys(path, data, "the sources file", {"pages"})
    entries = data["pages"] or []
    if not isinstance(entries, list):
        raise InputError(path, "'pages' must be a list of entries", "Start each entry with `- file: ...` (see the README)",
                         _line(data, "pages"))
    described: set[str] = set()
    for entry in entries:
        check_keys(path, entry, "a page", {"file", "name"}, {"date", "url", "note"})
        file, name = entry["file"], entry["name"]
        if not isinstance(file, str) or file not in listing_dates:
            raise InputError(path, f"file {file!r} is not an input file of data/raw",
                             "Write the name of a listing page or export in data/raw, or remove the entry",
                             _line(entry, "file"))
        if file in described:
            raise InputError(path, f"the page {file!r} is described twice", "Keep one entry per page", _line(entry, "file"))
        if not isinstance(name, str) or not " ".join(INVISIBLE.sub("", name).split()):
            raise InputError(path, "'name' must be non-empty text", "Write the name readers know the page by, e.g. "
                             "Hugging Face Papers", _line(entry, "name"))
        if "<" in name or "\\" in name:
            raise InputError(path, f"name {name[:60]!r} contains '<' or a backslash", "Write the name as plain text",
                             _line(entry, "name"))
        date = entry.get("date")
        if date is not None and (not isinstance(date, datetime.date) or isinstance(date, datetime.datetime)):
            raise InputError(path, f"date {date!r} is not a YYYY-MM-DD date", "Write e.g. `date: 2025-03-11` or "
                             "remove it", _line(entry, "date"))
        if date is not None and not _agrees(date, listing_dates[file]):
            raise InputError(path, f"date {date.isoformat()} disagrees with the page's listing date "
                             f"{listing_dates[file]!r}", "Correct the date", _line(entry, "date"))
        url = entry.get("url", "")
        if not isinstance(url, str) or (url and not re.match(r"^https?://[^\s<>\"]+$", url)):
            raise InputError(path, f"url {url!r} is not an http(s) address", "Write the page's address or remove it",
                             _line(entry, "url"))
        described.add(file)
        pages[file] = ListingPage(listing_dates[file], " ".join(INVISIBLE.sub("", name).split()), date, url)
    return pages
