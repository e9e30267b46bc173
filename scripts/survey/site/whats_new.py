""""What's new": per recorded edition (data/editions.yml), newest first, the papers it added and the
chapters they went to; and the Atom feed of the latest editions' papers (feed.xml at the site root).

A paper was added by the first edition whose listing pages include one it was listed on
(inputs.editions.papers_added). Papers on listing pages no edition covers yet (added to data/raw since the
last `make edition`) are shown first, as not yet in an edition, and are not in the feed.
"""
from __future__ import annotations

from ..analysis.corpus import Corpus
from ..formats import myst
from ..formats.feed import FEED_FILE, FeedEntry, atom_feed
from ..inputs.editions import Additions, RecordedEdition, papers_added
from ..model.paper import MONTHS, Paper
from .addresses import chapter_label, href, link
from .edition import Edition, listing_order

WHATS_NEW = "chapters/whats-new.md"
WHATS_NEW_LABEL = "whats-new"
FEED = f"_extra/{FEED_FILE}"  # html_extra_path copies _extra/ to the site root
LISTED_PER_EDITION = 500  # above this many papers an edition lists its chapters' counts, not every paper


def long_date(date) -> str:
    """'3 December 2026'."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def newest_listed_first(paper: Paper) -> tuple:
    """Papers of an edition: the most recently listed first (listing dates have no year: month and day),
    then by key."""
    latest = max((listing_order(d) for d in paper.dates), default=(0, 0, 0))
    return (tuple(-x for x in latest), paper.key)


def additions(corpus: Corpus, edition: Edition) -> Additions:
    ordered = sorted(corpus.papers, key=newest_listed_first)
    return papers_added(edition.recorded, {p.key: p.sources for p in ordered})


def listing_words(corpus: Corpus, files: tuple[str, ...]) -> str:
    """'3 listing pages, of Mar 11 and Mar 20': the listing pages' count and dates, as the pages give them."""
    wanted = set(files)
    dates = {d for p in corpus.papers for s, d in zip(p.sources, p.dates) if s in wanted}
    ordered = sorted(dates, key=lambda d: (listing_order(d), d))
    count = f"{len(files)} listing page{'s' if len(files) != 1 else ''}"
    if not ordered:
        return count
    return f"{count} of " + (", ".join(ordered[:-1]) + " and " + ordered[-1] if len(ordered) > 1 else ordered[0])


def chapters_of(corpus: Corpus, keys: tuple[str, ...]) -> list[tuple[str, list[int]]]:
    """The papers of `keys` by main chapter, in the book's order (papers of no known chapter left out); within
    a chapter in the order of `keys`. The keys are grouped in one pass, not once per chapter."""
    position = {p.key: i for i, p in enumerate(corpus.papers)}
    grouped: dict[str, list[int]] = {}
    for row in (position[key] for key in keys):
        grouped.setdefault(corpus.papers[row].primary_theme, []).append(row)
    return [(chapter.slug, grouped[chapter.slug]) for chapter in corpus.taxonomy.chapters if chapter.slug in grouped]


def news(corpus: Corpus, keys: tuple[str, ...]) -> list[str]:
    chapters = chapters_of(corpus, keys)
    if len(keys) > LISTED_PER_EDITION:
        return [f"- {{ref}}`{chapter_label(slug)}`: {len(rows)} papers" for slug, rows in chapters] + [""]
    out = []
    for slug, rows in chapters:
        out.append(f"- {{ref}}`{chapter_label(slug)}` ({len(rows)}):")
        out += [f"  - {link(corpus.papers[i].key)}" for i in rows]
    return out + [""]


def whats_new_page(corpus: Corpus, edition: Edition) -> str:
    added = additions(corpus, edition)
    out = [f"({WHATS_NEW_LABEL})=", "# What's new", "",
           "The survey grows when listing pages are added. Each *edition* records the day it was made and the "
           "listing pages it covers (`data/editions.yml`, written by `make edition`); a paper is new in the first "
           "edition that covers a page it was listed on. Newest edition first.", "",
           "````{only} html",
           f'<p>Follow new editions with the survey\'s <a href="../{FEED_FILE}" type="application/atom+xml">Atom '
           f"feed</a> (<code>{FEED_FILE}</code>): the papers of the latest editions, each linking to its entry.</p>",
           "````", ""]
    if added.unrecorded:
        out += ["(whats-new-unrecorded)=", "## Not yet in an edition", "",
                f"{len(added.unrecorded)} paper{'s' if len(added.unrecorded) != 1 else ''} from listing pages added "
                "since the last edition; `make edition` records them.", "", *news(corpus, added.unrecorded)]
    seen: set[str] = set()
    history: list[tuple[RecordedEdition, tuple[str, ...], tuple[str, ...]]] = []
    for recorded, keys in added.by_edition:
        new_pages = tuple(name for name in recorded.listings if name not in seen)
        seen.update(recorded.listings)
        history.append((recorded, keys, new_pages))
    for recorded, keys, new_pages in reversed(history):
        out += [f"(edition-{recorded.version.lower()})=",
                f"## Edition of {long_date(recorded.date)}: {len(keys)} new paper{'s' if len(keys) != 1 else ''}", "",
                f"Corpus version `{recorded.version}`. It adds {myst.text(listing_words(corpus, new_pages))}"
                + (f" ({len(recorded.listings)} in all)." if len(new_pages) != len(recorded.listings) else "."), ""]
        out += news(corpus, keys) if keys else ["No paper of these pages was new.", ""]
    if not edition.recorded:
        out += ["No edition is recorded yet: run `make edition` to record the current listing pages as the first.", ""]
    return "\n".join(out)


def feed_xml(corpus: Corpus, edition: Edition) -> bytes:
    """feed.xml: the papers of the latest editions (formats.feed), each linking to its entry."""
    titles = {c.slug: c.title for c in corpus.taxonomy.chapters}
    entries = [FeedEntry(p.key, p.title, p.summary, p.authors, href(p.key, depth=0) or "",
                         tuple(titles[s] for s in p.themes if s in titles))
               for p in corpus.papers if href(p.key, depth=0)]
    return atom_feed(edition.title, additions(corpus, edition).by_edition, entries, author=edition.author,
                     subtitle=f"Papers new in each edition of {edition.title}")
