"""The class report: a small class with known mistakes planted from the catalog is graded
through the real command; the report's counts and names are what was planted, and none of
it reaches the students' feedback."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import SOURCE_DIR
from autograder.answers import edited_notebook
from autograder.course_folder import init_course
from autograder.exercises import Edits, all_mistakes
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)

FIRST = "01_computation_graphs"
REPO = Path(__file__).resolve().parent.parent


def planted(exercise: str, count: int) -> list:
    """The first ``count`` harmful mistakes of ``exercise`` given as edits of its answer."""
    return [m for m in all_mistakes() if m.exercise.name == exercise and not m.harmless
            and isinstance(m.change, Edits)][:count]


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    course = init_course(tmp / "course", exchange=tmp / "exchange")
    mul = planted("mul_layer", 2)
    add = planted("div_layer", 1)
    assert len(mul) == 2 and len(add) == 1, "the catalog has too few planted variants"
    plan = {"ann": mul[0], "bob": mul[0], "cem": mul[0], "dia": mul[1], "eve": mul[1],
            "fay": add[0], "gus": None, "hal": "stub"}
    folder = tmp / "class"
    folder.mkdir()
    for student, mistake in plan.items():
        out = folder / f"{student}_{FIRST}.ipynb"
        if mistake == "stub":  # handed in untouched: not attempted, not wrong
            shutil.copy(REPO / "notebooks" / f"{FIRST}.ipynb", out)
        elif mistake:
            edited_notebook(mistake.exercise, mistake.change, out)
        else:
            shutil.copy(SOURCE_DIR / FIRST / f"{FIRST}.ipynb", out)
    graded = subprocess.run([sys.executable, "-m", "autograder.cli", "autograde", str(folder),
                             "--course", str(course), "--jobs", "2"],
                            capture_output=True, text=True, timeout=1800)
    assert graded.returncode == 0, graded.stderr[-3000:]
    report = subprocess.run([sys.executable, "-m", "autograder.cli", "report", "--course",
                             str(course)], capture_output=True, text=True, timeout=600)
    assert report.returncode == 0, report.stderr[-3000:]
    return course, mul, add, report.stdout, graded


def test_the_text_summary_counts_what_was_planted(reported):
    _, mul, add, text, _ = reported
    [mul_line] = [ln for ln in text.splitlines()
                  if ln.strip().startswith("MulLayer forward and backward")]
    # 2 of 8 students passed (the honest one and fay), 5 made a mistake, hal did nothing
    assert "25% passed, 5 failed, 1 not attempted" in mul_line, mul_line
    assert mul_line.index(f"{mul[0].name} (3)") < mul_line.index(f"{mul[1].name} (2)")
    [add_line] = [ln for ln in text.splitlines()
                  if ln.strip().startswith("DivLayer forward and backward")]
    assert f"{add[0].name} (1)" in add_line
    assert "75% passed, 1 failed, 1 not attempted" in add_line, add_line
    assert "01_computation_graphs: 8 graded" in text


def test_the_page_names_the_students_of_each_mistake(reported):
    import html

    course, mul, add, _, graded = reported
    page = (course / "report" / "index.html").read_text()
    assert "Class report:" in graded.stdout
    for mistake, students in ((mul[0], "ann, bob, cem"), (mul[1], "dia, eve"),
                              (add[0], "fay")):
        assert f"<b>{html.escape(mistake.name)}</b>: {len(students.split(', '))} " \
               f"({students})" in page
        assert html.escape(mistake.steps[0]) in page
    assert page.count("data:image/png;base64,") == 2  # the histogram and the mistakes
    assert "<td>MulLayer forward and backward</td>" in page


def test_the_page_has_a_row_per_student_linking_their_feedback(reported):
    import re

    course = reported[0]
    page = (course / "report" / "index.html").read_text()
    links = re.findall(r"<a href='([^']+)'>(\w+)</a>", page)
    assert [who for _, who in links] == ["ann", "bob", "cem", "dia", "eve", "fay", "gus", "hal"]
    for link, _ in links:
        assert (course / "report" / link).resolve().is_file(), link
    hal = page[page.index(">hal</a>"):].split("</tr>")[0]
    assert hal.count("–") >= 6 and "✓" not in hal  # nothing attempted


def test_nothing_of_the_report_reaches_the_feedback(reported):
    course, _, _, _, _ = reported
    for page in (course / "feedback").glob("*/*/*.html"):
        text = page.read_text()
        assert "Class report" not in text and "ann, bob, cem" not in text


def test_the_page_in_a_browser(reported):
    """Open the page in Chromium and keep a screenshot with the test artifacts."""
    from tests.lab_page import CHROMIUM, sync_playwright, system_chromium

    require(sync_playwright is not None and CHROMIUM is not None, "Chromium and Playwright",
            "apt-get install chromium; pip install -e '.[dev]'")
    course = reported[0]
    folder = Path(os.environ.get("BACKPROP_COURSE_SCREENSHOTS", REPO / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    with system_chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 1200})
        page.goto((course / "report" / "index.html").as_uri())
        images = page.locator("img")
        assert images.count() == 2
        for i in range(2):
            assert images.nth(i).evaluate("img => img.naturalWidth") > 100
        page.screenshot(path=str(folder / "class-report.png"), full_page=True)
