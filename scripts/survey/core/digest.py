"""Knowing, without running the generator, that its outputs are current.

A *manifest* (JSON) records the digest of everything a generation read (its inputs) and the SHA-256 of every
file it wrote. The outputs are current when the inputs' digest is the recorded one and every recorded file
is present with the recorded content (and no other file lies where generated files are kept). Only the
standard library is imported here, so the check costs no import of the generator's libraries.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .files import write_if_changed

FORMAT = 1
# Where the pipeline keeps generated files whose set varies (write_outputs deletes those it no longer makes):
# a file here that the manifest does not list means the outputs are not what a run would leave.
GENERATED_DATA = ("papers.csv", "sentences.csv")  # under data/: written by the pipeline, so never an input
GENERATED_GLOBS = ("chapters/*.md", "chapters/*/*.md", "chapters/figures/*.png", "papers/*.md", "downloads/chapters/*.bib")


def file_digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def tree_files(folder: Path, suffixes: tuple[str, ...] | None = None, skip: Iterable[str] = ()) -> list[Path]:
    """Every file under `folder` (sorted; hidden files and __pycache__ left out), optionally by suffix."""
    skipped = set(skip)
    found = []
    for directory, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f != "__pycache__")
        for name in files:
            path = Path(directory, name)
            if name.startswith(".") or (suffixes is not None and path.suffix not in suffixes):
                continue
            if path.relative_to(folder).as_posix() not in skipped:
                found.append(path)
    return sorted(found)


def installed_versions() -> list[str]:
    """Every installed distribution (`name-version.dist-info`, the installer's record of it) on the import
    path, and the Python version: a new release of any library the generator uses changes the digest.
    Read from the folder names (reading each distribution's metadata took 0.1 s)."""
    found = {f"python-{sys.version.split()[0]}"}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(name.lower() for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def inputs_digest(files: Iterable[tuple[str, Path]], extra: Iterable[str] = ()) -> str:
    """SHA-256 over (label, content digest) of each file, in the given order, then the extra strings."""
    digest = hashlib.sha256()
    for label, path in files:
        digest.update(f"{label}\0{file_digest(path) if path.is_file() else '-'}\n".encode())
    for line in extra:
        digest.update(f"{line}\n".encode())
    return digest.hexdigest()


def content_digest(content: str | bytes) -> str:
    return hashlib.sha256(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()


def record(path: Path, inputs: str, outputs: dict[str, str | bytes]) -> None:
    """Write the manifest: the inputs' digest and each output's digest (sorted, so the same run gives the
    same bytes)."""
    manifest = {"format": FORMAT, "inputs": inputs,
                "outputs": {name: content_digest(content) for name, content in sorted(outputs.items())}}
    write_if_changed(path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def recorded_outputs(path: Path, inputs: str) -> dict[str, str] | None:
    """The recorded outputs' digests when the manifest at `path` was written for these inputs, else None."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("inputs") != inputs:
        return None
    outputs = manifest.get("outputs")
    return outputs if isinstance(outputs, dict) else None


def outputs_intact(root: Path, outputs: dict[str, str]) -> bool:
    """Every recorded output is in `root` with the recorded content."""
    for name, digest in outputs.items():
        path = root / name
        if not path.is_file() or file_digest(path) != digest:
            return False
    return True


def stray_files(root: Path, outputs: Iterable[str]) -> list[str]:
    """Files where generated files are kept (GENERATED_GLOBS) that are not among `outputs`."""
    known = set(outputs)
    return sorted(name for pattern in GENERATED_GLOBS for name in (p.relative_to(root).as_posix() for p in root.glob(pattern))
                  if name not in known)


def forget(path: Path) -> None:
    path.unlink(missing_ok=True)
