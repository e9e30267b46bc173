"""core.memory: freed memory is kept and reused, so that it is not faulted in again (glibc); the garbage
collector walks long-lived data once per stage."""
import gc
import platform
import subprocess
import sys
import weakref

import pytest

from survey.core.memory import NO_AUTOMATIC_FULL_COLLECTION, collected_between_stages

# Encodes 66 MB of text three times and prints the page faults of the last two (each a fresh 66 MB buffer).
PROGRAM = """
import resource, sys
from survey.core.memory import keep_freed_memory
took = keep_freed_memory() if sys.argv[1] == "keep" else None
text = "abcdef ghi " * 6_000_000
text.encode()
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(2):
    text.encode()
print(took, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults)
"""


def faults(mode: str) -> tuple[str, int]:
    result = subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, check=True)
    took, count = result.stdout.split()
    return took, int(count)


def test_freed_memory_is_reused_instead_of_faulted_in_again():
    assert platform.libc_ver()[0] == "glibc"  # Linux, where the survey is built and tested
    took, kept = faults("keep")
    _, default = faults("default")
    assert took == "True"
    assert default > 2 * 16_000  # each 66 MB buffer was a new mapping: 16,100 fresh pages
    assert kept < 1_000  # the freed buffer served the next one


class Cycle:
    def __init__(self):
        self.me = self


def full_collections_during(body) -> int:
    """How many generation-2 collections ran while `body()` ran."""
    count = [0]

    def callback(phase, info):
        count[0] += phase == "start" and info["generation"] == 2

    gc.callbacks.append(callback)
    try:
        body()
    finally:
        gc.callbacks.remove(callback)
    return count[0]


def keep_many_containers(kept: list) -> None:
    kept.extend([i] for i in range(1_000_000))  # survivors: by default they trigger full collections


def test_without_the_context_many_survivors_trigger_full_collections():
    kept: list = []
    assert full_collections_during(lambda: keep_many_containers(kept)) > 0  # what the context prevents


def test_within_the_context_only_stage_ends_collect_everything():
    kept: list = []
    with collected_between_stages() as stage_done:
        assert full_collections_during(lambda: keep_many_containers(kept)) == 0
        assert full_collections_during(stage_done) == 1


def test_a_stage_end_frees_cyclic_garbage_and_freezes_the_survivors():
    with collected_between_stages() as stage_done:
        garbage = Cycle()
        gone = weakref.ref(garbage)
        gc.collect(1)  # while it lives, young collections move it to the oldest generation
        del garbage
        gc.collect(1)
        assert gone() is not None  # garbage only a full collection finds
        kept = [[i] for i in range(10_000)]
        stage_done()
        assert gone() is None
        assert gc.get_freeze_count() >= len(kept)


def test_leaving_the_context_restores_the_collector_even_after_an_error():
    thresholds = gc.get_threshold()
    with pytest.raises(ValueError), collected_between_stages() as stage_done:
        stage_done()
        assert gc.get_threshold()[2] == NO_AUTOMATIC_FULL_COLLECTION
        raise ValueError
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds
