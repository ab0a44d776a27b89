"""The nbgrader course: configuration, source notebooks and the hidden tests.

Everything here is on the grader's side and never reaches students.
"""

from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent
SOURCE_DIR = COURSE_ROOT / "source"
METADATA = "backprop_course"
"""The notebook metadata key under which grading keeps what it found: the repairs of the
submission, what the judge found per test cell, what was stopped, and the digests of the
submission and of the source it was graded against."""
