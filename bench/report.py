"""Printing figures: numbers, yes/NO, and aligned Markdown tables."""
from __future__ import annotations


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def table(columns: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in [c, *(r[i] for r in rows)]) for i, c in enumerate(columns)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    return "\n".join([line(columns), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])
