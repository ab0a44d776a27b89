"""The nbgrader course: configuration, source notebooks and the hidden tests.

Everything here is on the grader's side and never reaches students.
"""

import sys
from pathlib import Path

# jsonschema, which nbformat imports, builds the grammars of IRI formats when it is imported
# (the module rfc3987_syntax: about 1.7 s, in every grading process). Notebook schemas use
# no IRI format: a process that has not imported jsonschema yet goes without that module.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

COURSE_ROOT = Path(__file__).resolve().parent
SOURCE_DIR = COURSE_ROOT / "source"
REPO_NOTEBOOKS = COURSE_ROOT.parent / "notebooks"  # `course release` writes the students' here
METADATA = "backprop_course"
"""The notebook metadata key under which grading keeps what it found: the repairs of the
submission, what the judge found per test cell, what was stopped, and the digests of the
submission and of the source it was graded against."""


class GradingError(Exception):
    """A problem the instructor must fix, said in one line."""
