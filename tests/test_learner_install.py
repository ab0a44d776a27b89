"""The learner's install (``pip install ./course``): what students in a class get holds no
answers, and its ``course`` command only what a student can run. Built from a copy of this
repository's ``course/`` and installed into a fresh virtual environment, as an instructor
would for a hub's students; and installed from a read-only copy by an ordinary user."""

import ast
import io
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

import pytest

from course import cli, data
from tests.needs import under_ci

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "01_computation_graphs.ipynb"
INSTRUCTOR_VERBS = ("grade", "init", "autograde", "export", "report", "demo", "release")
REAL_DATA = os.environ.get(data.DATA_ENV)  # CI sets it; see tests/test_data.py
# a data file that generation might add to exercises/ one day: the wheel must take it too
NEW_JSON = "exercises/generated_later.json"


def _copy_course(to: Path) -> Path:
    """``course/`` copied to ``to``/course, without what building or running leaves."""
    shutil.copytree(REPO / "course", to / "course",
                    ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    return to / "course"


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """(the wheel, the fresh venv's python, the files the wheel should hold)"""
    tmp = tmp_path_factory.mktemp("learner")
    course = _copy_course(tmp)
    (course / NEW_JSON).write_text("{}\n")
    expected = {f"course/{p.relative_to(course).as_posix()}" for p in
                [*course.glob("*.py"), *course.glob("exercises/*.py"),
                 *course.glob("exercises/*.json"), *course.glob("translations/*.json")]}
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            str(course), "-w", str(tmp / "dist")],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (tmp / "dist").glob("backprop_course_learner-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True, timeout=300)
    python = tmp / "venv" / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)],
                               capture_output=True, text=True, timeout=1200)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return wheel, python, expected


def _course(python, *args, env=None) -> subprocess.CompletedProcess:
    """The learner venv's ``course`` command, run outside this checkout."""
    return subprocess.run([str(Path(python).parent / "course"), *args], capture_output=True,
                          text=True, cwd="/", timeout=120,
                          env={**os.environ, "PYTHONPATH": "", **(env or {})})


# --- what the package holds and imports ---------------------------------------------------

