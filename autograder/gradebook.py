"""The grades: executed notebooks entered in nbgrader's gradebook, and read back.

``record`` enters a batch of executed notebooks (``autograder.execution``) the way
nbgrader's autograde would, through nbgrader's own models and in one transaction: the
student and the submission (with its timestamp and late penalty), each test cell's score
by nbgrader's rule (``determine_grade``), each answer cell's "No response." comment; then
it writes each autograded notebook beside the files nbgrader copies there. Nothing runs
again and nothing is rebuilt a second time. The formgrader and nbgrader's commands read
the result as they read their own.

``scores`` reads a grade off an executed notebook (``course grade`` has no gradebook);
``all_results`` reads the whole class's grades back; ``write_csv`` writes them.
"""

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import (
    Comment,
    Grade,
    Gradebook,
    MissingEntry,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
)
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.utils import compute_checksum, determine_grade, is_grade, is_solution, is_task

from autograder import METADATA
from autograder.config import COURSE_ID
from autograder.course_folder import copy_companions
from autograder.execution import Executed
from course.exercises import title_of


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    message: str = ""  # the verdict's message when the cell lost points
    mistake: str | None = None  # the catalogued mistake the answer behaves like
    hint: str | None = None  # that mistake's hint (its first step)

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score

    @property
    def title(self) -> str:
        """The exercise in words, as the learner's check names it."""
        return title_of(self.grade_id)


@dataclass
class Result:
    """The grade of one student's assignment, as the gradebook has it."""

    student: str
    assignment: str
    score: float = 0.0
    max_score: float = 0.0
    status: str = "graded"  # "graded", "not submitted" or "not graded: <reason>"
    cells: list = field(default_factory=list)  # CellScore
    seconds: float = 0.0
    stopped: list = field(default_factory=list)  # repairs and what was stopped
    timestamp: str = ""
    duedate: str = ""
    seconds_late: float = 0.0
    late_penalty: float = 0.0

    @property
    def graded(self) -> bool:
        return self.status.startswith("graded")


def scores(nb) -> list[CellScore]:
    """Every graded cell's score, by nbgrader's own rule (``determine_grade``), with the
    judge's message and the known mistake it named."""
    found = nb.metadata.get(METADATA, {}).get("cells", {})
    cells = []
    for cell in nb.cells:
        if not is_grade(cell):
            continue
        score, max_score = determine_grade(cell)
        gid = cell.metadata["nbgrader"]["grade_id"]
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        message = f"{errors[-1].ename}: {errors[-1].evalue}".strip() if errors else ""
        judged = found.get(gid, {})
        cells.append(CellScore(gid, float(score or 0), float(max_score), message,
                               judged.get("mistake"), judged.get("hint")))
    return cells



class NotRecorded(Exception):
    """A notebook the gradebook cannot take, said in one line."""


def opened(course) -> Gradebook:
    """``course``'s gradebook, to enter batches in (``with opened(course) as gradebook``)."""
    return Gradebook(course.db_url, COURSE_ID)


def record(course, batch: list[tuple[str, str, Executed]], gradebook: Gradebook) -> list[Result]:
    """Enter each (student, assignment, executed notebook) of ``batch`` in ``course``'s
    open ``gradebook`` in one transaction, then write the autograded notebooks; returns
    one Result each (status "not graded: ..." for a notebook the gradebook cannot take)."""
    for assignment in sorted({a for _, a, _ in batch}):
        course.generate(assignment)
    late = LateSubmissionPlugin(config=course.config)
    entered, results = [], {}
    for student, assignment, executed in batch:
        course.complete_submission(student, assignment)
        try:
            result = _enter(gradebook, course, student, assignment, executed.notebook, late)
        except NotRecorded as problem:
            results[student, assignment] = Result(
                student, assignment, max_score=course.max_points(assignment),
                status=f"not graded: {problem}")
            continue
        entered.append((student, assignment, executed, result))
    gradebook.db.commit()
    for student, assignment, executed, result in entered:
        _write_autograded(course, student, assignment, executed.notebook)
        result.cells = scores(executed.notebook)
        found = executed.notebook.metadata.get(METADATA, {})
        result.stopped = list(found.get("repairs", [])) + list(found.get("stopped", []))
        result.seconds = executed.seconds
        results[student, assignment] = result
    return [results[s, a] for s, a, _ in batch]


