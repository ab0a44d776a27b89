"""The sandbox shows a kernel only what it needs. Secret markers are planted where a
grader's machine keeps things a student must not read (the instructor's home, the folder
and the zip of submissions handed to ``course autograde``, nbgrader's exchange, the
project's git history, pip's cache, /srv, /opt, the course folder); a submission walks
every path it can see and prints whatever holds a marker. It is graded through the real
command with two workers, and nothing of any marker comes back to it."""

import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import SOURCE_DIR
from autograder.course_folder import init_course
from autograder.sandbox import SYSTEM_TREES, data_files
from tests import attacks as A
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)

REPO = Path(__file__).resolve().parent.parent
NAME = A.NAME
WALK = """
import os, time, json
MARK = b"{prefix}"
started, found, seen = time.monotonic(), [], 0
print("TOP:" + json.dumps(sorted(os.listdir("/"))))
for path in {direct!r}:
    try:
        with open(path, "rb") as handle:
            found.append((path, handle.read(200).decode(errors="replace")))
    except OSError:
        pass
order = [d for d in os.listdir("/") if d not in ("proc", "sys", "dev", "usr")] + ["usr"]
for top in order:
    for folder, subfolders, files in os.walk("/" + top, followlinks=False):
        if time.monotonic() - started > 25:
            break
        for name in files:
            path = os.path.join(folder, name)
            seen += 1
            try:
                if os.path.islink(path) or os.path.getsize(path) > 2_000_000:
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            at = data.find(MARK)
            if at >= 0:
                found.append((path, data[at:at + 60].decode(errors="replace")))
print("WALKED", seen, "files")
print("FOUND:" + json.dumps(found))
"""


def plant(path: Path, marker: str, planted: list) -> None:
    """Write ``marker`` into ``path`` if this user may; remember it for removal."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"secret {marker}\n")
        planted.append(path)
    except OSError:
        pass


def notebook_with(text: str, path: Path) -> Path:
    nb = A.load()
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, path)
    return path


def expected_top_level(course: Path) -> set[str]:
    """What a kernel may see at /: the system's trees, its own /dev, /proc, /tmp, /etc, and
    the first folder of the interpreter, the course package and the data."""
    import course as course_package

    allowed = {"dev", "proc", "tmp", "etc"}
    allowed |= {name for name in SYSTEM_TREES if os.path.lexists(f"/{name}")}
    for path in [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                 os.path.dirname(os.path.realpath(sys.executable)),
                 os.path.dirname(course_package.__file__), *map(str, data_files()[0])]:
        allowed.add(Path(os.path.realpath(path)).parts[1])
    return allowed


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("allow-list")
    prefix = f"MARKER-{uuid.uuid4().hex[:12]}"
    markers = {where: f"{prefix}-{where}" for where in (
        "home", "submissions", "zip", "exchange", "git", "pip-cache", "srv", "opt",
        "course-folder")}
    planted: list[Path] = []
    course = init_course(tmp / "course", exchange=tmp / "exchange")
    plant(Path.home() / f".backprop-{prefix}", markers["home"], planted)
    plant(tmp / "exchange" / "backprop-course" / "inbound" / "zoe+01+ts" / "notes.txt",
          markers["exchange"], planted)
    plant(REPO / ".git" / f"backprop-{prefix}", markers["git"], planted)
    pip_cache = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"],
                               capture_output=True, text=True).stdout.strip()
    plant(Path(pip_cache or Path.home() / ".cache" / "pip") / f"backprop-{prefix}",
          markers["pip-cache"], planted)
    plant(Path("/srv") / f"backprop-{prefix}", markers["srv"], planted)
    plant(Path("/opt") / f"backprop-{prefix}" / "secret.txt", markers["opt"], planted)
    plant(course / f"backprop-{prefix}.txt", markers["course-folder"], planted)
    try:
        walker = A.before_last_test(A.load(), WALK.format(
            prefix=prefix, direct=[str(p) for p in planted]))
        folder = tmp / "handed"
        folder.mkdir()
        nbformat.write(walker, folder / f"walker_{NAME}.ipynb")
        (folder / f"honest_{NAME}.ipynb").write_bytes(
            (SOURCE_DIR / NAME / f"{NAME}.ipynb").read_bytes())
        notebook_with(markers["submissions"], folder / f"other_{NAME}.ipynb")
        by_folder = subprocess.run(
            [sys.executable, "-m", "autograder.cli", "autograde", str(folder), "--course",
             str(course), "--jobs", "2"], capture_output=True, text=True, timeout=1200)
        zipped = tmp / "class.zip"
        with zipfile.ZipFile(zipped, "w") as archive:
            archive.write(folder / f"walker_{NAME}.ipynb", f"walker2_{NAME}.ipynb")
            other = notebook_with(markers["zip"], tmp / "zip-other.ipynb")
            archive.write(other, f"other2_{NAME}.ipynb")
        by_zip = subprocess.run(
            [sys.executable, "-m", "autograder.cli", "autograde", str(zipped), "--course",
             str(course), "--jobs", "2"], capture_output=True, text=True, timeout=1200)
    finally:
        for path in planted:
            path.unlink(missing_ok=True)
            if path.parent.name == f"backprop-{prefix}":
                path.parent.rmdir()
    return course, prefix, markers, planted, by_folder, by_zip


def outputs(course: Path, student: str) -> str:
    nb = nbformat.read(course / "autograded" / student / NAME / f"{NAME}.ipynb", as_version=4)
    return "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                     if o.get("output_type") == "stream")


def test_markers_were_planted_where_a_grader_keeps_things(walked):
    _, _, markers, planted, by_folder, by_zip = walked
    assert by_folder.returncode == 0, by_folder.stderr[-3000:]
    assert by_zip.returncode == 0, by_zip.stderr[-3000:]
    assert len(planted) >= 5, planted  # /srv and /opt need root, the rest do not
    if os.geteuid() == 0:
        assert len(planted) == len(markers) - 2  # the handed-over ones are in notebooks


@pytest.mark.parametrize("walker", ["walker", "walker2"])
def test_no_marker_comes_back(walked, walker):
    course, _, markers, _, _, _ = walked
    seen = outputs(course, walker)
    assert "WALKED" in seen and "FOUND:[]" in seen, seen[-3000:]
    feedback = (course / "feedback" / walker / NAME / f"{NAME}.html").read_text()
    grades = (course / "grades.csv").read_text()
    for where, marker in markers.items():
        assert marker not in seen and marker not in feedback and marker not in grades, where


def test_the_visible_top_level_is_the_allowed_set(walked):
    course = walked[0]
    seen = outputs(course, "walker")
    top = set(__import__("json").loads(seen.split("TOP:", 1)[1].split("\n", 1)[0]))
    assert top == expected_top_level(course), top ^ expected_top_level(course)
    for absent in ("home", "root", "srv", "opt", "mnt", "media", "var", "run"):
        if absent not in expected_top_level(course):
            assert absent not in top


def test_an_honest_student_beside_it_keeps_full_marks(walked):
    course = walked[0]
    import csv

    with open(course / "grades.csv") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert rows["honest"]["score"] == rows["honest"]["max_score"]
    assert rows["walker"]["status"] == "graded"
