"""Test data builders, in one place: papers written as rows of the published table (lists joined as in
data/papers.csv) and turned into `Paper`s by the model's own converter, small taxonomies, the real corpus."""
from __future__ import annotations

from functools import cache

from survey.analysis.corpus import Corpus
from survey.analysis.roles import RoleModel
from survey.inputs.attributes import load_attributes
from survey.inputs.lexicon import load_lexicon
from survey.inputs.sentence_roles import load_sentence_roles
from survey.inputs.taxonomy import load_taxonomy
from survey.model.paper import Paper
from survey.model.table import COLUMNS, read_csv, row_paper
from survey.model.taxonomy import Chapter, Section, Taxonomy
from tests.helpers import ROOT


def row(**values: str) -> dict[str, str]:
    """A row of the paper table: every column empty unless given."""
    base = dict.fromkeys(COLUMNS, "")
    base.update(values)
    return base


def paper(key: str = "lee2024paper", title: str = "A paper", abstract: str = "", **values: str) -> Paper:
    """A paper from table-style values (themes="a;b", authors="A B; C D", year="2024", ...)."""
    return row_paper(row(key=key, title=title, abstract=abstract, **values))


def section(slug: str, rules: dict[str, float] | None = None) -> Section:
    return Section(slug, slug.title(), "Intro.", rules or {})


def taxonomy(*chapters: tuple[str, str, tuple[str, ...]], fallback: str = "other") -> Taxonomy:
    """A taxonomy of (slug, title, section slugs) chapters, no rules."""
    return Taxonomy(fallback, 1.0, 0.08, tuple(
        Chapter(slug, title, f"{title}.", {}, tuple(section(s) for s in sections)) for slug, title, sections in chapters))


@cache
def real_papers() -> tuple[Paper, ...]:
    """The real survey's papers, as data/papers.csv holds them."""
    return tuple(read_csv(ROOT / "data" / "papers.csv"))


@cache
def real_taxonomy() -> Taxonomy:
    return load_taxonomy(ROOT / "data" / "themes.yml")


@cache
def role_model() -> RoleModel:
    """The sentence-role classifier fitted on every hand-labelled sentence, as the pipeline fits it."""
    return RoleModel(load_sentence_roles(ROOT / "data" / "sentence_roles.csv"))


def corpus(papers, taxonomy: Taxonomy) -> Corpus:
    """A corpus of `papers` with the real role model and no lexicon or attributes."""
    return Corpus.build(papers, taxonomy, role_model())


@cache
def real_corpus() -> Corpus:
    return Corpus.build(real_papers(), real_taxonomy(), role_model(), load_lexicon(ROOT / "data" / "lexicon.yml"),
                        load_attributes(ROOT / "data" / "attributes.yml"))