def _imported(tree: ast.AST) -> set[str]:
    """The top-level names of every module that ``tree`` imports, statically or by
    ``importlib.import_module("...")`` / ``__import__("...")`` with a literal name."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__")):
            names.add(node.args[0].value.split(".")[0])
    return names


def test_the_learners_package_imports_neither_the_grader_nor_the_reference():
    modules = sorted((REPO / "course").rglob("*.py"))
    assert len(modules) > 10, modules
    found = {str(m.relative_to(REPO)): _imported(ast.parse(m.read_text(), str(m))) & {
        "autograder", "solutions"} for m in modules}
    assert not {m: names for m, names in found.items() if names}
    # the check itself sees such an import
    assert _imported(ast.parse("from autograder import cli\nimport solutions.network\n"
                                "importlib.import_module('autograder.judge')")) >= {
        "autograder", "solutions"}


def test_the_wheel_holds_the_course_package_alone(learner):
    wheel, _, expected = learner
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(
        ".dist-info")}
    assert tops == {"course"}, tops
    assert {n for n in names if not n.split("/")[0].endswith(".dist-info")} == expected
    assert {"course/exercises/mistakes.json", f"course/{NEW_JSON}",
            "course/translations/ko.json"} <= set(names)
    assert not [n for n in names if "solution" in n.lower() or "hidden" in n.lower()]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "course = course.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def answer_lines(min_length: int = 25) -> set[str]:
    """Every line of the source notebooks' solution regions, stripped, of ``min_length``
    characters or more, that the released notebooks do not give in their own text."""
    import nbformat

    from autograder import SOURCE_DIR

    found = set()
    for source in sorted(SOURCE_DIR.glob("*/*.ipynb")):
        released = "\n".join(c.source for c in nbformat.read(
            REPO / "notebooks" / source.name, as_version=4).cells)
        for cell in nbformat.read(source, as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if "### BEGIN SOLUTION" in line or "### END SOLUTION" in line:
                    inside = "BEGIN" in line
                elif inside and len(line.strip()) >= min_length and line.strip() not in released:
                    found.add(line.strip())
    return found


def test_the_learners_wheel_holds_no_answer_line(learner):
    """No line of an answer (as the source notebooks write it) is in what students install:
    not in the code, the data, the hints or the stored expected values."""
    wheel = learner[0]
    lines = answer_lines()
    assert len(lines) > 50, "the source notebooks' answers were not found"
    with zipfile.ZipFile(wheel) as archive:
        text = "\n".join(archive.read(name).decode("utf-8", "replace")
                         for name in archive.namelist() if name.endswith((".py", ".json")))
    leaked = sorted(line for line in lines if line in text)
    assert leaked == [], f"{len(leaked)} answer line(s) in the learner's wheel: {leaked[:5]}"


def test_neither_the_reference_nor_the_grader_can_be_imported(learner):
    _, python, _ = learner
    for module in ("solutions", "autograder", "autograder.hidden", "autograder.cli"):
        done = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True,
                              text=True, cwd="/", timeout=120,
                              env={**os.environ, "PYTHONPATH": ""})
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, module
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], capture_output=True, text=True, check=True)
    packages = Path(site.stdout.strip())
    assert not (packages / "solutions").exists() and not (packages / "autograder").exists()
    assert not list(packages.glob("**/nb0*_*hidden*"))


# --- the learner's `course` command ---------------------------------------------------------

def _verbs_listed(help_text: str) -> set[str]:
    """The verbs that ``course --help`` lists (indented words under "COMMAND")."""
    listing = help_text.split("COMMAND\n", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"^    (\w[\w-]*)", listing, re.MULTILINE))


def test_the_students_course_lists_only_what_a_student_can_run(learner):
    _, python, _ = learner
    shown = _course(python, "--help")
    assert shown.returncode == 0, shown.stderr
    assert _verbs_listed(shown.stdout) == {"data"}, shown.stdout
    assert not [verb for verb in INSTRUCTOR_VERBS if re.search(rf"\b{verb}\b", shown.stdout)]
    version = _course(python, "--version")
    assert version.returncode == 0 and version.stdout.startswith("backprop-course "), version


def test_the_instructors_course_lists_every_verb():
    from autograder import cli as instructor

    verbs = _verbs_listed(instructor.parser().format_help())
    assert verbs == {"data", *INSTRUCTOR_VERBS}, verbs


def test_instructor_verbs_say_they_need_the_instructor_install(learner):
    _, python, _ = learner
    for verb in INSTRUCTOR_VERBS:
        done = _course(python, verb, "x.ipynb")
        assert done.returncode == 2, (verb, done.stderr)
        [line] = done.stderr.strip().splitlines()
        assert line.startswith(f"course {verb}: ") and "instructor's install" in line, line
        assert "{" not in line, line


def test_course_data_finds_the_data_offline(learner, tmp_path):
    """``course data`` in the learner's install, downloads forbidden, finds and verifies
    every file in $BACKPROP_COURSE_DATA."""
    if not REAL_DATA or not Path(REAL_DATA).is_dir():
        pytest.skip(f"{data.DATA_ENV} does not name a folder with the real data files")
    _, python, _ = learner
    done = _course(python, "data", env={data.OFFLINE_ENV: "1",
                                        "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stdout + done.stderr
    for name, remote in data.FILES.items():
        path = Path(REAL_DATA) / remote.folder / name
        assert re.search(rf"{remote.folder}/{re.escape(name)} +found +{re.escape(str(path))}",
                         done.stdout), done.stdout
    assert "All 5 data files are in place" in done.stdout
    assert not (tmp_path / "cache").exists()  # nothing downloaded, nothing written


def test_course_data_says_what_is_missing_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(data.OFFLINE_ENV, "1")
    assert cli.main(["data"]) == 2
    out, err = capsys.readouterr()
    [line] = err.strip().splitlines()
    assert line.startswith("course data: 5 of 5 data files are missing (downloads are "
                           f"disabled by {data.OFFLINE_ENV})") and data.DATA_ENV in line, line
    assert out.count(" missing ") == 5 and str(tmp_path / "backprop-course" / "zoo") in out
    monkeypatch.delenv(data.OFFLINE_ENV)
    assert cli.main(["data", "--no-download"]) == 2
    assert "disabled by --no-download" in capsys.readouterr().err


def test_course_data_names_a_damaged_file(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    damaged = tmp_path / "backprop-course" / "zoo" / data.ZOO
    damaged.parent.mkdir(parents=True)
    damaged.write_text("1,2,3\n")
    assert cli.main(["data", "--no-download"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"course data: {damaged} is damaged or incomplete"), line


def test_course_data_downloads_what_is_missing(tmp_path, monkeypatch, capsys):
    """With no data anywhere, ``course data`` downloads every file into the cache (the
    network served from $BACKPROP_COURSE_DATA's real files); then it finds them there."""
    if not REAL_DATA or not Path(REAL_DATA).is_dir():
        pytest.skip(f"{data.DATA_ENV} does not name a folder with the real data files")
    served = {remote.urls[0]: Path(REAL_DATA) / remote.folder / name
              for name, remote in data.FILES.items()}
    monkeypatch.setattr(urllib.request, "urlopen",
                        lambda url, timeout: io.BytesIO(served[url].read_bytes()))
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    monkeypatch.delenv(data.OFFLINE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cli.main(["data"]) == 0
    out = capsys.readouterr().out
    assert out.count(" downloaded ") == 5, out
    assert cli.main(["data", "--no-download"]) == 0
    out = capsys.readouterr().out
    assert out.count(" found ") == 5 and str(tmp_path / "backprop-course" / "mnist") in out


# --- installing from a read-only checkout ---------------------------------------------------

def _pip_settings() -> dict[str, str]:
    """This pip's settings (index, certificates, constraints) as PIP_* variables, so that
    another account's pip reaches the same packages."""
    listed = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                            capture_output=True, text=True, timeout=120)
    settings = {}
    for line in listed.stdout.splitlines():
        key, _, value = line.partition("=")
        name = key.rsplit(".", 1)[-1]
        if value and name:
            settings["PIP_" + name.upper().replace("-", "_")] = ast.literal_eval(value)
    return settings


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its mode and size."""
    return {str(p.relative_to(folder)): (p.lstat().st_mode, p.lstat().st_size)
            for p in folder.rglob("*")}


def _read_only(folder: Path, writable: bool = False) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~0o222)


def test_installs_from_a_read_only_checkout_and_leaves_it_clean(tmp_path):
    """``pip install ./course`` by an ordinary account from a read-only checkout works (no
    egg-info to write), and as root from a writable one it adds nothing to the checkout."""
    if os.geteuid() != 0 or not all(shutil.which(c) for c in ("useradd", "userdel",
                                                                "runuser")):
        why = ("needs root, useradd, userdel and runuser to make an ordinary account for "
               "the install (apt-get install passwd util-linux)")
        if under_ci():
            pytest.fail(f"CI runs every test, but this one {why}")
        pytest.skip(why)
    from tests import hub_class as H

    python = H.shared_python()
    assert python, "no Python 3.10+ that every account can run"
    checkout = Path(tempfile.mkdtemp(prefix="backprop-readonly-", dir="/tmp"))
    checkout.chmod(0o755)
    account = None
    try:
        _copy_course(checkout)
        before = _files(checkout)
        # as root, into a fresh venv: nothing new in the checkout
        subprocess.run([python, "-m", "venv", str(tmp_path / "venv")], check=True, timeout=300)
        done = subprocess.run([str(tmp_path / "venv" / "bin" / "pip"), "install", "-q",
                               "--no-deps", "./course"], cwd=checkout, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        assert _files(checkout) == before
        # as an ordinary account, from the checkout made read-only
        _read_only(checkout)
        account = H.create_account("student")
        venv = account.home / "venv"
        made = H.as_user(account, [python, "-m", "venv", str(venv)], timeout=300)
        assert made.returncode == 0, made.stderr
        done = H.as_user(account, [str(venv / "bin" / "pip"), "install", "-q", "--no-deps",
                                   "./course"], env=_pip_settings(), cwd=checkout)
        assert done.returncode == 0, done.stderr[-3000:]
        shown = H.as_user(account, [str(venv / "bin" / "course"), "--help"])
        assert shown.returncode == 0 and _verbs_listed(shown.stdout) == {"data"}, shown
        assert _files(checkout) == {path: (mode & ~0o222, size)
                                    for path, (mode, size) in before.items()}
    finally:
        if account is not None:
            H.remove_account(account)
        _read_only(checkout, writable=True)
        shutil.rmtree(checkout)


def test_a_released_notebook_runs_its_checks(learner, tmp_path):
    """Run All on the released notebook 01 in the learner's environment: its checks run
    and say "not implemented yet"; no other cell fails."""
    _, python, _ = learner
    script = f"""
import nbformat
from nbclient import NotebookClient
nb = nbformat.read({str(NOTEBOOK)!r}, as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
               resources={{"metadata": {{"path": {str(tmp_path)!r}}}}}).execute()
checks = errors = 0
for cell in nb.cells:
    failed = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if cell.metadata.get("nbgrader", {{}}).get("grade"):
        checks += 1
        assert failed and "not implemented yet" in failed[0]["evalue"], cell.source
    else:
        errors += len(failed)
print("CHECKS", checks, "OTHER ERRORS", errors)
"""
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": ""}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    import nbformat

    checks = sum(bool(c.metadata.get("nbgrader", {}).get("grade"))
                 for c in nbformat.read(NOTEBOOK, as_version=4).cells)
    assert f"CHECKS {checks} OTHER ERRORS 0" in done.stdout, done.stdout
