"""Synthetic survey corpora for the benchmark, in the real listing format, from the real corpus's text.

A synthetic paper is made by recombining the real corpus deterministically (seeded random):

- its abstract takes the sentence count of a real "base" paper, and each sentence is the sentence at the
  same position of a paper of the base paper's chapter (the chapter is read from data/papers.csv), so the
  theme rules, TF-IDF, short names, links and summaries see realistic text in realistic proportions;
- its title is either a coined method name plus a title tail of that chapter ("CatFusion: ...", as 63% of
  the real titles hold a colon), or the head of one real title of the chapter joined to the tail of
  another; titles are distinct after normalization, as the real ones are.

Listing pages hold 45-80 listings (the real pages hold 48-80), about 7% of which repeat a paper of an
earlier page, as in the real corpus. A matching data/arxiv_metadata.csv lists about 90% of the papers
(the real share), with well-formed arXiv ids and authors recombined from the real author names.
data/themes.yml, data/lexicon.yml and _config.yml are copied; data/overrides.yml is not (its titles do not
exist here).

    python bench/synthetic.py --papers 10000 --out /tmp/corpus-10k
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
import re
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADER = ("new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community")
PAGE_SIZE = (45, 80)
REPEAT_SHARE = 0.07
METADATA_SHARE = 0.9
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[])")  # as survey.facts.sentences
NAME_CHUNK = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|\d+[A-Za-z]*|[a-z]+")
TITLE_NAME = re.compile(r"^([^\s:][^:]{0,39}?)\s*:\s+(\S.*)$")
METADATA_COLUMNS = ("title", "arxiv_id", "authors", "authors_complete", "submitted", "evidence_url")


def normalize(title: str) -> str:
    """Same identity as survey.ingest.normalize_title (kept here so the generator can run without it)."""
    import unicodedata
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def read_listing_pairs(text: str) -> list[tuple[str, str]]:
    """(title, abstract) pairs of one real listing page (the pages are well formed: title, abstract, ...)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    content = [line for line in lines if line]
    body = content[len(HEADER) + 1:]
    return [(body[i], body[i + 1] if i + 1 < len(body) else "") for i in range(0, len(body), 2)]


@dataclass
class Source:
    """What the synthetic corpus is recombined from: real papers grouped by chapter, and name parts."""

    groups: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)  # chapter -> (title, sentences)
    tails: dict[str, list[str]] = field(default_factory=dict)  # chapter -> title tails
    heads: dict[str, list[list[str]]] = field(default_factory=dict)  # chapter -> title word lists (no colon)
    name_chunks: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)
    themes_yml: Path | None = None
    config_yml: Path | None = None
    lexicon_yml: Path | None = None  # data/lexicon.yml: dataset and metric names, kept when the real book has one


def load_source(real_root: Path = REPO) -> Source:
    """Read the real corpus's listing pages, its paper table (for chapters) and its metadata (for names)."""
    chapter_of: dict[str, str] = {}
    table = real_root / "data" / "papers.csv"
    if table.exists():
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                chapter_of[normalize(row["title"])] = row["primary_theme"]
    source = Source(themes_yml=real_root / "data" / "themes.yml", config_yml=real_root / "_config.yml",
                    lexicon_yml=real_root / "data" / "lexicon.yml")
    seen: set[str] = set()
    chunks: set[str] = set()
    groups, tails, heads = defaultdict(list), defaultdict(list), defaultdict(list)
    for page in sorted((real_root / "data" / "raw").glob("*.txt")):
        for title, abstract in read_listing_pairs(page.read_text(encoding="utf-8")):
            identity = normalize(title)
            if identity in seen or not abstract:
                continue
            seen.add(identity)
            chapter = chapter_of.get(identity, "all")
            groups[chapter].append((title, sentences(abstract)))
            match = TITLE_NAME.match(title)
            if match:
                tails[chapter].append(match.group(2))
                if " " not in match.group(1):  # a coined one-token name (CatVTON, Stable-Hair)
                    chunks.update(c for c in NAME_CHUNK.findall(match.group(1)) if len(c) >= 2)
            else:
                heads[chapter].append(title.split())
                tails[chapter].append(title)
    source.groups, source.tails, source.heads = dict(groups), dict(tails), dict(heads)
    source.name_chunks = sorted(chunks)
    given, family = set(), set()
    metadata = real_root / "data" / "arxiv_metadata.csv"
    if metadata.exists():
        with metadata.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for author in (a.strip() for a in row["authors"].split(";")):
                    parts = author.split()
                    if len(parts) >= 2:
                        given.add(parts[0])
                        family.add(parts[-1])
    source.given, source.family = sorted(given) or ["Ada"], sorted(family) or ["Lovelace"]
    return source


