"""Find the submissions in what an instructor hands to ``course autograde``.

Three layouts are accepted:

- nbgrader's: ``SUBMISSIONS/<student>/<assignment>/<assignment>.ipynb`` (the folder
  ``submitted/`` of an nbgrader course, with ``timestamp.txt`` beside each notebook);
- a flat folder of notebooks whose file names hold the student id and the assignment:
  ``<student>_<assignment>.ipynb``, e.g. ``alice_01_computation_graphs.ipynb`` or
  ``alice-01.ipynb`` (the assignment may be given by its number alone);
- a ``.zip`` of either.

What comes from students is judged file by file: a bad name, a symbolic link (never
followed), a file over a size limit, an unreadable zip member, two notebooks for one
student and assignment: each is skipped with one line (``Skipped``), and the rest are
graded. A zip is unpacked into a fresh folder, member by member, with its sizes checked
from its directory and again while it streams (a directory can lie), so that neither
memory nor disk grows with what a member claims or inflates to. Messages name files and
limits, never their content.
"""

import contextlib
import os
import re
import stat
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from autograder import GradingError
from autograder.course_folder import file_time

STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]*")
MAX_ID_LENGTH = 64
MAX_NAME_BYTES = 255  # one component of a path, as most file systems allow
CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """zip_bytes: what a zip may inflate to in all; zip_members: how many members it may
    hold; notebook_bytes: the size of one notebook (in a folder or inflated from a zip)."""

    zip_bytes: int = 1 << 30
    zip_members: int = 10_000
    notebook_bytes: int = 100 << 20


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    notebook: Path
    timestamp: str | None = None


@dataclass(frozen=True)
class Skipped:
    where: str  # the file as named in what was handed over (printable)
    reason: str
    student: str = ""
    assignment: str = ""


def printable(name: str, limit: int = 120) -> str:
    """A file name safe to print on one line: control characters shown as '?', cut."""
    text = "".join(c if c.isprintable() else "?" for c in str(name))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def size_text(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:g} {unit}" if unit == "bytes" else f"{n:.0f} {unit}"
        n /= 1024
    return str(n)


def usable_id(student: str) -> bool:
    return len(student) <= MAX_ID_LENGTH and STUDENT_ID.fullmatch(student) is not None


def find_submissions(path: Path, assignments: list[str], scratch: Path,
                     limits: Limits = Limits()) -> tuple[list[Submission], list[Skipped]]:
    """The submissions under ``path`` (a folder or a .zip) and what was skipped; a zip is
    unpacked into a fresh folder under ``scratch``."""
    path = Path(path)
    if not path.exists():
        raise GradingError(f"{path} does not exist")
    skipped: list[Skipped] = []
    if path.is_file() and path.suffix.lower() == ".zip":
        top = Path(scratch) / f"unpacked-{uuid.uuid4().hex[:8]}"
        top.mkdir(parents=True)
        skipped += unpack(path, top, limits)
    elif path.is_dir():
        top = path
    else:
        raise GradingError(f"{path} is neither a folder nor a .zip of notebooks")
    notebooks, walked = _notebooks(top, limits)
    skipped += walked
    if not notebooks and not skipped:
        raise GradingError(f"{path} holds no notebooks (.ipynb files)")
    found: dict[tuple[str, str], list[Submission]] = {}
    for notebook in notebooks:
        placed = _place(notebook, top, assignments)
        if isinstance(placed, Skipped):
            skipped.append(placed)
        else:
            found.setdefault((placed.student, placed.assignment), []).append(placed)
    submissions = []
    for (student, assignment), subs in sorted(found.items()):
        if len(subs) == 1:
            submissions.append(subs[0])
            continue
        names = ", ".join(printable(s.notebook.relative_to(top), 60) for s in subs)
        skipped.append(Skipped(names, f"{len(subs)} notebooks for student {student!r} and "
                               f"assignment {assignment}: keep one", student, assignment))
    # a skipped file still has a row in the CSV: under its student, where its name says
    skipped = [s if s.student else Skipped(s.where, s.reason, *owner(
        tuple(s.where.split("/")), assignments)) for s in skipped]
    return submissions, skipped


def _notebooks(top: Path, limits: Limits) -> tuple[list[Path], list[Skipped]]:
    """Every regular .ipynb file under ``top`` (links never followed), and the skips."""
    found, skipped = [], []
    for folder, subfolders, files in os.walk(top, followlinks=False):
        here = Path(folder)
        for name in list(subfolders):
            if (here / name).is_symlink():
                skipped.append(Skipped(printable((here / name).relative_to(top)),
                                       "a symbolic link: not followed"))
                subfolders.remove(name)
            elif name == ".ipynb_checkpoints":
                subfolders.remove(name)
        for name in sorted(files):
            if not name.lower().endswith(".ipynb"):
                continue
            file = here / name
            where = printable(file.relative_to(top))
            info = file.lstat()
            if stat.S_ISLNK(info.st_mode):
                skipped.append(Skipped(where, "a symbolic link: not followed"))
            elif not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(where, "not a regular file"))
            elif info.st_size > limits.notebook_bytes:
                skipped.append(Skipped(where, f"larger than the notebook limit of "
                                       f"{size_text(limits.notebook_bytes)} "
                                       "(--max-notebook-bytes)"))
            else:
                found.append(file)
    return sorted(found), skipped


def _place(notebook: Path, top: Path, names: list[str]) -> Submission | Skipped:
    """Which student and assignment a notebook is, from where it lies or its name."""
    parts = notebook.relative_to(top).parts
    placed = placement(parts, names)
    if isinstance(placed, str):
        student, assignment = owner(parts, names)
        return Skipped(printable("/".join(parts)), placed, student, assignment)
    student, assignment = placed
    timestamp = _timestamp(notebook.parent) if len(parts) >= 3 else None
    return Submission(student, assignment, notebook, timestamp or file_time(notebook))


