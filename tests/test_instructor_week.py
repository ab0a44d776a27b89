"""An instructor's week on a small class, through the real command: a zip with odd files
graded into clean grades, feedback released for every graded submission (one placed in
submitted/ by hand too), a feedback page that names its checks and loads nothing from the
web, exports Canvas and Moodle import, and messages that say what exists."""

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import SOURCE_DIR
from autograder.cli import EXPORT_FORMATS
from autograder.course_folder import init_course
from autograder.demo import mistaken_notebook
from autograder.export import CANVAS_COLUMNS, FORMATS, MOODLE_COLUMNS
from course.exercises import nb01_graphs
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)

FIRST = "01_computation_graphs"
SOURCE = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
STUB = Path(__file__).resolve().parent.parent / "notebooks" / f"{FIRST}.ipynb"


def course_cli(*args, cwd=None, timeout=900):
    return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ})


def rows(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("week")
    course = init_course(tmp / "course", exchange=tmp / "exchange")
    (tmp / "exchange").mkdir(mode=0o1777)
    wrong = mistaken_notebook(FIRST, tmp / "wrong.ipynb")
    archive = tmp / "downloads" / "class-01.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SOURCE, f"ann_{FIRST}.ipynb")
        zf.write(wrong, f"bob_{FIRST}.ipynb")
        zf.writestr(f"Grace Hopper_{FIRST}.ipynb", SOURCE.read_bytes())
        zf.writestr("dave.ipynb", SOURCE.read_bytes())
        zf.writestr(f"../{FIRST}.ipynb", SOURCE.read_bytes())
    by_hand = course / "submitted" / "cem" / FIRST  # an instructor's copy, no exchange
    by_hand.mkdir(parents=True)
    (by_hand / f"{FIRST}.ipynb").write_bytes(STUB.read_bytes())
    graded = course_cli("autograde", archive, "--course", course, "--jobs", "2",
                        timeout=1800)
    return course, graded


def test_skipped_files_are_listed_never_made_students(week):
    course, graded = week
    assert graded.returncode == 0, graded.stderr[-3000:]
    students = {row["student"] for row in rows(course / "grades.csv")}
    assert students == {"ann", "bob", "cem"}, students
    skipped = rows(course / "skipped.csv")
    assert len(skipped) == 3 and all(row["reason"] for row in skipped), skipped
    assert "3 file(s) skipped" in graded.stderr
    assert re.search(r"copied in from .*class-01\.zip: 2 new", graded.stderr), graded.stderr
    exported = course_cli("export", cwd=course / "source" / FIRST)  # from a subfolder
    assert exported.returncode == 0, exported.stderr
    assert {row["student"] for row in rows(course / "grades.csv")} == students


def test_feedback_is_released_for_every_graded_submission(week):
    course, _ = week
    for student in ("ann", "bob", "cem"):
        assert (course / "feedback" / student / FIRST / "submission_secret.txt").exists()
    released = subprocess.run(["nbgrader", "release_feedback", FIRST], cwd=course,
                              capture_output=True, text=True, timeout=600)
    assert released.returncode == 0, released.stdout[-2000:] + released.stderr[-2000:]
    assert "Traceback" not in released.stderr


def test_the_feedback_page_names_checks_and_loads_nothing_from_the_web(week):
    course, _ = week
    page = (course / "feedback" / "bob" / FIRST / f"{FIRST}.html").read_text()
    assert not re.search(r"<script[^>]+src=", page), "a script from elsewhere"
    assert "Test cell" not in page and "Grade cell:" not in page
    assert "MulLayer forward and backward</a>: 0 / 2" in page
    assert "Known mistake: <b>self.x = y</b>" in page
    summary = page[page.index("Your score"):page.index("</div>", page.index("Your score"))]
    assert summary.count("Hint:") == summary.count("Known mistake:") >= 1, \
        "one hint per check in the summary"
    assert "Axes&gt;" not in page and "grading builds figures but does not draw them" in page
    assert "padding: .3em .7em" in page


def test_exports_for_canvas_and_moodle_have_their_documented_columns(week):
    course, _ = week
    assert set(FORMATS) == set(EXPORT_FORMATS)
    scores = {row["student"]: row["score"] for row in rows(course / "grades.csv")}
    for kind, columns in (("canvas", CANVAS_COLUMNS), ("moodle", MOODLE_COLUMNS)):
        done = course_cli("export", "--format", kind, "--course", course)
        assert done.returncode == 0, done.stderr
        with open(course / "exports" / f"{kind}.csv", newline="") as handle:
            table = list(csv.reader(handle))
        assert table[0] == columns + [FIRST]
        body = table[2:] if kind == "canvas" else table[1:]
        if kind == "canvas":
            most = sum(e.points for e in nb01_graphs.EXERCISES)
            assert table[1][0] == "Points Possible" and float(table[1][-1]) == most
        login = columns.index("SIS Login ID" if kind == "canvas" else "Username")
        assert {row[login]: row[-1] for row in body} == scores


def test_messages_say_what_exists(week, tmp_path):
    course, _ = week
    none = course_cli("autograde", "--course", course, "--assignment", "05")
    assert none.returncode == 2
    assert "no submissions of assignment 05_affine_and_softmax" in none.stderr
    assert "ann, bob, cem" in none.stderr and "assignment(s) 01" in none.stderr
    again = course_cli("init", course, "--exchange", tmp_path / "exchange")
    assert again.returncode == 0, again.stderr
    assert "is a course folder already: left as it is" in again.stdout
    assert (tmp_path / "exchange").is_dir()
