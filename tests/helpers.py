"""Shared test helpers: where things are, whether a tool is there, and running the real commands."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_BOOK = ROOT / "tests" / "fixtures" / "book"
VENV_BIN = Path(sys.executable).parent


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require_tool(name: str) -> str:
    """Path of a command-line tool; a missing tool skips locally but fails in CI, where it must be installed."""
    path = shutil.which(name) or (str(VENV_BIN / name) if (VENV_BIN / name).exists() else None)
    if path is None:
        if in_ci():
            pytest.fail(f"{name} is not installed; .ci/run must install it")
        pytest.skip(f"{name} is not installed")
    return path


def run_survey(root: Path, *args: str, env: dict[str, str] | None = None,
               timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The installed `survey` command (make installs the package into .venv) on the book in `root`."""
    return subprocess.run([str(VENV_BIN / "survey"), "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def build_html(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The real `jupyter-book build`; it loads the installed survey.sphinxext."""
    return subprocess.run([str(VENV_BIN / "jupyter-book"), "build", str(root), "--warningiserror", "--keep-going", *options],
                          capture_output=True, text=True, timeout=900)


def text_outputs(outputs: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The generator's outputs with every text file as text: the downloads come as their UTF-8 bytes
    (survey.pipeline), the chart PNGs stay bytes."""
    return {name: content.decode("utf-8") if isinstance(content, bytes) and not name.endswith(".png") else content
            for name, content in outputs.items()}


def published_table(path: Path) -> pd.DataFrame:
    """The published paper table (data/papers.csv, the CSV download) as a reader would load it."""
    import pandas as pd

    return pd.read_csv(path, dtype="string", keep_default_na=False)


def set_sphinx_config(root: Path, **values: object) -> None:
    """Set configuration values of the book's Sphinx (`sphinx.config` in _config.yml), as data."""
    path = root / "_config.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {}).update(values)
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
