"""``course autograde`` under hostile and odd input, through the real command: limits on
what a zip inflates to, one bad file never stopping the class, links never followed,
nothing left behind however a run ends, and a killed run finished by the next one."""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from autograder import SOURCE_DIR
from autograder.course_folder import init_course
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)

FIRST = "01_computation_graphs"
SOURCE = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:])
print(f"PEAK_KIB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} "
      f"SECONDS {time.perf_counter() - started:.1f}", file=sys.stderr)
sys.exit(done.returncode)
"""


@pytest.fixture
def tmp_env():
    """A temporary folder of its own for each run, to see what a run leaves there."""
    import shutil
    import tempfile

    temp = Path(tempfile.mkdtemp(prefix="hostile-", dir="/tmp"))
    yield {**os.environ, "TMPDIR": str(temp)}, temp
    shutil.rmtree(temp, ignore_errors=True)


def autograde(*args, env, measure=False, timeout=900):
    command = [sys.executable, "-m", "autograder.cli", "autograde", *map(str, args)]
    if measure:
        command = [sys.executable, "-c", MEASURE, *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)


def rows(course: Path) -> dict:
    with open(course / "grades.csv") as handle:
        return {(r["student"], r["assignment"]): r for r in csv.DictReader(handle)}


def left_behind(temp: Path) -> list[str]:
    return sorted(p.name for p in temp.iterdir())


def test_a_zip_bomb_is_skipped_with_bounded_memory_and_the_rest_graded(tmp_path, tmp_env):
    env, temp = tmp_env
    course = init_course(tmp_path / "course", exchange=tmp_path / "exchange")
    bomb = tmp_path / "class.zip"
    zero = bytes(1 << 20)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(SOURCE, f"ann_{FIRST}.ipynb")
        with archive.open(f"bomb_{FIRST}.ipynb", "w", force_zip64=True) as member:
            for _ in range(2048):  # 2 GiB of zeros, a few MiB in the zip
                member.write(zero)
        for i in range(3):  # each under the notebook limit, together over --max-zip-bytes
            with archive.open(f"big{i}_{FIRST}.ipynb", "w") as member:
                for _ in range(30):
                    member.write(zero)
    assert bomb.stat().st_size < 10 << 20
    done = autograde(bomb, "--course", course, "--max-zip-bytes", "70M", env=env,
                     measure=True)
    assert done.returncode == 1, done.stderr[-3000:]
    lines = done.stderr.splitlines()
    [bomb_line] = [ln for ln in lines if ln.startswith(f"skipped bomb_{FIRST}")]
    assert "inflates to 2 GiB, over the notebook limit of 100 MiB" in bomb_line
    assert any(ln.startswith("skipped big") and "--max-zip-bytes" in ln for ln in lines)
    assert float(rows(course)[("ann", FIRST)]["score"]) > 0
    assert rows(course)[("bomb", FIRST)]["status"].startswith("not graded")
    peak = int(done.stderr.split("PEAK_KIB ")[1].split()[0])
    seconds = float(done.stderr.split("SECONDS ")[1].split()[0])
    print(f"\nzip bomb: peak memory {peak / 1024:.0f} MiB, {seconds:.1f} s")
    assert peak < 1024 * 1024, f"{peak} KiB"
    assert left_behind(temp) == [], "the unpacked files and kernel folders are gone"
    assert not list(course.glob("**/bomb*")) or not any(
        p.stat().st_size > 1 << 20 for p in course.glob("**/bomb*"))


def test_a_zip_that_lies_about_its_sizes_or_holds_too_many_members(tmp_path):
    """Sizes are enforced while streaming, not taken from the zip's directory; members past
    the limit are skipped with one line. (The unpacking step alone: nothing to grade.)"""
    from autograder.submissions import Limits, unpack

    liar = tmp_path / "liar.zip"
    with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"liar_{FIRST}.ipynb", bytes(50 << 20))
    data = bytearray(liar.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset  # the uncompressed size, little-endian
        assert int.from_bytes(data[at:at + 4], "little") == 50 << 20
        data[at:at + 4] = (1024).to_bytes(4, "little")
    liar.write_bytes(bytes(data))
    target = tmp_path / "unpacked"
    [skip] = unpack(liar, target, Limits())
    assert skip.where == f"liar_{FIRST}.ipynb" and skip.reason.startswith(
        "could not be unpacked"), skip
    assert not list(target.rglob("*.ipynb")), "no partial file is left"

    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(5):
            archive.writestr(f"s{i}_{FIRST}.ipynb", b"{}")
    target = tmp_path / "many"
    [skip] = unpack(many, target, Limits(zip_members=3))
    assert "holds 5 members, over the limit of 3 (--max-zip-members)" in skip.reason, skip
    assert sorted(p.name for p in target.glob("*.ipynb")) == [
        f"s{i}_{FIRST}.ipynb" for i in range(3)]


def test_one_odd_file_never_stops_the_class(tmp_path, tmp_env):
    env, temp = tmp_env
    course = init_course(tmp_path / "course", exchange=tmp_path / "exchange")
    odd = tmp_path / "odd.zip"
    notebook = SOURCE.read_bytes()
    with zipfile.ZipFile(odd, "w") as archive:
        archive.writestr(f"twin_{FIRST}.ipynb", notebook)
        archive.writestr(f"twin\n_{FIRST}.ipynb", notebook)
        archive.writestr("x" * 300 + f"_{FIRST}.ipynb", notebook)
        archive.writestr(f"../escape_{FIRST}.ipynb", notebook)
        archive.writestr(f"dup/ann_{FIRST}.ipynb", notebook)
        archive.writestr(f"ann_{FIRST}.ipynb", notebook)
        link = zipfile.ZipInfo(f"link_{FIRST}.ipynb")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr(f"junk_{FIRST}.ipynb", b"\x00\xff" * 10)
    done = autograde(odd, "--course", course, env=env)
    assert done.returncode == 1, done.stderr[-3000:]
    skipped = [ln for ln in done.stderr.splitlines() if ln.startswith("skipped ")]
    assert any("twin?_" in ln and "no usable student id" in ln for ln in skipped), skipped
    assert any("xxxx" in ln and "name too long" in ln for ln in skipped), skipped
    assert any("escape" in ln and "outside the zip" in ln for ln in skipped), skipped
    assert any("2 notebooks for student 'ann'" in ln for ln in skipped), skipped
    assert any("link_" in ln and "symbolic link" in ln for ln in skipped), skipped
    assert all(len(ln) < 400 for ln in skipped)
    graded = rows(course)
    assert float(graded[("twin", FIRST)]["score"]) > 0
    assert graded[("junk", FIRST)]["status"].startswith("not graded: not a valid notebook")
    assert graded[("ann", FIRST)]["status"].startswith("not graded: 2 notebooks")
    assert "root:x" not in done.stderr + (course / "grades.csv").read_text()
    assert left_behind(temp) == []


def test_symlinks_in_a_folder_are_not_followed(tmp_path, tmp_env):
    env, temp = tmp_env
    course = init_course(tmp_path / "course", exchange=tmp_path / "exchange")
    folder = tmp_path / "handed"
    (folder / "sub").mkdir(parents=True)
    (folder / f"honest_{FIRST}.ipynb").write_bytes(SOURCE.read_bytes())
    (folder / f"thief_{FIRST}.ipynb").symlink_to(course / "source" / FIRST / f"{FIRST}.ipynb")
    (folder / f"passwd_{FIRST}.ipynb").symlink_to("/etc/passwd")
    (folder / "elsewhere").symlink_to(SOURCE.parent, target_is_directory=True)
    done = autograde(folder, "--course", course, env=env)
    assert done.returncode == 1, done.stderr[-3000:]
    text = done.stderr + (course / "grades.csv").read_text()
    assert "root:" not in text
    graded = rows(course)
    assert ("thief", FIRST) not in graded or graded[("thief", FIRST)]["status"].startswith(
        "not graded")
    for name in (f"thief_{FIRST}.ipynb", f"passwd_{FIRST}.ipynb", "elsewhere"):
        assert f"skipped {name}: a symbolic link: not followed" in done.stderr
    assert float(graded[("honest", FIRST)]["score"]) > 0
    assert left_behind(temp) == []


def test_a_second_zip_grades_its_own_files_only(tmp_path, tmp_env):
    env, temp = tmp_env
    course = init_course(tmp_path / "course", exchange=tmp_path / "exchange")
    for name, student in (("first.zip", "alice"), ("second.zip", "bob")):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr(f"{student}_{FIRST}.ipynb", SOURCE.read_bytes())
    assert autograde(tmp_path / "first.zip", "--course", course, env=env).returncode == 0
    second = autograde(tmp_path / "second.zip", "--course", course, env=env)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "1 to grade, 1 graded already" in second.stderr
    assert not (course / "unpacked").exists()
    assert left_behind(temp) == []


def grader_processes(marker: str) -> list[str]:
    """Command lines of live processes that belong to a grading run under ``marker``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in text and "pytest" not in text:
            found.append(text[:200])
    return found


