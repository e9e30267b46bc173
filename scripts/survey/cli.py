"""The `survey` command: `survey build` regenerates every derived file from data/; `survey edition`
records the listing pages as an edition (data/editions.yml)."""
from __future__ import annotations

import argparse
import datetime
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from .core import digest
from .core.errors import InputError
from .core.files import write_if_changed
from .core.memory import keep_freed_memory

# The generator's libraries (pandas, scikit-learn, Altair, ...) take seconds to import: the modules that
# use them are imported inside the commands, after `build` has checked whether there is anything to do.

log = logging.getLogger("survey")
PACKAGE = Path(__file__).resolve().parent
MANIFEST = Path("_build") / "survey-digest.json"  # relative to the book root; `make clean` removes it
CACHE = Path("_build") / "survey-cache"  # the fitted sentence-role model, by a digest of its sentences and code
CONFIG_FILES = ("_config.yml", "requirements.txt", "pyproject.toml")
TEX_TOOLS = ("xelatex", "latexmk")
TEX_PACKAGES = ("texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-xetex "
                "texlive-science texlive-fonts-extra latexmk fonts-freefont-otf")


def build_inputs(root: Path) -> str:
    """The digest of everything a generation reads: every file under data/ (except the pipeline's own copies
    of its outputs there), _config.yml and the pins, the generator's own source files, the versions of
    Python and of every installed distribution."""
    files = [(f"data/{p.relative_to(root / 'data').as_posix()}", p)
             for p in digest.tree_files(root / "data", skip=digest.GENERATED_DATA)]
    files += [(name, root / name) for name in CONFIG_FILES]
    files += [(f"survey/{p.relative_to(PACKAGE).as_posix()}", p) for p in digest.tree_files(PACKAGE)]
    return digest.inputs_digest(files, digest.installed_versions())


def current_outputs(root: Path, inputs: str) -> dict[str, str] | None:
    """The recorded outputs when the manifest says they were made from `inputs` and they are all in place,
    unmodified, with no stray file among them; None when a run is needed."""
    outputs = digest.recorded_outputs(root / MANIFEST, inputs)
    if outputs is None or not digest.outputs_intact(root, outputs) or digest.stray_files(root, outputs):
        return None
    return outputs


def build(args: argparse.Namespace) -> int:
    """Regenerate every derived file, unless the manifest shows they were made from exactly these inputs
    (data, configuration, the generator's code and every installed version) and are untouched since."""
    root = Path(args.root).resolve()
    inputs = build_inputs(root)
    outputs = None if args.force else current_outputs(root, inputs)
    if outputs is not None:
        log.info("%d generated files, 0 changed (inputs unchanged since the last run: nothing to do)", len(outputs))
        return 0
    _generate(root, inputs, pngs=False)
    return 0


def _generate(root: Path, inputs: str, pngs: bool) -> None:
    from .pipeline import Options, generate, write_outputs

    keep_freed_memory()  # core.memory: a large corpus otherwise faults the same memory in again and again
    digest.forget(root / MANIFEST)  # a run that fails leaves no manifest behind
    generated = generate(root, Options(pngs=pngs, cache=root / CACHE))
    changed = write_outputs(root, generated)
    digest.record(root / MANIFEST, inputs, generated)
    log.info("%d generated files, %d changed%s", len(generated), len(changed), (": " + ", ".join(changed)) if changed else "")


SITE_STAMP = Path("_build") / "survey-site.json"
HTML = Path("_build") / "html"
# Top-level folders the HTML build neither reads nor loads (hidden ones neither): data/ is in _config.yml's
# exclude_patterns (survey build turns it into pages), like tests/ and bench/.
NOT_BOOK = ("_build", "data", "tests", "bench")


def site_inputs(root: Path, command: list[str]) -> str:
    """The digest of what the HTML build reads: every file of the book's folder but _build/, data/, tests/,
    bench/ and hidden ones (pages, _toc.yml, _config.yml, _static/, references.bib, downloads/, the Sphinx
    extension's source), the installed versions (Jupyter Book, Sphinx, the theme) and the command."""
    files = [(p.relative_to(root).as_posix(), p) for p in digest.tree_files(root)
             if p.relative_to(root).parts[0] not in NOT_BOOK]
    files += [(f"survey/{p.relative_to(PACKAGE).as_posix()}", p) for p in digest.tree_files(PACKAGE)]  # wherever installed
    return digest.inputs_digest(files, [*digest.installed_versions(), " ".join(command[2:])])


def site_digest(root: Path) -> str:
    """The digest of the built site: every file under _build/html."""
    html = root / HTML
    return digest.inputs_digest((p.relative_to(html).as_posix(), p) for p in digest.tree_files(html))


