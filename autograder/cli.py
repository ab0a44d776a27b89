"""The instructor's and self-learner's ``course`` command: every verb.

It extends the learner's parser (``course/cli.py``, which has ``course data``) with the
grader's verbs, whose work ``autograder/commands.py`` does, and shares its dispatch.
"""

import argparse
import sys
from pathlib import Path

from autograder import REPO_NOTEBOOKS
from course import cli as learner
from course.language import ENGLISH, LANGUAGES

EXPORT_FORMATS = ("csv", "canvas", "moodle")  # autograder.export.FORMATS, tested alike



def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _size(text: str) -> int:
    """An argparse type: a size in bytes, with an optional K, M or G (powers of 1024)."""
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    body = text.strip().upper().removesuffix("B").removesuffix("I")
    unit = body[-1] if body and body[-1] in "KMG" else ""
    try:
        value = int(float(body[:len(body) - len(unit)]) * units[unit])
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a size such as 500M or 2G, got {text!r}")
    return value


def _grader(name: str):
    """The ``run`` of verb ``name``: ``autograder.commands.<name>``, imported when it runs
    (so that ``--help`` stays quick); its ``GradingError`` becomes the one-line error."""
    def run(args) -> int:
        from autograder import commands

        try:
            return getattr(commands, name)(args)
        except commands.GradingError as error:
            raise learner.CommandError(str(error)) from error

    run.__name__ = name
    return run


def _verb(verbs, name: str, summary: str) -> argparse.ArgumentParser:
    """Add the grader's verb ``name`` to the subparsers ``verbs``; its parser."""
    sub = verbs.add_parser(name, help=summary)
    sub.set_defaults(run=_grader(name))
    return sub


def parser() -> argparse.ArgumentParser:
    """The learner's parser with the grader's verbs added."""
    top, verbs = learner.parser(
        "Backpropagation from first principles: notebooks graded by nbgrader.")

    grade = _verb(verbs, "grade", "grade one of your notebooks with the full tests")
    grade.add_argument("notebook", type=Path)
    grade.add_argument("--assignment", help="which notebook of the course it is (default: "
                       "from its file name or its cells)")
    grade.add_argument("--timeout", type=_positive, help="seconds a cell may run (default 60)")

    init = _verb(verbs, "init", "instructors: make a course folder for a class")
    init.add_argument("folder", type=Path)
    init.add_argument("--exchange", help="nbgrader's exchange folder, shared by every user "
                      "(default /srv/nbgrader/exchange)")
    init.add_argument("--db", help="the gradebook's SQLAlchemy URL (default: SQLite in the "
                      "folder), e.g. postgresql://grader@dbhost/backprop")
    init.add_argument("--timeout", type=_positive, help="seconds a cell may run (default 60)")
    init.add_argument("--language", choices=sorted(LANGUAGES), default=ENGLISH,
                      help="the language of the notebooks released (default en; ko: Korean). "
                      "Either language's submissions are graded alike")

    autograde = _verb(verbs, "autograde", "instructors: grade the class's new or changed "
                      "submissions; write feedback and grades.csv")
    autograde.add_argument("submissions", type=Path, nargs="?", help="a folder or .zip of "
                           "submissions to add first: nbgrader's submitted/ layout or "
                           "<student>_<assignment>.ipynb files (default: none, grade what "
                           "is in the course folder's submitted/)")
    autograde.add_argument("--course", type=Path, help="the course folder (default: here)")
    autograde.add_argument("--student", help="only this student")
    autograde.add_argument("--assignment", help="only this assignment ('01' or its name)")
    autograde.add_argument("--force", action="store_true",
                           help="regrade submissions already graded")
    autograde.add_argument("--jobs", "-j", type=_positive, metavar="N",
                           help="notebooks graded at once on this machine (default: cores)")
    autograde.add_argument("--cluster", metavar="ADDRESS", help="grade on the Dask cluster "
                           "whose scheduler is at ADDRESS (tcp://host:8786)")
    autograde.add_argument("--timeout", type=_positive, help="seconds a cell may run "
                           "(default: the course's, 60)")
    autograde.add_argument("--no-sandbox", action="store_true", help="grade without the "
                           "sandbox where none can run (never for a real class)")
    autograde.add_argument("--max-zip-bytes", type=_size, default=1 << 30, metavar="SIZE",
                           help="what a zip may inflate to in all (default 1G)")
    autograde.add_argument("--max-zip-members", type=_positive, default=10_000, metavar="N",
                           help="members a zip may hold (default 10000)")
    autograde.add_argument("--max-notebook-bytes", type=_size, default=100 << 20,
                           metavar="SIZE", help="the size of one notebook (default 100M)")

    export = _verb(verbs, "export", "instructors: write the CSV of every student and "
                   "assignment in the gradebook")
    export.add_argument("--course", type=Path, help="the course folder (default: here)")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="csv",
                        help="csv: the course's grades.csv; canvas or moodle: the file their "
                        "gradebooks import (columns in the README)")
    export.add_argument("--out", type=Path, help="the file (default: grades.csv, or "
                        "exports/<format>.csv, in the course folder)")

    report = _verb(verbs, "report", "instructors: what the class got wrong: scores, pass "
                   "rates and known mistakes per exercise")
    report.add_argument("--course", type=Path, help="the course folder (default: here)")
    report.add_argument("--out", type=Path, help="the HTML page (default: "
                        "report/index.html in the course folder)")

    demo = _verb(verbs, "demo", "release every notebook, grade example submissions, show "
                 "the grades")
    demo.add_argument("--out", type=Path, help="folder for the demo course (default: a new "
                      "temporary folder, kept so that you can read the feedback)")
    demo.add_argument("--only", nargs="*", metavar="NN", help="only these notebooks")
    demo.add_argument("--jobs", "-j", type=_positive, metavar="N",
                      help="notebooks graded at once (default: the number of cores)")
    demo.add_argument("--language", choices=sorted(LANGUAGES), default=ENGLISH,
                      help="the notebooks' language (default en; ko: Korean)")

    release = _verb(verbs, "release", "authors: generate the student notebooks from the "
                    "sources")
    release.add_argument("assignments", nargs="*", metavar="NN", help="default: all")
    release.add_argument("--out", type=Path, help="where the student notebooks go (default "
                         f"{REPO_NOTEBOOKS}, and {REPO_NOTEBOOKS / 'ko'} for Korean)")
    release.add_argument("--language", choices=sorted(LANGUAGES), nargs="*",
                         help="the languages to release (default: every one)")
    return top


def main(argv=None) -> int:
    """``course VERB ...``: run a verb; its exit status."""
    return learner.run(parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
