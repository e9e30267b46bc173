"""Memory a large generation would otherwise pay for again and again: memory the process frees and gets
back from the kernel (glibc's malloc), and objects the garbage collector walks (CPython's gc).

Freed memory. By default glibc serves a block of 128 KB or more (up to 32 MB as it adapts) by a fresh
mapping from the kernel and unmaps it when freed, and gives the free top of its heap back to the kernel.
Every page used again is then a new page fault. On the machine the benchmarks run on, a fault cost the
kernel about 1 us while the process was small but 32-41 us once it held a few GB, and generating 100,000
papers made 1.9 million of them (58 s of the run's 235 s of CPU, bench/README.md, round 8; most of that
price was the virtual machine backing memory used for the first time since it started, round 9,
bench/memory.py, but a fault costs 2-3 us even then). With blocks up to 1 GiB served from the heap and up
to 2 GiB of freed memory kept, the run made 1.37 million faults (42 s) and took 200 s;
10,000 papers made 168,000 instead of 253,000. The peak memory is the same (kept memory is reused, not added).

`keep_freed_memory` is a setting of the whole process, made by the command-line program (and the benchmark
that times it) when it starts, never by the pipeline itself, which a caller may run inside its own
long-lived process.

Collected objects. The pipeline builds its data in stages and keeps most of it to the end: about 3.5 million
tracked objects at 100,000 papers (344,000 at 10,000: a Sentence per sentence, a Paper per paper, their
lists). CPython runs a full collection, which walks every one of them, whenever the objects that survived
young collections since the last one reach a quarter of the long-lived ones: 22 of them took 12 s of the
100,000-paper run (bench/README.md, round 10), walking again and again data built once and kept.
`collected_between_stages` scopes the pipeline's own rule (restored on exit): no automatic full
collection; at each stage's end one collection, after which what survived is frozen, so that no later
collection walks it again (10 collections, 1.5 s).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import platform
from collections.abc import Callable, Iterator
from contextlib import contextmanager

M_TRIM_THRESHOLD = -1  # malloc.h: free memory kept at the top of the heap before it is given back
M_MMAP_THRESHOLD = -3  # malloc.h: blocks at least this large get a mapping of their own
HEAP_BLOCKS_UP_TO = 1 << 30
KEPT_UP_TO = (1 << 31) - 1  # mallopt takes an int


def keep_freed_memory() -> bool:
    """Tell glibc's malloc to serve blocks up to 1 GiB from its heap and to keep up to 2 GiB of freed
    memory; True when it took both settings, False elsewhere (another C library: nothing is changed)."""
    if platform.libc_ver()[0] != "glibc":
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    return bool(libc.mallopt(M_MMAP_THRESHOLD, HEAP_BLOCKS_UP_TO)) and bool(libc.mallopt(M_TRIM_THRESHOLD, KEPT_UP_TO))


NO_AUTOMATIC_FULL_COLLECTION = 1 << 30  # young collections between full ones: none in a generation's lifetime


@contextmanager
def collected_between_stages() -> Iterator[Callable[[], None]]:
    """Within: young collections as usual (they free the short-lived cycles, such as the exception and
    frames pylatexenc keeps for each string it parses), no automatic full collection, and `stage_done()`
    collects every generation once and freezes the survivors (gc.freeze), so that later collections walk only
    what later stages make. Cyclic garbage that outlives its young collections waits for the stage's end.
    On exit the frozen objects go back to the oldest generation and the thresholds are restored."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], NO_AUTOMATIC_FULL_COLLECTION)

    def stage_done() -> None:
        gc.collect()
        gc.freeze()

    try:
        yield stage_done
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
