"""The ``course`` command: release, grade one notebook, autograde a class, run the demo."""

import argparse
import sys
from pathlib import Path

from course import __version__

REPO_NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Backpropagation from first principles: notebooks graded by nbgrader.")
    parser.add_argument("--version", action="version", version=f"backprop-course {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="release every notebook, grade example submissions, show the grades")
    demo.add_argument("--out", type=Path, help="folder for the demo course (default: a new "
                      "temporary folder, kept so that you can read the feedback)")
    demo.add_argument("--only", nargs="*", metavar="NN", help="only these notebooks")
    demo.add_argument("--jobs", "-j", type=_positive, metavar="N",
                      help="notebooks graded at once (default: the number of cores)")

    grade = commands.add_parser("grade", help="grade one of your notebooks with the full tests")
    grade.add_argument("notebook", type=Path)
    grade.add_argument("--assignment", help="which notebook of the course it is (default: "
                       "from its file name or its cells)")
    grade.add_argument("--timeout", type=int, help="seconds a cell may run (default 60)")

    autograde = commands.add_parser(
        "autograde", help="grade a class's submissions (folder or .zip); write CSV and feedback")
    autograde.add_argument("submissions", type=Path, help="nbgrader's submitted/ folder, a "
                           "folder of <student>_<assignment>.ipynb files, or a .zip of either")
    autograde.add_argument("--out", type=Path, default=Path("grading"),
                           help="the nbgrader course folder to grade in (default ./grading)")
    autograde.add_argument("--db", help="gradebook SQLAlchemy URL (default: SQLite in --out)")
    autograde.add_argument("--timeout", type=int, help="seconds a cell may run (default 60)")
    autograde.add_argument("--jobs", "-j", type=_positive, metavar="N",
                           help="notebooks graded at once (default: the number of cores)")

    release = commands.add_parser(
        "release", help="generate the student notebooks from the sources (into notebooks/)")
    release.add_argument("assignments", nargs="*", metavar="NN", help="default: all")
    release.add_argument("--out", type=Path, default=REPO_NOTEBOOKS,
                         help=f"where the student notebooks go (default {REPO_NOTEBOOKS})")

    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        from autograder import commands as run
    except ImportError as error:  # a student installation without the grader's side
        print(f"course {args.command}: the autograder is not installed ({error})",
              file=sys.stderr)
        return 2
    try:
        return getattr(run, args.command)(args)
    except run.GradingError as error:
        print(f"course {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\ncourse {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
