"""Find the submissions in what an instructor hands to ``course autograde``.

Three layouts are accepted:

- nbgrader's: ``SUBMISSIONS/<student>/<assignment>/<assignment>.ipynb`` (the folder
  ``submitted/`` of an nbgrader course);
- a flat folder of notebooks whose file names hold the student id and the assignment:
  ``<student>_<assignment>.ipynb``, e.g. ``alice_01_computation_graphs.ipynb`` or
  ``alice-01.ipynb`` (the assignment may be given by its number alone);
- a ``.zip`` of either layout.
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from autograder.config import assignments
from autograder.pipeline import GradingError

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$")


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    notebook: Path


def find_submissions(path: Path, unpack_to: Path) -> tuple[list[Submission], list[str]]:
    """The submissions under ``path`` and one line for each file that could not be placed."""
    path = Path(path)
    if not path.exists():
        raise GradingError(f"{path} does not exist")
    if path.is_file() and path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            _safe_extract(archive, unpack_to)
        path = unpack_to
    if not path.is_dir():
        raise GradingError(f"{path} is neither a folder nor a .zip of notebooks")
    notebooks = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not notebooks:
        raise GradingError(f"{path} holds no notebooks (.ipynb files)")
    found, skipped = [], []
    for notebook in notebooks:
        placed = _place(notebook, path)
        if isinstance(placed, str):
            skipped.append(f"{notebook.relative_to(path)}: {placed}")
        else:
            found.append(placed)
    seen = set()
    for sub in found:
        key = (sub.student, sub.assignment)
        if key in seen:
            raise GradingError(f"two notebooks for student {sub.student!r} and assignment "
                               f"{sub.assignment}: keep one")
        seen.add(key)
    return found, skipped


def _place(notebook: Path, top: Path) -> Submission | str:
    names = assignments()
    parts = notebook.relative_to(top).parts
    if len(parts) >= 3 and parts[-2] in names:  # <student>/<assignment>/<file>.ipynb
        student = parts[-3]
        if not STUDENT_ID.match(student):
            return f"{student!r} is not a usable student id"
        return Submission(student, parts[-2], notebook)
    stem = notebook.stem
    for assignment in names:
        number = assignment.split("_")[0]
        for token in (assignment, number):
            match = re.search(rf"(?:^|[_\-. ]){re.escape(token)}(?:$|[_\-. ])", stem)
            if match:
                student = (stem[:match.start()] + stem[match.end():]).strip("_-. ")
                if not STUDENT_ID.match(student or ""):
                    return "no student id in the file name (name it <student>_<assignment>.ipynb)"
                return Submission(student, assignment, notebook)
    return ("not an assignment of this course: name it <student>_<assignment>.ipynb, "
            f"with an assignment among {', '.join(names)}")


def _safe_extract(archive: zipfile.ZipFile, target: Path) -> None:
    target = target.resolve()
    for member in archive.infolist():
        destination = (target / member.filename).resolve()
        if not destination.is_relative_to(target):
            raise GradingError(f"the zip holds a path outside itself: {member.filename}")
    archive.extractall(target)

