"""The survey's Atom feed (feed.xml at the site root): the papers the latest editions added, newest
edition first, each linking to its entry. Written with feedgen.

Deterministic: the same input gives the same bytes. feedgen stamps `updated` with the clock and names
itself and its version as the generator; both are overridden: the feed's `updated` is the latest
edition's date, an entry's `updated` and `published` the date of the edition that added the paper, and
the generator a fixed string.

Ids are `urn:uuid:` UUIDs (version 5) of the survey's identity (the first edition's corpus version,
which never changes once committed) and the paper's key (stable, analysis.keys): moving or retitling the
site does not make feed readers announce every paper again.

Links are relative to the site root (`papers/c.html#paper-...`) unless a site URL is given: RFC 4287
resolves them against the feed's own address, so the feed must be served from the site root.

Corpus text is data: titles, summaries and names are `type="text"` element text, which lxml escapes,
so `<script>` or `]]>` stays text; characters XML cannot carry at all (C0 controls, lone surrogates)
are dropped.
"""
from __future__ import annotations

import datetime as _dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from ..inputs.editions import RecordedEdition

LIMIT = 100  # entries in the feed
GENERATOR = "survey"
FEED_FILE = "feed.xml"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = _dt.date(1970, 1, 1)


@dataclass(frozen=True)
class FeedEntry:
    key: str
    title: str
    summary: str
    authors: tuple[str, ...]
    link: str  # the entry's address relative to the site root (site.addresses.href(key, depth=0))
    categories: tuple[str, ...] = ()  # the chapters the paper is in


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _line(value: str) -> str:
    return " ".join(_text(value).split())


def _when(date: _dt.date) -> _dt.datetime:
    return _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.UTC)


def atom_feed(title: str, editions: Sequence[tuple[RecordedEdition, Sequence[str]]], entries: Sequence[FeedEntry], *,
              author: str, subtitle: str = "", site_url: str = "", limit: int = LIMIT) -> bytes:
    """The Atom feed (UTF-8 bytes) of the papers added by the latest editions: `editions` holds (edition,
    keys it added) oldest first; the newest edition's papers come first, in the order given, at most
    `limit`. A key with no entry in `entries` is left out."""
    editions = list(editions)
    seed = editions[0][0].version if editions else title
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:survey-feed:{seed}")
    by_key = {e.key: e for e in entries}
    latest = max((edition.date for edition, _ in editions), default=_EPOCH)

    def url(path: str) -> str:
        return urljoin(site_url, path) if site_url else path

    fg = FeedGenerator()
    fg.id(f"urn:uuid:{uuid.uuid5(namespace, 'feed')}")
    fg.title(_line(title) or "Survey")
    if subtitle:
        fg.subtitle(_line(subtitle))
    fg.author({"name": _line(author) or "The survey editors"})  # required unless every entry has an author
    fg.link(href=url(FEED_FILE), rel="self", type="application/atom+xml")
    fg.link(href=url("index.html"), rel="alternate", type="text/html")
    fg.language("en")
    fg.generator(GENERATOR)  # not feedgen's name, URI and version
    fg.updated(_when(latest))  # not the clock
    fg.lastBuildDate(_when(latest))
    count = 0
    for edition, keys in reversed(editions):
        for key in keys:
            item = by_key.get(key)
            if count >= limit or item is None:
                continue
            fe = fg.add_entry(order="append")
            fe.id(f"urn:uuid:{uuid.uuid5(namespace, 'paper:' + key)}")
            fe.title(_line(item.title) or key)
            fe.link(href=url(item.link), rel="alternate", type="text/html")
            fe.updated(_when(edition.date))
            fe.published(_when(edition.date))
            names = [n for n in (_line(a) for a in item.authors) if n]
            if names:
                fe.author([{"name": n} for n in names])
            summary = _text(item.summary).strip()
            if summary:
                fe.summary(summary, type="text")
            for term in dict.fromkeys(_line(c) for c in item.categories):
                if term:
                    fe.category(term=term)
            count += 1
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
