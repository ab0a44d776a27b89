"""The grading pipeline on real nbgrader: demo, the course folder, autograde, grade,
feedback, CSV, timeouts, and the instructor's everyday commands."""

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import METADATA, SOURCE_DIR
from autograder.config import assignments
from autograder.course_folder import CourseFolder, init_course
from autograder.demo import demo_mistakes, mistaken_notebook
from autograder.execution import execute
from autograder.gradebook import scores
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

REPO = Path(__file__).resolve().parent.parent
FIRST = "01_computation_graphs"
SOURCE = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
STUB = REPO / "notebooks" / f"{FIRST}.ipynb"


def max_points(name: str) -> float:
    nb = nbformat.read(SOURCE_DIR / name / f"{name}.ipynb", as_version=4)
    return float(sum(c.metadata.get("nbgrader", {}).get("points", 0) or 0 for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("grade")))


FULL = max_points(FIRST)


def course_cli(*args, cwd=None, timeout=900, env=None):
    return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, **(env or {})})


def grades_by_key(path: Path) -> dict:
    with open(path) as handle:
        return {(row["student"], row["assignment"]): row for row in csv.DictReader(handle)}


def new_course(tmp_path: Path, name: str = "term") -> Path:
    return init_course(tmp_path / name, exchange=tmp_path / "exchange")


def digest_tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -------------------------------------------------------------------------- the demo


def test_demo_grades_every_example_as_intended(demo_course):
    root, completed, seconds = demo_course
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    rows = grades_by_key(root / "grades.csv")
    for name in assignments():
        full = max_points(name)
        assert float(rows[("solution", name)]["score"]) == full, name
        assert float(rows[("stub", name)]["score"]) == 0, name
        if name[:2] in demo_mistakes():
            mistake = rows[("mistake", name)]
            assert 0 < float(mistake["score"]) < full, (name, mistake)
    assert "Feedback:" in completed.stdout and "grades.csv" in completed.stdout
    assert "has changed" not in completed.stderr, "nbgrader saw a changed cell"


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


def test_feedback_shows_failures_and_a_summary_but_no_hidden_tests(demo_course):
    root, _, _ = demo_course
    pages = sorted((root / "feedback").glob("*/*/*.html"))
    assert len(pages) >= 2 * len(assignments())
    for page in pages:
        html = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in html and "autograder.hidden" not in html, page
        assert "grade(" not in html.replace("nbgrader", ""), page
        assert "Your score:" in html and "<math" in html, page
        text = re.sub(r"<script.*?</script>", "", html, flags=re.S)  # MathJax's own config
        assert "$$" not in text and "\\frac" not in text, f"{page}: raw LaTeX left"
    stub_page = (root / "feedback" / "stub" / FIRST / f"{FIRST}.html").read_text()
    assert "not implemented yet" in stub_page
    mistake_page = (root / "feedback" / "mistake" / FIRST / f"{FIRST}.html").read_text()
    assert "Known mistake: <b>self.x = y</b>" in mistake_page


