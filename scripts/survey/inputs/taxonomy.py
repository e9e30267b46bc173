"""Load and validate the curated taxonomy (data/themes.yml) and hand overrides (data/overrides.yml)."""
from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import InputError
from ..core.yamlfile import Mapping, check_keys, load_yaml
from ..model.paper import normalize_title
from ..model.taxonomy import Chapter, Override, Section, Taxonomy
from .listings import INVISIBLE

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
RESERVED = frozenset({"overview", "all-papers", "bibliography", "index"})  # pages the generator writes itself
SLUG_FIX = "Use lowercase letters, digits and single hyphens, starting with a letter (e.g. federated-learning)"


def _text(path: Path, mapping: dict, key: str) -> str:
    value = mapping[key]
    line = getattr(mapping, "line", None)
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, f"{key!r} must be non-empty text", "Write it", line)
    text = " ".join(INVISIBLE.sub("", value).split())
    if key == "title" and "<" in text:
        # sphinx-book-theme prints page titles unescaped and Sphinx 7.4's search shows section titles as
        # HTML: a '<' in a title would become markup (even a script) on the site.
        raise InputError(path, f"title {text[:60]!r} contains '<'", "Write the title without '<'", line)
    return text


def _number(path: Path, mapping: Mapping, key: str, default: float | None = None) -> float:
    value = mapping.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
        raise InputError(path, f"{key} must be a number of at least 0, not {value!r}", f"Write e.g. `{key}: 4`",
                         mapping.line_of(key) if isinstance(mapping, Mapping) else None)
    return float(value)


def _slug(path: Path, mapping: dict, seen: set[str], what: str) -> str:
    slug = mapping["slug"]
    line = getattr(mapping, "line", None)
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise InputError(path, f"{what} slug {slug!r} is not a plain identifier", SLUG_FIX, line)
    if slug in seen:
        raise InputError(path, f"duplicate {what} slug {slug!r}", "Give each a unique slug", line)
    if what == "chapter" and slug in RESERVED:
        raise InputError(path, f"chapter slug {slug!r} is reserved for a generated page", "Choose another slug", line)
    seen.add(slug)
    return slug


def _rules(path: Path, mapping: dict) -> dict[str, float]:
    rules = mapping["rules"] or {}
    line = getattr(mapping, "line", None)
    if not isinstance(rules, dict):
        raise InputError(path, "'rules' must map phrases to weights", "Write e.g. `federated learning: 5`", line)
    for phrase, weight in rules.items():
        if not isinstance(phrase, str) or not phrase.strip() or isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            raise InputError(path, f"rule {phrase!r}: {weight!r} is not a phrase with a positive weight",
                             "Write e.g. `federated learning: 5`", rules.line_of(phrase) if isinstance(rules, Mapping) else line)
    return {phrase.lower().strip(): float(weight) for phrase, weight in rules.items()}


def load_taxonomy(path: Path, text: str | None = None, draft: bool = False) -> Taxonomy:
    """The taxonomy of `path` (or of `text`, a drafted taxonomy that will be written to `path`)."""
    data = load_yaml(path, text)
    check_keys(path, data, "the taxonomy", {"fallback_chapter", "min_score", "chapters"}, {"min_similarity"})
    chapters_data = data["chapters"]
    if not isinstance(chapters_data, list) or not chapters_data:
        raise InputError(path, "'chapters' must be a non-empty list", "See the README", data.line)
    chapter_slugs: set[str] = set()
    chapters = []
    for entry in chapters_data:
        check_keys(path, entry, "a chapter", {"slug", "title", "scope", "rules", "sections"})
        slug = _slug(path, entry, chapter_slugs, "chapter")
        sections_data = entry["sections"]
        if not isinstance(sections_data, list) or not sections_data:
            raise InputError(path, f"chapter {slug!r} needs a non-empty list of sections", "Add sections", entry.line)
        section_slugs: set[str] = set()
        sections = []
        for section in sections_data:
            check_keys(path, section, f"a section of chapter {slug!r}", {"slug", "title", "intro", "rules"})
            sections.append(Section(_slug(path, section, section_slugs, "section"), _text(path, section, "title"),
                                    _text(path, section, "intro"), _rules(path, section)))
        chapters.append(Chapter(slug, _text(path, entry, "title"), _text(path, entry, "scope"),
                                _rules(path, entry), tuple(sections)))
    fallback = data["fallback_chapter"]
    if fallback not in chapter_slugs:
        raise InputError(path, f"fallback_chapter {fallback!r} is not a chapter slug", "Name one of the chapters", data.line)
    return Taxonomy(fallback, _number(path, data, "min_score"),
                    _number(path, data, "min_similarity", 0.08), tuple(chapters), draft)


def load_overrides(path: Path, taxonomy: Taxonomy, titles: set[str]) -> dict[str, Override]:
    """Overrides keyed by normalized title; every title, chapter and section must exist."""
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    check_keys(path, data, "the overrides file", {"overrides"})
    overrides: dict[str, Override] = {}
    entries = data["overrides"] or []
    if not isinstance(entries, list):
        raise InputError(path, "'overrides' must be a list of entries", "Start each entry with `- title: ...` (see the README)",
                         data.line_of("overrides") if isinstance(data, Mapping) else None)
    for entry in entries:
        check_keys(path, entry, "an override", {"title", "chapters"}, {"section", "reason"})
        identity = normalize_title(str(entry["title"]))
        if identity not in titles:
            raise InputError(path, f"override names a paper that does not exist: {str(entry['title'])[:80]!r}",
                             "Copy the title exactly from data/papers.csv, or remove the override", entry.line)
        chapters = entry["chapters"]
        known = {c.slug for c in taxonomy.chapters}
        if not isinstance(chapters, list) or not chapters or any(not isinstance(c, str) or c not in known for c in chapters):
            raise InputError(path, f"override chapters {chapters!r} must be a list of chapter slugs",
                             f"Use slugs from data/themes.yml: {', '.join(sorted(known))}", entry.line)
        section = entry.get("section")
        if section is not None and (not isinstance(section, str)
                                    or section not in {s.slug for s in taxonomy.chapter(chapters[0]).sections}):
            raise InputError(path, f"section {section!r} is not in chapter {chapters[0]!r}", "Use one of its section slugs", entry.line)
        if identity in overrides:
            raise InputError(path, "the same paper is overridden twice", "Keep one override per paper", entry.line)
        overrides[identity] = Override(tuple(dict.fromkeys(chapters)), section)
    return overrides
