"""What a learner does in JupyterLab, and what the tests check on the page.

``Notebook`` drives one open notebook with Playwright's sync API: open it, run all cells,
type into a cell's editor, run one cell, press nbgrader's Validate. The ``assert_*``
functions look at a cell as rendered in the browser and raise AssertionError with what
they saw; the sabotage tests prove that each of them can fail.

Cells are found by their position in the notebook (``data-windowed-list-index``), which
JupyterLab keeps on every cell whether or not it is scrolled into view. Text is read with
``textContent``: ``innerText`` is empty for cells the browser has not laid out.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the tests that need it say what to install
    sync_playwright = None

if TYPE_CHECKING:  # importable without Playwright, so that the tests can skip cleanly
    from playwright.sync_api import Locator, Page

SECOND = 1000  # Playwright counts in milliseconds
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
KERNEL_NAME = "Python 3 (ipykernel)"


def find_chromium() -> str | None:
    """The system's Chromium: $BACKPROP_COURSE_CHROMIUM if set, else /usr/bin/chromium or
    the first on PATH; None if there is none."""
    chosen = os.environ.get("BACKPROP_COURSE_CHROMIUM")
    candidates = [chosen] if chosen else [
        "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


CHROMIUM = find_chromium()


@contextlib.contextmanager
def system_chromium():
    """The system's Chromium, headless, driven by Playwright; closed at the end."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
TRACEBACK_MARKS = ("Traceback", "-" * 75)
EXECUTED_PROMPT = re.compile(r"^\[(\d+)\]:$")


class Notebook:
    """One notebook open in JupyterLab in ``page``."""

    def __init__(self, page: Page, screenshots: Path):
        self.page = page
        self.screenshots = screenshots

    # ------------------------------------------------------------------ opening

    def open(self, url: str, cells: int, timeout: float = 120) -> None:
        """Open the notebook at ``url`` and wait for its ``cells`` cells and an idle kernel."""
        self.page.goto(url, timeout=timeout * SECOND)
        self.page.locator(".jp-NotebookPanel").first.wait_for(timeout=timeout * SECOND)
        self.page.wait_for_function(
            "n => document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length >= n",
            arg=cells, timeout=timeout * SECOND)
        self.wait_for_kernel(timeout)
        self.hide_file_browser()

    def wait_for_kernel(self, timeout: float = 120) -> None:
        """Wait until the notebook's Python kernel has started and is idle."""
        toolbar = self.page.locator(".jp-NotebookPanel-toolbar")
        toolbar.locator(".jp-KernelName").filter(has_text=KERNEL_NAME).wait_for(
            timeout=timeout * SECOND)
        self.page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(
            timeout=timeout * SECOND)

    def hide_file_browser(self) -> None:
        """Collapse the left sidebar, so the notebook has the whole width."""
        tab = self.page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]')
        if tab.count() and "lm-mod-current" in (tab.get_attribute("class") or ""):
            tab.click()

    # ------------------------------------------------------------------ cells

    def cell(self, index: int) -> Locator:
        """The cell at position ``index`` (0 is the first)."""
        return self.page.locator(
            f'.jp-NotebookPanel .jp-Cell[data-windowed-list-index="{index}"]')

    def prompt(self, index: int) -> str:
        """The input prompt of a code cell: '[ ]:', '[*]:' or '[12]:'."""
        return (self.cell(index).locator(".jp-InputPrompt").text_content() or "").strip()

    def execution_count(self, index: int) -> int | None:
        """The number in a code cell's prompt, None if it has not run (or is running)."""
        match = EXECUTED_PROMPT.match(self.prompt(index))
        return int(match.group(1)) if match else None

    def wait_until_run(self, index: int, after: int | None = None, timeout: float = 120):
        """Wait until cell ``index`` shows an execution count greater than ``after``."""
        self.page.wait_for_function(
            """([index, after]) => {
                const prompt = document.querySelector(
                    `.jp-NotebookPanel .jp-Cell[data-windowed-list-index="${index}"]`
                    + ' .jp-InputPrompt');
                const match = prompt && prompt.textContent.trim().match(/^\\[(\\d+)\\]:$/);
                return match !== null && Number(match[1]) > after;
            }""", arg=[index, after or 0], timeout=timeout * SECOND)

    # ------------------------------------------------------------------ actions

    def run_all(self, last: int, timeout: float = 180) -> None:
        """Run > Run All Cells, then wait until cell ``last`` has run and the kernel rests.

        Execution stops at the first cell that raises, unless the cell is tagged
        raises-exception (as the course's check cells are): ``last`` is the cell where it is
        expected to stop.
        """
        self.page.get_by_role("menuitem", name="Run", exact=True).click()
        self.page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        self.wait_until_run(last, timeout=timeout)
        self.wait_for_kernel(timeout)

    def type_into(self, index: int, text: str) -> None:
        """Replace the code in cell ``index`` by ``text``, through its CodeMirror editor.

        ``insert_text`` enters the text as one input, like a paste, so that the editor's
        auto-indentation does not indent the lines a second time.
        """
        editor = self.cell(index).locator(".cm-content")
        editor.scroll_into_view_if_needed()
        editor.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.insert_text(text)

    def source(self, index: int) -> str:
        """The code in cell ``index`` as its editor holds it."""
        lines = self.cell(index).locator(".cm-content .cm-line").all_text_contents()
        return "\n".join(lines)

    def run_cell(self, index: int, timeout: float = 120) -> None:
        """Select cell ``index``, press Shift+Enter and wait until it has run."""
        before = self.execution_count(index)
        prompt = self.cell(index).locator(".jp-InputPrompt")
        prompt.scroll_into_view_if_needed()
        prompt.click()
        self.page.keyboard.press("Escape")  # command mode: Shift+Enter runs the cell
        self.page.keyboard.press("Shift+Enter")
        self.wait_until_run(index, after=before, timeout=timeout)
        self.wait_for_kernel(timeout)

    def validate(self, timeout: float = 180) -> Locator:
        """Press nbgrader's Validate button; returns the dialog with the results."""
        self.page.locator(".jp-NotebookPanel-toolbar .validate-button").click()
        dialog = self.page.locator(".jp-Dialog").filter(has_text="Validation Results")
        dialog.wait_for(timeout=timeout * SECOND)
        return dialog

    def screenshot(self, name: str, top: Locator | None = None) -> Path:
        """Save the page as ``<name>.png``, scrolled so that ``top`` is at the top."""
        if top is not None:
            top.evaluate("element => element.scrollIntoView({block: 'start'})")
        self.page.wait_for_timeout(300)  # let the scroll and the layout settle
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


