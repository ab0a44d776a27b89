"""The class report: what the class got wrong, for the instructor.

While grading, the judge keeps, for each test cell, the catalogued mistake the answer
behaved like, the problems the hidden tests found, and what was stopped (see
``autograder.judge``); all of it travels in the autograded notebook's metadata. The report
reads the course's one gradebook (every student graded so far, SQLite or PostgreSQL) and
those notebooks, and re-runs nothing:

- per assignment: the score distribution, the mean and median, submissions that were
  stopped (a dead kernel, a timeout, ...) or could not be graded;
- per exercise (test cell, named by its title): how many passed, failed and did not
  attempt it (the answer still raises NotImplementedError), the catalogued mistakes
  found, most frequent first, with the students who made each, and the most common
  message of the failures no catalogued mistake explains;
- per student: the score, each exercise passed, failed or not attempted, and a link to
  the student's feedback page.

``course report`` prints a plain-text summary and writes ``report/index.html`` in the course
folder (charts drawn with matplotlib, embedded, so the page is one file). It is written
after every ``course autograde`` too. It is the instructor's: nothing of it goes into the
students' feedback.
"""

import base64
import html
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from matplotlib.figure import Figure

from autograder import METADATA
from autograder.gradebook import scores
from course.exercises import title_of
from course.language import tr

NOT_ATTEMPTED = "not implemented yet"  # what the check says of an untouched answer


@dataclass
class ExerciseReport:
    grade_id: str
    points: float
    passed: int = 0
    graded: int = 0
    not_attempted: int = 0
    mistakes: dict = field(default_factory=lambda: defaultdict(list))  # name -> students
    hints: dict = field(default_factory=dict)  # mistake name -> hint
    unexplained: Counter = field(default_factory=Counter)  # first line of a failure -> count
    language: str = "en"  # the instructor's: the course's notebooks' language

    @property
    def title(self) -> str:
        return tr(title_of(self.grade_id), self.language)

    def said(self, text: str) -> str:
        """A known mistake's name or hint in the instructor's language."""
        return tr(text, self.language)

    @property
    def failed(self) -> int:
        return self.graded - self.passed - self.not_attempted

    @property
    def pass_rate(self) -> float:
        return self.passed / self.graded if self.graded else 0.0

    def top_mistakes(self) -> list[tuple[str, list[str]]]:
        return sorted(self.mistakes.items(), key=lambda item: (-len(item[1]), item[0]))

    def most_common_failure(self) -> tuple[str, int] | None:
        """The most common first line of the failures no known mistake explains."""
        return self.unexplained.most_common(1)[0] if self.unexplained else None


@dataclass
class AssignmentReport:
    name: str
    max_score: float
    scores: dict = field(default_factory=dict)  # student -> score
    exercises: dict = field(default_factory=dict)  # grade id -> ExerciseReport
    stopped: dict = field(default_factory=dict)  # student -> what was stopped
    not_graded: list = field(default_factory=list)  # students whose submission has no grade
    outcomes: dict = field(default_factory=lambda: defaultdict(dict))  # student -> id -> mark
    language: str = "en"  # the instructor's, in which exercises and mistakes are named


def class_report(course) -> list[AssignmentReport]:
    """The report of every assignment with a submission, from the gradebook of ``course``
    (an ``autograder.course_folder.CourseFolder``) and its autograded notebooks."""
    reports = []
    with course.api.gradebook as gradebook:
        scores = {a.name: {s.student.id: float(s.score) for s in a.submissions}
                  for a in gradebook.assignments}
    language = course.language
    for name in course.assignments():
        report = AssignmentReport(name, course.max_points(name), language=language)
        for student, score in sorted(scores.get(name, {}).items()):
            report.scores[student] = score
            _read_notebook(course, report, student)
        submitted = {s for s, _ in course.submissions(assignment=name)}
        report.not_graded = sorted(submitted - set(report.scores))
        if report.scores or report.not_graded:
            reports.append(report)
    return reports


