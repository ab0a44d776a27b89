"""The grading pipeline on real nbgrader: demo, autograde, grade, feedback, CSV, timeouts."""

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import SOURCE_DIR
from autograder.config import assignments
from autograder.demo import MISTAKES
from autograder.pipeline import GradingCourse, max_points

REPO = Path(__file__).resolve().parent.parent
FIRST = "01_computation_graphs"


def grades_by_key(path: Path) -> dict:
    with open(path) as handle:
        return {(row["student"], row["assignment"]): row for row in csv.DictReader(handle)}


def test_demo_grades_every_example_as_intended(demo_course):
    root, completed, seconds = demo_course
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    rows = grades_by_key(root / "grades.csv")
    for name in assignments():
        full = max_points(name)
        assert float(rows[("solution", name)]["score"]) == full, name
        assert float(rows[("stub", name)]["score"]) == 0, name
        if name in MISTAKES:
            mistake = rows[("mistake", name)]
            assert 0 < float(mistake["score"]) < full, (name, mistake)
    assert "Feedback:" in completed.stdout and "grades.csv" in completed.stdout


def test_demo_leaves_the_repository_clean(demo_course):
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "autograder",
                             "notebooks", "course", "solutions"],
                            cwd=REPO, capture_output=True, text=True)
    leftovers = [ln for ln in status.stdout.splitlines()
                 if not ln.endswith(("__pycache__/", ".egg-info/")) and "__pycache__" not in ln]
    assert not [ln for ln in leftovers if ln.startswith("!!")], leftovers


