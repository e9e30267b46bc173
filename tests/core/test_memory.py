"""core.memory: freed memory is kept and reused, so that it is not faulted in again (glibc)."""
import platform
import subprocess
import sys

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
