"""Benchmark of the survey generator and of its HTML build; prints tables of figures, not pass/fail.

For each synthetic corpus size (bench/synthetic.py; default 1,000, 10,000, 50,000 and 100,000 papers) it times the
generation (`survey.pipeline.generate` + `write_outputs`, every stage timed by the pipeline's callback) in
a subprocess, with its peak memory (the child's own maximum resident set size, from wait4). For the
corpora named by --html (default: the real corpus, 1,000 and 10,000 papers) it then times the HTML build
(`jupyter-book build ROOT --warningiserror --keep-going`) cold, again with no change, and after adding one
listing page, counting the pages Sphinx re-read, and builds a plain book with the same pages and the same
text (no tables, roles, citations or bibliography extension) with the same Jupyter Book, so the survey's
build time can be read as a ratio to the engine's own floor. Finally it checks the targets.

    .venv/bin/python -m bench --warm-memory        # everything (about 35 min on 2 cores), as `make bench`
    .venv/bin/python -m bench --sizes 1000 --html real
    .venv/bin/python -m bench --quick              # 50 papers, generation only (the test suite's smoke run)

Modules: measure (one subprocess), memory (what fresh memory costs; --warm-memory), generation, html, plain
(the plain book), corpora, targets, report.
Every subprocess is stopped after --timeout seconds (default 900) and reported as such.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from . import generation, html, owners, synthetic
from .corpora import real_corpus, synthetic_corpus
from .generation import Generation
from .measure import machine, measure
from .report import fmt, table
from .targets import COLUMNS as TARGET_COLUMNS
from .targets import targets

REPO = Path(__file__).resolve().parents[1]


def sizes_argument(text: str) -> list[int]:
    return [int(s.replace("_", "").replace(",", "")) for s in text.split(",") if s.strip()] if text.strip() else []


RECALL_FROM = 10_000  # sizes whose related papers' recall is measured (the approximate search runs above 5,000)
OWNERS_FROM = 10_000  # sizes whose CPU time is split by owner (bench.owners): where the 10 s target applies, and above


def owners_run(size: int, args: argparse.Namespace) -> dict:
    """bench.owners on a copy of the corpus made before its timed generation (a generated book would reuse
    its Vega bundle and skip writing): the same work as the timed run, sampled by py-spy."""
    copy = args.work / f"owners-{size}"
    try:
        figures = owners.measure_owners(copy, generation.interpreter(args.repo), args.work / "logs", cwd=args.repo)
    except (OSError, RuntimeError, ValueError) as error:
        return {"papers": size, "status": f"failed: {error}"}
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return figures | {"papers": size, "status": "ok"}


def recall_run(root: Path, args: argparse.Namespace) -> dict:
    """bench.recall in a subprocess (its own peak memory): the approximate search against the exact one."""
    run = measure([generation.interpreter(args.repo), "-m", "bench.recall", str(root)], args.timeout,
                  args.work / "logs" / f"recall-{root.name}-{time.time_ns()}.log", cwd=args.repo)
    return run.reported | {"status": run.status, "seconds": run.seconds, "cpu_seconds": run.cpu_seconds, "peak_mib": run.peak_mib}


def memory_run(gib: float | None, args: argparse.Namespace) -> dict:
    """bench.memory in a subprocess: what touching `gib` GiB of fresh memory cost the kernel (None: all available)."""
    command = [sys.executable, "-m", "bench.memory"] + ([] if gib is None else ["--gib", str(gib)])
    run = measure(command, args.timeout, args.work / "logs" / f"memory-{time.time_ns()}.log", cwd=REPO)
    return run.reported | {"status": run.status}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=sizes_argument, default=[1000, 10000, 50000, 100000],
                        help="synthetic corpus sizes whose generation is timed (comma-separated; default 1000,10000,50000,100000)")
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
    parser.add_argument("--owners-from", type=int, default=OWNERS_FROM,
                        help="papers from which a generation's CPU time is also split by owner (bench/owners.py, py-spy; "
                             f"default {OWNERS_FROM:,}; 0 for none)")
    parser.add_argument("--warm-memory", action="store_true",
                        help="first touch the machine's available memory once (see bench/memory.py)")
    parser.add_argument("--json", type=Path, help="write every figure as JSON here (default: WORK/figures.json)")
    args = parser.parse_args(argv)
    args.repo = args.repo.resolve()
    if args.quick:
        args.sizes, args.html, args.no_plain, args.owners_from = [50], "none", True, 50
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    args.json = args.json or args.work / "figures.json"
    args.source = synthetic.load_source(args.repo)
    builds = [h.strip() for h in args.html.split(",") if h.strip() and h.strip() != "none"]
    results: dict = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "generation": [], "html": [],
                     "html_generation": [], "plain": [], "recall": [], "owners": [], "fresh_memory": []}

    print("fresh memory: what 1 GiB costs the kernel ...", flush=True)
    results["fresh_memory"].append(memory_run(1, args) | {"when": "at the start"})
    if args.warm_memory:
        print("touching the available memory once ...", flush=True)
        results["fresh_memory"].append(memory_run(None, args) | {"when": "warm-up: all available memory"})
        results["fresh_memory"].append(memory_run(1, args) | {"when": "after the warm-up"})

    for size in args.sizes:
        print(f"[{size:,}] synthetic corpus ...", flush=True)
        corpus = synthetic_corpus(size, args)
        profile = args.work / f"generate-{size}.prof" if args.profile else None
        sampled = 0 < args.owners_from <= size
        if sampled:
            shutil.rmtree(args.work / f"owners-{size}", ignore_errors=True)
            shutil.copytree(corpus.root, args.work / f"owners-{size}", symlinks=True)
        print(f"[{size:,}] generating ({corpus.listings:,} listings on {corpus.pages} pages) ...", flush=True)
        g = generation.generate(f"{size}", corpus.root, corpus.papers, corpus.pages, args, profile)
        results["generation"].append(asdict(g) | {"seconds_total": g.seconds})
        if size >= RECALL_FROM and g.figures:
            print(f"[{size:,}] recall of the approximate related-papers search ...", flush=True)
            results["recall"].append(recall_run(corpus.root, args))
        if sampled:
            print(f"[{size:,}] where the CPU time goes (py-spy) ...", flush=True)
            results["owners"].append(owners_run(size, args))
    for name in builds:
        if name == "real":
            root, papers, pages, held_out = real_corpus(args)
            html.html_series("real", root, papers, pages, held_out, args, results)
        else:
            corpus = synthetic_corpus(int(name), args)
            html.html_series(f"{int(name)}", corpus.root, corpus.papers, corpus.pages, corpus.held_out, args, results)

    print()
    print(f"Survey benchmark, {results['date']}, {results['machine']}")
    print("\nFresh memory (bench/memory.py: anonymous pages written once each, in a subprocess):\n")
    print(table(["when", "GiB", "kernel s", "page faults", "us per fault", "status"],
                [[m["when"], fmt(m.get("gib")), fmt(m.get("kernel_seconds"), 2), f"{m.get('page_faults', 0):,}",
                  fmt(m.get("us_per_fault")), m["status"]] for m in results["fresh_memory"]]))
    if results["generation"]:
        print("\nGeneration (ingest -> table and themes -> BibTeX -> charts -> pages -> write), one subprocess per corpus;\n"
              "generate s is wall time, cpu s its CPU time, sys s the kernel's part of it, page faults the fresh pages of\n"
              "memory the kernel gave the process (each costs kernel time), and the stage columns CPU seconds:\n")
        rows = [generation.row(Generation(g["corpus"], g["papers"], g["pages"], g["run"], g["figures"]))
                for g in results["generation"]]
        print(table(generation.columns(), rows))
    if results["html"]:
        print("\nHTML builds (jupyter-book build --warningiserror --keep-going); plain s = the same pages as plain text:\n")
        print(table(html.COLUMNS, [html.row(b) for b in results["html"]]))
        extra = [g for g in results["html_generation"]]
        if extra:
            print("\nGeneration before those builds:\n")
            print(table(generation.columns(), [generation.row(Generation(g["corpus"], g["papers"], g["pages"], g["run"],
                                                                         g["figures"])) for g in extra]))
    if results["recall"]:
        print("\nRelated papers: the approximate search (used above 5,000 papers) against the exact one, on sampled papers:\n")
        print(table(["papers", "sampled", "recall@5", "identical lists", "similarity kept", "approximate search cpu s",
                     "status"],
                    [[f"{r.get('papers', 0):,}", str(r.get("sampled", "-")), fmt(r.get("recall_at_5"), 3),
                      fmt(r.get("identical_lists"), 3), fmt(r.get("similarity_kept"), 3), fmt(r.get("approximate_cpu")),
                      r["status"]] for r in results["recall"]]))
    if results["owners"]:
        print("\nWhere the generation's CPU time goes (bench/owners.py: py-spy samples, each charged to its innermost\n"
              "Python frame; a builtin or C call made by a line of the survey, such as re, csv or the Vega bundler, is\n"
              "the survey's; shares of all samples):\n")
        print(table(owners.COLUMNS, [owners.row(o) for o in results["owners"]]))
    rows = targets(results)
    if rows:
        print("\nTargets:\n")
        print(table(TARGET_COLUMNS, rows))
    args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(f"\nEvery figure as JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
