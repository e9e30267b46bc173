"""formats.feed: a valid Atom feed of the latest editions' papers (read back with feedparser), corpus text as
literal text, byte-identical output whatever the clock, time zone or hash seed, stable ids."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from xml.etree import ElementTree

import feedparser
import pytest

from survey.formats.feed import LIMIT, FeedEntry, atom_feed
from survey.inputs.editions import RecordedEdition
from survey.site.addresses import href

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert('x')</script> ]]> &amp; & \"q\" <![CDATA[ x ]]> {\\alpha} 100% é"
E1 = RecordedEdition(dt.date(2026, 3, 12), "aaaa00000001", ("000_a.txt",))
E2 = RecordedEdition(dt.date(2026, 3, 20), "bbbb00000002", ("000_a.txt", "001_b.txt"))


def paper(key: str, title: str, summary: str = "", authors: tuple[str, ...] = (), categories=()) -> FeedEntry:
    return FeedEntry(key, title, summary, authors, href(key, depth=0) or "", categories)


ENTRIES = [
    paper("alpha", "Alpha: a method", "Alpha does things.", ("Ada Lovelace", "Alan Turing")),
    paper("beta", HOSTILE, HOSTILE, ("O'Brien <ob@x>", "Zoë & Co")),
    paper("0day", "Zero"),
    paper("gamma", "Gamma", "Gamma.", ("G. H.",), categories=("Vision", "Vision", "Audio")),
]
ADDED = [(E1, ("alpha", "0day")), (E2, ("beta", "gamma"))]


def build(site_url: str = "", **options) -> bytes:
    return atom_feed("A Survey <of> Papers", ADDED, ENTRIES, author="The survey editors", site_url=site_url, **options)


def test_parses_cleanly_with_the_newest_editions_papers_first():
    parsed = feedparser.parse(build())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.feed.title == "A Survey <of> Papers"
    assert parsed.feed.updated == "2026-03-20T00:00:00+00:00"  # the latest edition, not the clock
    assert parsed.feed.generator == "survey"
    assert [e.link for e in parsed.entries] == ["papers/b.html#paper-beta", "papers/g.html#paper-gamma",
                                                "papers/a.html#paper-alpha", "papers/0-9.html#paper-0day"]
    beta, gamma, alpha, zero = parsed.entries
    assert alpha.title == "Alpha: a method" and alpha.summary == "Alpha does things."
    assert [a["name"] for a in alpha.authors] == ["Ada Lovelace", "Alan Turing"]
    assert alpha.updated_parsed[:3] == (2026, 3, 12) and beta.published_parsed[:3] == (2026, 3, 20)
    assert "authors" not in zero and "summary" not in zero and parsed.feed.author == "The survey editors"
    assert [t["term"] for t in gamma.tags] == ["Vision", "Audio"]
    assert len({e.id for e in parsed.entries}) == 4 and all(e.id.startswith("urn:uuid:") for e in parsed.entries)


def test_hostile_text_stays_literal_text():
    data = build()
    assert b"<script>" not in data and b"<![CDATA[" not in data and b"]]>" not in data
    beta = ElementTree.fromstring(data).findall(f"{ATOM}entry")[0]
    assert beta.find(f"{ATOM}title").text == HOSTILE
    assert beta.find(f"{ATOM}summary").text == HOSTILE and beta.find(f"{ATOM}summary").get("type") == "text"
    assert [a.find(f"{ATOM}name").text for a in beta.findall(f"{ATOM}author")] == ["O'Brien <ob@x>", "Zoë & Co"]
    parsed = feedparser.parse(data).entries[0]
    assert parsed.title == HOSTILE and parsed.summary == HOSTILE and parsed.summary_detail.type == "text/plain"


def test_characters_xml_cannot_carry_are_dropped():
    entries = [FeedEntry("alpha", "Bad\x00 \x07title\x1f\ud800", "line\x0bbreak\nkept", ("A\x01B",), "papers/a.html")]
    parsed = feedparser.parse(atom_feed("T", [(E1, ("alpha",))], entries, author="x"))
    assert parsed.bozo == 0
    assert parsed.entries[0].title == "Bad title" and parsed.entries[0].summary == "linebreak\nkept"
    assert parsed.entries[0].authors == [{"name": "AB"}]


def test_byte_identical_whatever_the_clock(monkeypatch):
    first = build()

    class AnyDatetime(type):
        def __instancecheck__(cls, obj):  # feedgen checks isinstance(value, datetime) against the patched name
            return isinstance(obj, dt.datetime)

    class Later(dt.datetime, metaclass=AnyDatetime):
        @classmethod
        def now(cls, tz=None):  # feedgen's default for `updated`
            return dt.datetime(2099, 1, 1, tzinfo=tz)

    import feedgen.entry
    import feedgen.feed
    monkeypatch.setattr(feedgen.feed, "datetime", Later)
    monkeypatch.setattr(feedgen.entry, "datetime", Later)
    assert feedgen.feed.FeedGenerator().updated().year == 2099  # the patch reaches feedgen's default
    assert build() == first and b"2099" not in first and b"feedgen" not in first


def test_byte_identical_across_processes_time_zones_and_hash_seeds():
    script = "import sys; from tests.formats.test_feed import build; sys.stdout.buffer.write(build('https://example.org/s/'))"
    outputs = set()
    for tz, seed in (("UTC", "1"), ("Asia/Kolkata", "2"), ("America/Los_Angeles", "random")):
        env = dict(os.environ, TZ=tz, PYTHONHASHSEED=seed, LC_ALL="C")
        outputs.add(subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, env=env).stdout)
    assert outputs == {build("https://example.org/s/")}


def test_links_are_relative_to_the_site_root_or_absolute_with_a_site_url():
    data = build()
    assert {link["rel"]: link["href"] for link in feedparser.parse(data).feed.links} == {
        "self": "feed.xml", "alternate": "index.html"}
    served = feedparser.parse(data, response_headers={"content-location": "https://host.example/s/feed.xml",
                                                      "content-type": "application/atom+xml"})
    assert served.bozo == 0 and served.entries[0].link == "https://host.example/s/papers/b.html#paper-beta"
    absolute = feedparser.parse(build("https://example.org/survey/"))
    assert absolute.entries[0].link == "https://example.org/survey/papers/b.html#paper-beta"


def test_ids_do_not_depend_on_title_or_later_editions():
    def ids(data):
        return {e.link.rsplit("#", 1)[1]: e.id for e in feedparser.parse(data).entries}

    base = ids(build())
    assert ids(atom_feed("Renamed", ADDED, ENTRIES, author="x")) == base
    e3 = RecordedEdition(dt.date(2026, 4, 1), "cccc00000003", ("000_a.txt", "001_b.txt", "002_c.txt"))
    more = ids(atom_feed("T", [*ADDED, (e3, ("delta",))], [*ENTRIES, paper("delta", "Delta")], author="x"))
    assert {k: v for k, v in more.items() if k != "paper-delta"} == base


def test_at_most_limit_entries_the_newest_editions_first():
    editions = [RecordedEdition(dt.date(2026, 1, d), f"v{d}", (f"{d}.txt",)) for d in range(1, 4)]
    added = [(e, tuple(f"p{e.date.day}-{i:03d}" for i in range(60))) for e in editions]
    entries = [paper(k, k.upper()) for _, keys in added for k in keys]
    parsed = feedparser.parse(atom_feed("T", added, entries, author="x"))
    assert len(parsed.entries) == LIMIT == 100
    assert [e.updated_parsed.tm_mday for e in parsed.entries] == [3] * 60 + [2] * 40


@pytest.mark.parametrize("added", [[], [(E1, ("missing",))]])
def test_no_edition_or_no_known_paper_gives_a_valid_empty_feed(added):
    parsed = feedparser.parse(atom_feed("T", added, ENTRIES, author="x"))
    assert parsed.bozo == 0 and parsed.entries == []
