"""Where a generation's CPU time goes, by the owner of the code that ran: the survey's own modules, each
third-party library, Python's standard library, and the import system.

Why: the 10,000-paper target (10 s of CPU) asks how much of the time the survey's own code could still
give back. cProfile cannot say: it slows every Python call and no C call, so it inflated the survey's share
by about half (a 19 s generation took 28 s under it). py-spy samples the running process from outside
(ptrace) at a fixed rate, so each owner's share of the samples is its share of the time.

Each sample is charged to its innermost Python frame: C code a library runs under its own Python functions
(scikit-learn's, scipy's) is that library's; a C function called directly from a line of the survey (`re`,
`csv`, `str` methods, vl-convert's bundler) is the survey's, as only asking for less of it can save it.
Samples with the import system on the stack are "imports" (the benchmark's CPU figure starts after the
pipeline is imported, but imports made later count in it).

    .venv/bin/python -m bench.owners ROOT [--rate 200]   # ROOT: a book folder (it is generated into)
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections import Counter
from pathlib import Path

SURVEY, STANDARD_LIBRARY, IMPORTS, OTHER = "survey", "standard library", "imports", "other"
RATE = 200  # samples a second: 2,000 at 10,000 papers
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve().as_posix()
_INSTALLED = re.compile(r"/(?:site|dist)-packages/")


def py_spy(interpreter: str) -> str:
    """The py-spy beside the measured interpreter (its .venv), else the one on PATH."""
    beside = Path(interpreter).parent / "py-spy"
    found = str(beside) if beside.exists() else shutil.which("py-spy")
    if not found:
        raise FileNotFoundError("py-spy is not installed: `make .venv/.installed` installs it (requirements.txt)")
    return found


def record(root: Path, interpreter: str, output: Path, rate: int = RATE, cwd: Path | None = None) -> str:
    """Generate `root` (bench.generation's child) under py-spy; its collapsed stacks go to `output`.
    Returns what the run printed."""
    command = [py_spy(interpreter), "record", "--rate", str(rate), "--format", "raw", "--full-filenames",
               "--output", str(output), "--", interpreter, "-m", "bench.generation", str(root)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    if run.returncode != 0:
        raise RuntimeError(f"py-spy record exited {run.returncode}: {run.stderr.strip()[-2000:]}")
    return run.stdout


def owner(path: str) -> str:
    """Who owns the file of a frame: STANDARD_LIBRARY, a library (its top-level package or module), SURVEY
    (installed or from scripts/), else OTHER."""
    installed = _INSTALLED.search(path) is not None
    if path.startswith("<frozen ") or path.startswith(STDLIB + "/") and not installed:
        return STANDARD_LIBRARY
    if installed or f"/{SURVEY}/" in path:
        return _short(path).split("/")[0].removesuffix(".py")
    return OTHER


def shares(lines: list[str], top: int = 10) -> dict:
    """The owners' shares of the samples of py-spy's raw (collapsed) output: each line is the frames from
    the outermost to the innermost, separated by ';', then the sample count."""
    owners: Counter[str] = Counter()
    modules: Counter[str] = Counter()
    frames: Counter[str] = Counter()
    total = 0
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        calls = [FRAME.match(frame) for frame in stack.split(";")]
        calls = [call for call in calls if call is not None]
        samples = int(count)
        total += samples
        if not calls:
            owners[OTHER] += samples
            continue
        if any(call["function"] == "_find_and_load" for call in calls):
            owners[IMPORTS] += samples
            continue
        innermost = calls[-1]
        who = owner(innermost["file"])
        owners[who] += samples
        frames[f"{innermost['function']} ({_short(innermost['file'])}:{innermost['line']})"] += samples
        if who == SURVEY:
            modules[_short(innermost["file"])] += samples
    share = (lambda n: n / total) if total else (lambda n: 0.0)
    return {"samples": total,
            "owners": {name: share(n) for name, n in sorted(owners.items(), key=lambda item: (-item[1], item[0]))},
            "survey_modules": {name: share(n) for name, n in modules.most_common(top)},
            "frames": {name: share(n) for name, n in frames.most_common(top)}}


def _short(path: str) -> str:
    """A frame's file from its package on: survey/core/literals.py, sklearn/feature_extraction/text.py."""
    parts = _INSTALLED.split(path, maxsplit=1)
    if len(parts) == 2:
        return parts[1]
    if f"/{SURVEY}/" in path:
        return SURVEY + "/" + path.rsplit(f"/{SURVEY}/", 1)[1]
    return path.removeprefix(STDLIB + "/")


COLUMNS = ["papers", "samples", "cpu s", "survey", "libraries", "largest libraries", "standard library", "imports",
           "survey's largest modules", "status"]
NOT_LIBRARIES = (SURVEY, STANDARD_LIBRARY, IMPORTS, OTHER)


def row(figures: dict) -> list[str]:
    """A row of COLUMNS: shares in per cent of all samples."""
    if figures.get("status") != "ok":
        return [f"{figures['papers']:,}", *["-"] * (len(COLUMNS) - 2), figures.get("status", "-")]
    shares = figures["owners"]
    libraries = {name: share for name, share in shares.items() if name not in NOT_LIBRARIES}
    percent = lambda share: f"{100 * share:.1f}%"  # noqa: E731
    return [f"{figures['papers']:,}", f"{figures['samples']:,}", f"{figures['cpu']:.1f}", percent(shares.get(SURVEY, 0.0)),
            percent(sum(libraries.values())), ", ".join(f"{name} {percent(share)}" for name, share in list(libraries.items())[:3]),
            percent(shares.get(STANDARD_LIBRARY, 0.0)), percent(shares.get(IMPORTS, 0.0)),
            ", ".join(f"{name.removeprefix(SURVEY + '/')} {percent(share)}" for name, share in
                      list(figures["survey_modules"].items())[:3]), figures["status"]]


def measure_owners(root: Path, interpreter: str, work: Path, rate: int = RATE, cwd: Path | None = None) -> dict:
    """Generate `root` under py-spy and return the owners' shares, with the generation's own CPU seconds
    (bench.generation's figure, under sampling) and the sampling rate."""
    work.mkdir(parents=True, exist_ok=True)
    output = work / f"owners-{root.name}.txt"
    printed = record(root, interpreter, output, rate, cwd)
    figures = json.loads([line for line in printed.splitlines() if line.startswith("{")][-1])
    return shares(output.read_text(encoding="utf-8").splitlines()) | {"rate": rate, "cpu": figures["cpu"]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--rate", type=int, default=RATE)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "survey-owners")
    arguments = parser.parse_args()
    print(json.dumps(measure_owners(arguments.root.resolve(), sys.executable, arguments.work, arguments.rate), indent=1))
    sys.exit(0)