def test_csv_has_one_row_per_student_and_assignment(demo_course):
    root, _, _ = demo_course
    with open(root / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    keys = [(r["student"], r["assignment"]) for r in rows]
    assert len(keys) == len(set(keys))
    expected = {(s, a) for a in assignments() for s in ("solution", "stub")}
    assert expected <= set(keys)


# ---------------------------------------------------------------- one notebook, executed


def source_with(name: str, grade_id: str, old: str, new: str, path: Path) -> Path:
    nb = nbformat.read(SOURCE_DIR / name / f"{name}.ipynb", as_version=4)
    [cell] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    assert old in cell.source
    cell.source = cell.source.replace(old, new, 1)
    nbformat.write(nb, path)
    return path


def test_an_infinite_loop_fails_only_what_did_not_finish(tmp_path):
    looping = source_with(FIRST, "mul_layer_answer", "def forward(self, x, y):",
                          "def forward(self, x, y):\n        while True:\n            pass",
                          tmp_path / "loop.ipynb")
    executed = execute(SOURCE.read_bytes(), looping.read_bytes(), timeout=5,
                       sandbox="if-available")
    by_id = {c.grade_id: c for c in scores(executed.notebook)}
    assert not by_id["mul_layer_test"].passed
    assert by_id["numerical_derivative_test"].passed and by_id["div_layer_test"].passed
    assert "a cell ran past the time limit" in executed.notebook.metadata[METADATA]["stopped"]
    assert executed.seconds < 120


def test_course_grade_reports_totals_and_leaves_the_notebook_alone(tmp_path):
    solution = tmp_path / f"{FIRST}.ipynb"
    solution.write_bytes(SOURCE.read_bytes())
    before = hashlib.sha256(STUB.read_bytes()).hexdigest()
    good = course_cli("grade", solution)
    assert good.returncode == 0, good.stdout + good.stderr
    assert f"{FULL:g}/{FULL:g}" in good.stdout
    bad = course_cli("grade", STUB)
    assert bad.returncode == 1
    assert f"0/{FULL:g}" in bad.stdout and "not implemented yet" in bad.stdout
    assert hashlib.sha256(STUB.read_bytes()).hexdigest() == before


def test_course_grade_runs_a_plain_kernel_where_no_sandbox_can(tmp_path):
    """macOS and Windows have no bubblewrap: ``course grade`` uses Jupyter's own kernel
    there (forced here), and still grades with the hidden tests."""
    mistaken = mistaken_notebook(FIRST, tmp_path / f"{FIRST}.ipynb")
    plain = course_cli("grade", mistaken, env={"BACKPROP_COURSE_KERNEL_MODE": "plain"})
    assert plain.returncode == 1, plain.stdout + plain.stderr
    assert "MulLayer forward and backward" in plain.stdout and f"/{FULL:g}" in plain.stdout
    assert "hidden tests failed" in plain.stdout
    assert "Known mistake: self.x = y." in plain.stdout, plain.stdout  # named, as the check does


# ------------------------------------------------------------------ the course folder


def test_instructor_errors_are_one_clear_line(tmp_path):
    course = new_course(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, words in [(["autograde", empty, "--course", course], "holds no notebooks"),
                        (["autograde", tmp_path / "missing", "--course", course],
                         "does not exist"),
                        (["autograde", "--course", course], "no submissions"),
                        (["autograde", "--course", tmp_path], "is not a course folder"),
                        (["autograde", "--course", course, "--assignment", "99"],
                         "unknown assignment"),
                        (["export", "--course", tmp_path / "missing"], "not a course folder"),
                        (["release", "99"], "unknown assignment")]:
        completed = course_cli(*args, cwd=tmp_path, timeout=120)
        assert completed.returncode == 2, (args, completed.stderr)
        lines = [line for line in completed.stderr.strip().splitlines()
                 if not line.startswith("kernels: ")]  # what bounds the kernels, said first
        assert len(lines) == 1 and words in lines[0], (args, completed.stderr)


def test_autograde_refuses_without_a_sandbox_unless_told(tmp_path):
    """Where bubblewrap cannot run (simulated: no bwrap on PATH), grading a class refuses
    to start and says what to install; --no-sandbox grades, and says so in the CSV."""
    course = new_course(tmp_path)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / f"ann_{FIRST}.ipynb").write_bytes(SOURCE.read_bytes())
    no_bwrap = {"PATH": os.path.dirname(sys.executable)}
    refused = course_cli("autograde", folder, "--course", course, env=no_bwrap)
    assert refused.returncode == 2
    [line] = refused.stderr.strip().splitlines()
    assert "needs the sandbox: bubblewrap is not installed: apt-get install bubblewrap" in line
    assert len(line) < 200, line
    assert not (course / "submitted").exists()
    allowed = course_cli("autograde", folder, "--course", course, "--no-sandbox",
                         env=no_bwrap)
    assert allowed.returncode == 0, allowed.stderr[-2000:]
    row = grades_by_key(course / "grades.csv")[("ann", FIRST)]
    assert float(row["score"]) == FULL and row["status"] == "graded without sandbox"


def test_a_refusal_names_its_reason_when_the_mode_was_lowered(monkeypatch):
    from autograder.kernels import decide_mode
    from autograder.sandbox import MODE_VARIABLE, SandboxUnavailable

    require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)
    monkeypatch.setenv(MODE_VARIABLE, "limits")
    with pytest.raises(SandboxUnavailable, match=f"{MODE_VARIABLE}=limits turns it off: unset it"):
        decide_mode("required")
    assert decide_mode("off") == "limits"