def placement(parts: tuple[str, ...], names: list[str]) -> tuple[str, str] | str:
    """(student, assignment) for a notebook at ``parts`` (its path in what was handed
    over), or why it cannot be placed."""
    if len(parts) >= 3 and parts[-2] in names:  # <student>/<assignment>/<file>.ipynb
        if not usable_id(parts[-3]):
            return (f"{printable(parts[-3], 40)!r} is not a usable student id (letters, "
                    f"digits and _ . @ -, at most {MAX_ID_LENGTH})")
        return parts[-3], parts[-2]
    stem = PurePosixPath(parts[-1]).stem
    for assignment in names:
        number = assignment.split("_")[0]
        for token in (assignment, number):
            match = re.search(rf"(?:^|[_\-. ]){re.escape(token)}(?:$|[_\-. ])", stem)
            if match:
                student = (stem[:match.start()] + stem[match.end():]).strip("_-. ")
                if not usable_id(student):
                    return ("no usable student id in the file name (name it "
                            "<student>_<assignment>.ipynb; ids are letters, digits and "
                            f"_ . @ -, at most {MAX_ID_LENGTH})")
                return student, assignment
    return ("not an assignment of this course: name it <student>_<assignment>.ipynb, "
            f"with an assignment among {', '.join(names)}")


def owner(parts: tuple[str, ...], names: list[str]) -> tuple[str, str]:
    """The student and assignment a skipped file would have been, where its name says so
    (for the CSV's row), else ('', '')."""
    placed = placement(parts, names)
    return placed if isinstance(placed, tuple) else ("", "")


def _timestamp(folder: Path) -> str | None:
    """nbgrader's timestamp.txt beside a submission, if it is a short line of text."""
    file = folder / "timestamp.txt"
    if file.is_symlink() or not file.is_file() or file.stat().st_size > 100:
        return None
    text = file.read_text(errors="replace").strip()
    return text if text and text.isprintable() else None


def _unsafe(name: str) -> str | None:
    """Why a zip member's name cannot be unpacked as it is, or None."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name):
        return "a path outside the zip: not unpacked"
    if any(len(part.encode()) > MAX_NAME_BYTES for part in pure.parts) or len(name) > 1024:
        return "a name too long for the file system"
    if "\x00" in name:
        return "a name with a NUL character"
    return None


def unpack(archive_path: Path, target: Path, limits: Limits) -> list[Skipped]:
    """Unpack the notebooks (and nbgrader's timestamp.txt files) of a zip into ``target``
    within ``limits``; returns what was skipped, one entry per member or one for the
    rest."""
    skipped = []
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError) as error:
        raise GradingError(f"{archive_path} is not a readable zip ({type(error).__name__})"
                           ) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.zip_members:
            skipped.append(Skipped(printable(archive_path.name),
                                   f"holds {len(members)} members, over the limit of "
                                   f"{limits.zip_members} (--max-zip-members): members "
                                   f"after the first {limits.zip_members} are skipped"))
            members = members[:limits.zip_members]
        total = 0
        for member in members:
            name = member.filename
            wanted = name.lower().endswith(".ipynb") or PurePosixPath(name).name == (
                "timestamp.txt")
            if member.is_dir() or not wanted:
                continue
            where = printable(name)
            kind = stat.S_IFMT(member.external_attr >> 16)
            problem = _unsafe(name)
            if problem is None and kind == stat.S_IFLNK:
                problem = "a symbolic link: not unpacked"
            if problem is None and member.file_size > limits.notebook_bytes:
                problem = (f"inflates to {size_text(member.file_size)}, over the notebook "
                           f"limit of {size_text(limits.notebook_bytes)} "
                           "(--max-notebook-bytes)")
            if problem is None and total + member.file_size > limits.zip_bytes:
                problem = (f"would take the zip over its limit of "
                           f"{size_text(limits.zip_bytes)} inflated (--max-zip-bytes)")
            if problem is None:
                written, problem = _stream(archive, member, target, limits,
                                           limits.zip_bytes - total)
                total += written
            if problem:
                skipped.append(Skipped(where, problem))
    return skipped


def _stream(archive, member, target: Path, limits: Limits, room: int) -> tuple[int, str]:
    """Copy one member to its place under ``target`` in chunks, stopping at the limits
    whatever its header claims; returns (bytes written, problem or '')."""
    destination = target / PurePosixPath(member.filename.replace("\\", "/"))
    cap = min(limits.notebook_bytes, room)
    written = 0
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(member) as source, open(destination, "xb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > cap:
                    raise _TooBig()
                out.write(chunk)
        with contextlib.suppress(ValueError, OverflowError, OSError):
            moment = time.mktime((*member.date_time, 0, 0, -1))
            os.utime(destination, (moment, moment))
        return written, ""
    except _TooBig:
        destination.unlink(missing_ok=True)
        limit = ("the notebook limit of " + size_text(limits.notebook_bytes)
                 + " (--max-notebook-bytes)") if cap == limits.notebook_bytes else (
            "the zip's limit of " + size_text(limits.zip_bytes) + " (--max-zip-bytes)")
        return written, f"inflates to more than its directory says, over {limit}"
    except FileExistsError:
        return 0, "a second member of the same name"
    except Exception as error:  # zlib, CRC, encryption, ...: this member alone is skipped
        destination.unlink(missing_ok=True)
        return written, f"could not be unpacked ({type(error).__name__})"


class _TooBig(Exception):
    pass