def _read_notebook(course, report: AssignmentReport, student: str) -> None:

    path = course.autograded_path(student, report.name)
    if not path.exists():
        return
    nb = nbformat.read(path, as_version=4)
    found = nb.metadata.get(METADATA, {})
    stopped = list(found.get("stopped", []))
    if stopped:
        report.stopped[student] = stopped
    judged = found.get("cells", {})
    for cell in scores(nb):
        exercise = report.exercises.setdefault(cell.grade_id, ExerciseReport(
            cell.grade_id, cell.max_score, language=report.language))
        exercise.graded += 1
        problems = judged.get(cell.grade_id, {}).get("problems") or [cell.message]
        first = next((line.strip() for line in "\n".join(problems).splitlines()
                      if line.strip()), "")
        if cell.passed:
            exercise.passed += 1
            mark = "passed"
        elif judged.get(cell.grade_id, {}).get("not_attempted") or NOT_ATTEMPTED in first:
            exercise.not_attempted += 1
            mark = "not attempted"
        else:
            mark = "failed"
            mistake = judged.get(cell.grade_id, {}).get("mistake")
            if mistake:
                exercise.mistakes[mistake].append(student)
                exercise.hints[mistake] = judged[cell.grade_id].get("hint") or ""
            elif first:
                exercise.unexplained[first[:200]] += 1
        report.outcomes[student][cell.grade_id] = mark


def text_summary(reports: list[AssignmentReport], top: int = 3) -> str:
    """The report in a few lines per assignment, for the terminal."""
    lines = []
    for r in reports:
        values = list(r.scores.values())
        lines.append(f"{r.name}: {len(values)} graded"
                     + (f", mean {statistics.mean(values):.1f}, median "
                        f"{statistics.median(values):g} of {r.max_score:g}" if values else "")
                     + (f"; {len(r.stopped)} stopped" if r.stopped else "")
                     + (f"; {len(r.not_graded)} not graded" if r.not_graded else ""))
        for exercise in r.exercises.values():
            mistakes = exercise.top_mistakes()[:top]
            said = "; ".join(f"{name} ({len(who)})" for name, who in mistakes)
            lines.append(f"  {exercise.title[:40]:40} {exercise.pass_rate:4.0%} passed, "
                         f"{exercise.failed} failed, {exercise.not_attempted} not attempted"
                         + (f"   mistakes: {said}" if said else ""))
    return "\n".join(lines)


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _histogram(report: AssignmentReport) -> str:
    figure = Figure(figsize=(5, 2.6))
    ax = figure.subplots()
    values = list(report.scores.values())
    bins = max(1, min(int(report.max_score) + 1, 15))
    ax.hist(values, bins=bins, range=(0, report.max_score), color="#4878a8",
            edgecolor="white")
    ax.set_xlabel(f"score (of {report.max_score:g})")
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{report.name}: scores")
    return _png(figure)


def _mistake_bars(report: AssignmentReport, top: int = 8) -> str | None:
    counted = Counter()
    for exercise in report.exercises.values():
        for name, students in exercise.mistakes.items():
            counted[f"{exercise.grade_id.removesuffix('_test')}: {name}"] = len(students)
    if not counted:
        return None
    labels, counts = zip(*counted.most_common(top))
    figure = Figure(figsize=(6.5, 0.45 * len(labels) + 1))
    ax = figure.subplots()
    ax.barh(range(len(labels)), counts, color="#c0504d")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("students")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{report.name}: the most frequent known mistakes")
    return _png(figure)