def test_repeated_or_missing_cell_ids_are_read_without_warnings():
    """The rebuild from the source gives every cell its id; nbformat's warnings about a
    submission's ids would only alarm the instructor."""
    import json
    import warnings

    from autograder.execution import read_notebook

    source = nbformat.read(SOURCE, as_version=4)
    sent = json.loads(json.dumps(source))
    sent["cells"].insert(3, dict(sent["cells"][5]))  # a repeated id
    del sent["cells"][0]["id"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nb = read_notebook(json.dumps(sent).encode(), source)
    assert len(nb.cells) == len(source.cells) + 1


def test_an_invalid_notebook_is_reported_and_the_batch_completes(tmp_path):
    course = new_course(tmp_path)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / f"broken_{FIRST}.ipynb").write_text("{ this is not json")
    (folder / f"kernelless_{FIRST}.ipynb").write_text(json.dumps({"cells": []}))
    (folder / f"honest_{FIRST}.ipynb").write_bytes(SOURCE.read_bytes())
    (folder / "notes.ipynb").write_text("{}")
    completed = course_cli("autograde", folder, "--course", course)
    assert completed.returncode == 1, completed.stderr[-2000:]
    assert "broken" in completed.stderr and "not a valid notebook" in completed.stderr
    assert "this is not json" not in completed.stderr
    assert "notes.ipynb" in completed.stderr
    rows = grades_by_key(course / "grades.csv")
    assert float(rows[("honest", FIRST)]["score"]) == FULL
    assert rows[("broken", FIRST)]["status"].startswith("not graded")
    assert (course / "feedback" / "honest" / FIRST / f"{FIRST}.html").exists()


def test_parallel_workers_execute_and_one_process_records(tmp_path):
    """Two workers execute four submissions; the instructor's process alone writes the
    gradebook: every grade lands, the gradebook agrees with the CSV and passes SQLite's
    integrity check, and a repair is named once."""
    import sqlite3

    course = new_course(tmp_path)
    folder = tmp_path / "class"
    folder.mkdir()
    mistaken = mistaken_notebook(FIRST, tmp_path / "mistake.ipynb")
    tampered = nbformat.read(SOURCE, as_version=4)  # a test cell deleted: put back, named
    test_cell = next(c for c in tampered.cells if c.metadata.get("nbgrader", {}).get("grade"))
    tampered.cells.remove(test_cell)
    nbformat.write(tampered, tmp_path / "tampered.ipynb")
    submissions = {"ann": SOURCE, "bob": STUB, "cem": mistaken,
                   "dia": tmp_path / "tampered.ipynb"}
    for student, path in submissions.items():
        (folder / f"{student}_{FIRST}.ipynb").write_bytes(path.read_bytes())
    completed = course_cli("autograde", folder, "--course", course, "--jobs", "2")
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "grading with 2 workers" in completed.stderr and "4/4" in completed.stderr
    repair = f"cell {test_cell.metadata['nbgrader']['grade_id']!r} was missing: put back"
    assert completed.stderr.count(repair) == 1, completed.stderr[-3000:]
    assert "has changed" not in completed.stderr
    rows = grades_by_key(course / "grades.csv")
    scores_ = {student: float(rows[(student, FIRST)]["score"]) for student in submissions}
    assert scores_["ann"] == scores_["dia"] == FULL and scores_["bob"] == 0
    assert 0 < scores_["cem"] < FULL
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with CourseFolder(course, sandbox="off").api.gradebook as gradebook:
        for student, score in scores_.items():
            assert float(gradebook.find_submission(FIRST, student).score) == score, student
    for student in submissions:
        assert (course / "feedback" / student / FIRST / f"{FIRST}.html").exists()


