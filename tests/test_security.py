"""Grading that student code cannot fool or harm: adversarial notebooks through the real
pipeline (two workers executing in sandboxed kernels, the verdict by the judge outside
them, the instructor's process recording), beside honest ones."""

import hashlib
import http.server
import json
import os
import threading
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from autograder.commands import grade_pending
from autograder.course_folder import CourseFolder, init_course
from autograder.gradebook import result
from tests import attacks as A
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)

NAME = A.NAME
REPO = Path(__file__).resolve().parent.parent
AFFINE_POINTS = 4
TWO_LAYER_POINTS = 2  # two_layer_backprop is built from the Affine, and fails with it


class Listener(http.server.BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        Listener.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def build(root: Path, port: int) -> dict:
    """student -> notebook, for the honest submissions and every attack."""
    def wrong():
        return A.with_wrong_affine(A.load())

    nb = {}
    nb["honest"] = A.load()
    nb["honest_wrong"] = wrong()
    nb["patch_checks"] = A.insert_after(wrong(), "setup", A.PATCH_CHECKS)
    nb["patch_our_checks"] = A.insert_after(wrong(), "setup", A.PATCH_OUR_CHECKS)
    liar = A.load()
    A.cell(liar, "affine_answer").source = A.LYING_OBJECTS
    nb["lying_objects"] = liar
    nb["hide_errors"] = A.insert_after(wrong(), "setup", A.HIDE_ERRORS)
    nb["replace_builtins"] = A.insert_after(wrong(), "setup", A.REPLACE_BUILTINS)
    nb["publish_a_result"] = A.insert_after(wrong(), "affine_answer", A.PUBLISH_A_RESULT)
    nb["sys_exit"] = A.insert_after(wrong(), "affine_answer", "import sys\nsys.exit(0)")
    nb["os_exit"] = A.insert_after(wrong(), "affine_answer", "import os\nos._exit(0)")
    edited = wrong()
    A.cell(edited, "affine_test").source = "pass"
    nb["edit_test"] = edited
    deleted = wrong()
    deleted.cells.remove(A.cell(deleted, "affine_test"))
    nb["delete_test"] = deleted
    duplicated = wrong()
    copy = nbformat.from_dict(A.cell(duplicated, "two_layer_backprop_test"))
    duplicated.cells.insert(duplicated.cells.index(A.cell(duplicated, "affine_test")), copy)
    nb["duplicate_ids"] = duplicated
    ungraded = wrong()
    A.cell(ungraded, "affine_test").metadata["nbgrader"].update(grade=False, points=0)
    nb["non_graded"] = ungraded
    unnamed = A.insert_after(wrong(), "affine_answer", "pass")
    unnamed.cells[unnamed.cells.index(A.cell(unnamed, "affine_answer")) + 1].metadata[
        "nbgrader"] = {"grade": True, "points": 100, "solution": False, "locked": False}
    nb["unnamed_graded_cell"] = unnamed
    nb["read_reference"] = A.insert_after(wrong(), "affine_answer",
                                          A.READ_REFERENCE.format(repo=REPO))
    nb["git_history"] = A.insert_after(wrong(), "affine_answer",
                                       A.GIT_HISTORY.format(repo=REPO))
    nb["write_outside"] = A.before_last_test(A.load(), A.WRITE_OUTSIDE.format(root=root,
                                                                              name=NAME))
    nb["reach_another_kernel"] = A.before_last_test(A.load(), A.REACH_ANOTHER_KERNEL)
    looping = A.load()
    A.cell(looping, "affine_answer").source = A.cell(looping, "affine_answer").source.replace(
        *A.INFINITE_LOOP_FORWARD)
    nb["infinite_loop"] = looping
    nb["memory_bomb"] = A.before_last_test(A.load(), A.MEMORY_BOMB)
    nb["fork_bomb"] = A.before_last_test(A.load(), A.FORK_BOMB)
    nb["flood_output"] = A.before_last_test(A.load(), A.FLOOD_OUTPUT)
    nb["flood_some_output"] = A.before_last_test(A.load(), A.FLOOD_SOME_OUTPUT)
    nb["network"] = A.before_last_test(A.load(), A.NETWORK.format(port=port))
    nb["environment"] = A.before_last_test(A.load(), A.ENVIRONMENT)
    return nb


SECRET = ("BACKPROP_TEST_GRADER_TOKEN", "grader-token-6f1c2e")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    os.environ[SECRET[0]] = SECRET[1]  # the workers inherit it; the kernels must not
    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = tmp_path_factory.mktemp("attacks")
    course = CourseFolder(init_course(tmp / "course", exchange=tmp / "exchange"), timeout=20)
    notebooks = build(course.root, server.server_address[1])
    for student, nb in notebooks.items():
        path = tmp / f"{student}.ipynb"
        path.write_text(json.dumps(nb, indent=1))  # as sent: nbformat.write would repair ids
        course.import_submission(student, NAME, path)
    honest_file = course.submitted_path("honest", NAME)
    honest_hash = hashlib.sha256(honest_file.read_bytes()).hexdigest()
    problems: dict = {}
    grade_pending(course, [(s, NAME) for s in notebooks], problems,
                  SimpleNamespace(jobs=2, timeout=20, cluster=None))
    server.shutdown()
    del os.environ[SECRET[0]]
    results = {s: result(course, s, NAME) for s in notebooks}
    print("\nstudent               score  stopped")
    for student, r in results.items():
        print(f"{student:21} {r.score:>5g}  {r.status if r.status != 'graded' else ''}"
              f"{'; '.join(r.stopped)}")
    assert not problems, problems
    return course, results, honest_hash


def passed(result, grade_id):
    return next(c for c in result.cells if c.grade_id == grade_id).passed


def outputs_of(course, student) -> str:
    nb = nbformat.read(course.autograded_path(student, NAME), as_version=4)
    return "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                     if o.get("output_type") == "stream")


def test_honest_submissions_score_as_expected(graded):
    course, results, _ = graded
    full = course.max_points(NAME)
    assert results["honest"].score == full
    assert results["honest_wrong"].score == full - AFFINE_POINTS - TWO_LAYER_POINTS


@pytest.mark.parametrize("student", [
    "patch_checks", "patch_our_checks", "lying_objects", "hide_errors", "replace_builtins",
    "publish_a_result", "sys_exit", "os_exit", "edit_test", "delete_test", "duplicate_ids",
    "non_graded", "unnamed_graded_cell", "read_reference", "git_history"])
def test_a_cheat_earns_nothing_it_did_not_earn_honestly(graded, student):
    _, results, _ = graded
    result = results[student]
    assert result.status.startswith("graded"), result.status
    assert result.score <= results["honest_wrong"].score, (student, result.score)
    affine = [c for c in result.cells if c.grade_id == "affine_test"]
    assert not affine or not affine[0].passed


def test_the_reference_and_the_history_were_invisible(graded):
    course, _, _ = graded
    seen = outputs_of(course, "read_reference")
    assert "I SAW: None[]" in seen, seen[-2000:]
    history = outputs_of(course, "git_history")
    assert "GIT: no repository" in history and "class Affine" not in history, history[-2000:]


def test_tampering_is_repaired_and_named(graded):
    _, results, _ = graded
    assert any("affine_test" in s for s in results["delete_test"].stopped)
    assert any("repeated" in s for s in results["duplicate_ids"].stopped)
    assert any("affine_test" in s for s in results["non_graded"].stopped)
    assert any("without a grade id" in s for s in results["unnamed_graded_cell"].stopped)


def test_a_killed_kernel_is_named_and_the_rest_is_graded(graded):
    _, results, _ = graded
    assert any("kernel" in s for s in results["os_exit"].stopped)


def test_writes_outside_the_own_folder_did_not_happen(graded):
    course, results, honest_hash = graded
    full = course.max_points(NAME)
    assert results["write_outside"].score == full
    assert results["honest"].score == full
    honest_file = course.submitted_path("honest", NAME)
    assert hashlib.sha256(honest_file.read_bytes()).hexdigest() == honest_hash
    assert not (course.root / "autograded" / "honest" / "planted.txt").exists()
    feedback = course.feedback_path("honest", NAME)
    assert "overwritten by another student" not in feedback.read_text()
    with course.api.gradebook as gradebook:  # still a working database
        assert gradebook.find_submission(NAME, "honest").score == full


def test_no_kernel_sees_another_kernels_sockets(graded):
    course, results, _ = graded
    assert results["reach_another_kernel"].score == course.max_points(NAME)
    seen = outputs_of(course, "reach_another_kernel")
    assert "OTHER KERNELS: []" in seen, seen[-2000:]


def test_the_grader_environment_does_not_reach_the_kernel(graded):
    """The grader's environment held a secret (set by the fixture): the kernel's
    environment is an allow-list, so neither the name nor the value reached it."""
    course, _, _ = graded
    seen = outputs_of(course, "environment")
    names = json.loads(seen.split("ENVIRONMENT:", 1)[1].split("\n", 1)[0])
    assert SECRET[0] not in names and SECRET[1] not in seen
    assert "BACKPROP_COURSE_GRADING" in names
    assert not [n for n in names if n.startswith(("SSH_", "AWS_", "GITHUB", "USER", "LOGNAME"))]


def test_an_infinite_loop_fails_only_its_exercise(graded):
    _, results, _ = graded
    result = results["infinite_loop"]
    assert result.status == "graded" and not passed(result, "affine_test")
    for grade_id in ["softmax_test", "cross_entropy_test", "softmax_with_loss_test",
                     "numerical_gradient_test"]:
        assert passed(result, grade_id), grade_id
    assert "a cell ran past the time limit" in result.stopped


@pytest.mark.parametrize("student,what", [
    ("memory_bomb", ("memory limit", "kernel died")),
    ("fork_bomb", ("process limit", "restarted")),  # forked kernels answer in chorus
    ("flood_output", ("output over the size limit", "restarted")),
    ("flood_some_output", ("output over the size limit",)),
    ("network", ("network access",))])
def test_harm_is_stopped_and_honest_work_keeps_its_points(graded, student, what):
    """The harm runs just before the last test cell: every test before it keeps its points.
    (When the harm kills the kernel, the fresh kernel no longer holds the learner's last
    definitions, so the last test may fail, as it would in any restarted kernel.)"""
    course, results, _ = graded
    result = results[student]
    assert result.status.startswith("graded"), result
    assert all(c.passed for c in result.cells[:-1]), result
    restarted = any("restarted" in s for s in result.stopped)
    assert result.score == course.max_points(NAME) or restarted, result
    assert any(w in s for s in result.stopped for w in what), result.stopped
    if student == "network":
        assert Listener.requests == []
    if student.startswith("flood"):
        size = course.autograded_path(student, NAME).stat().st_size
        assert size < 20_000_000


IMPORT_THE_REFERENCE = "from solutions.graph import numerical_derivative, MulLayer, AddLayer"


def test_nbgrader_own_autograde_goes_through_the_same_sandbox_and_judge(tmp_path):
    """nbgrader's own command in the course folder (what the formgrader's button runs)
    grades a submission that imports the reference, and one that writes into the course
    folder, exactly as ``course autograde`` does: no points, nothing written; the
    submitted files and source/ are unchanged, and nbgrader warns of nothing."""
    import subprocess
    import sys

    first = "01_computation_graphs"
    course = init_course(tmp_path / "course", exchange=tmp_path / "exchange")
    source = course / "source" / first / f"{first}.ipynb"
    thief = nbformat.read(source, as_version=4)
    for cell in thief.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = IMPORT_THE_REFERENCE
    writer = nbformat.read(source, as_version=4)
    writer.cells.insert(2, nbformat.v4.new_code_cell(
        f"open({str(course / 'planted.txt')!r}, 'w').write('overwritten')"))
    for student, nb in {"thief": thief, "writer": writer,
                        "honest": nbformat.read(source, as_version=4)}.items():
        target = course / "submitted" / student / first / f"{first}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    before = {p: p.read_bytes() for p in [*course.glob("submitted/**/*.ipynb"), source]}
    generated = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment",
                                first], cwd=course, capture_output=True, text=True,
                               timeout=600)
    assert generated.returncode == 0, generated.stderr[-2000:]
    stock = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", first],
                           cwd=course, capture_output=True, text=True, timeout=1200)
    assert stock.returncode == 0, stock.stderr[-3000:]
    assert "has changed" not in stock.stderr and "not in session" not in stock.stderr
    assert not (course / "planted.txt").exists()
    folder = CourseFolder(course, sandbox="off")
    by_nbgrader = {s: result(folder, s, first).score for s in ("thief", "writer", "honest")}
    ours = subprocess.run([sys.executable, "-m", "autograder.cli", "autograde", "--course",
                           str(course), "--force"], capture_output=True, text=True,
                          timeout=1200)
    assert ours.returncode == 0, ours.stderr[-3000:]
    by_course = {s: result(folder, s, first).score for s in ("thief", "writer", "honest")}
    full = folder.max_points(first)
    assert by_nbgrader == by_course, (by_nbgrader, by_course)
    assert by_nbgrader["thief"] == 0 and by_nbgrader["honest"] == by_nbgrader["writer"] == full
    assert not (course / "planted.txt").exists()
    assert {p: p.read_bytes() for p in before} == before