def _enter(gradebook, course, student: str, assignment: str, nb, plugin) -> Result:
    """The gradebook's rows of one graded notebook, changed in the open transaction; its
    Result (score, lateness, status)."""
    session = gradebook.db
    try:
        assigned = gradebook.find_assignment(assignment)
        [notebook] = [n for n in assigned.notebooks if n.name == assignment]
    except (MissingEntry, ValueError):
        raise NotRecorded(f"the gradebook has no notebook {assignment}: was it generated?"
                          ) from None
    if session.get(Student, student) is None:
        session.add(Student(id=student))
        session.flush()
    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        submission = SubmittedAssignment(assignment=assigned,
                                         student=session.get(Student, student))
        submitted = SubmittedNotebook(notebook=notebook, assignment=submission)
        for cell in notebook.grade_cells:
            Grade(cell_id=cell.id, notebook=submitted)
        for cell in notebook.solution_cells:
            Comment(cell_id=cell.id, notebook=submitted)
        for cell in notebook.task_cells:
            Comment(cell_id=cell.id, notebook=submitted)
            Grade(cell_id=cell.id, notebook=submitted)
        session.add(submission)
        session.flush()
    submission.timestamp = course.api.coursedir.get_existing_timestamp(
        str(course.submitted_path(student, assignment).parent))
    [submitted] = [n for n in submission.notebooks if n.notebook.name == assignment]
    names = {c.id: c.name for c in (*notebook.grade_cells, *notebook.solution_cells,
                                    *notebook.task_cells)}
    grades = {names[g.cell_id]: g for g in submitted.grades}
    comments = {names[c.cell_id]: c for c in submitted.comments}
    cells = [(c, c.metadata["nbgrader"]["grade_id"]) for c in nb.cells
             if is_grade(c) or is_solution(c) or is_task(c)]
    missing = [gid for c, gid in cells if (is_grade(c) and gid not in grades)
               or ((is_solution(c) or is_task(c)) and gid not in comments)]
    if missing:
        raise NotRecorded(f"cells {', '.join(missing[:3])} are not in the gradebook's "
                          f"{assignment}: regenerate the assignment")
    for cell, gid in cells:
        if is_grade(cell):
            grade = grades[gid]
            grade.auto_score, _ = determine_grade(cell)
            grade.needs_manual_grade = grade.manual_score is not None or (
                grade.auto_score is None)
        if is_solution(cell) or is_task(cell):
            unchanged = cell.metadata["nbgrader"].get("checksum") == compute_checksum(cell)
            comments[gid].auto_comment = ("No response." if unchanged and not is_task(cell)
                                          else None)
    # The score as the gradebook computes it, from the rows in hand: its own column
    # properties would each query the whole grade table, which has no index to help.
    score = sum(_final(g) for g in grades.values())
    most = sum(float(c.max_score) for c in notebook.grade_cells)
    submitted.late_submission_penalty = None
    late = submission.total_seconds_late
    if late > 0:
        penalty = plugin.late_submission_penalty(student, score, late)
        if penalty is not None:
            submitted.late_submission_penalty = min(max(penalty, 0), score)
    result = Result(student, assignment, score, most, timestamp=_text(submission.timestamp),
                    duedate=_text(submission.duedate), seconds_late=float(late),
                    late_penalty=float(submitted.late_submission_penalty or 0))
    if any(g.needs_manual_grade for g in grades.values()):
        result.status = "graded (some cells need manual grading)"
    elif _kernel(nb) not in (None, "bwrap"):
        result.status = "graded without sandbox"
    return result


def _final(grade) -> float:
    """A grade's score as nbgrader counts it: the manual score if any, else the automatic
    one, plus extra credit."""
    base = grade.manual_score if grade.manual_score is not None else grade.auto_score
    return float(base or 0) + float(grade.extra_credit or 0)


