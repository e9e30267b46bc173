"""Measuring one subprocess: wall time, CPU time and peak memory (wait4), stopped after a timeout."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
    def reported(self) -> dict:
        """The JSON object the run printed last (a line starting with "{"), when it ended well; else {}."""
        lines = [line for line in self.output.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if self.status == "ok" and lines else {}

    @property
    def status(self) -> str:
        if self.timed_out:
            return "TIMEOUT"
        return "ok" if self.returncode == 0 else f"exit {self.returncode}"


def measure(command: list[str], timeout: float, log: Path, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Run:
    """Run `command` in its own process group; wall time and its peak RSS (wait4), killed after `timeout`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
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


def machine() -> str:
    cpus = os.cpu_count()
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    except (ValueError, OSError):
        memory = float("nan")
    return f"{cpus} cores, {memory:.0f} GiB RAM, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}"
