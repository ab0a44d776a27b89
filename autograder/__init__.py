"""The nbgrader course: configuration, source notebooks and the hidden tests.

Everything here is on the grader's side and never reaches students.
"""

from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent
SOURCE_DIR = COURSE_ROOT / "source"