# ---------------------------------------------------------------------- what we check


def output_text(cell: Locator) -> str:
    """Everything a cell's output area shows, as text."""
    outputs = cell.locator(".jp-OutputArea-output").all_text_contents()
    return "\n".join(outputs)


def assert_no_traceback(cell: Locator) -> None:
    """The cell's output is a message, not a Python traceback."""
    text = output_text(cell)
    for mark in TRACEBACK_MARKS:
        assert mark not in text, f"the cell shows a traceback ({mark[:20]!r}):\n{text}"


def assert_message(cell: Locator, start: str, *parts: str) -> str:
    """The cell's output starts with ``start`` and contains every one of ``parts``."""
    text = output_text(cell).strip()
    assert text, "the cell shows no output"
    assert text.startswith(start), f"the output should start with {start!r}:\n{text}"
    flowing = " ".join(text.split())  # messages are wrapped at course.checking.WIDTH
    for part in parts:
        assert " ".join(part.split()) in flowing, f"the output should contain {part!r}:\n{text}"
    return text


def assert_lines_fit(box: Locator) -> None:
    """No line of preformatted text in ``box`` runs past its edge (none is cut)."""
    blocks = box.locator("pre").all()
    assert blocks, "no preformatted text to check"
    for block in blocks:
        assert block.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), (
            f"a line is cut at the edge:\n{block.inner_text()}")


def assert_image_rendered(cell: Locator) -> None:
    """The cell's output holds an image that the browser loaded and can draw."""
    images = cell.locator(".jp-OutputArea-output img")
    assert images.count() > 0, (f"the cell shows no image; its output is:\n"
                                f"{output_text(cell) or '(nothing)'}")
    for i in range(images.count()):
        # decode() waits for the image to load, and fails if it cannot be drawn
        state = images.nth(i).evaluate(
            """img => img.decode().then(() => null, error => String(error)).then(error => ({
                error, width: img.naturalWidth, height: img.naturalHeight}))""")
        assert state["error"] is None and state["width"] > 0 and state["height"] > 0, (
            f"image {i} of the cell did not load: {state}")


def assert_math_rendered(cell: Locator) -> None:
    """A markdown cell is rendered and its LaTeX was typeset by MathJax."""
    markdown = cell.locator(".jp-RenderedMarkdown")
    assert markdown.count() == 1, "the markdown cell is not rendered"
    typeset = markdown.locator("mjx-container")
    assert typeset.count() > 0, (
        "no MathJax output in the cell: " + (markdown.text_content() or "")[:200])
    raw = markdown.text_content() or ""
    assert "$$" not in raw, f"LaTeX left untypeset in the cell: {raw[:200]}"