@pytest.fixture(scope="module")
def everyday(tmp_path_factory):
    """A course folder with three students graded once, for the everyday commands."""
    tmp = tmp_path_factory.mktemp("everyday")
    course = new_course(tmp)
    folder = tmp / "class"
    folder.mkdir()
    mistaken = mistaken_notebook(FIRST, tmp / "mistake.ipynb")
    for student, path in {"ann": SOURCE, "bob": STUB, "cem": mistaken}.items():
        (folder / f"{student}_{FIRST}.ipynb").write_bytes(path.read_bytes())
    first = course_cli("autograde", folder, "--course", course)
    assert first.returncode == 0, first.stderr[-3000:]
    return course, folder, mistaken, first


def test_only_new_or_changed_submissions_are_graded_again(everyday):
    course, folder, _, _ = everyday
    again = course_cli("autograde", folder, "--course", course)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "0 to grade, 3 graded already" in again.stderr
    (folder / f"bob_{FIRST}.ipynb").write_bytes(SOURCE.read_bytes())  # bob finished
    changed = course_cli("autograde", folder, "--course", course)
    assert "1 to grade" in changed.stderr and "replaces the earlier one" in changed.stderr
    assert float(grades_by_key(course / "grades.csv")[("bob", FIRST)]["score"]) == FULL
    forced = course_cli("autograde", "--course", course, "--force")
    assert "3 to grade" in forced.stderr, forced.stderr[-2000:]


def test_regrading_one_student_touches_no_one_else(everyday):
    course, _, _, _ = everyday
    others = {s: (course / "autograded" / s / FIRST / f"{FIRST}.ipynb").stat().st_mtime_ns
              for s in ("ann", "bob")}
    one = course_cli("autograde", "--course", course, "--student", "cem", "--force")
    assert one.returncode == 0, one.stderr[-2000:]
    assert "1 to grade" in one.stderr
    for student, mtime in others.items():
        path = course / "autograded" / student / FIRST / f"{FIRST}.ipynb"
        assert path.stat().st_mtime_ns == mtime, student
    rows = grades_by_key(course / "grades.csv")
    assert {"ann", "bob", "cem"} <= {s for s, _ in rows}, "every student stays in the CSV"


def test_export_lists_every_student_and_assignment_with_lateness(everyday, tmp_path):
    course, _, _, _ = everyday
    duedate = subprocess.run(
        [sys.executable, "-m", "nbgrader", "db", "assignment", "add", FIRST,
         "--duedate=2100-01-01 00:00:00 UTC"], cwd=course, capture_output=True, text=True,
        timeout=300)
    assert duedate.returncode == 0, duedate.stderr[-2000:]
    late = course / "submitted" / "ann" / FIRST / "timestamp.txt"
    late.write_text("2100-01-01 06:00:00.000000 UTC")
    regraded = course_cli("autograde", "--course", course, "--student", "ann", "--force")
    assert regraded.returncode == 0, regraded.stderr[-2000:]
    out = tmp_path / "all.csv"
    exported = course_cli("export", "--course", course, "--out", out)
    assert exported.returncode == 0, exported.stderr
    rows = grades_by_key(out)
    assert {("ann", FIRST), ("bob", FIRST), ("cem", FIRST)} <= set(rows)
    assert rows[("ann", FIRST)]["hours_late"] == "6.00"
    assert rows[("ann", FIRST)]["duedate"].startswith("2100-01-01 00:00:00")
    assert rows[("bob", FIRST)]["hours_late"] == ""


def test_grading_rewrites_neither_submissions_nor_source(everyday):
    course, folder, _, _ = everyday
    before = digest_tree(course / "submitted"), digest_tree(course / "source")
    handed = digest_tree(folder)
    forced = course_cli("autograde", folder, "--course", course, "--force")
    assert forced.returncode == 0, forced.stderr[-2000:]
    assert (digest_tree(course / "submitted"), digest_tree(course / "source")) == before
    assert digest_tree(folder) == handed


def test_nbgrader_release_feedback_works_for_students_graded_from_a_folder(everyday):
    course, _, _, _ = everyday
    for command in (["release_assignment", FIRST], ["release_feedback", FIRST]):
        done = subprocess.run([sys.executable, "-m", "nbgrader", *command], cwd=course,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stderr[-2000:])
    released = list((course.parent / "exchange").rglob("*.html"))
    assert len(released) >= 3, released
