"""Benchmark of the survey generator and of its HTML build; prints tables of figures, not pass/fail.

For each synthetic corpus size (bench/synthetic.py; default 1,000, 10,000 and 50,000 papers) it times the
generation (`survey.cli.generate` + `write_outputs`: ingest, table and themes, BibTeX, charts, pages) in a
subprocess, with its peak memory (the child's own maximum resident set size, from wait4). For the corpora
named by --html (default: the real corpus and 10,000 papers) it then times the HTML build
(`jupyter-book build ROOT --warningiserror --keep-going`) cold, again with no change, and after adding one
listing page, counting the pages Sphinx re-read, and builds a plain book with the same pages and the same
text (no tables, roles, citations or bibliography extension) with the same Jupyter Book, so the survey's
build time can be read as a ratio to the engine's own floor. Finally it checks the targets of issue 6.

    .venv/bin/python bench/run.py                      # everything (about an hour on 2 cores)
    .venv/bin/python bench/run.py --sizes 1000 --html real
    .venv/bin/python bench/run.py --quick              # 50 papers, generation only (the test suite's smoke run)

Every subprocess is stopped after --timeout seconds (default 900) and reported as such.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import synthetic  # noqa: E402  (bench/ is not a package)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.MULTILINE)
UPDATING = re.compile(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed")
WARNING = re.compile(r"\bWARNING\b|\bERROR\b")
MIB = 1024 * 1024

# Targets of issue 6, on this machine.
GEN_10K_SECONDS, GEN_10K_MIB = 10.0, 1024
REAL_COLD_SECONDS = 30.0
NOOP_SECONDS = 5.0
COLD_10K_SECONDS, COLD_10K_MIB = 600.0, 4096
PAGE_MAX_BYTES = 5 * MIB
PLAIN_RATIO = 1.5
LINEAR_SLOPE = 1.15  # log-log slope of generation or build time against papers still counted as linear

GENERATION_COLUMNS = ["corpus", "papers", "listing pages", "generate s", "cpu s", "peak MiB", "ingest", "themes",
                      "table", "bibtex", "charts", "pages", "other", "write s", "cpu ms/paper", "status"]
HTML_COLUMNS = ["corpus", "build", "seconds", "cpu s", "peak MiB", "re-read", "changed pages", "plain s", "ratio",
                "site MiB", "largest page", "status"]
TARGET_COLUMNS = ["target", "figure", "met"]
MAIN_STAGES = ("ingest", "themes", "table", "bibtex", "charts", "pages")  # "other": taxonomy, overrides, metadata, CSV


@dataclass
class Run:
    """One measured subprocess."""

    seconds: float
    peak_mib: float
    cpu_seconds: float  # user + system time of the process and the children it waited for
    returncode: int | None
    timed_out: bool
    output: str

    @property
    def status(self) -> str:
        if self.timed_out:
            return "TIMEOUT"
        return "ok" if self.returncode == 0 else f"exit {self.returncode}"


def measure(command: list[str], timeout: float, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` in its own process group; wall time and its peak RSS (wait4), killed after `timeout`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)  # the group this run created, and nothing else
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, process.returncode, killed.is_set(),
               ANSI.sub("", log.read_text(encoding="utf-8", errors="replace")))


# --- generation ------------------------------------------------------------------------------------

def child_generate(root: Path, repo: Path, profile: Path | None) -> int:
    """In the measured subprocess: run the generator on `root`, print its stage timings as JSON."""
    started = time.perf_counter()
    sys.path.insert(0, str(repo / "scripts"))
    import logging

    import survey.chapters
    import survey.cli as cli
    import survey.table
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    imported = time.perf_counter()
    stages: dict[str, float] = {}
    cpu_stages: dict[str, float] = {}

    def timed(stage: str, function):
        def wrapper(*args, **kwargs):
            begin, cpu_begin = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - begin
                cpu_stages[stage] = cpu_stages.get(stage, 0.0) + time.process_time() - cpu_begin
        return wrapper

    # generate() looks these names up in its module at call time, so wrapping them there times each stage.
    charts = getattr(cli, "charts", None)  # charts.py, when generate() draws charts
    for module, name, stage in [(charts, "book_charts", "charts"), (charts, "book_files", "charts"),(cli, "ingest", "ingest"), (cli, "load_metadata", "metadata"),
                                (cli, "load_taxonomy", "taxonomy"), (cli, "load_overrides", "overrides"),
                                (cli, "build_table", "table"), (survey.table, "assign", "themes"),
                                (survey.chapters, "entry_texts", "bibtex"), (cli, "book_pages", "pages")]:
        if module is not None and hasattr(module, name):
            setattr(module, name, timed(stage, getattr(module, name)))
    corpus_class = getattr(cli, "Corpus", None)
    if corpus_class is not None and hasattr(corpus_class, "from_table"):
        from_table = corpus_class.from_table
        corpus_class.from_table = classmethod(lambda cls, *a, **k: timed("corpus", from_table)(*a, **k))

    begin, cpu_begin = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        outputs = profiler.runcall(cli.generate, root)
        profiler.dump_stats(str(profile))
    else:
        outputs = cli.generate(root)
    generated = time.perf_counter()
    changed = cli.write_outputs(root, outputs)
    written = time.perf_counter()
    cpu = time.process_time() - cpu_begin
    for times in (stages, cpu_stages):
        times["table"] = times.get("table", 0.0) - times.get("themes", 0.0)  # build_table holds assign
        times["pages"] = times.get("pages", 0.0) + times.pop("corpus", 0.0)  # TF-IDF of the pages' corpus
    print(json.dumps({"import": imported - started, "generate": generated - begin, "write": written - generated, "cpu": cpu,
                      "stages": stages, "cpu_stages": cpu_stages, "files": len(outputs), "changed": changed,
                      "bytes": {name: len(c.encode("utf-8") if isinstance(c, str) else c) for name, c in outputs.items()}}))
    return 0


@dataclass
class Generation:
    corpus: str
    papers: int
    pages: int
    run: dict = field(default_factory=dict)  # seconds (whole subprocess), peak_mib, status
    figures: dict = field(default_factory=dict)  # the child's JSON

    @property
    def seconds(self) -> float | None:
        return self.figures.get("generate", 0.0) + self.figures.get("write", 0.0) if self.figures else None


def generate(name: str, root: Path, papers: int, pages: int, args: argparse.Namespace, profile: Path | None = None) -> Generation:
    command = [sys.executable, str(Path(__file__).resolve()), "--child-generate", str(root), "--repo", str(args.repo)]
    if profile:
        command += ["--profile-to", str(profile)]
    run = measure(command, args.timeout, args.work / "logs" / f"generate-{name}-{time.time_ns()}.log")
    result = Generation(name, papers, pages, {"seconds": run.seconds, "peak_mib": run.peak_mib,
                                              "cpu_seconds": run.cpu_seconds, "status": run.status})
    lines = [line for line in run.output.splitlines() if line.startswith("{")]
    if run.status == "ok" and lines:
        result.figures = json.loads(lines[-1])
    elif run.status == "ok":
        result.run["status"] = "no figures"
    if run.status != "ok":
        print(f"  generation of {name} failed ({run.status}); last output:\n" + "\n".join(run.output.splitlines()[-15:]),
              file=sys.stderr)
    return result


def generation_row(g: Generation) -> list[str]:
    """Stage columns are CPU seconds (stable when other processes share the cores); wall time is `generate s`."""
    stage = g.figures.get("cpu_stages", {}) if g.figures else {}
    secs = g.seconds
    cpu = g.figures.get("cpu") if g.figures else None
    return [g.corpus, f"{g.papers:,}", f"{g.pages:,}", fmt(secs), fmt(g.figures.get("cpu")) if g.figures else "-", fmt(g.run["peak_mib"], 0),
            *(fmt(stage.get(s)) for s in MAIN_STAGES),
            fmt(cpu - sum(v for k, v in stage.items() if k in MAIN_STAGES)) if cpu is not None else "-",
            fmt(g.figures.get("write")) if g.figures else "-",
            fmt(1000 * cpu / g.papers, 2) if cpu is not None and g.papers else "-", g.run["status"]]


# --- HTML builds -----------------------------------------------------------------------------------

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
    command = [str(args.repo / ".venv" / "bin" / "jupyter-book"), "build", str(root), "--warningiserror", "--keep-going"]
    if not Path(command[0]).exists():
        command[0] = str(Path(sys.executable).parent / "jupyter-book")
    env = {**os.environ, "PYTHONPATH": str(args.repo / "scripts")}  # the book's extensions are survey.sphinx_*
    return measure(command, args.timeout, args.work / "logs" / f"{label}-{time.time_ns()}.log", env)


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


# --- the plain book: same pages, same text, no survey machinery -------------------------------------

ROLE = re.compile(r"\{[a-z:]+\}`([^`]*)`")
PLAIN_CONFIG = """title: "Plain book"
author: "bench"
only_build_toc_files: true
exclude_patterns: [_build]
execute:
  execute_notebooks: "off"