def test_stub_raises_nothing_outside_test_cells(demo_course):
    root, _, _ = demo_course
    for name in assignments():
        nb = nbformat.read(root / "autograded" / "stub" / name / f"{name}.ipynb", as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if errors and not meta.get("grade"):
                pytest.fail(f"{name}: a non-test cell raised {errors[0].ename}: "
                            f"{errors[0].evalue}\n{cell.source[:300]}")


def test_feedback_shows_failures_but_no_hidden_tests(demo_course):
    root, _, _ = demo_course
    pages = sorted((root / "feedback").glob("*/*/*.html"))
    assert len(pages) >= 2 * len(assignments())
    for page in pages:
        html = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in html and "autograder.hidden" not in html, page
        assert "grade(" not in html.replace("nbgrader", ""), page
    stub_page = (root / "feedback" / "stub" / FIRST / f"{FIRST}.html").read_text()
    assert "not implemented yet" in stub_page


def test_csv_has_one_row_per_student_and_assignment(demo_course):
    root, _, _ = demo_course
    with open(root / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    keys = [(r["student"], r["assignment"]) for r in rows]
    assert len(keys) == len(set(keys))
    expected = {(s, a) for a in assignments() for s in ("solution", "stub")}
    assert expected <= set(keys)


@pytest.fixture(scope="module")
def small_course(tmp_path_factory):
    return GradingCourse(tmp_path_factory.mktemp("course"), timeout=5)


def source_with(name: str, grade_id: str, old: str, new: str, path: Path) -> Path:
    nb = nbformat.read(SOURCE_DIR / name / f"{name}.ipynb", as_version=4)
    [cell] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    assert old in cell.source
    cell.source = cell.source.replace(old, new, 1)
    nbformat.write(nb, path)
    return path


def test_an_infinite_loop_fails_only_what_did_not_finish(small_course, tmp_path):
    looping = source_with(FIRST, "mul_layer_answer", "def forward(self, x, y):",
                          "def forward(self, x, y):\n        while True:\n            pass",
                          tmp_path / "loop.ipynb")
    small_course.submit("looper", FIRST, looping)
    result = small_course.autograde("looper", FIRST)
    assert result.status == "graded", result.status
    by_id = {c.grade_id: c for c in result.cells}
    assert not by_id["mul_layer_test"].passed
    assert by_id["numerical_derivative_test"].passed and by_id["div_layer_test"].passed
    assert 0 < result.score < result.max_score
    assert result.seconds < 120


def test_an_invalid_notebook_is_reported_and_the_batch_completes(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / f"broken_{FIRST}.ipynb").write_text("{ this is not json")
    (folder / f"kernelless_{FIRST}.ipynb").write_text(json.dumps({"cells": []}))
    nb = nbformat.read(SOURCE_DIR / FIRST / f"{FIRST}.ipynb", as_version=4)
    nbformat.write(nb, folder / f"honest_{FIRST}.ipynb")
    (folder / "notes.ipynb").write_text("{}")
    completed = subprocess.run(
        [sys.executable, "-m", "course.cli", "autograde", str(folder), "--out",
         str(tmp_path / "grading")], capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "broken" in completed.stderr and "not a valid notebook" in completed.stderr
    assert "notes.ipynb" in completed.stderr
    rows = grades_by_key(tmp_path / "grading" / "grades.csv")
    assert float(rows[("honest", FIRST)]["score"]) == max_points(FIRST)
    assert rows[("broken", FIRST)]["status"].startswith("not graded")
    assert (tmp_path / "grading" / "feedback" / "honest" / FIRST / f"{FIRST}.html").exists()


def test_instructor_errors_are_one_clear_line(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "course.cli", *args], capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, words in [(["autograde", str(empty)], "holds no notebooks"),
                        (["autograde", str(tmp_path / "missing")], "does not exist"),
                        (["release", "99"], "unknown assignment")]:
        completed = run(*args)
        assert completed.returncode == 2
        lines = completed.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], completed.stderr


def test_course_grade_reports_totals_and_leaves_the_notebook_alone(tmp_path):
    source = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
    solution = tmp_path / f"{FIRST}.ipynb"
    solution.write_bytes(source.read_bytes())
    stub = REPO / "notebooks" / f"{FIRST}.ipynb"
    before = hashlib.sha256(stub.read_bytes()).hexdigest()
    full = max_points(FIRST)
    good = subprocess.run([sys.executable, "-m", "course.cli", "grade", str(solution)],
                          capture_output=True, text=True, timeout=600)
    assert good.returncode == 0, good.stdout + good.stderr
    assert f"{full:g}/{full:g}" in good.stdout
    bad = subprocess.run([sys.executable, "-m", "course.cli", "grade", str(stub)],
                         capture_output=True, text=True, timeout=600)
    assert bad.returncode == 1
    assert f"0/{full:g}" in bad.stdout and "not implemented yet" in bad.stdout
    assert hashlib.sha256(stub.read_bytes()).hexdigest() == before


def test_parallel_workers_share_the_gradebook_without_losing_a_grade(tmp_path):
    """Two workers grade four submissions into one SQLite gradebook: every grade lands,
    the gradebook agrees with the CSV and passes SQLite's integrity check."""
    import sqlite3

    from autograder.demo import mistaken_notebook
    from autograder.pipeline import GradingCourse as Course

    folder = tmp_path / "class"
    folder.mkdir()
    solution = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
    stub = Course(tmp_path / "release", warn=False).release(FIRST)
    mistaken = mistaken_notebook(FIRST, tmp_path / "mistake.ipynb")
    tampered = nbformat.read(solution, as_version=4)  # a test cell deleted: put back, named
    test_cell = next(c for c in tampered.cells if c.metadata.get("nbgrader", {}).get("grade"))
    tampered.cells.remove(test_cell)
    nbformat.write(tampered, tmp_path / "tampered.ipynb")
    submissions = {"ann": solution, "bob": stub, "cem": mistaken,
                   "dia": tmp_path / "tampered.ipynb"}
    for student, path in submissions.items():
        (folder / f"{student}_{FIRST}.ipynb").write_bytes(path.read_bytes())
    out = tmp_path / "grading"
    completed = subprocess.run(
        [sys.executable, "-m", "course.cli", "autograde", str(folder), "--out", str(out),
         "--jobs", "2"], capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "grading with 2 workers" in completed.stderr and "4/4" in completed.stderr
    repair = f"cell {test_cell.metadata['nbgrader']['grade_id']!r} was missing: put back"
    assert completed.stderr.count(repair) == 1, completed.stderr[-3000:]
    rows = grades_by_key(out / "grades.csv")
    full = max_points(FIRST)
    scores = {student: float(rows[(student, FIRST)]["score"]) for student in submissions}
    assert scores["ann"] == scores["dia"] == full and scores["bob"] == 0
    assert 0 < scores["cem"] < full
    with sqlite3.connect(out / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    course = Course(out, warn=False)
    with course.api.gradebook as gradebook:
        for student, score in scores.items():
            graded = gradebook.find_submission_notebook(FIRST, FIRST, student)
            assert float(graded.score) == score, student
    for student in submissions:
        assert (out / "feedback" / student / FIRST / f"{FIRST}.html").exists()
