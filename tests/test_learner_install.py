"""The learner's install (``pip install ./course``): what students in a class get holds no
answers. Built from a copy of this repository's ``course/`` and installed into a fresh
virtual environment, as an instructor would for a hub's students."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "01_computation_graphs.ipynb"


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """(the wheel, the fresh venv's python)"""
    tmp = tmp_path_factory.mktemp("learner")
    shutil.copytree(REPO / "course", tmp / "course",
                    ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            str(tmp / "course"), "-w", str(tmp / "dist")],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (tmp / "dist").glob("backprop_course_learner-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True, timeout=300)
    python = tmp / "venv" / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)],
                               capture_output=True, text=True, timeout=1200)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return wheel, python


def test_the_wheel_holds_the_course_package_alone(learner):
    wheel, _ = learner
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(
        ".dist-info")}
    assert tops == {"course"}, tops
    assert "course/exercises/mistakes.json" in names
    assert not [n for n in names if "solution" in n.lower() or "hidden" in n.lower()]


def test_neither_the_reference_nor_the_grader_can_be_imported(learner):
    _, python = learner
    for module in ("solutions", "autograder", "autograder.hidden"):
        done = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True,
                              text=True, cwd="/", timeout=120)
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, module
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], capture_output=True, text=True, check=True)
    packages = Path(site.stdout.strip())
    assert not (packages / "solutions").exists() and not (packages / "autograder").exists()
    assert not list(packages.glob("**/nb0*_*hidden*"))


def test_instructor_commands_say_they_need_the_instructor_install(learner):
    _, python = learner
    course = Path(python).parent / "course"
    for verb in ("autograde", "init", "grade"):
        args = [str(course), verb] + (["x.ipynb"] if verb == "grade" else ["x"] * (
            verb == "init"))
        done = subprocess.run(args, capture_output=True, text=True, cwd="/", timeout=120)
        assert done.returncode == 2, (verb, done.stderr)
        [line] = done.stderr.strip().splitlines()
        assert "learner's install" in line and "instructor's install" in line, line


def test_a_released_notebook_runs_its_checks(learner, tmp_path):
    """Run All on the released notebook 01 in the learner's environment: its checks run
    and say "not implemented yet"; no other cell fails."""
    _, python = learner
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
