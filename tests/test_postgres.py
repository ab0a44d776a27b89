"""A class graded into a real PostgreSQL gradebook.

The test starts its own PostgreSQL server (``tests.pg_server``: Debian's binaries, its own
data folder and port), makes a course folder with ``course init --db postgresql://...``,
grades three submissions of notebook 01 with two workers, and then reads nbgrader's
tables with psycopg: every grade is there, and ``grades.csv`` says the same. The server is
stopped at the end and nothing of it is left running.
"""

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import SOURCE_DIR
from autograder.demo import mistaken_notebook
from tests.needs import SANDBOX_INSTALL, require, sandbox_available
from tests.pg_server import INSTALL_HINT, PostgresServer, find_bindir, server_user

try:
    import psycopg
except ImportError:  # the tests that need it say what to install
    psycopg = None

BINDIR = find_bindir()
require(psycopg is not None, "psycopg (PostgreSQL's driver for SQLAlchemy)",
        "pip install -e '.[postgres]' (or '.[dev]')")
require(BINDIR is not None, "PostgreSQL's server", INSTALL_HINT)
require(server_user() != "missing", "the postgres system user (PostgreSQL does not run as "
        "root)", INSTALL_HINT)
require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)

REPO = Path(__file__).resolve().parent.parent
FIRST = "01_computation_graphs"
SOURCE = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
STUB = REPO / "notebooks" / f"{FIRST}.ipynb"

GRADES = """
SELECT student.id, assignment.name, base_cell.name, grade.auto_score, grade.manual_score
FROM grade
JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id
JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id
JOIN assignment ON submitted_assignment.assignment_id = assignment.id
JOIN student ON submitted_assignment.student_id = student.id
JOIN base_cell ON grade.cell_id = base_cell.id
"""


@pytest.fixture
def postgres():
    server = PostgresServer(BINDIR)
    try:
        server.start()
        yield server
    finally:
        server.stop()
    left = server.wait_gone()
    assert not left, f"PostgreSQL processes still running after pg_ctl stop: {left}"


def test_a_class_graded_into_postgresql(postgres, tmp_path):
    started = time.perf_counter()
    postgres.execute("CREATE ROLE grader LOGIN", "CREATE DATABASE backprop OWNER grader")
    url = postgres.url("backprop", user="grader")

    course = tmp_path / "term"
    init = run_course("init", course, "--exchange", tmp_path / "exchange", "--db", url)
    assert init.returncode == 0, init.stderr
    assert repr(url) in (course / "nbgrader_config.py").read_text()

    folder = tmp_path / "class"
    folder.mkdir()
    mistaken = mistaken_notebook(FIRST, tmp_path / "mistake.ipynb")
    handed = {"ann": SOURCE, "bob": STUB, "cem": mistaken}
    for student, notebook in handed.items():
        (folder / f"{student}_{FIRST}.ipynb").write_bytes(notebook.read_bytes())
    graded = run_course("autograde", folder, "--course", course, "--jobs", "2")
    assert graded.returncode == 0, graded.stdout[-2000:] + graded.stderr[-3000:]
    assert "grading with 2 workers" in graded.stderr and "3/3" in graded.stderr
    assert not (course / "gradebook.db").exists(), "graded into SQLite, not PostgreSQL"

    with psycopg.connect(url) as db:
        rows = db.execute(GRADES).fetchall()
        submitted = db.execute(
            "SELECT student.id FROM submitted_assignment JOIN student "
            "ON submitted_assignment.student_id = student.id").fetchall()
        max_score = db.execute(
            "SELECT SUM(grade_cells.max_score) FROM grade_cells JOIN base_cell ON "
            "grade_cells.id = base_cell.id JOIN notebook ON base_cell.notebook_id = "
            "notebook.id JOIN assignment ON notebook.assignment_id = assignment.id "
            "WHERE assignment.name = %s", [FIRST]).fetchone()[0]
    assert sorted(s for (s,) in submitted) == sorted(handed)
    cells = {name for _, _, name, _, _ in rows}
    per_student = {}
    for student, assignment, cell, auto_score, manual_score in rows:
        assert assignment == FIRST
        assert auto_score is not None, f"{student} {cell}: no auto_score"
        assert manual_score is None
        per_student[student] = per_student.get(student, 0.0) + auto_score
    assert len(rows) == len(handed) * len(cells), "a grade is missing"
    assert per_student["ann"] == max_score > 0
    assert per_student["bob"] == 0
    assert 0 < per_student["cem"] < max_score

    with open(course / "grades.csv") as handle:
        csv_rows = {(r["student"], r["assignment"]): r for r in csv.DictReader(handle)}
    assert set(csv_rows) == {(s, FIRST) for s in handed}
    for student, score in per_student.items():
        row = csv_rows[(student, FIRST)]
        assert float(row["score"]) == score and float(row["max_score"]) == max_score, row
        assert row["status"] == "graded", row

    exported = run_course("export", "--course", course, "--out", tmp_path / "again.csv")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "again.csv").read_text() == (course / "grades.csv").read_text()

    # The URL (which may hold a password) kept out of every file: a course folder made
    # without --db reads the gradebook named by $BACKPROP_COURSE_DB.
    elsewhere = tmp_path / "no-url-in-files"
    assert run_course("init", elsewhere, "--exchange", tmp_path / "exchange").returncode == 0
    assert url not in (elsewhere / "nbgrader_config.py").read_text()
    from_env = run_course("export", "--course", elsewhere, "--out", tmp_path / "env.csv",
                          env={"BACKPROP_COURSE_DB": url})
    assert from_env.returncode == 0, from_env.stderr
    assert (tmp_path / "env.csv").read_text() == (course / "grades.csv").read_text()
    assert not (elsewhere / "gradebook.db").exists()
    print(f"\nPostgreSQL class: graded and checked in {time.perf_counter() - started:.0f} s")


def run_course(*args, timeout=900, env=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "BACKPROP_COURSE_DB"}
    return subprocess.run([sys.executable, "-m", "autograder.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          env={**environment, **(env or {})})
