"""Timing the HTML build: cold, again with no change, and after adding a listing page, with the pages
Sphinx re-read, the site's size, and the plain book's build of the same pages."""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .generation import generate, interpreter
from .measure import Run, measure
from .plain import book_pages, make_plain_book
from .report import fmt
from .targets import MIB, PAGE_MAX_BYTES

READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.MULTILINE)
UPDATING = re.compile(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed")
WARNING = re.compile(r"\bWARNING\b|\bERROR\b")
COLUMNS = ["corpus", "build", "seconds", "cpu s", "peak MiB", "re-read", "changed pages", "plain s", "ratio",
           "site MiB", "largest page", "status"]


@dataclass
class Build:
    corpus: str
    build: str
    seconds: float
    peak_mib: float
    cpu_seconds: float
    status: str
    reread: list[str]
    updating: str
    warnings: int
    changed_pages: list[str] | None = None
    site_bytes: int | None = None
    largest: tuple[str, int] | None = None
    over_limit: list[str] | None = None  # pages over PAGE_MAX_BYTES
    plain_seconds: float | None = None


def jupyter_book(root: Path, args: argparse.Namespace, label: str) -> Run:
    command = [str(Path(interpreter(args.repo)).parent / "jupyter-book"), "build", str(root), "--warningiserror",
               "--keep-going"]  # the checkout's own, which loads its installed survey.sphinxext
    return measure(command, args.timeout, args.work / "logs" / f"{label}-{time.time_ns()}.log")


def make_site_no_change(corpus: str, root: Path, args: argparse.Namespace) -> Build:
    """What `make site` runs (`survey site`: `survey build`, then Jupyter Book unless the built site is
    provably current), timed on a book whose generated files and site are current: the editor's rebuild
    after an edit that changed nothing. One `survey site` first records the manifests (the benchmark's own
    generation runs and builds call the pipeline and Jupyter Book directly, which record none)."""
    command = [str(Path(interpreter(args.repo)).parent / "survey"), "--quiet", "--root", str(root), "site"]
    measure(command, args.timeout, args.work / "logs" / f"survey-site-{corpus}-{time.time_ns()}.log")
    run = measure(command, args.timeout, args.work / "logs" / f"make-site-{corpus}-{time.time_ns()}.log")
    return Build(corpus, "make site, no change", run.seconds, run.peak_mib, run.cpu_seconds, run.status,
                 READING.findall(run.output), "", len(WARNING.findall(run.output)))


def html_build(corpus: str, kind: str, root: Path, args: argparse.Namespace) -> Build:
    run = jupyter_book(root, args, f"html-{corpus}-{kind}")
    updating = UPDATING.search(run.output)
    build = Build(corpus, kind, run.seconds, run.peak_mib, run.cpu_seconds, run.status, READING.findall(run.output),
                  updating.group(0).removeprefix("updating environment: ") if updating else "",
                  len(WARNING.findall(run.output)))
    if run.status != "ok":
        print(f"  HTML build {corpus}/{kind} failed ({run.status}); last output:\n" +
              "\n".join(run.output.splitlines()[-15:]), file=sys.stderr)
    return build


def site_size(root: Path) -> tuple[int, tuple[str, int], list[str]]:
    """Bytes of the built site, its largest HTML page, and the pages over PAGE_MAX_BYTES."""
    html = root / "_build" / "html"
    files = [p for p in html.rglob("*") if p.is_file()]
    pages = [(p.relative_to(html).as_posix(), p.stat().st_size) for p in files if p.suffix == ".html"]
    over = [f"{name} ({size / MIB:.1f} MiB)" for name, size in sorted(pages) if size > PAGE_MAX_BYTES]
    return sum(p.stat().st_size for p in files), max(pages, key=lambda p: p[1], default=("-", 0)), over


def changed_docs(root: Path, changed: list[str]) -> list[str]:
    """Sphinx document names of the pages whose content changed in a generation run: the pages it rewrote,
    and, when references.bib changed, the pages holding a {bibliography} directive (their entries changed)."""
    docs = {c.removesuffix(".md") for c in changed if c.endswith(".md") and not c.startswith("removed ")}
    if "references.bib" in changed:
        docs |= {p.relative_to(root).with_suffix("").as_posix() for p in [root / "index.md", *book_pages(root)]
                 if p.exists() and "{bibliography}" in p.read_text(encoding="utf-8")}
    return sorted(docs)




def html_series(name: str, root: Path, papers: int, pages: int, held_out: dict[str, str], args: argparse.Namespace,
                results: dict) -> None:
    """Cold build, no-change rebuild and add-a-page rebuild of one corpus, plus the plain book's builds."""
    print(f"[{name}] generating ({papers:,} papers) ...", flush=True)
    first = generate(name, root, papers, pages, args)
    results["html_generation"].append(asdict(first) | {"seconds_total": first.seconds})
    if not first.figures:
        return
    shutil.rmtree(root / "_build", ignore_errors=True)
    print(f"[{name}] cold HTML build ...", flush=True)
    cold = html_build(name, "cold", root, args)
    cold.site_bytes, cold.largest, cold.over_limit = site_size(root)
    cold.changed_pages = changed_docs(root, first.figures["changed"])
    builds = [cold]
    if cold.status == "ok":
        print(f"[{name}] no-change rebuild ...", flush=True)
        again = generate(name, root, papers, pages, args)
        noop = html_build(name, "no change", root, args)
        noop.changed_pages = changed_docs(root, again.figures.get("changed", [])) if again.figures else None
        builds.append(noop)
        print(f"[{name}] make site with nothing changed ...", flush=True)
        builds.append(make_site_no_change(name, root, args))
        print(f"[{name}] rebuild after adding one listing page ...", flush=True)
        for page, text in held_out.items():
            (root / "data" / "raw" / page).write_text(text, encoding="utf-8")
        added = generate(name, root, papers, pages + len(held_out), args)
        add = html_build(name, "add a page", root, args)
        add.changed_pages = changed_docs(root, added.figures.get("changed", [])) if added.figures else None
        add.site_bytes, add.largest, add.over_limit = site_size(root)
        builds.append(add)
        results["html_generation"].append(asdict(added) | {"seconds_total": added.seconds, "note": "after adding a page"})
    if not args.no_plain:
        plain_root = args.work / f"plain-{name}"
        make_plain_book(root, plain_root)
        print(f"[{name}] plain book: cold build and no-change rebuild ...", flush=True)
        plain_cold = html_build(f"plain-{name}", "cold", plain_root, args)
        plain_cold.site_bytes, plain_cold.largest, plain_cold.over_limit = site_size(plain_root)
        plain_noop = html_build(f"plain-{name}", "no change", plain_root, args)
        for ours, plain in ((builds[0], plain_cold), *(((builds[1], plain_noop),) if len(builds) > 1 else ())):
            if plain.status == "ok":
                ours.plain_seconds = plain.seconds
        results["plain"] += [asdict(plain_cold), asdict(plain_noop)]
    results["html"] += [asdict(b) for b in builds]


def row(b: dict) -> list[str]:
    largest = f"{b['largest'][0]} {b['largest'][1] / MIB:.2f} MiB" if b.get("largest") else "-"
    ratio = b["seconds"] / b["plain_seconds"] if b.get("plain_seconds") else None
    changed = b.get("changed_pages")
    return [b["corpus"], b["build"], fmt(b["seconds"]), fmt(b["cpu_seconds"]), fmt(b["peak_mib"], 0), str(len(b["reread"])),
            "-" if changed is None else str(len(changed)), fmt(b.get("plain_seconds")), fmt(ratio, 2),
            fmt(b["site_bytes"] / MIB, 1) if b.get("site_bytes") else "-", largest, b["status"]]