def html_page(reports: list[AssignmentReport], course_name: str) -> str:
    """The report as one self-contained HTML page."""
    e = html.escape
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class report: "
             f"{e(course_name)}</title><style>body{{font-family:sans-serif;max-width:60em;"
             "margin:2em auto;padding:0 1em}} table{{border-collapse:collapse}} "
             "td,th{{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left;"
             "vertical-align:top}} .hint{{color:#555;font-size:90%}} img{{max-width:100%}}"
             "</style></head><body>",
             f"<h1>Class report: {e(course_name)}</h1>",
             "<p>For the instructor only: none of this is in the students' feedback.</p>"]
    for r in reports:
        values = list(r.scores.values())
        parts.append(f"<h2>{e(r.name)}</h2><p>{len(values)} graded")
        if values:
            parts.append(f"; mean {statistics.mean(values):.1f}, median "
                         f"{statistics.median(values):g} of {r.max_score:g}")
        parts.append("</p>")
        if values:
            parts.append(f"<img alt='score histogram of {e(r.name)}' "
                         f"src='data:image/png;base64,{_histogram(r)}'>")
        bars = _mistake_bars(r)
        if bars:
            parts.append(f"<img alt='top mistakes of {e(r.name)}' "
                         f"src='data:image/png;base64,{bars}'>")
        parts.append("<table><tr><th>exercise</th><th>passed</th><th>failed</th>"
                     "<th>not attempted</th><th>known mistakes (students)</th>"
                     "<th>most common other failure</th></tr>")
        for exercise in r.exercises.values():
            cells = "".join(
                f"<div><b>{e(exercise.said(name))}</b>: {len(who)} ({e(', '.join(who))})"
                f"<div class='hint'>{e(exercise.said(exercise.hints.get(name, '')))}</div></div>"
                for name, who in exercise.top_mistakes()) or "none recognised"
            common = exercise.most_common_failure()
            other = f"{e(common[0])} ({common[1]})" if common else ""
            parts.append(f"<tr><td>{e(exercise.title)}</td><td>{exercise.passed}/"
                         f"{exercise.graded}&nbsp;({exercise.pass_rate:.0%})</td>"
                         f"<td>{exercise.failed}</td><td>{exercise.not_attempted}</td>"
                         f"<td>{cells}</td><td class='hint'>{other}</td></tr>")
        parts.append("</table>")
        parts.append(_per_student(r))
        if r.stopped:
            parts.append("<h3>Stopped while grading</h3><ul>" + "".join(
                f"<li>{e(s)}: {e('; '.join(what))}</li>" for s, what in sorted(
                    r.stopped.items())) + "</ul>")
        if r.not_graded:
            parts.append("<h3>Submitted but not graded</h3><p>"
                         + e(", ".join(r.not_graded)) + "</p>")
    parts.append("</body></html>")
    return "".join(parts)


MARKS = {"passed": "✓", "failed": "✗", "not attempted": "–"}


def _per_student(r: AssignmentReport) -> str:
    """One row per student: score, each exercise's mark, a link to their feedback page
    (relative to the report's folder, ``report/`` in the course folder)."""
    e = html.escape
    ids = list(r.exercises)
    head = "".join(f"<th title='{e(r.exercises[i].title)}'>{n}</th>"
                   for n, i in enumerate(ids, start=1))
    rows = []
    for student, score in sorted(r.scores.items()):
        marks = "".join(f"<td title='{e(r.outcomes[student].get(i, ''))}'>"
                        f"{MARKS.get(r.outcomes[student].get(i, ''), '')}</td>" for i in ids)
        link = f"../feedback/{student}/{r.name}/{r.name}.html"
        rows.append(f"<tr><td><a href='{e(link)}'>{e(student)}</a></td><td>{score:g}</td>"
                    f"{marks}</tr>")
    legend = "; ".join(f"{n}: {e(r.exercises[i].title)}" for n, i in enumerate(ids, start=1))
    return (f"<h3>Students</h3><p class='hint'>✓ passed, ✗ failed, – not attempted. "
            f"{legend}</p><table><tr><th>student</th><th>score</th>{head}</tr>"
            + "".join(rows) + "</table>")


def write_report(course, out: Path | None = None) -> tuple[Path, str]:
    """Write the HTML report (default ``report/index.html`` in the course folder); returns
    its path and the text summary."""
    reports = class_report(course)
    out = Path(out or course.root / "report" / "index.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_page(reports, course.root.name))
    return out, text_summary(reports)
