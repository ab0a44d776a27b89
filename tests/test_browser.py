"""The learner's path through notebook 01 in a real JupyterLab, in headless Chromium.

One JupyterLab server serves a temporary folder holding a copy of
``notebooks/01_computation_graphs.ipynb`` and a sabotaged copy of it. The learner's test
runs all cells, types a wrong and then a right ``MulLayer``, runs its check each time and
presses nbgrader's Validate. The sabotage tests run the sabotaged copy the same way and
prove that the page checks catch a check cell that shows a traceback and a figure that
does not appear.

Screenshots of every step go to ``$BACKPROP_COURSE_SCREENSHOTS`` (default
``test-artifacts/e2e/``). Needs Playwright for Python and a Chromium installed by the
system (``apt-get install chromium``); without them these tests are skipped.
"""

import contextlib
import os
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.exercises import all_mistakes
from course.language import tr
from tests.lab_page import (
    CHROMIUM,
    Notebook,
    assert_image_rendered,
    assert_lines_fit,
    assert_math_rendered,
    assert_message,
    assert_no_traceback,
    output_text,
    sync_playwright,
    system_chromium,
)
from tests.lab_server import LabServer
from tests.needs import require

require(sync_playwright is not None, "Playwright for Python", "pip install -e '.[dev]'")
require(CHROMIUM is not None, "the system's Chromium",
        "apt-get install chromium, or set BACKPROP_COURSE_CHROMIUM to its path")

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "01_computation_graphs.ipynb"
KOREAN = REPO / "notebooks" / "ko" / "01_computation_graphs.ipynb"
KOREAN_COPY = "01_korean.ipynb"
SABOTAGED = "01_sabotaged.ipynb"



# The seed's MulLayer: forward keeps y twice (`self.x = y`).
WRONG_MUL_LAYER = '''class MulLayer:
    """A multiply node: out = x * y."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = y
        self.y = y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x'''
RIGHT_MUL_LAYER = WRONG_MUL_LAYER.replace("self.x = y", "self.x = x")


# ---------------------------------------------------------------------- the notebook


class Layout:
    """Where things are in notebook 01: cell positions found from its content."""

    def __init__(self, notebook: nbformat.NotebookNode):
        cells = notebook.cells
        self.count = len(cells)
        self.grade_ids = {c.metadata.get("nbgrader", {}).get("grade_id"): i
                          for i, c in enumerate(cells)}
        self.math = next(i for i, c in enumerate(cells)
                         if c.cell_type == "markdown" and "$$" in c.source)
        self.figure = next(i for i, c in enumerate(cells)
                           if c.cell_type == "code" and c.source.startswith("plots.graph_"))
        self.after_figure = self.figure + 1
        self.checks = [i for i, c in enumerate(cells)
                       if c.metadata.get("nbgrader", {}).get("grade")]
        self.first_check = self.checks[0]
        self.code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
        assert self.after_figure < self.first_check, "a code cell must follow the figure"
        assert cells[self.after_figure].cell_type == "code"

    def __getitem__(self, grade_id: str) -> int:
        return self.grade_ids[grade_id]


def sabotage(notebook: nbformat.NotebookNode, layout: Layout) -> nbformat.NotebookNode:
    """Notebook 01 with what the page checks must catch, all before Run All stops:

    - the figure's output suppressed (a ``;`` after the call);
    - a broken image in the next cell (PNG output that is not a PNG);
    - the first check cell calling the stub directly, so that it shows a traceback.
    """
    broken = nbformat.from_dict(notebook)
    broken.cells[layout.figure].source += ";"
    broken.cells[layout.after_figure].source = (
        'display({"image/png": "bm90IGEgcG5n"}, raw=True)')
    broken.cells[layout.first_check].source = "numerical_derivative(lambda x: x ** 3, 2.0)"
    return broken


@pytest.fixture(scope="module")
def layout() -> Layout:
    return Layout(nbformat.read(NOTEBOOK, as_version=4))


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory, layout) -> Path:
    """The folder JupyterLab serves: a copy of notebook 01 and its sabotaged copy."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    shutil.copy(KOREAN, root / KOREAN_COPY)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.write(sabotage(notebook, layout), root / SABOTAGED)
    return root


# ---------------------------------------------------------------------- server, browser


@pytest.fixture(scope="module")
def lab(lab_root, tmp_path_factory):
    """One JupyterLab for this module; its kernels import the course from this checkout."""
    path = os.pathsep.join(p for p in [str(REPO), os.environ.get("PYTHONPATH")] if p)
    server = LabServer(lab_root, tmp_path_factory.mktemp("lab-home"),
                       extra_env={"PYTHONPATH": path})
    with server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with system_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def screenshots(request) -> Path:
    """The folder for this run's screenshots, named on the terminal at the end."""
    folder = Path(os.environ.get("BACKPROP_COURSE_SCREENSHOTS")
                  or REPO / "test-artifacts" / "e2e").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nbrowser test screenshots: {folder}")


