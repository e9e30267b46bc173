"""The `survey` command: `survey build` regenerates every derived file from data/."""
from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from .analysis.draft_taxonomy import draft_taxonomy, to_yaml
from .core.errors import InputError
from .core.files import write_if_changed
from .formats.exports import DOWNLOADS
from .inputs.enrich import enrich_file
from .inputs.metadata import load_metadata
from .pipeline import DRAFT_THEMES, corpus_papers, generate, write_outputs

log = logging.getLogger("survey")
TEX_TOOLS = ("xelatex", "latexmk")
TEX_PACKAGES = ("texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex "
                "texlive-science texlive-fonts-extra latexmk fonts-freefont-otf")


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
    titles = [paper.title for paper in corpus_papers(root)]
    report = enrich_file(path, titles, limit=args.limit, dry_run=args.dry_run)
    for title in report.added:
        log.info("added: %s", title)
    for title, columns in report.filled:
        log.info("filled %s: %s", ", ".join(columns), title)
    for title in report.conflicts:
        log.warning("the curated arXiv id of %r leads to another title; left as it is", title)
    log.info("%s%s", report.summary(), " (dry run: nothing written)" if args.dry_run else "; now run `make site`")
    return 1 if report.error else 0


def draft_themes(args: argparse.Namespace) -> int:
    """Draft a taxonomy from the corpus into data/themes.draft.yml (never touches a curated data/themes.yml)."""
    root = Path(args.root).resolve()
    papers = corpus_papers(root)
    draft = draft_taxonomy([p.title for p in papers], [p.abstract for p in papers])
    write_if_changed(root / DRAFT_THEMES, to_yaml(draft))
    log.info("%s: %d chapters drafted from %d papers (k=%d by silhouette) + fallback; curate it, then save it as "
             "data/themes.yml", DRAFT_THEMES, len(draft.chapters) - 1, len(papers), draft.k)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="survey", description=__doc__)
    parser.add_argument("--root", default=".", help="the book's folder (holding data/), default: current folder")
    parser.add_argument("--quiet", action="store_true", help="print warnings and errors only")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="regenerate the paper table, BibTeX, chapters and _toc.yml from data/")
    commands.add_parser("pdf", help="build the PDF edition into _build/latex/ (needs TeX Live)")
    commands.add_parser("draft-themes", help="draft a taxonomy from the corpus into data/themes.draft.yml for an "
                                             "editor to curate (what `build` does when data/themes.yml is missing)")
    enrich_parser = commands.add_parser(
        "enrich", help="online: fill data/arxiv_metadata.csv from the arXiv API (exact titles only, never overwrites)")
    enrich_parser.add_argument("--limit", type=int, default=None, help="look up at most N papers")
    enrich_parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s: %(message)s")
    try:
        return {"build": build, "pdf": pdf, "enrich": enrich, "draft-themes": draft_themes}[args.command](args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
