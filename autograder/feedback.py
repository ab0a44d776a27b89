"""Feedback for a class: the pages of one run's graded notebooks, written by nbgrader's
GenerateFeedback with the course's page (``autograder.feedback_page``), on this machine's
cores when there are many."""

import multiprocessing
import sys
import warnings
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from nbgrader.utils import capture_log, temp_attrs

from autograder.course_folder import CourseFolder
from autograder.feedback_page import GenerateFeedbackFor


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