def open_page(browser, screenshots: Path, lab: LabServer, name: str, cells: int):
    """A fresh browser context with ``name`` open in JupyterLab; returns (context, Notebook)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(60_000)
    notebook = Notebook(context.new_page(), screenshots)
    try:
        # a workspace of its own, so that no other notebook is restored next to this one
        notebook.open(lab.url(f"lab/workspaces/{Path(name).stem}/tree/{name}"), cells)
    except BaseException:
        context.close()
        raise
    return context, notebook


# ---------------------------------------------------------------------- the learner


def test_learner_path_through_notebook_01(lab, browser, screenshots, layout):
    context, nb = open_page(browser, screenshots, lab, NOTEBOOK.name, layout.count)
    try:
        run_all_and_look(nb, layout)
        wrong_then_right_mul_layer(nb, layout)
        validate(nb, layout)
    except BaseException:
        with contextlib.suppress(Exception):  # the page as it was, if it still answers
            nb.screenshot("failure")
        raise
    finally:
        context.close()


def run_all_and_look(nb: Notebook, layout: Layout) -> None:
    """Step 1: Run All. Text, LaTeX and the figure render; Run All goes on to the end (the
    check cells carry the raises-exception tag); every check says "not implemented yet" in
    a short message, and no cell shows a traceback."""
    nb.run_all(last=layout.code[-1])
    assert_math_rendered(nb.cell(layout.math))
    assert_image_rendered(nb.cell(layout.figure))
    nb.screenshot("1a-run-all-figure", top=nb.cell(layout.math))

    for index in layout.code:
        assert_no_traceback(nb.cell(index))
    for index in layout.checks:
        assert_message(nb.cell(index), "…", "not implemented yet")
    assert "\n" in output_text(nb.cell(layout.first_check)).strip(), (
        "the message should say what to do next")
    nb.screenshot("1b-not-implemented-yet", top=nb.cell(layout.first_check - 1))


def notes_mul_layer_hint() -> str:
    """The first step of the hint for the notes' MulLayer, as the catalog words it."""
    return next(m.steps[0] for m in all_mistakes() if m.name == "self.x = y")


def wrong_then_right_mul_layer(nb: Notebook, layout: Layout) -> None:
    """Steps 2 and 3: the seed's wrong MulLayer gets its targeted hint; the right one passes."""
    answer, check = layout["mul_layer_answer"], layout["mul_layer_test"]

    nb.type_into(answer, WRONG_MUL_LAYER)
    assert nb.source(answer) == WRONG_MUL_LAYER, "the editor changed the code"
    nb.run_cell(answer)
    nb.run_cell(check)
    assert_no_traceback(nb.cell(check))
    assert_message(nb.cell(check), "✗", "dy of backward(1.1) after forward(100, 2) is wrong",
                   "Known mistake: self.x = y.", f"Hint: {notes_mul_layer_hint()}")
    nb.screenshot("2-wrong-answer-hint", top=nb.cell(answer))

    nb.type_into(answer, RIGHT_MUL_LAYER)
    assert nb.source(answer) == RIGHT_MUL_LAYER, "the editor changed the code"
    nb.run_cell(answer)
    nb.run_cell(check)
    assert_message(nb.cell(check), "✓ MulLayer forward and backward: all public checks passed.",
                   "The hidden tests will still check")
    nb.screenshot("3-right-answer-passes", top=nb.cell(answer))


def validate(nb: Notebook, layout: Layout) -> None:
    """Step 4: nbgrader's Validate lists every check that still fails, MulLayer's not."""
    dialog = nb.validate()
    message = dialog.locator("#validation-message")
    nb.screenshot("4-validate")
    assert "validation-failed" in (message.get_attribute("class") or ""), (
        f"Validate should fail while exercises are unfinished:\n{message.text_content()}")
    text = message.text_content() or ""
    still_open = [i for i in layout.checks if i != layout["mul_layer_test"]]
    assert text.count("The following cell failed:") == len(still_open), text
    for name in ["numerical_derivative", "j_graph", "div_layer", "apple_graph", "fruit_graph"]:
        assert f'check("{name}", ' in text, f"{name} is not among the failed cells:\n{text}"
    assert 'check("mul_layer", MulLayer)' not in text, f"MulLayer passed, yet:\n{text}"
    assert text.count("not implemented yet") == len(still_open), text
    assert "Traceback" not in text, f"Validate shows a traceback:\n{text}"
    assert_lines_fit(message)  # what to do next is readable to its end
    dialog.get_by_role("button", name="Ok").click()
    dialog.wait_for(state="detached")


def test_a_korean_check_names_the_notes_mistake_in_korean(lab, browser, screenshots, layout):
    """The Korean notebook 01: its setup cell chooses Korean; the notes' MulLayer gets the
    Korean message, the known mistake's Korean name and the first step of its hint, and
    the figure's Korean labels are drawn."""
    context, nb = open_page(browser, screenshots, lab, KOREAN_COPY, layout.count)
    answer, check = layout["mul_layer_answer"], layout["mul_layer_test"]
    try:
        nb.run_cell(layout["setup"])
        nb.type_into(answer, WRONG_MUL_LAYER)
        nb.run_cell(answer)
        nb.run_cell(check)
        assert_no_traceback(nb.cell(check))
        text = assert_message(
            nb.cell(check), "✗", "dy", "틀렸습니다",  # "dy of backward(1.1) ... is wrong."
            tr("Known mistake: {tr(self.mistake)}.", "ko").replace(
                "{tr(self.mistake)}", tr("self.x = y", "ko")),
            tr(notes_mul_layer_hint(), "ko"))
        assert "Known mistake" not in text and "Hint:" not in text, text
        nb.screenshot("6-korean-check-hint", top=nb.cell(answer))
    finally:
        context.close()


