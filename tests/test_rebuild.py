"""Tests of autograder.sanitize.rebuild: a submission put back into the shape of its source.

Each submission is the released notebook 01 (as learners receive it) with answers written
in and then one thing done to it. Whatever was done, the rebuilt notebook's graded cells are
the source's (sources with hidden tests, nbgrader metadata, so points and grade ids), the
learner's answers are kept, and what was repaired is named, once per repair.
"""

import copy
import json
import shutil

import nbformat
import pytest
from traitlets.config import Config

from autograder import METADATA, SOURCE_DIR
from autograder.sanitize import RebuildSubmission, digest, grade_id, rebuild
from course.exercises import nb01_graphs
from tests.conftest import REPO

NAME = "01_computation_graphs"
SOURCE_FILE = SOURCE_DIR / NAME / f"{NAME}.ipynb"
RELEASED_FILE = REPO / "notebooks" / f"{NAME}.ipynb"
SOURCE = nbformat.read(SOURCE_FILE, as_version=4)
KNOWN = {grade_id(c): c for c in SOURCE.cells if grade_id(c)}
ORDER = list(KNOWN)
ANSWERS = [g for g in ORDER if KNOWN[g].metadata["nbgrader"]["solution"]]
TESTS = [g for g in ORDER if KNOWN[g].metadata["nbgrader"]["grade"]]
RELEASED_STUBS = {grade_id(c): c.source
                  for c in nbformat.read(RELEASED_FILE, as_version=4).cells if grade_id(c)}


def answer_text(gid: str) -> str:
    return f"# the learner's answer to {gid}\nx_{gid} = 1\n"


def submission():
    """The released notebook with every answer cell written by the learner."""
    nb = nbformat.read(RELEASED_FILE, as_version=4)
    for cell in nb.cells:
        if grade_id(cell) in ANSWERS:
            cell.source = answer_text(grade_id(cell))
    return nb


def at(nb, gid: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if grade_id(c) == gid)


def rebuilt(student):
    """rebuild(student, source), checking that neither argument was changed."""
    before = (json.dumps(student, sort_keys=True), json.dumps(SOURCE, sort_keys=True))
    nb, repairs = rebuild(student, SOURCE)
    assert (json.dumps(student, sort_keys=True), json.dumps(SOURCE, sort_keys=True)) == before
    return nb, repairs


def assert_graded_like_source(nb, answers: dict | None = None, in_order: bool = True):
    """Every graded cell of the source once, as the source has it; answer cells hold
    ``answers`` (by default the learner's); the notebook is valid."""
    answers = {g: answer_text(g) for g in ANSWERS} | (answers or {})
    ids = [grade_id(c) for c in nb.cells if grade_id(c)]
    assert sorted(ids) == sorted(ORDER) and len(ids) == len(set(ids))
    if in_order:
        assert ids == ORDER
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is None:
            assert "nbgrader" not in cell.metadata
            continue
        reference = KNOWN[gid]
        assert cell.cell_type == reference.cell_type, gid
        assert cell.metadata["nbgrader"] == reference.metadata["nbgrader"], gid
        assert cell.source == (answers[gid] if gid in ANSWERS else reference.source), gid
    assert points(nb) == points(SOURCE) == sum(e.points for e in nb01_graphs.EXERCISES)
    nbformat.validate(nb)


def points(nb) -> float:
    return sum(c.metadata["nbgrader"].get("points") or 0 for c in nb.cells if grade_id(c))


def test_the_notebook_has_what_these_tests_use():
    assert "mul_layer_answer" in ANSWERS and "mul_layer_test" in TESTS
    assert ORDER.index("mul_layer_test") == ORDER.index("mul_layer_answer") + 1
    assert "### BEGIN HIDDEN TESTS" in KNOWN["mul_layer_test"].source
    assert "### BEGIN HIDDEN TESTS" not in RELEASED_STUBS["mul_layer_test"]


# --- honest submissions ---------------------------------------------------------------------

