"""Feedback for a class: the pages of one run's graded notebooks.

Each page is made where its notebook ran (``autograder.feedback_page.render_page``, on the
worker) and only written here (``publish``): byte for byte what nbgrader's GenerateFeedback
makes. A page that the gradebook decides (manual grades) is made by nbgrader's
GenerateFeedback with the course's page, on this machine's cores when there are many
(``write_feedback``), as ``nbgrader generate_feedback`` makes them."""

import multiprocessing
import os
import sys
import warnings
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from nbgrader.utils import capture_log, temp_attrs

from autograder.course_folder import CourseFolder, copy_companions
from autograder.feedback_page import GenerateFeedbackFor


def write_page(course, student: str, assignment: str, page: str) -> None:
    """Put a feedback page made where the notebook ran in the course folder, with the
    files nbgrader's release of feedback takes from the autograded folder (its
    timestamp and secret), as nbgrader's own GenerateFeedback leaves them."""
    target = course.feedback_path(student, assignment)
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_companions(course.autograded_path(student, assignment).parent, target.parent)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, target)


def publish(course, graded: list) -> list[tuple[str, str]]:
    """Write the feedback of each graded (Result, Executed) whose page came with it and
    that nothing but the notebook decides (no late penalty, no manual grade). Returns the
    (student, assignment) pairs left for nbgrader's GenerateFeedback, which reads the
    gradebook."""
    left = []
    for result, executed in graded:
        if executed.page and not result.late_penalty and not result.status.startswith(
                "graded (some cells need manual grading)"):
            write_page(course, result.student, result.assignment, executed.page)
        else:  # the gradebook's own way: manual grades, a late penalty, a missing page
            left.append((result.student, result.assignment))
    return left


def feedback_for(course, assignment: str, students) -> list[str]:
    """Write the feedback of ``assignment`` for the graded ``students`` of ``course`` (one
    nbgrader run: its template is compiled once); returns those without feedback."""
    students = sorted(students)
    for student in students:  # a failure must not leave an earlier grade's page
        course.feedback_path(student, assignment).unlink(missing_ok=True)
    with warnings.catch_warnings(), temp_attrs(course.api.coursedir, student_id="*",
                                               assignment_id=assignment):
        warnings.simplefilter("ignore", category=Warning)
        app = GenerateFeedbackFor(coursedir=course.api.coursedir, parent=course.api)
        app.students, app.force = set(students), True
        capture_log(app)
    return [s for s in students if not course.feedback_path(s, assignment).exists()]


FEEDBACK_PER_PROCESS = 12  # pages below which a process of its own is not worth starting


def write_feedback(course, graded: list[tuple[str, str]], jobs: int):
    """Write the feedback pages of the graded (student, assignment) pairs, in chunks on
    ``jobs`` of this machine's cores when there are many (each page takes a while);
    yields (student, assignment) of each page that could not be written."""
    by_assignment = defaultdict(list)
    for student, assignment in graded:
        by_assignment[assignment].append(student)
    if not by_assignment:
        return
    print(f"writing feedback for {len(graded)} notebook(s)...", file=sys.stderr)
    jobs = min(jobs, max(1, len(graded) // FEEDBACK_PER_PROCESS))
    chunks = [(assignment, students[i::jobs]) for assignment, students in
              sorted(by_assignment.items()) for i in range(min(jobs, len(students)))]
    if jobs <= 1:
        for assignment, students in chunks:
            yield from ((s, assignment) for s in feedback_for(course, assignment, students))
        return
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [(assignment, pool.submit(_feedback_chunk, str(course.root), assignment,
                                            students)) for assignment, students in chunks]
        for assignment, future in futures:
            yield from ((s, assignment) for s in future.result())


def _feedback_chunk(root: str, assignment: str, students: list[str]) -> list[str]:
    return feedback_for(CourseFolder(Path(root), sandbox="off"), assignment, students)