def site(args: argparse.Namespace) -> int:
    """`make site`: `build`, then Jupyter Book, unless the site was built by this command from exactly the
    same book files, with the same versions, and is unmodified since (a stamp in _build/ records both
    digests). Jupyter Book's own no-change build takes about 1 s (it loads its saved environment); this
    check about 0.1 s."""
    status = build(args)
    if status:
        return status
    root = Path(args.root).resolve()
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--warningiserror", "--keep-going",
               "--quiet"]
    inputs = site_inputs(root, command)
    try:
        stamp = json.loads((root / SITE_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = None
    if not args.force and stamp == {"inputs": inputs, "html": site_digest(root)}:
        log.info("the site in %s is current: nothing to build", HTML)
        return 0
    digest.forget(root / SITE_STAMP)
    status = subprocess.run(command, check=False).returncode
    if status == 0 and site_inputs(root, command) == inputs:  # nothing changed the book meanwhile
        write_if_changed(root / SITE_STAMP, json.dumps({"inputs": inputs, "html": site_digest(root)}, sort_keys=True) + "\n")
    return status


def pdf(args: argparse.Namespace) -> int:
    """Generate (as `build` does, and also drawing the charts' PNGs, which only the PDF shows), then build
    the PDF edition with Jupyter Book's LaTeX builder, after checking TeX is installed, and copy it next to
    the other downloads (downloads/survey.pdf), where the site links to it."""
    missing = [tool for tool in TEX_TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"error: the PDF needs TeX Live ({', '.join(missing)} not found). "
              f"On Debian or Ubuntu: sudo apt-get install {TEX_PACKAGES}", file=sys.stderr)
        return 2
    from .formats.exports import DOWNLOADS
    from .site.charts import PLACEHOLDER_PNG

    root = Path(args.root).resolve()
    inputs = build_inputs(root)
    outputs = current_outputs(root, inputs)
    if outputs is None or digest.content_digest(PLACEHOLDER_PNG) in outputs.values():
        _generate(root, inputs, pngs=True)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(root), "--builder", "pdflatex", "--warningiserror", "--keep-going", "--quiet"]
    status = subprocess.run(command, check=False).returncode
    built = root / "_build" / "latex" / "survey.pdf"
    if status == 0 and built.is_file():
        write_if_changed(root / DOWNLOADS / "survey.pdf", built.read_bytes())
        log.info("PDF: %s (copied to %s/survey.pdf)", built, DOWNLOADS)
    return status


def enrich(args: argparse.Namespace) -> int:
    """Online, never run by build: fill data/arxiv_metadata.csv from the arXiv API for the papers it lacks."""
    from .inputs.enrich import enrich_file
    from .inputs.metadata import load_metadata
    from .pipeline import corpus_papers

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


def edition(args: argparse.Namespace) -> int:
    """Record the listing pages of data/raw as an edition in data/editions.yml (the one place the clock is
    read: today's date, unless --date gives one); review the diff, commit it, then `make site`."""
    from .inputs.editions import current_listings, record_edition
    from .site.edition import corpus_version

    root = Path(args.root).resolve()
    raw, path = root / "data" / "raw", root / "data" / "editions.yml"
    listings = current_listings(raw)
    if not listings:
        raise InputError(raw, "there is no input file", "Add listing pages (*.txt) or exports (.bib, .ris, .json, .xml) first")
    try:
        date = datetime.date.fromisoformat(args.date) if args.date else datetime.date.today()
    except ValueError:
        raise InputError("--date", f"{args.date!r} is not a date", "Write it as YYYY-MM-DD") from None
    version = corpus_version(raw)
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    text = record_edition(path, date, version, listings)
    if text == old:
        log.info("corpus version %s is already an edition; %s unchanged", version, path.name)
    else:
        write_if_changed(path, text)
        log.info("recorded the edition of %s (corpus version %s, %d listing pages) in data/editions.yml; "
                 "review and commit it, then `make site`", date.isoformat(), version, len(listings))
    return 0


def draft_themes(args: argparse.Namespace) -> int:
    """Draft a taxonomy from the corpus into data/themes.draft.yml (never touches a curated data/themes.yml)."""
    from .analysis.draft_taxonomy import draft_taxonomy, to_yaml
    from .pipeline import DRAFT_THEMES, corpus_papers

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
    build_parser = commands.add_parser(
        "build", help="regenerate the paper table, BibTeX, chapters and _toc.yml from data/ (nothing when nothing changed)")
    build_parser.add_argument("--force", action="store_true", help="regenerate even when the inputs are unchanged")
    site_parser = commands.add_parser(
        "site", help="build, then the HTML site into _build/html (Jupyter Book; nothing when the built site is current)")
    site_parser.add_argument("--force", action="store_true", help="regenerate and run Jupyter Book whatever the digests say")
    commands.add_parser("pdf", help="generate with the charts' PNGs, build the PDF edition into _build/latex/ (needs TeX Live)")
    commands.add_parser("draft-themes", help="draft a taxonomy from the corpus into data/themes.draft.yml for an "
                                             "editor to curate (what `build` does when data/themes.yml is missing)")
    enrich_parser = commands.add_parser(
        "enrich", help="online: fill data/arxiv_metadata.csv from the arXiv API (exact titles only, never overwrites)")
    enrich_parser.add_argument("--limit", type=int, default=None, help="look up at most N papers")
    enrich_parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    edition_parser = commands.add_parser(
        "edition", help="record the listing pages of data/raw as a new edition in data/editions.yml (What's new, the feed)")
    edition_parser.add_argument("--date", default=None, help="the edition's date, YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s: %(message)s")
    try:
        return {"build": build, "site": site, "pdf": pdf, "enrich": enrich, "edition": edition,
                "draft-themes": draft_themes}[args.command](args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