def looping_class(folder: Path, students: int) -> None:
    import nbformat

    folder.mkdir()
    nb = nbformat.read(SOURCE, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                == "mul_layer_answer")
    cell.source = cell.source.replace("def forward(self, x, y):",
                                      "def forward(self, x, y):\n        while True:\n"
                                      "            pass", 1)
    for i in range(students):
        nbformat.write(nb, folder / f"s{i}_{FIRST}.ipynb")


@pytest.mark.parametrize("jobs,how", [("1", signal.SIGKILL), ("2", signal.SIGKILL),
                                      ("1", signal.SIGTERM)])
def test_a_killed_run_leaves_nothing_and_the_next_run_finishes(tmp_path, tmp_env, jobs, how):
    env, temp = tmp_env
    course = init_course(tmp_path / "course", exchange=tmp_path / "exchange")
    looping_class(tmp_path / "class", 3)
    grader = subprocess.Popen(
        [sys.executable, "-m", "autograder.cli", "autograde", str(tmp_path / "class"),
         "--course", str(course), "--jobs", jobs, "--timeout", "30"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not any("bwrap" in p for p in grader_processes(str(temp))):
        assert time.monotonic() < deadline and grader.poll() is None, "no kernel started"
        time.sleep(0.5)
    time.sleep(2)
    grader.send_signal(how)
    grader.wait(timeout=30)
    time.sleep(5)
    assert grader_processes(str(temp)) == [], "kernels, launchers or sandboxes survived"
    assert left_behind(temp) == [], "temporary folders survived"
    # every cell that calls MulLayer loops (about a dozen per notebook): a short limit
    # keeps this run from spending minutes on them; they end as at any limit
    finished = autograde(tmp_path / "class", "--course", course, "--timeout", "2", env=env)
    assert finished.returncode == 0, finished.stderr[-3000:]
    graded = rows(course)
    assert all(graded[(f"s{i}", FIRST)]["status"] == "graded" for i in range(3))
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        counts = db.execute("SELECT COUNT(*) FROM submitted_assignment").fetchone()
    assert counts == (3,)


def test_two_runs_at_once_grade_each_student_once(tmp_path, tmp_env):
    env, temp = tmp_env
    course = init_course(tmp_path / "course", exchange=tmp_path / "exchange")
    folder = tmp_path / "class"
    folder.mkdir()
    for student in ("ann", "bob", "cem"):
        (folder / f"{student}_{FIRST}.ipynb").write_bytes(SOURCE.read_bytes())
    command = [sys.executable, "-m", "autograder.cli", "autograde", str(folder), "--course",
               str(course), "--jobs", "1"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=900) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [o[1][-2000:] for o in outputs]
    assert any("waiting for the grading run already at work" in err for _, err in outputs)
    assert sum("3 to grade" in err for _, err in outputs) == 1
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM submitted_assignment").fetchone() == (3,)
    assert len(rows(course)) == 3
    assert left_behind(temp) == []
    assert json.loads(json.dumps(sorted(rows(course))))  # CSV complete and readable
