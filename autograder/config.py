"""nbgrader settings of the course, in one place.

``autograder/nbgrader_config.py`` (for instructors who run nbgrader's own commands or the
formgrader) and the ``course`` command both build their configuration here.
"""

from pathlib import Path

from traitlets.config import Config

from autograder import SOURCE_DIR

COURSE_ID = "backprop-course"
DEFAULT_TIMEOUT = 60  # seconds per cell: the longest solution cell takes a few
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def assignments() -> list[str]:
    """The assignment names, one per numbered notebook: ['01_computation_graphs', ...]."""
    return sorted(p.name for p in SOURCE_DIR.iterdir()
                  if p.is_dir() and (p / f"{p.name}.ipynb").exists())


SQLITE_LOCK_WAIT = 60  # seconds


def nbgrader_config(root: Path, db_url: str | None = None,
                    timeout: int = DEFAULT_TIMEOUT) -> Config:
    """The nbgrader Config for a course folder ``root`` (holding source/, submitted/, ...).

    ``db_url``: any SQLAlchemy URL for the gradebook; by default an SQLite file
    ``gradebook.db`` inside ``root``.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader import preprocessors as nbp

    from autograder.feedback import HideHiddenTests
    from autograder.judge import JudgedExecute

    c = Config()
    c.CourseDirectory.root = str(Path(root).resolve())
    c.CourseDirectory.course_id = COURSE_ID
    # SQLite waits up to a minute for a lock: workers grading in parallel share the file.
    c.CourseDirectory.db_url = db_url or (
        f"sqlite:///{Path(root).resolve() / 'gradebook.db'}?timeout={SQLITE_LOCK_WAIT}")
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.Execute.timeout = timeout
    c.Execute.interrupt_on_timeout = True
    c.Autograde.create_student = True
    # nbgrader's lists without CheckCellMetadata (a schema check per cell costs a fifth of a
    # second): every nbgrader field of a submission is the released notebook's own, put
    # there by ``autograder.sanitize``, and executing cannot change them. The judge
    # replaces Execute.
    c.Autograde.sanitize_preprocessors = [
        nbp.ClearOutput, nbp.DeduplicateIds, nbp.OverwriteKernelspec, nbp.OverwriteCells,
    ]
    c.Autograde.autograde_preprocessors = [
        JudgedExecute, nbp.IgnorePattern, ClearMetadataPreprocessor, nbp.LimitOutput,
        nbp.SaveAutoGrades, nbp.AssignLatePenalties,
    ]
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        HideHiddenTests,
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
    c.Exchange.root = str(Path(root).resolve() / "exchange")
    return c
