"""The corpora measured: a copy of the real book's inputs, and synthetic books of any size."""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from . import synthetic


def copy_book_config(repo: Path, root: Path) -> None:
    """The repository's _config.yml, its hand-written site files (_extra/, _static/survey/), and the folders
    of any local Sphinx extension it names."""
    import yaml
    shutil.copyfile(repo / "_config.yml", root / "_config.yml")
    for folder in ("_extra", "_static/survey"):
        if (repo / folder).is_dir() and not (root / folder).exists():
            shutil.copytree(repo / folder, root / folder, symlinks=True)
    config = yaml.safe_load((repo / "_config.yml").read_text(encoding="utf-8")) or {}
    for folder in ((config.get("sphinx") or {}).get("local_extensions") or {}).values():
        source = repo / folder
        if not Path(folder).is_absolute() and source.is_dir() and not (root / folder).exists():
            shutil.copytree(source, root / folder, ignore=shutil.ignore_patterns("__pycache__"))


def real_corpus(args: argparse.Namespace) -> tuple[Path, int, int, dict[str, str]]:
    """A copy of the real book's inputs, and one synthetic listing page of new papers to add later."""
    root = args.work / "real"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(args.repo / "data" / "raw", root / "data" / "raw")
    for name in ("themes.yml", "overrides.yml", "arxiv_metadata.csv", "lexicon.yml", "attributes.yml", "sentence_roles.csv"):
        if (args.repo / "data" / name).exists():
            shutil.copyfile(args.repo / "data" / name, root / "data" / name)
    copy_book_config(args.repo, root)
    pages = sorted((root / "data" / "raw").glob("*.txt"))
    titles = {synthetic.normalize(t) for p in pages for t, _ in synthetic.read_listing_pairs(p.read_text(encoding="utf-8"))}
    maker = synthetic.PaperMaker(args.source, seed=args.seed + 1)
    maker.seen |= titles
    extra = [maker.paper() for _ in range(70)]
    name = f"{len(pages):03d}_bench_added.txt"
    return root, len(titles), len(pages), {name: synthetic.page_text("Mar 21", extra)}


def synthetic_corpus(papers: int, args: argparse.Namespace) -> synthetic.Corpus:
    corpus = synthetic.make_corpus(args.work / f"synthetic-{papers}", papers, seed=args.seed, source=args.source)
    copy_book_config(args.repo, corpus.root)
    return corpus
