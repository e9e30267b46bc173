"""survey.sphinxext.incremental's pieces on their own (the rebuilds they serve are tested in test_book.py:
no-change rebuild, an entry moving to an earlier part, numbering off in the saved environment)."""
import gc

from survey.sphinxext import incremental


class App:
    class config:  # noqa: N801 (stands for Sphinx's config object)
        survey_speedups = True


def test_a_finished_build_freezes_its_objects_so_the_exit_collection_skips_them():
    gc.unfreeze()
    try:
        incremental.freeze_objects(App(), None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