def _write_autograded(course, student: str, assignment: str, nb) -> None:
    """The autograded notebook, with the other files nbgrader keeps beside it: the
    submission's (timestamp, the secret feedback is released with), then the source's."""
    target = course.autograded_path(student, assignment)
    target.parent.mkdir(parents=True, exist_ok=True)
    submitted = course.submitted_path(student, assignment).parent
    for folder in (submitted, course.source_path(assignment).parent):
        copy_companions(folder, target.parent)
    partial = target.with_name(f".{target.name}.partial")
    nbformat.write(nb, partial)
    os.replace(partial, target)


def submission_result(submission, nb=None) -> Result:
    """A gradebook submission as a Result (score, lateness, status; no cells); ``nb`` is
    its autograded notebook (or its path), which tells whether it ran in the sandbox."""
    result = Result(submission.student.id, submission.assignment.name,
                    float(submission.score), float(submission.max_score),
                    **_lateness(submission))
    if submission.needs_manual_grade:
        result.status = "graded (some cells need manual grading)"
    elif _kernel(nb) not in (None, "bwrap"):
        result.status = "graded without sandbox"
    return result


def _kernel(nb) -> str | None:
    """Where an autograded notebook's kernel ran ('bwrap', 'limits', 'plain'), if known."""
    if isinstance(nb, Path):
        try:
            with open(nb, encoding="utf-8") as handle:
                nb = json.load(handle)
        except (OSError, ValueError):
            return None
    return (nb or {}).get("metadata", {}).get(METADATA, {}).get("kernel")


def _lateness(submission) -> dict:
    late = float(submission.total_seconds_late or 0)
    return {"timestamp": _text(submission.timestamp), "duedate": _text(submission.duedate),
            "seconds_late": late, "late_penalty": float(submission.late_submission_penalty
                                                         or 0)}


def _text(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else ""


def all_results(course, problems: dict | None = None) -> list[Result]:
    """One Result per student and assignment of the gradebook (every student graded so
    far, not only this run; one gradebook session), with ``problems`` ((student,
    assignment) -> reason) for submissions that could not be graded."""
    problems = dict(problems or {})
    graded = {}
    with Gradebook(course.db_url, COURSE_ID) as gradebook:
        students = {s.id for s in gradebook.students}
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                graded[(submission.student.id, assignment.name)] = submission_result(
                    submission, course.autograded_path(submission.student.id,
                                                       assignment.name))
    names = [a for a in course.assignments() if any(
        key[1] == a for key in [*graded, *problems])]
    most = {name: course.max_points(name) for name in names}
    rows = []
    for student in sorted(students | {s for s, _ in problems}):
        for assignment in names:
            reason = problems.pop((student, assignment), None)
            if reason is not None:
                rows.append(Result(student, assignment, max_score=most[assignment],
                                   status=f"not graded: {reason}"))
            else:
                rows.append(graded.get((student, assignment)) or Result(
                    student, assignment, max_score=most[assignment], status="not submitted"))
    for (student, assignment), reason in sorted(problems.items()):
        rows.append(Result(student, assignment, status=f"not graded: {reason}"))
    return rows


def result(course, student: str, assignment: str) -> Result:
    """The gradebook's grade of one submission, with the judge's messages."""
    path = course.autograded_path(student, assignment)
    with Gradebook(course.db_url, COURSE_ID) as gradebook:
        found = submission_result(gradebook.find_submission(assignment, student), path)
    if path.exists():
        nb = nbformat.read(path, as_version=4)
        found.cells = scores(nb)
        meta = nb.metadata.get(METADATA, {})
        found.stopped = list(meta.get("repairs", [])) + list(meta.get("stopped", []))
    return found


CSV_COLUMNS = ["student", "assignment", "score", "max_score", "status", "timestamp",
               "duedate", "hours_late", "late_penalty"]


def write_csv(results: list[Result], path: Path) -> None:
    """One row per student and assignment: the score (after any late penalty), the
    maximum, the status and lateness."""
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for r in sorted(results, key=lambda r: (r.student, r.assignment)):
            writer.writerow([r.student, r.assignment, f"{max(r.score - r.late_penalty, 0):g}",
                             f"{r.max_score:g}", r.status, r.timestamp, r.duedate,
                             f"{r.seconds_late / 3600:.2f}" if r.seconds_late else "",
                             f"{r.late_penalty:g}" if r.late_penalty else ""])
    os.replace(partial, path)