html:
  use_repository_button: false
sphinx:
  config:
    smartquotes: false
    myst_enable_extensions: []
"""


def plain_markdown(source: str) -> str:
    """The page's text as headings and paragraphs: table rows become paragraphs, roles their text."""
    out: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):  # directive fences ({table}, {tabularcolumns}): keep their content only
            continue
        if re.fullmatch(r"\([^)]*\)=", stripped) or stripped.startswith(":") or re.fullmatch(r"\|(-+\|)+", stripped):
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split(" | ")]
            out += ["; ".join(ROLE.sub(r"\1", c) for c in cells if c), ""]
            continue
        out.append(ROLE.sub(r"\1", line))
    return "\n".join(out) + "\n"


BIBLIOGRAPHY_FILTER = re.compile(r'^:filter: (not )?key % "([^"]+)"$', re.MULTILINE)


def bibliography_text(root: Path, page: str) -> str:
    """What a bibliography page shows, as paragraphs: authors, title, year, link and note per paper (of
    the keys its `:filter: key % "^s"` matches, on a split bibliography)."""
    lines = ["# Bibliography", ""]
    match = BIBLIOGRAPHY_FILTER.search(page)
    with (root / "data" / "papers.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if match and bool(re.search(match.group(2), row["key"], re.IGNORECASE)) == bool(match.group(1)):
                continue
            url = f"https://arxiv.org/abs/{row['arxiv_id']}" if row["arxiv_id"] else ""
            note = "Listed in " + ", ".join(f"{s} ({d})" for s, d in zip(row["sources"].split(";"), row["dates"].split(";")))
            parts = [row["authors"].replace("; ", ", "), row["title"], row["year"], url, note]
            lines += [". ".join(p for p in parts if p) + ".", ""]
    return "\n".join(lines)


def book_pages(root: Path) -> list[Path]:
    """The generated pages besides the landing page: chapters/*.md and the paper entries papers/*.md."""
    return sorted([*(root / "chapters").glob("*.md"), *(root / "papers").glob("*.md")])


def make_plain_book(root: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / "_config.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    shutil.copyfile(root / "_toc.yml", target / "_toc.yml")
    for page in [root / "index.md", *book_pages(root)]:
        relative = page.relative_to(root)
        text = page.read_text(encoding="utf-8")
        plain = bibliography_text(root, text) if "```{bibliography}" in text else plain_markdown(text)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(plain, encoding="utf-8")


# --- corpora ---------------------------------------------------------------------------------------

def copy_book_config(repo: Path, root: Path) -> None:
    """The repository's _config.yml, its hand-written site files (_extra/, _static/survey/), and the folders
    of any local Sphinx extension it names."""
    import yaml
    shutil.copyfile(repo / "_config.yml", root / "_config.yml")
    for folder in ("_extra", "_static/survey"):
        if (repo / folder).is_dir() and not (root / folder).exists():
            shutil.copytree(repo / folder, root / folder, symlinks=True)
    config = yaml.safe_load((repo / "_config.yml").read_text(encoding="utf-8")) or {}
    for folder in ((config.get("sphinx") or {}).get("local_extensions") or {}).values():
        source = repo / folder
        if not Path(folder).is_absolute() and source.is_dir() and not (root / folder).exists():
            shutil.copytree(source, root / folder, ignore=shutil.ignore_patterns("__pycache__"))


def real_corpus(args: argparse.Namespace) -> tuple[Path, int, int, dict[str, str]]:
    """A copy of the real book's inputs, and one synthetic listing page of new papers to add later."""
    root = args.work / "real"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(args.repo / "data" / "raw", root / "data" / "raw")
    for name in ("themes.yml", "overrides.yml", "arxiv_metadata.csv", "lexicon.yml"):
        if (args.repo / "data" / name).exists():
            shutil.copyfile(args.repo / "data" / name, root / "data" / name)
    copy_book_config(args.repo, root)
    pages = sorted((root / "data" / "raw").glob("*.txt"))
    titles = {synthetic.normalize(t) for p in pages for t, _ in synthetic.read_listing_pairs(p.read_text(encoding="utf-8"))}
    maker = synthetic.PaperMaker(args.source, seed=args.seed + 1)
    maker.seen |= titles
    extra = [maker.paper() for _ in range(70)]
    name = f"{len(pages):03d}_bench_added.txt"
    return root, len(titles), len(pages), {name: synthetic.page_text("Mar 21", extra)}


def synthetic_corpus(papers: int, args: argparse.Namespace) -> synthetic.Corpus:
    corpus = synthetic.make_corpus(args.work / f"synthetic-{papers}", papers, seed=args.seed, source=args.source)
    copy_book_config(args.repo, corpus.root)
    return corpus


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


def html_row(b: dict) -> list[str]:
    largest = f"{b['largest'][0]} {b['largest'][1] / MIB:.2f} MiB" if b.get("largest") else "-"
    ratio = b["seconds"] / b["plain_seconds"] if b.get("plain_seconds") else None
    changed = b.get("changed_pages")
    return [b["corpus"], b["build"], fmt(b["seconds"]), fmt(b["cpu_seconds"]), fmt(b["peak_mib"], 0), str(len(b["reread"])),
            "-" if changed is None else str(len(changed)), fmt(b.get("plain_seconds")), fmt(ratio, 2),
            fmt(b["site_bytes"] / MIB, 1) if b.get("site_bytes") else "-", largest, b["status"]]


# --- targets ---------------------------------------------------------------------------------------

def loglog_slope(small_papers: int, small_seconds: float, large_papers: int, large_seconds: float) -> float:
    """How time grows with the corpus: 1 is linear, 2 quadratic."""
    return math.log(large_seconds / small_seconds) / math.log(large_papers / small_papers)


def targets(results: dict) -> list[list[str]]:
    rows: list[list[str]] = []
    gens = sorted(results["generation"], key=lambda g: g["papers"])
    failed = [g for g in gens if not g["figures"]]
    done = [g for g in gens if g["figures"]]
    if failed:
        rows.append(["generation linear", f"{failed[0]['papers']:,} papers: {failed[0]['run']['status']}", "NO"])
    elif len(done) >= 2:
        # The two largest sizes: at small sizes fixed costs (imports, charts) hide how the time grows.
        small, large = done[-2], done[-1]
        slope = loglog_slope(small["papers"], small["seconds_total"], large["papers"], large["seconds_total"])
        rows.append([f"generation linear (log-log slope <= {LINEAR_SLOPE}, {small['papers']:,} to {large['papers']:,})",
                     f"slope {slope:.2f}", yes(slope <= LINEAR_SLOPE)])
    for g in results["generation"]:
        if g["papers"] == 10000:
            ok = g["figures"] and g["seconds_total"] < GEN_10K_SECONDS and g["run"]["peak_mib"] < GEN_10K_MIB
            rows.append(["10,000 papers generated in < 10 s and < 1 GB",
                         f"{fmt(g['seconds_total'])} s, {fmt(g['run']['peak_mib'], 0)} MiB ({g['run']['status']})", yes(ok)])
    html = {(b["corpus"], b["build"]): b for b in results["html"]}
    if ("real", "cold") in html:
        b = html["real", "cold"]
        rows.append(["real corpus cold HTML build < 30 s", f"{fmt(b['seconds'])} s", yes(b["status"] == "ok" and b["seconds"] < REAL_COLD_SECONDS)])
    for (corpus, kind), b in html.items():
        if kind == "no change":
            rows.append([f"{corpus}: no-change rebuild < 5 s, re-reads no page",
                         f"{fmt(b['seconds'])} s, {len(b['reread'])} re-read",
                         yes(b["status"] == "ok" and b["seconds"] < NOOP_SECONDS and not b["reread"])])
        if kind == "add a page" and b["changed_pages"] is not None:
            extra = sorted(set(b["reread"]) - set(b["changed_pages"]))
            rows.append([f"{corpus}: adding a page re-reads only changed pages",
                         f"{len(b['reread'])} re-read, {len(b['changed_pages'])} changed" +
                         (f", unchanged re-read: {', '.join(extra[:4])}" if extra else ""),
                         yes(b["status"] == "ok" and not extra)])
    for (corpus, kind), b in html.items():
        if kind == "cold" and corpus.startswith("10000"):
            rows.append(["10,000 papers cold HTML build < 10 min and < 4 GB",
                         f"{fmt(b['seconds'])} s, {fmt(b['peak_mib'], 0)} MiB ({b['status']})",
                         yes(b["status"] == "ok" and b["seconds"] < COLD_10K_SECONDS and b["peak_mib"] < COLD_10K_MIB)])
    colds = sorted((b for b in results["html"] if b["build"] == "cold" and b["corpus"].isdigit() and b["status"] == "ok"),
                   key=lambda b: int(b["corpus"]))
    if len(colds) >= 2:
        small, large = colds[-2], colds[-1]
        papers = int(small["corpus"]), int(large["corpus"])
        slope = loglog_slope(papers[0], small["cpu_seconds"], papers[1], large["cpu_seconds"])
        plain = (f"; plain book {loglog_slope(papers[0], small['plain_seconds'], papers[1], large['plain_seconds']):.2f}"
                 if small.get("plain_seconds") and large.get("plain_seconds") else "")
        rows.append([f"cold HTML build linear (log-log slope of CPU s <= {LINEAR_SLOPE}, {int(small['corpus']):,} to "
                     f"{int(large['corpus']):,})", f"slope {slope:.2f}{plain}", yes(slope <= LINEAR_SLOPE)])
    largest = [b for b in results["html"] if b.get("largest")]
    if largest:
        page = max(largest, key=lambda b: b["largest"][1])
        over = sorted({f"{b['corpus']}:{name}" for b in largest for name in b.get("over_limit") or []})
        rows.append(["no page over 5 MB", f"largest {page['corpus']}:{page['largest'][0]} {page['largest'][1] / MIB:.2f} MiB" +
                     (f"; over 5 MB: {', '.join(over)}" if over else ""), yes(page["largest"][1] <= PAGE_MAX_BYTES)])
    for b in results["html"]:
        if b.get("plain_seconds") and b["build"] == "cold":
            ratio = b["seconds"] / b["plain_seconds"]
            rows.append([f"{b['corpus']}: cold build within 1.5x of the plain book", f"{ratio:.2f}x", yes(ratio <= PLAIN_RATIO)])
    return rows


# --- output ----------------------------------------------------------------------------------------

def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def table(columns: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in [c, *(r[i] for r in rows)]) for i, c in enumerate(columns)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(columns), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def sizes_argument(text: str) -> list[int]:
    return [int(s.replace("_", "").replace(",", "")) for s in text.split(",") if s.strip()] if text.strip() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes_argument, default=[1000, 10000, 50000],
                        help="synthetic corpus sizes whose generation is timed (comma-separated; default 1000,10000,50000)")
    parser.add_argument("--html", default="real,1000,10000",
                        help="corpora to build into HTML: 'real' and/or synthetic sizes (default real,1000,10000; 'none')")
    parser.add_argument("--quick", action="store_true", help="smoke run: 50 papers, generation only")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-book comparison builds")
    parser.add_argument("--repo", type=Path, default=REPO, help="the survey repository to measure (default: this one)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "survey-bench",
                        help="scratch folder for corpora, builds and logs (default: $TMPDIR/survey-bench)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a subprocess is stopped (default 900)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="also write a cProfile of each generation to WORK/")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    parser.add_argument("--child-generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.repo = args.repo.resolve()
    if args.child_generate:
        return child_generate(args.child_generate.resolve(), args.repo, args.profile_to)
    if args.quick:
        args.sizes, args.html, args.no_plain = [50], "none", True
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    args.source = synthetic.load_source(args.repo)
    html = [h.strip() for h in args.html.split(",") if h.strip() and h.strip() != "none"]
    results: dict = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "generation": [], "html": [],
                     "html_generation": [], "plain": []}

    for size in args.sizes:
        print(f"[{size:,}] synthetic corpus ...", flush=True)
        corpus = synthetic_corpus(size, args)
        profile = args.work / f"generate-{size}.prof" if args.profile else None
        print(f"[{size:,}] generating ({corpus.listings:,} listings on {corpus.pages} pages) ...", flush=True)
        g = generate(f"{size}", corpus.root, corpus.papers, corpus.pages, args, profile)
        results["generation"].append(asdict(g) | {"seconds_total": g.seconds})
    for name in html:
        if name == "real":
            root, papers, pages, held_out = real_corpus(args)
            html_series("real", root, papers, pages, held_out, args, results)
        else:
            corpus = synthetic_corpus(int(name), args)
            html_series(f"{int(name)}", corpus.root, corpus.papers, corpus.pages, corpus.held_out, args, results)

    print()
    print(f"Survey benchmark, {results['date']}, {results['machine']}")
    if results["generation"]:
        print("\nGeneration (ingest -> table and themes -> BibTeX -> charts -> pages -> write), one subprocess per corpus;\n"
              "generate s is wall time, cpu s its CPU time, and the stage columns (ingest ... other) CPU seconds:\n")
        rows = [generation_row(Generation(g["corpus"], g["papers"], g["pages"], g["run"], g["figures"])) for g in results["generation"]]
        print(table(GENERATION_COLUMNS, rows))
    if results["html"]:
        print("\nHTML builds (jupyter-book build --warningiserror --keep-going); plain s = the same pages as plain text:\n")
        print(table(HTML_COLUMNS, [html_row(b) for b in results["html"]]))
        extra = [g for g in results["html_generation"]]
        if extra:
            print("\nGeneration before those builds:\n")
            print(table(GENERATION_COLUMNS, [generation_row(Generation(g["corpus"], g["papers"], g["pages"], g["run"], g["figures"]))
                                             for g in extra]))
    rows = targets(results)
    if rows:
        print("\nTargets:\n")
        print(table(TARGET_COLUMNS, rows))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


def machine() -> str:
    cpus = os.cpu_count()
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    except (ValueError, OSError):
        memory = float("nan")
    return f"{cpus} cores, {memory:.0f} GiB RAM, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}"


if __name__ == "__main__":
    sys.exit(main())
