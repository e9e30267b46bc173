"""Optional online enrichment of data/arxiv_metadata.csv from the arXiv API (`survey enrich`).

Off by default: `survey build` never goes online. This command fills, for the papers of data/raw,
what the curated metadata file lacks (arXiv id, authors, submission date) and appends rows for papers
it does not list, so later builds stay offline and reproducible. Rules:

- A result is accepted only when its normalized title equals the paper's (case, punctuation and
  spacing ignored, as everywhere in the survey); otherwise nothing is taken from it.
- Curated values are never overwritten: only empty fields are filled. A paper whose curated arXiv id
  points at a paper with another title is reported as a conflict and left alone.
- Requests go through the `arxiv` package's Client, at most one every 3 seconds (arXiv's terms of
  use); papers with a known id are fetched in batches, the others searched one exact title at a time.
- The evidence URL of a new row is the arXiv abstract page.
"""
from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import arxiv
import requests

from ..core.files import write_if_changed
from ..model.paper import normalize_title
from .metadata import ARXIV_ID, COLUMNS

log = logging.getLogger(__name__)

MIN_DELAY_SECONDS = 3.0  # arXiv API terms of use: no more than one request every three seconds
ID_BATCH = 50
TITLE_RESULTS = 5
FILLABLE = ("arxiv_id", "authors", "submitted")


class Client(Protocol):
    """What enrichment needs of `arxiv.Client` (tests pass one with recorded responses)."""

    delay_seconds: float

    def results(self, search: arxiv.Search) -> Iterator[arxiv.Result]: ...


@dataclass
class Report:
    added: list[str] = field(default_factory=list)  # titles of new rows
    filled: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (title, filled columns)
    unmatched: list[str] = field(default_factory=list)  # no result with exactly this title
    conflicts: list[str] = field(default_factory=list)  # curated id leads to another title
    searches: int = 0  # arXiv API searches made (each retried by the client if it fails)
    error: str = ""  # why the lookups stopped early (the rows found until then are kept)

    def summary(self) -> str:
        return (f"{len(self.added)} rows added, {len(self.filled)} rows filled, {len(self.unmatched)} papers not "
                f"found by exact title, {len(self.conflicts)} conflicts, {self.searches} arXiv searches"
                + (f"; stopped early: {self.error}" if self.error else ""))


def make_client() -> arxiv.Client:
    return arxiv.Client(page_size=ID_BATCH, delay_seconds=MIN_DELAY_SECONDS, num_retries=3)


def read_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{c: (row.get(c) or "") for c in COLUMNS} for row in reader]


def rows_to_csv(rows: list[dict[str, str]], line_end: str = "\r\n") -> str:
    """The metadata file's own format: the csv module's (minimal quoting), with the file's line ends."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator=line_end)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def incomplete(row: dict[str, str] | None) -> bool:
    return row is None or any(not row[c].strip() for c in FILLABLE)


def arxiv_id(result: arxiv.Result) -> str:
    """The versionless new-style id (2401.09665) of a result, or '' for an old-style one."""
    short = re.sub(r"v\d+$", "", result.get_short_id())
    return short if ARXIV_ID.match(short) else ""


def result_row(title: str, result: arxiv.Result) -> dict[str, str]:
    """A metadata row from an accepted result; `title` is the listing's own title."""
    identifier = arxiv_id(result)
    names = [" ".join(a.name.split()) for a in result.authors if a.name.strip()]
    return {
        "title": title,
        "arxiv_id": identifier,
        "authors": "; ".join(names),
        "authors_complete": "yes" if names else "",
        "submitted": result.published.date().isoformat() if result.published.year > 1 else "",
        "evidence_url": f"https://arxiv.org/abs/{identifier}" if identifier else result.entry_id,
    }


def fill(row: dict[str, str], found: dict[str, str]) -> tuple[str, ...]:
    """Fill the empty fields of `row` from `found`; return the names of the columns filled."""
    filled = []
    for column in FILLABLE:
        if not row[column].strip() and found[column]:
            row[column] = found[column]
            filled.append(column)
            if column == "authors":
                row["authors_complete"] = found["authors_complete"]
    if filled and not row["evidence_url"].strip():
        row["evidence_url"] = found["evidence_url"]
    return tuple(filled)


