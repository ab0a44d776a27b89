"""The notebooks: released copies are exactly nbgrader's output and leak nothing; sources
are well formed and run top to bottom."""

import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import SOURCE_DIR
from autograder.config import assignments
from autograder.localize import has_translation, localized

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
ASSIGNMENTS = assignments()
# Seconds a solution notebook may take, top to bottom, outside grading (issues 3 and 4).
TIME_LIMIT = {"06_mnist_networks": 300, "08_training_well": 120}


def worked_numbers() -> dict[str, list[str]]:
    """notebook number ('01') -> the notes' numbers it must print, from AUTHORING.md."""
    text = (SOURCE_DIR.parent / "AUTHORING.md").read_text()
    section = text.split("## The notes' worked numbers", 1)[1]
    found: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"\d\d", cells[0]):
            found.setdefault(cells[0], []).append(cells[1])
    return found


def printed_text(nb) -> str:
    """Everything a run of ``nb`` printed or displayed as text."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                parts.append(str(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def source(name):
    return nbformat.read(SOURCE_DIR / name / f"{name}.ipynb", as_version=4)


def test_there_are_eight_notebooks():
    assert [a[:2] for a in ASSIGNMENTS] == ["01", "02", "03", "04", "05", "06", "07", "08"]


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    subprocess.run([sys.executable, "-m", "autograder.cli", "release", "--out", str(out)],
                   check=True, capture_output=True, timeout=600)
    return out


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_notebook_equals_a_fresh_generation(name, fresh_release):
    committed = NOTEBOOKS / f"{name}.ipynb"
    assert committed.exists(), f"run `course release` and commit {committed}"
    assert committed.read_text() == (fresh_release / f"{name}.ipynb").read_text(), (
        f"{committed} is not what `course release {name[:2]}` makes today: run it and commit")


@pytest.mark.parametrize("name", [n for n in ASSIGNMENTS if has_translation("ko", n)])
def test_committed_korean_notebook_equals_a_fresh_generation(name, fresh_release):
    committed = NOTEBOOKS / "ko" / f"{name}.ipynb"
    assert committed.exists(), f"run `course release --language ko` and commit {committed}"
    assert committed.read_text() == (fresh_release / "ko" / f"{name}.ipynb").read_text(), (
        f"{committed} is not what `course release {name[:2]} --language ko` makes today")


SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_notebook_has_no_solution_and_no_hidden_test(name):
    text = (NOTEBOOKS / f"{name}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "import autograder",
                   "from autograder", "autograder.hidden", "import solutions", "from solutions"):
        assert marker not in text, f"{name} contains {marker!r}"
    released = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
    for cell in source(name).cells:
        for region in SOLUTION_REGION.findall(cell.source):
            for line in region.splitlines():
                line = line.strip()
                if len(line) > 25 and not line.startswith("#"):
                    assert line not in released, f"{name} leaks solution line {line!r}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_source_cells_are_well_formed(name):
    nb = source(name)
    ids, points = set(), 0
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        assert not cell.get("outputs") and not cell.get("execution_count"), "store no outputs"
        meta = cell.metadata.get("nbgrader")
        if not meta:
            assert "BEGIN SOLUTION" not in cell.source and "HIDDEN" not in cell.source
            continue
        assert meta["schema_version"] == 3
        assert re.fullmatch(r"[a-zA-Z0-9_-]+", meta["grade_id"]) and meta["grade_id"] not in ids
        ids.add(meta["grade_id"])
        if meta["grade"]:
            assert meta["locked"] and not meta["solution"] and meta["points"] > 0
            points += meta["points"]
            assert cell.source.startswith("check(") and "### BEGIN HIDDEN TESTS" in cell.source
            assert "raises-exception" in cell.metadata.get("tags", []), (
                "tag test cells raises-exception, so that Run All goes on past them")
        if meta["solution"]:
            assert not meta["locked"] and "### BEGIN SOLUTION" in cell.source
    assert f"{points:g} points" in nb.cells[0].source, "state the total points at the top"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_formula_is_drawn_in_feedback(name):
    """Feedback pages turn each formula of the markdown into MathML: none is left as LaTeX,
    whether it runs over a line break or ends with a space; code keeps its dollars."""
    from autograder.feedback_page import CODE, MathAsMathML

    nb = source(name)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or "$" not in cell.source:
            continue
        converted, _ = MathAsMathML().preprocess_cell(nbformat.from_dict(dict(cell)), {}, index)
        prose = CODE.sub("", converted.source)
        assert "$" not in prose and "\\frac" not in prose, (
            f"{name}, cell {index}: a formula left as LaTeX near "
            f"{prose[max(prose.find('$'), 0):][:80]!r}")


def test_feedback_formulas_leave_money_and_code_alone():
    from autograder.feedback_page import MathAsMathML

    cell = nbformat.v4.new_markdown_cell(
        "It costs $5 and $6. `x = \"$a$\"` and\n$\\frac{a}{b} =\n1$ here.\n\n$a$ and $b\n\nc$")
    source_ = MathAsMathML().preprocess_cell(cell, {}, 0)[0].source
    assert source_.startswith("It costs $5 and $6. `x = \"$a$\"` and\n<math")
    assert source_.count("<math") == 2 and "\n\nc$" in source_, source_


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def shown(worked: str, printed: str, language: str) -> bool:
    """True when ``printed`` shows the worked number: as AUTHORING.md writes it, or, in a
    translated notebook, whose printed words are translated, every number of it."""
    if worked in printed:
        return True
    return language != "en" and all(n in printed for n in NUMBER.findall(worked))


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solution_notebook_runs_top_to_bottom(name, language, tmp_path):
    if not has_translation(language, name):
        pytest.fail(f"{name} has no {language} translation (autograder/translations)")
    nb = localized(source(name), language, name)
    started = time.perf_counter()
    # force_raise_errors: a failing check cell fails this test despite its raises-exception tag
    NotebookClient(nb, timeout=600, kernel_name="python3", force_raise_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    seconds = time.perf_counter() - started
    print(f"{name} ({language}) ran in {seconds:.1f} s")
    assert seconds < TIME_LIMIT.get(name, 60)
    printed = printed_text(nb)
    missing = [n for n in worked_numbers().get(name[:2], []) if not shown(n, printed, language)]
    assert not missing, f"{name} does not print the notes' numbers {missing} (AUTHORING.md)"
    stderr = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", [])
                     if o.get("name") == "stderr")
    assert "missing from font" not in stderr, "a figure's letters have no font"


def test_every_notebook_says_where_it_is_and_points_to_the_next():
    from course.exercises import all_exercises, notebook_of

    total = len(ASSIGNMENTS)
    for k, name in enumerate(ASSIGNMENTS, start=1):
        nb = source(name)
        points = sum(e.points for e in all_exercises().values() if notebook_of(e) == name[:2])
        assert (f"notebook {k} of {total}. This notebook is worth **{points} points**"
                in nb.cells[0].source), name
        if has_translation("ko", name):
            korean = localized(nb, "ko", name)
            assert f"노트북 {k}/{total}." in korean.cells[0].source, name
            assert f"**{points}점**" in korean.cells[0].source, name
            if k < total:
                last = next(c for c in reversed(korean.cells) if c.cell_type == "markdown")
                assert f"노트북 {k + 1:02d}" in last.source, f"{name} (ko): no next notebook"
        if k < total:
            last = next(c for c in reversed(nb.cells) if c.cell_type == "markdown")
            assert f"notebook {k + 1:02d}" in last.source, f"{name} does not point to the next"
