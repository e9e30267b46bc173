"""Strict YAML loading for the human-edited data files, with line numbers for error messages."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError


class Mapping(dict):
    """A YAML mapping that remembers the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML list that remembers the line it starts on and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int] = []

    def line_at(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:
        key_lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in key_lines:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            key_lines[key] = key_node.start_mark.line + 1
        mapping = Mapping(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = key_lines
        return mapping

    def construct_sequence_with_lines(self, node: yaml.SequenceNode) -> Sequence:
        sequence = Sequence(self.construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
        return sequence

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as error:  # 2026-13-03 looks like a date and is none: a line, not a bare ValueError
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a valid date ({error})",
                                                    node.start_mark) from None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence_with_lines)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_checked_timestamp)


def load_yaml(path: Path, text: str | None = None) -> Any:
    """Parse `path` (or `text`, the content that `path` names); a syntax error or duplicate key is an
    InputError naming the line."""
    try:
        text = path.read_text(encoding="utf-8") if text is None else text
    except FileNotFoundError:
        raise InputError(path, "the file does not exist", "Create it as the README describes") from None
    except UnicodeDecodeError:
        raise InputError(path, "the file is not valid UTF-8", "Save it as UTF-8") from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path | str) -> Any:
    """Parse YAML text read from `path` (named in messages), as load_yaml does."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(path, f"invalid YAML: {error.problem or error.context}", "Fix the YAML syntax", line) from None
    except yaml.YAMLError as error:  # e.g. a character YAML does not allow
        raise InputError(path, f"invalid YAML: {error}", "Fix the YAML syntax") from None


def check_keys(path: Path, mapping: Any, what: str, required: set[str], optional: set[str] = frozenset()) -> None:
    """Require a mapping with exactly the allowed keys, naming the offending line otherwise."""
    line = getattr(mapping, "line", None)
    if not isinstance(mapping, dict):
        raise InputError(path, f"{what} must be a mapping (key: value lines)", "See the README for the format", line)
    unknown = sorted(set(mapping) - required - optional, key=str)
    if unknown:
        allowed = ", ".join(sorted(required | optional))
        line = mapping.line_of(unknown[0]) if isinstance(mapping, Mapping) else line
        raise InputError(path, f"{what} has unknown key(s) {', '.join(map(str, unknown))}", f"Allowed keys: {allowed}", line)
    missing = sorted(required - set(mapping))
    if missing:
        raise InputError(path, f"{what} is missing key(s) {', '.join(missing)}", "Add them", line)
