"""A section's papers compared: computed statements only (counts, shares, years), from the papers' type,
training-free flag, attribute values and code links."""
from __future__ import annotations

from collections.abc import Sequence

from ..inputs.attributes import Attribute
from ..model.paper import Paper

TYPE_NAMES = {"method": ("method", "methods"), "dataset-benchmark": ("dataset or benchmark", "datasets or benchmarks"),
              "survey": ("survey", "surveys"), "analysis": ("analysis", "analyses"), "theory": ("theory paper", "theory papers"),
              "system": ("system", "systems")}
VALUES_STATED = 2  # attribute values named per attribute, the most frequent first
MIN_PAPERS = 3  # fewer papers compare too little


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _years(papers: Sequence[Paper]) -> str:
    years = sorted({p.year for p in papers if p.year is not None})
    if not years:
        return ""
    dated = sum(1 for p in papers if p.year is not None)
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    if dated == len(papers):
        return f"all from {span}" if len(years) == 1 else f"from {span}"
    return f"{dated} of them dated {span}"


def statements(papers: Sequence[Paper], attributes: Sequence[Attribute]) -> list[str]:
    """Sentences comparing `papers` (a section's), each computed from their fields; [] below MIN_PAPERS."""
    n = len(papers)
    if n < MIN_PAPERS:
        return []
    out = []
    types = {t: sum(1 for p in papers if p.paper_type == t) for t in TYPE_NAMES}
    present = [(t, c) for t, c in types.items() if c]
    if len(present) == 1:
        out.append(f"All {n} are {TYPE_NAMES[present[0][0]][1]}.")
    elif present:
        out.append("By type: " + ", ".join(_count(c, *TYPE_NAMES[t]) for t, c in present) + ".")
    free = sum(1 for p in papers if p.training_free == "yes")
    trained = sum(1 for p in papers if p.training_free == "no")
    out.append(f"Training-free by their own account: {free} of {n}; training or fine-tuning: {trained}; "
               f"not stated: {n - free - trained}.")
    for attribute in attributes:
        stated = [(p, p.attribute(attribute.name)) for p in papers]  # read once, not once per value
        counted = [(value.name, [p for p, values in stated if value.name in values]) for value in attribute.values]
        counted = sorted([(name, group) for name, group in counted if len(group) >= 2], key=lambda c: -len(c[1]))
        for name, group in counted[:VALUES_STATED]:
            years = _years(group)
            out.append(f"{attribute.label} “{name}”: {len(group)} papers" + (f", {years}." if years else ", year unknown."))
    with_code = sum(1 for p in papers if p.code_urls)
    out.append(f"{with_code} of {n} link to code.")
    return out
