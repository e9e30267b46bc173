"""What fresh memory costs the kernel on this machine, and touching it once so that the runs do not pay it.

On the virtual machine the benchmark runs on, the first time a page of the guest's memory is used after the
machine started, the hypervisor backs it, at a cost the kernel's time shows: writing a 6 GiB array (numpy,
in huge pages) took 13.1 s of kernel time the first time and 0.5-1.9 s on each later run, and 17 GiB
(11 GiB of them new) 33.7 s (bench/README.md, round 9). A run of 100,000 papers grows to 5.4 GB, so a
part of its CPU time, which depends on what ran on the machine before it, is the hypervisor's: the same
code's figures moved by up to 20% between runs an hour apart. `touch` measures the price (one subprocess
maps and writes `gib` GiB, one byte per page, in ordinary 4 KiB pages as the generator's heap gets them),
printed with every benchmark; `--warm-memory` first touches the memory the machine has available, once,
so that the generation figures that follow measure the generator.

    python -m bench.memory --gib 1      # prints {"gib": 1, "kernel_seconds": ..., "page_faults": ..., ...}
"""
from __future__ import annotations

import argparse
import json
import mmap
import resource
import sys
import time

PAGE = mmap.PAGESIZE


def touch(gib: float) -> dict:
    """Map `gib` GiB of anonymous memory and write one byte in each page; the kernel time and faults it took."""
    size = int(gib * (1 << 30)) // PAGE * PAGE
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    with mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS) as memory:
        if hasattr(mmap, "MADV_NOHUGEPAGE"):  # Linux: ordinary pages even where huge pages are the default
            memory.madvise(mmap.MADV_NOHUGEPAGE)
        for offset in range(0, size, PAGE):
            memory[offset] = 1
    after = resource.getrusage(resource.RUSAGE_SELF)
    faults = after.ru_minflt - before.ru_minflt
    kernel = after.ru_stime - before.ru_stime
    return {"gib": gib, "seconds": time.perf_counter() - start, "kernel_seconds": kernel, "page_faults": faults,
            "us_per_fault": kernel / faults * 1e6 if faults else None}


def available_gib() -> float:
    """The memory the kernel says is available (MemAvailable), in GiB; 0 where /proc/meminfo is missing."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo)
    except OSError:
        return 0.0
    return int(fields["MemAvailable"].split()[0]) / (1 << 20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gib", type=float, help="GiB to touch (default: all available but 1 GiB)")
    args = parser.parse_args(argv)
    gib = args.gib if args.gib is not None else max(available_gib() - 1, 0)
    print(json.dumps(touch(gib)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