class PaperMaker:
    """Deterministic stream of distinct synthetic (title, abstract) pairs."""

    def __init__(self, source: Source, seed: int) -> None:
        self.source = source
        self.random = random.Random(seed)
        self.seen: set[str] = set()
        # Chapters weighted by their real size, so the synthetic corpus has the real chapter proportions.
        self.chapters = sorted(source.groups)
        self.weights = [len(source.groups[c]) for c in self.chapters]

    def coined_name(self) -> str:
        chunks = self.random.sample(self.source.name_chunks, self.random.choice((2, 2, 3)))
        name = "".join(c if c.isupper() or c[0].isdigit() else c.capitalize() for c in chunks)
        return name if self.random.random() < 0.8 else name + self.random.choice(("-2", "++", "3D", "-XL", "v2"))

    def title(self, chapter: str) -> str:
        tails = self.source.tails.get(chapter) or [t for ts in self.source.tails.values() for t in ts]
        heads = self.source.heads.get(chapter) or [h for hs in self.source.heads.values() for h in hs]
        for attempt in range(1000):
            if self.random.random() < 0.63 or len(heads) < 2 or attempt > 20:
                title = f"{self.coined_name()}: {self.random.choice(tails)}"
            else:
                first, second = self.random.sample(heads, 2)
                cut_first = self.random.randint(1, max(1, len(first) - 1))
                cut_second = self.random.randint(1, max(1, len(second) - 1))
                title = " ".join(first[:cut_first] + second[cut_second:])
            identity = normalize(title)
            if identity and identity not in self.seen:
                self.seen.add(identity)
                return title
        raise RuntimeError("could not make a distinct title")  # pragma: no cover

    def abstract(self, chapter: str) -> str:
        group = self.source.groups[chapter]
        _, base = self.random.choice(group)
        out = []
        for position in range(len(base)):
            _, donor = self.random.choice(group)
            pool = donor if position < len(donor) else base
            out.append(pool[min(position, len(pool) - 1)])
        return " ".join(out)

    def paper(self) -> tuple[str, str]:
        chapter = self.random.choices(self.chapters, self.weights)[0]
        return self.title(chapter), self.abstract(chapter)


def page_text(date_line: str, listings: list[tuple[str, str]]) -> str:
    lines = [*HEADER, date_line]
    for title, abstract in listings:
        lines += [title, abstract]
    return "\n\n".join(lines) + "\n"


def date_line(index: int) -> str:
    day = date(2024, 1, 1) + timedelta(days=index // 2)  # two pages a day, as a daily listing grows
    return f"{day:%b} {day.day}"


def page_name(seed: int, index: int) -> str:
    digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:16]
    return f"{index:05d}_{digest}.txt"


