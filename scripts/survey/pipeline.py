"""The pipeline: the stages in order, from the files under `data/` to every generated file.

    inputs    read the listing pages and bibliographic exports of data/raw (merged, with a report per file;
              listing text corrected by data/corrections.yml, pages described by data/sources.yml),
              curated metadata, lexicon, noise words, hand-labelled sentence roles and recorded editions
    taxonomy  read the taxonomy, overrides and attribute vocabulary; without data/themes.yml, draft a
              taxonomy from the corpus (analysis.draft_taxonomy), written to data/themes.draft.yml for an
              editor and used for this build
    roles     fit the sentence-role classifier on the labelled sentences (analysis.roles)
    assemble  each paper's facts, metadata, key, themes, sentence roles and attributes (analysis.papers)
    corpus    text vectors and the indexes every page needs (analysis.corpus)
    bibtex    each paper's BibTeX entry (formats.bibtex)
    downloads BibTeX per chapter, RIS, CSL-JSON and the paper table (formats.exports)
    charts    the Altair charts of every page (site.charts)
    pages     every MyST page and _toc.yml (site.book)
    figures   the charts' PNGs for the PDF (drawn only with Options.pngs) and the local Vega bundle (site.charts)

`generate` is pure: it returns every generated file's content and writes nothing (except, when
`Options.cache` names a folder, the fitted role model there); `write_outputs` writes what changed. The
downloads and the tables of data/ (the largest files) are held as the UTF-8 bytes they are written as: as
Python text, where one Greek letter makes a string take two bytes per character, they took 286 MiB at
10,000 papers, nearly a third of the run's peak memory; as bytes, 143 MiB. They are made as bytes too, never
whole as text (formats.exports says why).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from threadpoolctl import threadpool_limits

from .analysis.corpus import Corpus
from .analysis.draft_taxonomy import draft_taxonomy, to_yaml
from .analysis.papers import build_papers
from .analysis.roles import RoleModel
from .core.digest import stray_files
from .core.files import write_if_changed
from .core.memory import collected_between_stages
from .formats.bibtex import entry_texts
from .formats.exports import DOWNLOADS, download_files
from .inputs.attributes import load_attributes
from .inputs.corrections import apply_corrections, load_corrections
from .inputs.editions import load_editions
from .inputs.lexicon import load_lexicon
from .inputs.listings import ListedPaper
from .inputs.metadata import Metadata, load_metadata, with_aliases
from .inputs.raw_files import LISTING_KIND, RawInputs, read_raw_files
from .inputs.sentence_roles import load_sentence_roles
from .inputs.sources import load_sources
from .inputs.taxonomy import load_overrides, load_taxonomy
from .inputs.vocabulary import load_noise_words
from .model import table
from .model.paper import normalize_title
from .model.taxonomy import Taxonomy
from .site import charts
from .site.book import PageLimits, book_pages
from .site.edition import edition

log = logging.getLogger(__name__)

STAGES = ("inputs", "taxonomy", "roles", "assemble", "corpus", "bibtex", "downloads", "charts", "pages", "figures")

StageTimes = Callable[[str, float], None]
THEMES = "data/themes.yml"
DRAFT_THEMES = "data/themes.draft.yml"


@dataclass(frozen=True)
class Options:
    """How to generate: page-split limits (tests and the benchmark lower them to force splits), whether
    to draw the charts' PNGs, which only the PDF shows (`survey pdf`; otherwise charts without a current
    PNG get a placeholder, see site.charts), and where to keep the fitted role model."""

    limits: PageLimits = field(default_factory=PageLimits)
    pngs: bool = False
    cache: Path | None = None  # where the fitted role model is kept between runs (analysis.roles); None: fit every run


class _Stages:
    """`with stage(name):` runs one stage of STAGES: at its end its cyclic garbage is collected and what it
    kept is frozen (`stage_done`, core.memory), then `on_stage(name, seconds)` is told its time."""

    def __init__(self, on_stage: StageTimes | None, stage_done: Callable[[], None]):
        self.on_stage, self.stage_done = on_stage, stage_done

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.stage_done()
        if self.on_stage is not None:
            self.on_stage(name, time.perf_counter() - started)


def generate(root: Path, options: Options = Options(), on_stage: StageTimes | None = None) -> dict[str, str | bytes]:
    """Every generated file's content keyed by its path relative to `root`; nothing is written.
    `on_stage(name, seconds)` is called after each stage of STAGES.

    BLAS runs on one thread: the vectors are small, and with another process on the second core a
    multi-threaded dot product of two 50,000-term vectors took 7 ms instead of 8 us (measured). The garbage
    collector walks each stage's data once, at the stage's end (core.memory.collected_between_stages)."""
    with threadpool_limits(limits=1, user_api="blas"), collected_between_stages() as stage_done:
        return _generate(root, options, _Stages(on_stage, stage_done))


def _generate(root: Path, options: Options, stage: _Stages) -> dict[str, str | bytes]:
    data = root / "data"
    with stage("inputs"):
        curated = load_metadata(data / "arxiv_metadata.csv")
        raw, listed, aliases = _listed_papers(data, curated)
        metadata = with_aliases(curated, aliases)
        lexicon = load_lexicon(data / "lexicon.yml")
        labelled = load_sentence_roles(data / "sentence_roles.csv")
        noise = load_noise_words(data / "vocabulary.yml")
        pages = load_sources(data / "sources.yml", raw.listing_dates,
                             {f.source: f.kind for f in raw.report.files if f.kind != LISTING_KIND})
        recorded = load_editions(data / "editions.yml")
    outputs: dict[str, str | bytes] = {}
    with stage("taxonomy"):
        if (root / THEMES).exists():
            taxonomy = load_taxonomy(root / THEMES)
            overrides = load_overrides(data / "overrides.yml", taxonomy, {normalize_title(p.title) for p in listed})
            attributes = load_attributes(data / "attributes.yml", [c.slug for c in taxonomy.chapters])
        else:
            outputs[DRAFT_THEMES], taxonomy = drafted_taxonomy(root, listed)
            overrides, attributes = {}, load_attributes(data / "attributes.yml")
    with stage("roles"):
        roles = RoleModel(labelled) if options.cache is None else RoleModel.cached(labelled, options.cache)
    with stage("assemble"):
        papers = build_papers(listed, metadata, taxonomy, overrides, roles, attributes)
    with stage("corpus"):
        corpus = Corpus.build(papers, taxonomy, roles, lexicon, attributes, noise, pages)
    with stage("bibtex"):
        bibtex = entry_texts(corpus.papers)
    with stage("downloads"):
        downloads = download_files(corpus.papers, taxonomy, [corpus.sentences(i) for i in range(len(corpus))], bibtex,
                                   pages)  # bytes: see the module doc
        # The book's own copies of the sentence roles and the bibliography are the downloads' bytes;
        # data/papers.csv is the editors' table, which also names the listing pages' files (the download
        # names them in words).
        outputs.update({"data/papers.csv": table.to_csv(corpus.papers),
                        "data/sentences.csv": downloads[f"{DOWNLOADS}/sentences.csv"],
                        "references.bib": downloads[f"{DOWNLOADS}/references.bib"], **downloads})
    with stage("charts"):
        figures = charts.book_charts(corpus)
    with stage("pages"):
        outputs.update(book_pages(corpus, bibtex, figures, edition(root, corpus.papers, recorded), options.limits,
                                  raw.report))
    with stage("figures"):
        outputs.update(charts.book_files(figures, root, render=options.pngs))
    return outputs


def known_ids(metadata: dict[str, Metadata]) -> dict[str, str]:
    """Normalized title -> curated arXiv id: how an export spelling a listed title differently meets it."""
    return {title: m.arxiv_id for title, m in metadata.items() if m.arxiv_id}


def _listed_papers(data: Path, curated: dict[str, Metadata]) -> tuple[RawInputs, list[ListedPaper], dict[str, str]]:
    """The input files of data/raw read and merged, their distinct papers with data/corrections.yml applied,
    and the corrected titles' aliases (curated files may name a paper by its listed or its corrected title).
    Exports meet listed papers by the curated arXiv ids of data/arxiv_metadata.csv (`curated`, as written
    there)."""
    raw = read_raw_files(data / "raw", known_ids(curated))
    corrections = load_corrections(data / "corrections.yml", {normalize_title(p.title) for p in raw.papers})
    listed, aliases = apply_corrections(data / "corrections.yml", raw.papers, corrections)
    return raw, listed, aliases


def corpus_papers(root: Path) -> list[ListedPaper]:
    """The distinct papers of data/raw, merged and corrected as the build does (for `survey enrich`,
    `draft-themes`)."""
    return _listed_papers(root / "data", load_metadata(root / "data" / "arxiv_metadata.csv"))[1]


def drafted_taxonomy(root: Path, listed: list[ListedPaper]) -> tuple[str, Taxonomy]:
    """A taxonomy drafted from the papers' text (no data/themes.yml yet): its YAML, for data/themes.draft.yml,
    and the taxonomy itself, marked as a draft."""
    if (root / "data" / "overrides.yml").exists():
        log.warning("%s: not used: the overrides name chapters of a curated taxonomy, and data/themes.yml does "
                    "not exist (this build drafts one, see %s)", root / "data" / "overrides.yml", DRAFT_THEMES)
    text = to_yaml(draft_taxonomy([p.title for p in listed], [p.abstract for p in listed]))
    log.warning("%s does not exist: the taxonomy is drafted from the corpus and written to %s; curate it and "
                "save it as %s", THEMES, DRAFT_THEMES, THEMES)
    return text, load_taxonomy(root / DRAFT_THEMES, text, draft=True)


def write_outputs(root: Path, outputs: dict[str, str | bytes]) -> list[str]:
    """Write changed files, delete generated pages and files that no longer exist; return what changed."""
    changed = [name for name, content in sorted(outputs.items()) if write_if_changed(root / name, content)]
    for name in stray_files(root, outputs):
        (root / name).unlink()
        changed.append(f"removed {name}")
    return changed
