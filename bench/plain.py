"""The plain book: the survey's pages as headings and paragraphs, built with the same Jupyter Book and no
survey machinery (tables, roles, citations, extension), so the survey's build time reads as a ratio to
the engine's own floor."""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

ROLE = re.compile(r"\{[a-z:]+\}`([^`]*)`")
PLAIN_CONFIG = """title: "Plain book"
author: "bench"
only_build_toc_files: true
exclude_patterns: [_build]
execute:
  execute_notebooks: "off"
html:
  use_repository_button: false
sphinx:
  config:
    smartquotes: false
    myst_enable_extensions: []
"""


def plain_markdown(source: str) -> str:
    """The page's text as headings and paragraphs: table rows become paragraphs, roles their text."""
    out: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):  # directive fences ({table}, {tabularcolumns}): keep their content only
            continue
        if re.fullmatch(r"\([^)]*\)=", stripped) or stripped.startswith(":") or re.fullmatch(r"\|(-+\|)+", stripped):
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split(" | ")]
            out += ["; ".join(ROLE.sub(r"\1", c) for c in cells if c), ""]
            continue
        out.append(ROLE.sub(r"\1", line))
    return "\n".join(out) + "\n"


BIBLIOGRAPHY_FILTER = re.compile(r'^:filter: (not )?key % "([^"]+)"$', re.MULTILINE)


def bibliography_text(root: Path, page: str) -> str:
    """What a bibliography page shows, as paragraphs: authors, title, year, link and note per paper (of
    the keys its `:filter: key % "^s"` matches, on a split bibliography)."""
    lines = ["# Bibliography", ""]
    match = BIBLIOGRAPHY_FILTER.search(page)
    with (root / "data" / "papers.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if match and bool(re.search(match.group(2), row["key"], re.IGNORECASE)) == bool(match.group(1)):
                continue
            url = f"https://arxiv.org/abs/{row['arxiv_id']}" if row["arxiv_id"] else ""
            note = "Listed in " + ", ".join(f"{s} ({d})" for s, d in zip(row["sources"].split(";"), row["dates"].split(";")))
            parts = [row["authors"].replace("; ", ", "), row["title"], row["year"], url, note]
            lines += [". ".join(p for p in parts if p) + ".", ""]
    return "\n".join(lines)


def book_pages(root: Path) -> list[Path]:
    """The generated pages besides the landing page: chapters/*.md and the paper entries papers/*.md."""
    return sorted([*(root / "chapters").glob("*.md"), *(root / "papers").glob("*.md")])


def make_plain_book(root: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / "_config.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    shutil.copyfile(root / "_toc.yml", target / "_toc.yml")
    for page in [root / "index.md", *book_pages(root)]:
        relative = page.relative_to(root)
        text = page.read_text(encoding="utf-8")
        plain = bibliography_text(root, text) if "```{bibliography}" in text else plain_markdown(text)
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(plain, encoding="utf-8")