def _same_title(a: str, b: str) -> bool:
    return normalize_title(a) == normalize_title(b)


def _run(client: Client, search: arxiv.Search, report: Report) -> list[arxiv.Result]:
    report.searches += 1
    return list(client.results(search))


def title_query(title: str) -> str:
    """An exact-phrase title search; normalized words only, so no character can break the query."""
    return f'ti:"{normalize_title(title)}"'


def enrich(titles: Iterable[str], rows: list[dict[str, str]], client: Client | None = None,
           limit: int | None = None) -> tuple[list[dict[str, str]], Report]:
    """The metadata rows completed from arXiv for the papers `titles` (at most `limit` of them looked
    up): a new list, copies of `rows` with empty fields filled, then a row per paper found that had none;
    and a report. `rows` is not modified."""
    client = client if client is not None else make_client()
    if client.delay_seconds < MIN_DELAY_SECONDS:
        raise ValueError(f"the arXiv API allows one request every {MIN_DELAY_SECONDS:g} s; "
                         f"client.delay_seconds is {client.delay_seconds}")
    rows = [dict(r) for r in rows]
    by_title = {normalize_title(r["title"]): r for r in rows}
    wanted: dict[str, str] = {}
    for title in titles:
        identity = normalize_title(title)
        if identity not in wanted and incomplete(by_title.get(identity)):
            wanted[identity] = title
    todo = list(wanted.items())[:limit] if limit is not None else list(wanted.items())
    report = Report()

    try:
        _lookup(client, todo, rows, by_title, report)
    except (arxiv.ArxivError, requests.RequestException) as error:
        report.error = f"{type(error).__name__}: {error}"
        log.warning("arXiv lookups stopped early (%s); the rows found so far are kept", report.error)
    return rows, report


def _lookup(client: Client, todo: list[tuple[str, str]], rows: list[dict[str, str]],
            by_title: dict[str, dict[str, str]], report: Report) -> None:
    known = [(i, t) for i, t in todo if i in by_title and ARXIV_ID.match(by_title[i]["arxiv_id"].strip())]
    for start in range(0, len(known), ID_BATCH):
        batch = known[start:start + ID_BATCH]
        ids = [by_title[i]["arxiv_id"].strip() for i, _ in batch]
        results = {arxiv_id(r): r for r in _run(client, arxiv.Search(id_list=ids, max_results=len(ids)), report)}
        for (identity, title), identifier in zip(batch, ids):
            result = results.get(identifier)
            if result is None:
                report.unmatched.append(title)
            elif not _same_title(result.title, title):
                log.warning("arXiv %s is titled %r, not %r: left as it is", identifier, result.title, title)
                report.conflicts.append(title)
            else:
                filled = fill(by_title[identity], result_row(title, result))
                if filled:
                    report.filled.append((title, filled))

    searched = [(i, t) for i, t in todo if (i, t) not in known]
    for identity, title in searched:
        results = _run(client, arxiv.Search(query=title_query(title), max_results=TITLE_RESULTS), report)
        match = next((r for r in results if _same_title(r.title, title) and arxiv_id(r)), None)
        if match is None:
            report.unmatched.append(title)
            continue
        found = result_row(title, match)
        row = by_title.get(identity)
        if row is None:
            rows.append(found)
            by_title[identity] = found
            report.added.append(title)
        else:
            filled = fill(row, found)
            if filled:
                report.filled.append((title, filled))


def enrich_file(path: Path, titles: Iterable[str], client: Client | None = None, limit: int | None = None,
                dry_run: bool = False) -> Report:
    """Enrich the metadata file at `path` in place (written atomically, only if something changed)."""
    text = path.read_bytes().decode("utf-8")
    rows, report = enrich(titles, read_rows(text), client, limit)
    if not dry_run:
        write_if_changed(path, rows_to_csv(rows, "\n" if "\r\n" not in text and "\n" in text else "\r\n"))
    return report
