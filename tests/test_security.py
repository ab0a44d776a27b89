"""Grading that student code cannot fool or harm: adversarial notebooks through the real
pipeline (sandboxed kernel, verdict by the judge outside it), beside honest ones."""

import hashlib
import http.server
import threading
from pathlib import Path

import nbformat
import pytest

from autograder.pipeline import GradingCourse, max_points
from autograder.sandbox import bwrap_works
from tests import attacks as A

NAME = A.NAME
REPO = Path(__file__).resolve().parent.parent
FULL = max_points(NAME)
AFFINE_POINTS = 4
TWO_LAYER_POINTS = 2  # two_layer_backprop is built from the Affine, and fails with it

pytestmark = pytest.mark.skipif(not bwrap_works(), reason="bubblewrap cannot run here")


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
    nb["write_outside"] = A.before_last_test(A.load(), A.WRITE_OUTSIDE.format(root=root, name=NAME))
    looping = A.load()
    A.cell(looping, "affine_answer").source = A.cell(looping, "affine_answer").source.replace(
        *A.INFINITE_LOOP_FORWARD)
    nb["infinite_loop"] = looping
    nb["memory_bomb"] = A.before_last_test(A.load(), A.MEMORY_BOMB)
    nb["fork_bomb"] = A.before_last_test(A.load(), A.FORK_BOMB)
    nb["flood_output"] = A.before_last_test(A.load(), A.FLOOD_OUTPUT)
    nb["flood_some_output"] = A.before_last_test(A.load(), A.FLOOD_SOME_OUTPUT)
    nb["network"] = A.before_last_test(A.load(), A.NETWORK.format(port=port))
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = tmp_path_factory.mktemp("attacks")
    course = GradingCourse(root / "course", timeout=20)
    notebooks = build(course.root, server.server_address[1])
    for student, nb in notebooks.items():
        path = root / f"{student}.ipynb"
        nbformat.write(nb, path)
        course.submit(student, NAME, path)
    honest_file = course.root / "submitted" / "honest" / NAME / f"{NAME}.ipynb"
    honest_hash = hashlib.sha256(honest_file.read_bytes()).hexdigest()
    results = {}
    for student in notebooks:
        results[student] = course.autograde(student, NAME)
    course.feedback(NAME, list(notebooks))
    server.shutdown()
    print("\nstudent            score  stopped")
    for student, r in results.items():
        print(f"{student:18} {r.score:>5g}  {r.status if r.status != 'graded' else ''}"
              f"{'; '.join(r.stopped)}")
    return course, results, honest_hash


def passed(result, grade_id):
    return next(c for c in result.cells if c.grade_id == grade_id).passed


def test_honest_submissions_score_as_expected(graded):
    _, results, _ = graded
    assert results["honest"].score == FULL
    assert results["honest_wrong"].score == FULL - AFFINE_POINTS - TWO_LAYER_POINTS


@pytest.mark.parametrize("student", [
    "patch_checks", "patch_our_checks", "lying_objects", "hide_errors", "replace_builtins",
    "sys_exit", "os_exit", "edit_test", "delete_test", "duplicate_ids", "non_graded",
    "unnamed_graded_cell", "read_reference"])
def test_a_cheat_earns_nothing_it_did_not_earn_honestly(graded, student):
    _, results, _ = graded
    result = results[student]
    assert result.status.startswith("graded"), result.status
    assert result.score <= results["honest_wrong"].score, (student, result.score)
    affine = [c for c in result.cells if c.grade_id == "affine_test"]
    assert not affine or not affine[0].passed


def test_the_reference_was_invisible(graded):
    course, _, _ = graded
    seen = (course.root / "autograded" / "read_reference" / NAME / "what_i_saw.txt").read_text()
    assert seen.startswith("None") and seen.endswith("[]"), seen


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
    assert results["write_outside"].score == FULL
    assert results["honest"].score == FULL
    honest_file = course.root / "submitted" / "honest" / NAME / f"{NAME}.ipynb"
    assert hashlib.sha256(honest_file.read_bytes()).hexdigest() == honest_hash
    assert not (course.root / "autograded" / "honest" / "planted.txt").exists()
    feedback = course.root / "feedback" / "honest" / NAME / f"{NAME}.html"
    assert "overwritten by another student" not in feedback.read_text()
    with course.api.gradebook as gradebook:  # still a working database
        assert gradebook.find_submission(NAME, "honest").score == FULL


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
    assert result.score == FULL or restarted, result
    assert any(w in s for s in result.stopped for w in what), result.stopped
    if student == "network":
        assert Listener.requests == []
    if student.startswith("flood"):
        size = (course.root / "autograded" / student / NAME / f"{NAME}.ipynb").stat().st_size
        assert size < 20_000_000
