"""Grades for a learning management system: the class's scores as the CSV file that
Canvas's or Moodle's gradebook imports, beside the course's own ``grades.csv``.

- ``canvas``: Canvas's gradebook import ("Import" in the Grades page). Its documented
  columns first: ``Student`` ("Last, First"), ``ID``, ``SIS User ID``, ``SIS Login ID``,
  ``Section``; then one column per assignment, named as the course names it, holding the
  score after any late penalty. The second row, ``Points Possible``, gives each
  assignment's maximum. Canvas matches students by the ID columns (here the SIS Login ID
  is the student's id in nbgrader, which is their login on a JupyterHub) and makes a new
  assignment for a column it does not know.
- ``moodle``: Moodle's "Import grades from CSV file". Columns ``First name``, ``Last
  name``, ``ID number``, ``Email address``, ``Username``, then one per assignment; in
  Moodle's import form, map ``Username`` (or ``Email address``) to the user and each
  assignment column to its grade item.
- ``csv``: the course's own ``grades.csv`` (``autograder.gradebook.write_csv``).

A student with no submission gets an empty cell (nothing to import), never a 0 that
would overwrite a grade entered in the LMS by hand.
"""

import csv
import os
from pathlib import Path

from nbgrader.api import Gradebook

from autograder.config import COURSE_ID
from autograder.gradebook import Result, all_results, write_csv

FORMATS = ("csv", "canvas", "moodle")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["First name", "Last name", "ID number", "Email address", "Username"]


def people(course) -> dict[str, tuple[str, str, str]]:
    """student id -> (first name, last name, email) from the gradebook's class list."""
    with Gradebook(course.db_url, COURSE_ID) as gradebook:
        return {s.id: (s.first_name or "", s.last_name or "", s.email or "")
                for s in gradebook.students}


def export(course, format: str, out: Path) -> int:
    """Write the class's grades to ``out`` in ``format``; the number of students."""
    results = all_results(course)
    if format == "csv":
        write_csv(results, out)
        return len({r.student for r in results})
    names = sorted({r.assignment for r in results if r.assignment})
    by_student: dict[str, dict[str, Result]] = {}
    for r in results:
        by_student.setdefault(r.student, {})[r.assignment] = r
    most = {r.assignment: r.max_score for r in results if r.max_score}
    known = people(course)
    rows = []
    for student in sorted(by_student):
        first, last, email = known.get(student, ("", "", ""))
        scores = [_score(by_student[student].get(name)) for name in names]
        if format == "canvas":
            shown = f"{last}, {first}" if last or first else student
            rows.append([shown, "", "", student, "", *scores])
        else:
            rows.append([first, last, "", email, student, *scores])
    header = (CANVAS_COLUMNS if format == "canvas" else MOODLE_COLUMNS) + names
    points = [["Points Possible", "", "", "", "", *[f"{most.get(n, 0):g}" for n in names]]]
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    with open(partial, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows((points if format == "canvas" else []) + rows)
    os.replace(partial, out)
    return len(rows)


def _score(result: Result | None) -> str:
    """The score to import: after any late penalty; empty when there is nothing graded."""
    if result is None or not result.graded:
        return ""
    return f"{max(result.score - result.late_penalty, 0):g}"