def metadata_rows(papers: list[tuple[str, str]], source: Source, rng: random.Random) -> list[dict[str, str]]:
    rows = []
    for number, (title, _) in enumerate(papers):
        if rng.random() >= METADATA_SHARE:
            continue
        year, month = rng.choice((22, 23, 24, 25)), rng.randint(1, 12)
        arxiv_id = f"{year}{month:02d}.{number % 100000:05d}" if rng.random() > 0.015 else ""
        authors = [] if rng.random() < 0.09 else [
            f"{rng.choice(source.given)} {rng.choice(source.family)}" for _ in range(rng.randint(1, 9))]
        submitted = f"20{year}-{month:02d}-{rng.randint(1, 28):02d}" if arxiv_id and rng.random() < 0.27 else ""
        rows.append({"title": title, "arxiv_id": arxiv_id, "authors": "; ".join(authors),
                     "authors_complete": "no" if authors and rng.random() < 0.03 else "yes",
                     "submitted": submitted,
                     "evidence_url": f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else ""})
    return rows


@dataclass(frozen=True)
class Corpus:
    root: Path
    papers: int  # distinct papers in data/raw
    listings: int
    pages: int
    held_out: dict[str, str]  # page name -> text of pages kept back (for the "add one page" rebuild)
    held_out_papers: int


def make_corpus(out: Path, papers: int, *, seed: int = 0, held_out_pages: int = 1, source: Source | None = None) -> Corpus:
    """Write a synthetic book folder (data/raw/, data/arxiv_metadata.csv, data/themes.yml, _config.yml).

    `papers` distinct papers go into data/raw/; `held_out_pages` more pages of new papers (plus repeats)
    are returned, not written, so a benchmark can add them later. The metadata file already lists the
    held-out papers too, so adding a page changes data/raw/ only.
    """
    source = source or load_source()
    rng = random.Random(seed)
    maker = PaperMaker(source, seed)
    pages: list[list[tuple[str, str]]] = []
    distinct: list[tuple[str, str]] = []
    kept_distinct = 0
    while kept_distinct < papers:
        size = rng.randint(*PAGE_SIZE)
        listings = []
        for _ in range(size):
            if distinct and rng.random() < REPEAT_SHARE:
                listings.append(rng.choice(distinct))  # listed again on a later page
            elif kept_distinct < papers:
                distinct.append(maker.paper())
                kept_distinct += 1
                listings.append(distinct[-1])
            else:
                break
        pages.append(listings)
    held: list[list[tuple[str, str]]] = []
    for _ in range(held_out_pages):
        size = rng.randint(*PAGE_SIZE)
        listings = []
        for _ in range(size):
            if rng.random() < REPEAT_SHARE:
                listings.append(rng.choice(distinct))
            else:
                listings.append(maker.paper())
        held.append(listings)
    known = set(distinct)
    new_papers = list(dict.fromkeys(p for page in held for p in page if p not in known))

    if out.exists():
        shutil.rmtree(out)
    raw = out / "data" / "raw"
    raw.mkdir(parents=True)
    for index, listings in enumerate(pages):
        (raw / page_name(seed, index)).write_text(page_text(date_line(index), listings), encoding="utf-8")
    held_out = {page_name(seed, len(pages) + k): page_text(date_line(len(pages) + k), listings)
                for k, listings in enumerate(held)}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=METADATA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(metadata_rows(distinct + new_papers, source, rng))
    (out / "data" / "arxiv_metadata.csv").write_text(buffer.getvalue(), encoding="utf-8")
    shutil.copyfile(source.themes_yml, out / "data" / "themes.yml")
    shutil.copyfile(source.config_yml, out / "_config.yml")
    if source.lexicon_yml is not None and source.lexicon_yml.exists():
        shutil.copyfile(source.lexicon_yml, out / "data" / "lexicon.yml")
    for name in ("attributes.yml", "sentence_roles.csv"):  # vocabularies, not papers: kept as they are
        if (source.themes_yml.parent / name).exists():
            shutil.copyfile(source.themes_yml.parent / name, out / "data" / name)
    return Corpus(out, len(distinct), sum(len(p) for p in pages), len(pages), held_out, len(new_papers))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, required=True, help="distinct papers in data/raw/")
    parser.add_argument("--out", type=Path, required=True, help="folder to (re)create")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = make_corpus(args.out, args.papers, seed=args.seed)
    print(f"{corpus.papers} papers, {corpus.listings} listings on {corpus.pages} pages in {corpus.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
