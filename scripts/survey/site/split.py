"""Pages split into parts, so that no page grows with the corpus: entry groups (site.entries), "All papers"
per title initial, the bibliography per key initial and a section's comparison table."""
from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def parts(rows: list[T], limit: int) -> list[list[T]]:
    """`rows` cut into the fewest runs of at most `limit`, of (nearly) equal size, in order."""
    count = -(-len(rows) // limit)
    size = -(-len(rows) // count)
    return [rows[start:start + size] for start in range(0, len(rows), size)]


def index_item(title: str, label: str, count: int, runs: int) -> str:
    """An index page's item for a group of `count` papers: a link to the group's page (`label`), or, split
    into `runs` parts, its title and a link to each part (`<label>-part<n>`)."""
    if runs == 1:
        return f"{{ref}}`{title} <{label}>` ({count})"
    return f"{title} ({count}: " + ", ".join(f"{{ref}}`part {n} <{label}-part{n}>`" for n in range(1, runs + 1)) + ")"
