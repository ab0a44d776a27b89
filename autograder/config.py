"""nbgrader settings of the course, in one place.

A course folder's ``nbgrader_config.py`` (written by ``course init``) merges
``course_config(its folder)``: nbgrader's own commands, the formgrader and the ``course``
command all grade through the same steps (``autograder.execution``), with the sandbox.
It also sets what one grading kernel may use (``set_kernel_limits``): loading the file
puts them in this process's environment, which the grading workers and every kernel's
launcher inherit (``autograder.sandbox.current_limits``); the kernels do not see it.
"""

import json
import os
import warnings
from pathlib import Path

from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades
from traitlets.config import Config

from autograder import SOURCE_DIR
from autograder.execution import AUTOGRADE, SANITIZE
from autograder.feedback_page import FEEDBACK_PREPROCESSORS
from autograder.judge import DEFAULT_TIMEOUT
from autograder.kernels import announce
from autograder.sandbox import LIMITS_VARIABLE, Limits, parse_size
from autograder.sanitize import CODE_STUB

__all__ = ["DEFAULT_TIMEOUT", "assignments", "course_config", "set_kernel_limits"]

COURSE_ID = "backprop-course"
SQLITE_LOCK_WAIT = 60  # seconds
DB_VARIABLE = "BACKPROP_COURSE_DB"


def assignments(source: Path = SOURCE_DIR) -> list[str]:
    """The assignment names, one per numbered notebook: ['01_computation_graphs', ...]."""
    return sorted(p.name for p in Path(source).iterdir()
                  if p.is_dir() and (p / f"{p.name}.ipynb").exists())


def course_config(root, db_url: str | None = None) -> Config:
    """The nbgrader Config of the course folder ``root`` (holding source/, submitted/, ...).

    The gradebook: ``db_url`` (any SQLAlchemy URL), else ``$BACKPROP_COURSE_DB``, else the
    SQLite file ``gradebook.db`` in ``root``.
    """
    root = Path(root).resolve()
    if root.is_file():  # the path of the nbgrader_config.py itself
        root = root.parent
    c = Config()
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = COURSE_ID
    # SQLite waits up to a minute for a lock, should two processes write at once.
    c.CourseDirectory.db_url = db_url or os.environ.get(DB_VARIABLE) or (
        f"sqlite:///{root / 'gradebook.db'}?timeout={SQLITE_LOCK_WAIT}")
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.JudgedExecute.timeout = DEFAULT_TIMEOUT
    c.JudgedExecute.interrupt_on_timeout = True
    c.JudgedExecute.sandbox = "required"
    c.Autograde.create_student = True
    # nbgrader's autograde runs the course's steps (the submission rebuilt from the
    # source, which makes every nbgrader field and checksum the source's own; then run by
    # the judge in the sandbox), then records with its own steps.
    c.Autograde.sanitize_preprocessors = list(SANITIZE)
    c.Autograde.autograde_preprocessors = [*AUTOGRADE, SaveAutoGrades, AssignLatePenalties]
    c.GenerateFeedback.preprocessors = FEEDBACK_PREPROCESSORS
    # SQLAlchemy 2.1 warns "not in session" inside nbgrader's autograde; scores are recorded
    warnings.filterwarnings("ignore", message=r".*not in session.*")
    return c


def set_kernel_limits(memory="2 GiB", working_folder="256 MiB", tmp="256 MiB",
                      processes=64, file_size="256 MiB") -> Limits:
    """What one grading kernel of this course may use: ``memory`` in all (its tmpfs
    folders, which are memory, count in it), the size of its working folder and of its
    /tmp, its tasks where a cgroup counts them, and the size of one file. Sizes are bytes
    or text ('2 GiB'). ValueError in one line for a size that is not one or does not fit."""
    try:
        limits = Limits(parse_size(memory), parse_size(working_folder), parse_size(tmp),
                        int(processes), parse_size(file_size)).check()
    except ValueError as error:
        raise ValueError(f"set_kernel_limits: {error}") from None
    os.environ[LIMITS_VARIABLE] = json.dumps(limits.__dict__)
    announce()  # the run's line on what bounds its kernels, now that the limits are known
    return limits