# ---------------------------------------------------------------------- the checks fail


@pytest.fixture(scope="module")
def sabotaged(lab, browser, screenshots, layout):
    """The sabotaged copy of notebook 01, opened and run all in JupyterLab."""
    context, nb = open_page(browser, screenshots, lab, SABOTAGED, layout.count)
    try:
        nb.run_all(last=layout.first_check)
        nb.screenshot("sabotage-figure", top=nb.cell(layout.math))
        nb.screenshot("sabotage-traceback", top=nb.cell(layout.first_check - 1))
        yield nb
    finally:
        context.close()


SABOTAGES = {
    "check cell shows a traceback": (
        "first_check", assert_no_traceback, (), "shows a traceback"),
    "check cell does not say 'not implemented yet'": (
        "first_check", assert_message, ("…", "not implemented yet"), "should start with"),
    "figure output suppressed": (
        "figure", assert_image_rendered, (), "shows no image"),
    "figure is not a loadable image": (
        "after_figure", assert_image_rendered, (), "did not load"),
}


@pytest.mark.parametrize("sabotage_name", list(SABOTAGES))
def test_page_checks_catch_sabotage(sabotaged, layout, sabotage_name):
    where, detector, arguments, complaint = SABOTAGES[sabotage_name]
    with pytest.raises(AssertionError, match=complaint):
        detector(sabotaged.cell(getattr(layout, where)), *arguments)


# ---------------------------------------------------------------------- the feedback


@pytest.fixture(scope="module")
def feedback_page(tmp_path_factory) -> Path:
    """The feedback page of notebook 01 with the study notes' MulLayer, graded as in
    ``course demo`` (whose examples need no sandbox)."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("feedback") / "demo"
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "demo", "--only", "01",
                           "--out", str(root), "--jobs", "1"], capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "feedback" / "mistake" / NOTEBOOK.stem / NOTEBOOK.name.replace(
        ".ipynb", ".html")


def test_feedback_reads_whole_and_offline(feedback_page, browser, screenshots):
    """Opened with every network request refused: the summary shows the score, the known
    mistake and its whole hint (no line runs past its box), and the formulas are drawn."""
    hint = notes_mul_layer_hint()
    context = browser.new_context(viewport={"width": 900, "height": 900})
    refused = []

    def offline(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    try:
        page.goto(feedback_page.as_uri())
        summary = page.locator(".summary")
        assert "Your score:" in summary.inner_text()
        mistakes = summary.locator(".mistake")
        mistake = mistakes.filter(has_text="Known mistake: self.x = y.")
        assert mistake.count() == 1 and mistake.is_visible()
        assert " ".join(hint.split()) in " ".join(mistake.inner_text().split())
        box = summary.bounding_box()
        for each in mistakes.all():  # every hint stays inside the summary's box
            inner = each.bounding_box()
            assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 1, each.inner_text()
        for pre in summary.locator("pre").all():
            assert pre.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), pre.inner_text()
        outputs = page.locator("div.output_subarea pre").all()
        assert outputs and all(o.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
                               for o in outputs)
        formula = page.locator("math").first
        size = formula.bounding_box()
        assert size and size["width"] > 5 and size["height"] > 5
        page.screenshot(path=str(screenshots / "5-feedback-offline.png"), full_page=False)
    finally:
        context.close()


@pytest.fixture(scope="module")
def korean_feedback_page(tmp_path_factory) -> Path:
    """The Korean feedback page of notebook 01 with the notes' MulLayer, from
    ``course demo --language ko``."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("feedback-ko") / "demo"
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "demo", "--only", "01",
                           "--out", str(root), "--jobs", "1", "--language", "ko"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "feedback" / "mistake" / NOTEBOOK.stem / NOTEBOOK.name.replace(
        ".ipynb", ".html")


def test_a_korean_feedback_page(korean_feedback_page, browser, screenshots):
    """The summary, the known mistake and its hint in Korean, the notebook's text too."""
    context = browser.new_context(viewport={"width": 900, "height": 900})
    page = context.new_page()
    try:
        page.goto(korean_feedback_page.as_uri())
        summary = page.locator(".summary")
        text = summary.inner_text()
        assert "Your score" not in text and "Known mistake" not in text, text
        assert tr("self.x = y", "ko") in text
        hint = tr(notes_mul_layer_hint(), "ko")
        assert " ".join(hint.split()) in " ".join(text.split()), text
        body = page.locator("body").inner_text()
        assert "계산 그래프" in body
        page.screenshot(path=str(screenshots / "7-korean-feedback.png"), full_page=False)
    finally:
        context.close()
