"""Command-line entry point: `python -m survey build` regenerates every derived file from data/."""
from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from threadpoolctl import threadpool_limits

from . import charts
from .chapters import Corpus, book_pages
from .entries import PAPERS_DIR, edition
from .enrich import enrich_file
from .errors import InputError
from .exports import DOWNLOADS, download_files
from .ingest import ingest, normalize_title
from .lexicon import load_lexicon
from .metadata import load_metadata
from .outputs import write_if_changed
from .table import build_table
from .taxonomy import load_overrides, load_taxonomy

log = logging.getLogger("survey")
TEX_TOOLS = ("xelatex", "latexmk")
TEX_PACKAGES = ("texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex "
                "texlive-science texlive-fonts-extra latexmk fonts-freefont-otf")


def generate(root: Path) -> dict[str, str | bytes]:
    """Every generated file's content keyed by its path relative to `root`; nothing is written.

    BLAS runs on one thread: the vectors are small, and with another process on the second core a
    multi-threaded dot product of two 50,000-term vectors took 7 ms instead of 8 us (measured)."""
    with threadpool_limits(limits=1, user_api="blas"):
        return _generate(root)


def _generate(root: Path) -> dict[str, str | bytes]:
    data = root / "data"
    papers = ingest(data / "raw")
    taxonomy = load_taxonomy(data / "themes.yml")
    overrides = load_overrides(data / "overrides.yml", taxonomy, {normalize_title(p.title) for p in papers})
    table = build_table(papers, load_metadata(data / "arxiv_metadata.csv"), taxonomy, overrides)
    corpus = Corpus.from_table(table, taxonomy, load_lexicon(data / "lexicon.yml"))
    downloads = download_files(table, taxonomy, corpus.bibtex)
    # The book's own copies of the paper table and the bibliography are the downloads' bytes.
    outputs: dict[str, str | bytes] = {"data/papers.csv": downloads[f"{DOWNLOADS}/papers.csv"],
                                       "references.bib": downloads[f"{DOWNLOADS}/references.bib"], **downloads}
    figures = charts.book_charts(corpus)
    outputs.update(book_pages(corpus, figures, edition(root, table)))
    outputs.update(charts.book_files(figures, root))
    return outputs


def write_outputs(root: Path, outputs: dict[str, str | bytes]) -> list[str]:
    """Write changed files, delete generated pages and files that no longer exist; return what changed."""
    changed = [name for name, content in sorted(outputs.items()) if write_if_changed(root / name, content)]
    for stale in sorted([*(root / "chapters").glob("*.md"), *(root / "chapters" / charts.FIGURE_DIR).glob("*.png"),
                         *(root / PAPERS_DIR).glob("*.md"), *(root / DOWNLOADS / "chapters").glob("*.bib")]):
        name = stale.relative_to(root).as_posix()
        if name not in outputs:
            stale.unlink()
            changed.append(f"removed {name}")
    return changed


def build(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    outputs = generate(root)
    changed = write_outputs(root, outputs)
    log.info("%d generated files, %d changed%s", len(outputs), len(changed), (": " + ", ".join(changed)) if changed else "")
    return 0


def pdf(args: argparse.Namespace) -> int:
    """Build the PDF edition with Jupyter Book's LaTeX builder, after checking TeX is installed, and copy it
    next to the other downloads (downloads/survey.pdf), where the site links to it."""
    missing = [tool for tool in TEX_TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"error: the PDF needs TeX Live ({', '.join(missing)} not found). "
              f"On Debian or Ubuntu: sudo apt-get install {TEX_PACKAGES}", file=sys.stderr)
        return 2
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    root = Path(args.root).resolve()
    command = [str(jupyter_book), "build", str(root), "--builder", "pdflatex", "--warningiserror", "--keep-going", "--quiet"]
    status = subprocess.run(command, check=False).returncode
    built = root / "_build" / "latex" / "survey.pdf"
    if status == 0 and built.is_file():
        write_if_changed(root / DOWNLOADS / "survey.pdf", built.read_bytes())
        log.info("PDF: %s (copied to %s/survey.pdf)", built, DOWNLOADS)
    return status


def enrich(args: argparse.Namespace) -> int:
    """Online, never run by build: fill data/arxiv_metadata.csv from the arXiv API for the papers it lacks."""
    root = Path(args.root).resolve()
    path = root / "data" / "arxiv_metadata.csv"
    load_metadata(path)  # a malformed file stops here, untouched
    titles = [paper.title for paper in ingest(root / "data" / "raw")]
    report = enrich_file(path, titles, limit=args.limit, dry_run=args.dry_run)
    for title in report.added:
        log.info("added: %s", title)
    for title, columns in report.filled:
        log.info("filled %s: %s", ", ".join(columns), title)
    for title in report.conflicts:
        log.warning("the curated arXiv id of %r leads to another title; left as it is", title)
    log.info("%s%s", report.summary(), " (dry run: nothing written)" if args.dry_run else "; now run `make site`")
    return 1 if report.error else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="survey", description=__doc__)
    parser.add_argument("--root", default=".", help="the book's folder (holding data/), default: current folder")
    parser.add_argument("--quiet", action="store_true", help="print warnings and errors only")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="regenerate the paper table, BibTeX, chapters and _toc.yml from data/")
    commands.add_parser("pdf", help="build the PDF edition into _build/latex/ (needs TeX Live)")
    enrich_parser = commands.add_parser(
        "enrich", help="online: fill data/arxiv_metadata.csv from the arXiv API (exact titles only, never overwrites)")
    enrich_parser.add_argument("--limit", type=int, default=None, help="look up at most N papers")
    enrich_parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s: %(message)s")
    try:
        return {"build": build, "pdf": pdf, "enrich": enrich}[args.command](args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
