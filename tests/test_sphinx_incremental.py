"""survey.sphinx_incremental's pieces on their own (the rebuilds they serve are tested in test_book.py:
no-change rebuild, an entry moving to an earlier part, numbering off in the saved environment)."""
import gc

from survey import sphinx_incremental


def test_a_finished_build_freezes_its_objects_so_the_exit_collection_skips_them():
    gc.unfreeze()
    try:
        sphinx_incremental.freeze_objects(None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
