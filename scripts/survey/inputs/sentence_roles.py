"""Read the hand-labelled sentences (data/sentence_roles.csv) the role classifier is fitted on.

Columns: `title` (the paper's title, which survives key changes), `index` (the sentence's position in the
abstract), `role` (one of model.sentence.ROLES), `text` (the sentence exactly as in the abstract) and
`set` (`train`: labelled while the classifier was written; `heldout`: labelled later, by a labeller who
never saw its output, to measure it on unseen abstracts).
"""
from __future__ import annotations

from pathlib import Path

from ..core.csvfile import csv_reader
from ..core.errors import InputError
from ..model.sentence import ROLES, LabelledSentence

COLUMNS = ("title", "index", "role", "text", "set")
SETS = ("train", "heldout")


def load_sentence_roles(path: Path) -> tuple[LabelledSentence, ...]:
    header = ",".join(COLUMNS)
    reader = csv_reader(path, f"Restore it from git (header: {header})")
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise InputError(path, f"the header is {','.join(reader.fieldnames or [])!r}", f"Write the header {header}", 1)
    labelled = []
    for row in reader:
        line = reader.line_num
        if None in row or None in row.values():
            raise InputError(path, "the row does not have one value per column", "Quote a value holding a comma", line)
        if row["role"] not in ROLES:
            raise InputError(path, f"role {row['role']!r} is not one of {', '.join(ROLES)}", "Write one of them", line)
        if row["set"] not in SETS:
            raise InputError(path, f"set {row['set']!r} is not train or heldout", "Write train or heldout", line)
        if not row["index"].isdigit() or not row["text"].strip() or not row["title"].strip():
            raise InputError(path, "a row needs a title, a sentence index (0, 1, ...) and the sentence's text",
                             "Fill in the row", line)
        labelled.append(LabelledSentence(row["title"], int(row["index"]), row["role"], row["text"], row["set"] == "heldout"))
    return tuple(labelled)