@pytest.mark.parametrize("released", sorted((REPO / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.stem)
def test_released_and_source_notebooks_need_no_repair(released):
    source = nbformat.read(SOURCE_DIR / released.stem / released.name, as_version=4)
    for student in (nbformat.read(released, as_version=4), copy.deepcopy(source)):
        nb, repairs = rebuild(student, source)
        assert repairs == []
        assert len(nb.cells) == len(source.cells)
        assert [grade_id(c) for c in nb.cells] == [grade_id(c) for c in source.cells]
        nbformat.validate(nb)


def test_an_answered_notebook_keeps_its_answers_and_extra_cells():
    student = submission()
    student.cells.insert(at(student, "mul_layer_test"), nbformat.v4.new_code_cell("y = 2"))
    student.cells.append(nbformat.v4.new_markdown_cell("my notes"))
    nb, repairs = rebuilt(student)
    assert repairs == []
    assert_graded_like_source(nb)
    assert nb.cells[at(nb, "mul_layer_test") - 1].source == "y = 2"
    assert nb.cells[-1].source == "my notes"
    assert len(nb.cells) == len(SOURCE.cells) + 2


# --- deleted cells --------------------------------------------------------------------------

def test_a_deleted_test_cell_is_put_back_after_its_answer():
    student = submission()
    del student.cells[at(student, "mul_layer_test")]
    nb, repairs = rebuilt(student)
    assert repairs == ["cell 'mul_layer_test' was missing: put back"]
    assert_graded_like_source(nb)
    assert at(nb, "mul_layer_test") == at(nb, "mul_layer_answer") + 1


def test_a_deleted_answer_cell_comes_back_as_the_released_stub():
    student = submission()
    del student.cells[at(student, "div_layer_answer")]
    nb, repairs = rebuilt(student)
    assert repairs == ["cell 'div_layer_answer' was missing: put back"]
    assert_graded_like_source(nb, {"div_layer_answer": RELEASED_STUBS["div_layer_answer"]})
    assert "NotImplementedError" in nb.cells[at(nb, "div_layer_answer")].source


def test_a_notebook_with_every_cell_deleted_is_the_source_again():
    student = submission()
    student.cells = [nbformat.v4.new_code_cell("print('all mine')")]
    nb, repairs = rebuilt(student)
    assert repairs == [f"cell {g!r} was missing: put back" for g in ORDER]
    assert_graded_like_source(nb, {g: RELEASED_STUBS[g] for g in ANSWERS})
    assert nb.cells[-1].source == "print('all mine')"


def test_an_answer_cell_stripped_of_its_metadata_still_runs_after_the_stub():
    student = submission()
    del student.cells[at(student, "j_graph_answer")].metadata["nbgrader"]
    nb, repairs = rebuilt(student)
    assert repairs == ["cell 'j_graph_answer' was missing: put back"]
    assert_graded_like_source(nb, {"j_graph_answer": RELEASED_STUBS["j_graph_answer"]})
    mine = next(i for i, c in enumerate(nb.cells) if c.source == answer_text("j_graph_answer"))
    assert at(nb, "j_graph_answer") < mine < at(nb, "j_graph_test")
    assert "nbgrader" not in nb.cells[mine].metadata


def test_a_test_cell_stripped_of_its_metadata_is_plain_code_and_the_test_comes_back():
    student = submission()
    del student.cells[at(student, "j_graph_test")].metadata["nbgrader"]
    nb, repairs = rebuilt(student)
    assert repairs == ["cell 'j_graph_test' was missing: put back"]
    assert_graded_like_source(nb)
    assert at(nb, "j_graph_test") == at(nb, "j_graph_answer") + 1
    assert nb.cells[at(nb, "j_graph_test") + 1].source == RELEASED_STUBS["j_graph_test"]


# --- edited cells ---------------------------------------------------------------------------

@pytest.mark.parametrize("edit", [
    lambda s: 'print("all passed")',  # visible part replaced
    lambda s: s + "\nprint('extra')",  # visible part added to
    lambda s: s + "\n### BEGIN HIDDEN TESTS\npass\n### END HIDDEN TESTS",  # a forged hidden part
    lambda s: "### BEGIN HIDDEN TESTS\nimport os\n### END HIDDEN TESTS\n" + s,
    lambda s: "",
], ids=["replaced", "added", "forged hidden part", "hidden part before", "emptied"])
def test_an_edited_test_cell_is_restored(edit):
    student = submission()
    cell = student.cells[at(student, "mul_layer_test")]
    cell.source = edit(cell.source)
    nb, repairs = rebuilt(student)
    assert repairs == ["locked cell 'mul_layer_test': restored"]
    assert_graded_like_source(nb)


def test_edited_instructions_and_setup_are_restored():
    student = submission()
    student.cells[at(student, "setup")].source += "\ncheck = print"
    student.cells[at(student, "text_02")].source = "nothing to see"
    nb, repairs = rebuilt(student)
    assert repairs == ["locked cell 'setup': restored", "locked cell 'text_02': restored"]
    assert_graded_like_source(nb)


def test_a_locked_cell_made_markdown_or_code_is_restored_and_named():
    student = submission()
    test = student.cells[at(student, "mul_layer_test")]
    test.cell_type = "markdown"
    del test["outputs"], test["execution_count"]
    text = student.cells[at(student, "text_02")]
    text.cell_type, text.outputs, text.execution_count = "code", [], None
    nb, repairs = rebuilt(student)
    assert repairs == ["locked cell 'text_02': restored", "locked cell 'mul_layer_test': restored"]
    assert_graded_like_source(nb)


@pytest.mark.parametrize("cell_type", ["markdown", "raw"])
def test_an_answer_cell_turned_into_text_is_code_again_with_the_answer(cell_type):
    student = submission()
    cell = student.cells[at(student, "mul_layer_answer")]
    cell.cell_type = cell_type
    del cell["outputs"], cell["execution_count"]
    cell["attachments"] = {"a.png": {"image/png": "iVBORw0KGgo="}}
    nb, repairs = rebuilt(student)
    assert repairs == ["answer cell 'mul_layer_answer': metadata restored"]
    assert_graded_like_source(nb)
    assert "attachments" not in nb.cells[at(nb, "mul_layer_answer")]


# --- duplicated and moved cells -------------------------------------------------------------

@pytest.mark.parametrize("where", ["before", "after", "at the end"])
def test_a_duplicated_test_cell_counts_once(where):
    student = submission()
    index = at(student, "mul_layer_test")
    copied = copy.deepcopy(student.cells[index])
    copied.metadata["nbgrader"]["points"] = 100
    position = {"before": index, "after": index + 1, "at the end": len(student.cells)}[where]
    student.cells.insert(position, copied)
    nb, repairs = rebuilt(student)
    repeated = "cell 'mul_layer_test' repeated: graded as plain code"
    if where == "before":  # the copy is graded: the source's cell, the original plain code
        assert repairs == ["locked cell 'mul_layer_test': restored", repeated]
    else:
        assert repairs == [repeated]
    assert_graded_like_source(nb)
    assert sum(c.source == RELEASED_STUBS["mul_layer_test"] for c in nb.cells) == 1  # the copy
    assert len(nb.cells) == len(SOURCE.cells) + 1


def test_a_duplicated_answer_cell_grades_the_first_and_runs_the_second_as_plain_code():
    student = submission()
    index = at(student, "mul_layer_answer")
    second = copy.deepcopy(student.cells[index])
    second.source = "# second try\n"
    student.cells.insert(index + 1, second)
    nb, repairs = rebuilt(student)
    assert repairs == ["cell 'mul_layer_answer' repeated: graded as plain code"]
    assert_graded_like_source(nb)
    assert nb.cells[at(nb, "mul_layer_answer") + 1].source == "# second try\n"
    assert "nbgrader" not in nb.cells[at(nb, "mul_layer_answer") + 1].metadata


def test_moved_cells_keep_the_learners_order_and_their_content():
    """Cells are run where the learner put them (as in the learner's own run); moving one
    changes no cell's source or metadata, so nothing is repaired."""
    student = submission()
    test = student.cells.pop(at(student, "mul_layer_test"))
    student.cells.append(test)
    answer = student.cells.pop(at(student, "j_graph_answer"))
    student.cells.insert(0, answer)
    nb, repairs = rebuilt(student)
    assert repairs == []
    assert_graded_like_source(nb, in_order=False)
    assert grade_id(nb.cells[0]) == "j_graph_answer" and grade_id(nb.cells[-1]) == "mul_layer_test"


# --- forged nbgrader metadata ---------------------------------------------------------------

@pytest.mark.parametrize("gid, field, value", [
    ("mul_layer_test", "points", 1000),
    ("mul_layer_test", "points", "2"),
    ("mul_layer_test", "grade", False),
    ("mul_layer_test", "solution", True),
    ("mul_layer_test", "locked", False),
    ("text_02", "grade", True),
    ("text_02", "points", 50),
    ("setup", "solution", True),
])
def test_a_reflagged_locked_cell_is_restored(gid, field, value):
    student = submission()
    student.cells[at(student, gid)].metadata["nbgrader"][field] = value
    nb, repairs = rebuilt(student)
    assert repairs == [f"locked cell {gid!r}: restored"]
    assert_graded_like_source(nb)


@pytest.mark.parametrize("changes", [
    {"grade": True, "points": 100}, {"solution": False}, {"locked": True},
    {"solution": False, "grade": True, "points": 5, "locked": True},
])
def test_a_reflagged_answer_cell_keeps_its_answer_with_the_source_metadata(changes):
    student = submission()
    student.cells[at(student, "div_layer_answer")].metadata["nbgrader"].update(changes)
    nb, repairs = rebuilt(student)
    assert repairs == ["answer cell 'div_layer_answer': metadata restored"]
    assert_graded_like_source(nb)


def test_a_renamed_grade_id_is_plain_code_and_the_cell_comes_back():
    student = submission()
    student.cells[at(student, "mul_layer_test")].metadata["nbgrader"]["grade_id"] = "mine"
    nb, repairs = rebuilt(student)
    assert repairs == ["cell 'mine' unknown: graded as plain code",
                       "cell 'mul_layer_test' was missing: put back"]
    assert_graded_like_source(nb)


def test_a_cell_posing_as_a_test_cell_is_restored_and_the_real_one_is_plain_code():
    student = submission()
    fake = nbformat.v4.new_code_cell("print('passed')", metadata={"nbgrader": {
        **KNOWN["mul_layer_test"].metadata["nbgrader"], "points": 100}})
    student.cells.insert(0, fake)
    nb, repairs = rebuilt(student)
    assert repairs == ["locked cell 'mul_layer_test': restored",
                       "cell 'mul_layer_test' repeated: graded as plain code"]
    assert_graded_like_source(nb, in_order=False)
    assert nb.cells[0].source == KNOWN["mul_layer_test"].source


@pytest.mark.parametrize("meta", [
    {"grade_id": "bonus", "grade": True, "points": 100, "solution": False, "locked": True},
    {"grade_id": "bonus", "grade": False, "solution": True},
])
def test_an_extra_cell_with_an_unknown_grade_id_is_plain_code(meta):
    student = submission()
    student.cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": meta}))
    nb, repairs = rebuilt(student)
    assert repairs == ["cell 'bonus' unknown: graded as plain code"]
    assert_graded_like_source(nb)
    assert nb.cells[-1].source == "x = 1"


@pytest.mark.parametrize("meta", [
    {"grade": True, "points": 100},
    {"grade_id": ["mul_layer_test"], "grade": True, "points": 2},
    {"grade_id": {"a": 1}},
    {"grade_id": 7, "grade": True},
    {"grade_id": None, "solution": True},
    "mul_layer_test",
    ["grade", True],
    None,
])
def test_nbgrader_metadata_without_a_valid_grade_id_is_dropped_and_named(meta):
    student = submission()
    student.cells.append(nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": meta}))
    nb, repairs = rebuilt(student)
    assert repairs == ["a cell marked for nbgrader without a grade id: graded as plain code"]
    assert_graded_like_source(nb)
    assert nb.cells[-1].source == "x = 1"


def test_forged_nbgrader_metadata_on_a_known_cell_that_is_not_a_dict():
    student = submission()
    student.cells[at(student, "mul_layer_test")].metadata["nbgrader"] = "mul_layer_test"
    nb, repairs = rebuilt(student)
    assert repairs == ["a cell marked for nbgrader without a grade id: graded as plain code",
                       "cell 'mul_layer_test' was missing: put back"]
    assert_graded_like_source(nb)


def test_a_forged_checksum_is_dropped():
    """Every nbgrader field comes from the source (which has no checksums): a checksum
    decides nothing here, so changing one alone is no repair."""
    student = submission()
    for gid in ("mul_layer_test", "mul_layer_answer", "text_02"):
        student.cells[at(student, gid)].metadata["nbgrader"]["checksum"] = "0" * 32
    nb, repairs = rebuilt(student)
    assert repairs == []
    assert_graded_like_source(nb)
    assert not any("checksum" in c.metadata.get("nbgrader", {}) for c in nb.cells)


# --- notebook metadata and cell ids ---------------------------------------------------------

def test_forged_notebook_metadata_is_the_sources_where_it_matters():
    student = submission()
    student.metadata["kernelspec"] = {"name": "bash", "display_name": "Bash",
                                      "language": "bash"}
    student.metadata["nbgrader"] = {"points": 100}
    student.nbformat_minor = 5
    nb, repairs = rebuilt(student)
    assert_graded_like_source(nb)
    assert nb.metadata["kernelspec"] == SOURCE.metadata["kernelspec"]
    assert (nb.nbformat, nb.nbformat_minor) == (4, 4)


@pytest.mark.parametrize("ids", ["repeated", "missing"])
def test_repeated_or_missing_cell_ids_give_a_valid_notebook(ids):
    student = submission()
    for cell in student.cells:
        if ids == "repeated":
            cell["id"] = "same"
        else:
            cell.pop("id", None)
    nb, repairs = rebuilt(student)
    assert repairs == []
    assert_graded_like_source(nb)
    assert all("id" not in c for c in nb.cells)


# --- nbgrader's autograde step --------------------------------------------------------------

def test_the_preprocessor_records_repairs_and_digests_over_a_forged_record(tmp_path):
    root = tmp_path / "course"
    (root / "source" / "ps1").mkdir(parents=True)
    shutil.copy(SOURCE_FILE, root / "source" / "ps1" / f"{NAME}.ipynb")
    student = submission()
    del student.cells[at(student, "mul_layer_test")]
    student.metadata[METADATA] = {"repairs": [], "forged": True}
    folder = tmp_path / "submitted"
    folder.mkdir()
    nbformat.write(student, folder / f"{NAME}.ipynb")
    config = Config()
    config.CourseDirectory.root = str(root)
    resources = {"nbgrader": {"assignment": "ps1", "notebook": NAME},
                 "metadata": {"path": str(folder)}}
    nb, _ = RebuildSubmission(config=config).preprocess(copy.deepcopy(student), resources)
    assert nb.metadata[METADATA] == {
        "repairs": ["cell 'mul_layer_test' was missing: put back"],
        "submission_sha256": digest((folder / f"{NAME}.ipynb").read_bytes()),
        "source_sha256": digest(SOURCE_FILE.read_bytes())}
    assert_graded_like_source(nb)
