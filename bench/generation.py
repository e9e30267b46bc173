"""Timing the generator: `survey.pipeline.generate` + `write_outputs` in a measured subprocess, each
stage's wall and CPU time reported by the pipeline's own stage callback."""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .measure import measure
from .report import fmt

COLUMNS_BEFORE = ["corpus", "papers", "listing pages", "generate s", "cpu s", "sys s", "page faults", "peak MiB"]
COLUMNS_AFTER = ["write s", "cpu ms/paper", "status"]


def stage_names() -> tuple[str, ...]:
    from survey.pipeline import STAGES

    return STAGES


def columns() -> list[str]:
    return [*COLUMNS_BEFORE, *stage_names(), *COLUMNS_AFTER]


def child(root: Path, profile: Path | None) -> int:
    """In the measured subprocess: run the pipeline on `root`, print its figures as one line of JSON."""
    started = time.perf_counter()
    import logging

    from survey.core.memory import keep_freed_memory
    from survey.pipeline import generate, write_outputs

    keep_freed_memory()  # as `survey build` does before it generates
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    imported = time.perf_counter()
    stages: dict[str, float] = {}
    cpu_stages: dict[str, float] = {}
    last_cpu = [time.process_time()]

    def on_stage(name: str, seconds: float) -> None:
        now = time.process_time()
        stages[name] = stages.get(name, 0.0) + seconds
        cpu_stages[name] = cpu_stages.get(name, 0.0) + now - last_cpu[0]
        last_cpu[0] = now

    begin, cpu_begin, usage_begin = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
    last_cpu[0] = cpu_begin
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        outputs = profiler.runcall(generate, root, on_stage=on_stage)
        profiler.dump_stats(str(profile))
    else:
        outputs = generate(root, on_stage=on_stage)
    generated = time.perf_counter()
    changed = write_outputs(root, outputs)
    written = time.perf_counter()
    cpu = time.process_time() - cpu_begin
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"import": imported - started, "generate": generated - begin, "write": written - generated, "cpu": cpu,
                      "system": usage.ru_stime - usage_begin.ru_stime, "page_faults": usage.ru_minflt - usage_begin.ru_minflt,
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


def interpreter(repo: Path) -> str:
    """The Python of the checkout being measured (its .venv holds its own survey package)."""
    venv = repo / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def generate(name: str, root: Path, papers: int, pages: int, args: argparse.Namespace,
             profile: Path | None = None) -> Generation:
    command = [interpreter(args.repo), "-m", "bench.generation", str(root)]
    if profile:
        command += ["--profile-to", str(profile)]
    run = measure(command, args.timeout, args.work / "logs" / f"generate-{name}-{time.time_ns()}.log", cwd=args.repo)
    result = Generation(name, papers, pages, {"seconds": run.seconds, "peak_mib": run.peak_mib,
                                              "cpu_seconds": run.cpu_seconds, "status": run.status})
    result.figures = run.reported
    if run.status == "ok" and not result.figures:
        result.run["status"] = "no figures"
    if run.status != "ok":
        print(f"  generation of {name} failed ({run.status}); last output:\n" + "\n".join(run.output.splitlines()[-15:]),
              file=sys.stderr)
    return result


def row(g: Generation) -> list[str]:
    """Stage columns are CPU seconds (stable when other processes share the cores); wall time is `generate s`."""
    stage = g.figures.get("cpu_stages", {}) if g.figures else {}
    cpu = g.figures.get("cpu") if g.figures else None
    faults = g.figures.get("page_faults") if g.figures else None
    return [g.corpus, f"{g.papers:,}", f"{g.pages:,}", fmt(g.seconds), fmt(cpu), fmt(g.figures.get("system")) if g.figures else "-",
            f"{faults:,}" if faults is not None else "-", fmt(g.run["peak_mib"], 0),
            *(fmt(stage.get(s)) for s in stage_names()),
            fmt(g.figures.get("write")) if g.figures else "-",
            fmt(1000 * cpu / g.papers, 2) if cpu is not None and g.papers else "-", g.run["status"]]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the measured child of `python -m bench`")
    parser.add_argument("root", type=Path)
    parser.add_argument("--profile-to", type=Path)
    arguments = parser.parse_args()
    sys.exit(child(arguments.root.resolve(), arguments.profile_to))
