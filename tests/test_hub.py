"""A class on a real JupyterHub, driven in the browser from release to feedback.

The test makes three local accounts (an instructor and two students, random names, PAM
passwords), the students' environment (the learner install, ``pip install ./course``),
the instructor's (the whole course, not editable), nbgrader's exchange in a shared folder
outside every course folder, and the instructor's course folder (``course init`` in
their home). It starts JupyterHub (PAM logins, configurable-http-proxy, each user's
JupyterLab spawned as that user from their own environment) and drives it all in
Debian's Chromium:

====  ==========  ====================================================  =================
step  who         what                                                  proved
====  ==========  ====================================================  =================
1     test        the two environments (pip-compatible: uv's pip)       command
2     test        three accounts (useradd, chpasswd); JupyterHub        command
3     instructor  ``course init ~/course --exchange ...``               command (runuser)
4     all three   log in on the hub's page (servers spawn at once);     browser
                  instructor: formgrader Generate and Release 01
5-10  students    Assignments tab: Fetch 01; open it, type the          browser
                  answers, Run All (the checks' messages), Validate;
                  Assignments tab: Submit
11    instructor  formgrader: Collect, Autograde each (in the           browser (+ the
                  sandbox); the scores                                  autograded files)
12    instructor  ``course autograde``: nothing new; grades.csv agrees  command (runuser)
13    instructor  formgrader: Generate Feedback, Release Feedback       browser
14-15 students    Fetch Feedback, open it in JupyterLab: their own      browser
                  score, the hint, no hidden test code
16    test        hub stopped: no hub, proxy, server or kernel left     processes
====  ==========  ====================================================  =================

One student types the source's answers; the other the same with the catalogued mistake
of MulLayer (``self.x = y``). Screenshots of every step go to
``$BACKPROP_COURSE_SCREENSHOTS`` (default ``test-artifacts/hub/``). Needs root (it makes
accounts and the hub spawns servers as them), bubblewrap, Chromium, Playwright, JupyterHub
and configurable-http-proxy (npm).
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from autograder import METADATA, SOURCE_DIR
from autograder.demo import demo_mistakes
from tests import hub_class as H
from tests.lab_page import (
    CHROMIUM,
    SECOND,
    Notebook,
    assert_lines_fit,
    assert_no_traceback,
    output_text,
    sync_playwright,
    system_chromium,
)
from tests.needs import SANDBOX_INSTALL, require, sandbox_available

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:
    PlaywrightTimeout = TimeoutError
try:
    import jupyterhub
except ImportError:  # the tests that need it say what to install
    jupyterhub = None

require(hasattr(os, "geteuid") and os.geteuid() == 0, "root (the test makes local accounts "
        "and the hub spawns their servers as them)", "run the tests as root, as CI does")
require(jupyterhub is not None, "JupyterHub", "pip install -e '.[dev]'")
require(H.proxy_command() is not None, "configurable-http-proxy", H.PROXY_INSTALL)
require(sync_playwright is not None, "Playwright for Python", "pip install -e '.[dev]'")
require(CHROMIUM is not None, "the system's Chromium", "apt-get install chromium")
require(all(shutil.which(c) for c in ("useradd", "userdel", "chpasswd", "runuser")),
        "useradd, chpasswd and runuser", "apt-get install passwd util-linux")
require(H.shared_python() is not None, "a Python every account can run",
        "apt-get install python3 python3-venv")
require(sandbox_available(), "the bubblewrap sandbox", SANDBOX_INSTALL)

REPO = Path(__file__).resolve().parent.parent
FIRST = "01_computation_graphs"
SOURCE = SOURCE_DIR / FIRST / f"{FIRST}.ipynb"
[(RIGHT_LINE, WRONG_LINE)] = demo_mistakes()[FIRST[:2]].change
DEMO_HINT = demo_mistakes()[FIRST[:2]].steps[0]
LONG = 300  # seconds: a spawn, an autograde on a busy machine


# ---------------------------------------------------------------------- the notebook


@dataclass
class Answers:
    """Notebook 01's answer cells (position -> the code a student types) and checks."""

    cells: int
    answers: dict[int, str]
    checks: dict[str, int]  # grade_id of each check cell -> position
    last_code: int

    @classmethod
    def of_source(cls, mistaken: bool = False) -> Answers:
        nb = nbformat.read(SOURCE, as_version=4)
        answers, checks = {}, {}
        for i, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") and cell.cell_type == "code":
                code = "\n".join(line for line in cell.source.splitlines()
                                 if not re.match(r"\s*### (BEGIN|END) SOLUTION", line))
                if mistaken and RIGHT_LINE in code:  # the first answer that holds it:
                    code = code.replace(RIGHT_LINE, WRONG_LINE, 1)  # MulLayer's
                    mistaken = False
                answers[i] = code
            if meta.get("grade"):
                checks[meta["grade_id"]] = i
        last = max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        return cls(len(nb.cells), answers, checks, last)


# ---------------------------------------------------------------------- steps, screenshots


@dataclass
class Steps:
    """What was done, by whom, where it is proved, and how long it took."""

    shots: Path
    rows: list = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @contextlib.contextmanager
    def step(self, who: str, what: str, proved: str):
        begun = time.perf_counter()
        yield
        self.rows.append((len(self.rows) + 1, who, what, proved,
                          time.perf_counter() - begun))

    def shot(self, page, name: str) -> Path:
        page.wait_for_timeout(300)  # let the layout settle
        path = self.shots / f"hub-{len(self.rows) + 1:02d}-{name}.png"
        page.screenshot(path=str(path))
        return path

    def table(self) -> str:
        lines = [f"{'#':>2}  {'who':<26} {'what':<58} {'proved':<9} seconds"]
        for n, who, what, proved, seconds in self.rows:
            lines.append(f"{n:>2}  {who:<26} {what:<58} {proved:<9} {seconds:6.1f}")
        lines.append(f"    total {time.perf_counter() - self.started:.0f} s")
        return "\n".join(lines)


# ---------------------------------------------------------------------- one user's browser


class Session:
    """One account logged in to the hub, in a browser context of its own."""

    def __init__(self, browser, hub: H.Hub, account: H.Account, steps: Steps):
        self.hub, self.account, self.steps = hub, account, steps
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.context.set_default_timeout(60 * SECOND)
        self.page = self.context.new_page()

    def login(self) -> None:
        """Log in on the hub's page; the hub starts spawning this user's server."""
        self.page.goto(self.hub.url("hub/login"))
        self.page.fill("#username_input", self.account.name)
        self.page.fill("#password_input", self.account.password)
        self.page.click("#login_submit")

    def wait_for_lab(self) -> None:
        """Wait until JupyterLab has loaded from this user's own server."""
        self.page.wait_for_url(re.compile(rf"/user/{self.account.name}/lab"),
                               timeout=LONG * SECOND)
        self.page.locator("#jp-main-dock-panel").wait_for(timeout=LONG * SECOND)
        self.page.locator(".jp-LabShell").wait_for()

    def menu(self, top: str, item: str) -> None:
        self.page.get_by_role("menuitem", name=top, exact=True).click()
        self.page.get_by_role("menuitem", name=item, exact=True).click()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.context.close()


# ---------------------------------------------------------------------- the instructor


class Formgrader:
    """nbgrader's formgrader, opened from the instructor's server in a tab of its own.
    (JupyterHub's single-user servers forbid being framed, ``frame-ancestors 'none'``,
    so the copy that JupyterLab's Nbgrader menu embeds in an iframe stays blank.)"""

    def __init__(self, session: Session):
        self.session = session
        self.page = session.context.new_page()
        self.base = session.hub.url(f"user/{session.account.name}/formgrader")

    def assignments(self):
        """The Manage Assignments page; returns the row of notebook 01."""
        self.page.goto(f"{self.base}/manage_assignments")
        row = self.page.locator("#main-table tr").filter(has_text=FIRST)
        row.locator("td.status span").wait_for()
        return row

    def press(self, row, column: str, success: str, shot: str | None = None) -> str:
        """Click the button in ``column`` of ``row``; wait for nbgrader's answer, which must
        be ``success``; returns the log it shows."""
        row.locator(f"td.{column} a").click()
        modal = self.page.locator("#success-modal, #error-modal")
        modal.wait_for(timeout=LONG * SECOND)
        message = modal.locator(".modal-body").first.text_content() or ""
        if shot:
            self.session.steps.shot(self.page, shot)
        assert modal.get_attribute("id") == "success-modal" and success in message, (
            f"formgrader: {column} failed:\n{message[-4000:]}")
        modal.locator(".modal-footer button").first.click()
        modal.wait_for(state="detached")
        return message


# ---------------------------------------------------------------------- the students


def open_assignments(session: Session):
    """Nbgrader > Assignment List (or its tab, once open); returns its panel."""
    panel = session.page.locator("#nbgrader-assignment-list")
    if panel.count() and panel.is_visible():
        return panel
    tab = session.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab").filter(
        has_text="Assignments")
    if tab.count():
        tab.first.click()
    else:
        session.menu("Nbgrader", "Assignment List")
    panel.wait_for()
    return panel


def fetch(session: Session) -> None:
    panel = open_assignments(session)
    tools = nbgrader_menu(session)
    assert "Assignment List" in tools and "Formgrader" not in tools, (
        f"a student's Nbgrader menu should hold the Assignment List alone: {tools}")
    formgrader = session.page.request.get(
        session.hub.url(f"user/{session.account.name}/formgrader/manage_assignments"))
    assert formgrader.status == 404, f"a student's server serves the formgrader: {formgrader}"
    released = panel.locator("#released_assignments_list .list_item").filter(has_text=FIRST)
    released.wait_for()
    session.steps.shot(session.page, f"{session.account.role}-released")
    released.get_by_role("button", name="Fetch").click()
    panel.locator("#fetched_assignments_list .list_item").filter(has_text=FIRST).first.wait_for()


def nbgrader_menu(session: Session) -> list[str]:
    """The items of JupyterLab's Nbgrader menu (opened, read, closed)."""
    session.page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    menu = session.page.locator(".lm-Menu").last
    menu.wait_for()
    labels = [t.strip() for t in menu.locator(".lm-Menu-itemLabel").all_text_contents()]
    session.page.keyboard.press("Escape")
    return [label for label in labels if label]


def open_notebook(session: Session, answers: Answers) -> Notebook:
    """Expand 01 in Downloaded assignments and click its notebook."""
    panel = open_assignments(session)
    fetched = panel.locator("#fetched_assignments_list > .list_item").filter(has_text=FIRST)
    fetched.locator("a.assignment-notebooks-link").click()
    fetched.locator(".nested_list_item a").filter(has_text=FIRST).click()
    page = session.page
    page.locator(".jp-NotebookPanel").first.wait_for()
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length >= n",
        arg=answers.cells, timeout=LONG * SECOND)
    nb = Notebook(page, session.steps.shots)
    nb.wait_for_kernel(LONG)
    nb.hide_file_browser()
    return nb


def solve(session: Session, nb: Notebook, answers: Answers, mistaken: bool) -> None:
    """Type every answer, save, Run All; the checks say what the student should see."""
    for index, code in answers.answers.items():
        nb.type_into(index, code)
        assert nb.source(index) == code, f"the editor changed the code of cell {index}"
    session.page.keyboard.press("ControlOrMeta+s")
    session.page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").wait_for(
        state="detached")
    nb.run_all(last=answers.last_code, timeout=LONG)
    mul_check = nb.cell(answers.checks["mul_layer_test"])
    for grade_id, index in answers.checks.items():
        assert_no_traceback(nb.cell(index))
        text = output_text(nb.cell(index)).strip()
        if mistaken and grade_id in ("mul_layer_test", "apple_graph_test",
                                     "fruit_graph_test"):
            assert text.startswith("✗"), (grade_id, text)
        else:
            assert text.startswith("✓"), (grade_id, text)
    if mistaken:
        assert "Known mistake: self.x = y." in output_text(mul_check)
    nb.screenshot(f"hub-{len(session.steps.rows) + 1:02d}-{session.account.role}-"
                  f"{'mistake' if mistaken else 'solved'}",
                  top=nb.cell(answers.checks["mul_layer_test"] - 1))


def validate(session: Session, nb: Notebook, mistaken: bool) -> None:
    dialog = nb.validate(timeout=LONG)
    message = dialog.locator("#validation-message")
    text = message.text_content() or ""
    session.steps.shot(session.page, f"{session.account.role}-validate")
    if mistaken:
        assert "validation-failed" in (message.get_attribute("class") or ""), text
        assert 'check("mul_layer", MulLayer)' in text, text
        assert text.count("The following cell failed:") == 3, text  # MulLayer and its users
        assert_lines_fit(message)  # the hint, readable to its end
    else:
        assert "Success! Your notebook passes all the tests." in text, text
    dialog.get_by_role("button", name="Ok").click()
    dialog.wait_for(state="detached")


def show_file_browser(page, item) -> None:
    """Open the left sidebar's file browser, if need be, until ``item`` shows in it."""
    tab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]')
    for _ in range(3):
        with contextlib.suppress(PlaywrightTimeout):
            item.wait_for(timeout=3 * SECOND)
            return
        if "lm-mod-current" not in (tab.get_attribute("class") or ""):
            tab.click()
    item.wait_for()


def submit(session: Session) -> None:
    panel = open_assignments(session)
    fetched = panel.locator("#fetched_assignments_list > .list_item").filter(has_text=FIRST)
    fetched.get_by_role("button", name="Submit").click()
    panel.locator("#submitted_assignments_list .list_item").filter(
        has_text=FIRST).first.wait_for(timeout=LONG * SECOND)
    session.steps.shot(session.page, f"{session.account.role}-submitted")


def fetch_feedback(session: Session, mistaken: bool) -> str:
    """Fetch Feedback, follow "(view feedback)" and open the page in JupyterLab; returns
    the feedback's HTML as the browser got it."""
    page = session.page
    panel = open_assignments(session)
    panel.locator("#refresh_assignments_list").click()
    submitted = panel.locator("#submitted_assignments_list > .list_item").filter(
        has_text=FIRST).first
    submitted.get_by_role("button", name="Fetch Feedback").click()
    view = submitted.locator("a").filter(has_text="view feedback")
    view.wait_for(timeout=LONG * SECOND)
    view.click()  # JupyterLab's file browser goes to the feedback's folder
    html_file = page.locator(".jp-FileBrowser .jp-DirListing-item").filter(
        has_text=f"{FIRST}.html")
    html_file.wait_for(state="attached")
    show_file_browser(page, html_file)
    html_file.dblclick()
    frame_element = page.locator(".jp-HTMLViewer iframe")
    frame_element.wait_for()
    frame = frame_element.element_handle().content_frame()
    frame.wait_for_selector("body", timeout=LONG * SECOND)
    frame.wait_for_function("() => document.body.textContent.includes('Your score')")
    html = frame.content()
    page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="filebrowser"]').click()
    page.locator(".jp-FileBrowser").wait_for(state="hidden")  # the page gets the width
    session.steps.shot(page, f"{session.account.role}-feedback"
                       f"{'-mistake' if mistaken else ''}")
    return html


# ---------------------------------------------------------------------- the test


@pytest.fixture(scope="module")
def browser():
    with system_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def screenshots(request) -> Path:
    folder = Path(os.environ.get("BACKPROP_COURSE_SCREENSHOTS")
                  or REPO / "test-artifacts" / "hub").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("hub-*.png"):
        old.unlink()
    yield folder
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nhub test screenshots: {folder}")


def test_a_class_on_jupyterhub(browser, screenshots):
    steps = Steps(screenshots)
    place = H.ClassFolder()
    accounts: list[H.Account] = []
    sessions: list[Session] = []
    hub = None
    try:
        with steps.step("test", "environments: learner install (students), whole course "
                        "(instructor)", "command"):
            built = place.build_environments(place.hub_dir / "install.log")
        with steps.step("test", "three accounts (useradd, chpasswd); JupyterHub started",
                        "command"):
            for role in ("instructor", "student", "student"):
                accounts.append(H.create_account(role))
            instructor, students = accounts[0], accounts[1:]
            environments = {instructor.name: place.instructor_env,
                            **{s.name: place.students_env for s in students}}
            hub = H.Hub(place.hub_dir, environments)
            hub.start()
        course = instructor.home / "course"

        with steps.step(instructor.name, "course init ~/course --exchange (shared folder)",
                        "command"):
            init = H.as_user(instructor, [str(place.instructor_env / "bin" / "course"),
                                          "init", str(course), "--exchange",
                                          str(place.exchange)])
            assert init.returncode == 0, init.stderr
            assert f"exchange: {place.exchange}\n" in init.stdout, init.stdout
            H.write_as(instructor, instructor.home / ".jupyter" / "nbgrader_config.py",
                       "c = get_config()  # noqa: F821\n"
                       f"c.CourseDirectory.root = {str(course)!r}\n")

        with steps.step(instructor.name, "all three log in (their servers spawn at once); "
                        "formgrader: Generate and Release 01", "browser"):
            teacher = Session(browser, hub, instructor, steps)
            sessions.append(teacher)
            learners = [Session(browser, hub, s, steps) for s in students]
            sessions += learners
            for session in [teacher, *learners]:
                session.login()
            teacher.wait_for_lab()
            formgrader = Formgrader(teacher)
            row = formgrader.assignments()
            steps.shot(formgrader.page, "instructor-formgrader")
            formgrader.press(row, "assign", "Successfully created the student version")
            formgrader.press(row, "release", f"Successfully released '{FIRST}'",
                             shot="instructor-release")
            assert (row.locator("td.status").text_content() or "").strip() == "released"
        assert (place.exchange / H.COURSE_ID / "outbound" / FIRST / f"{FIRST}.ipynb").exists()

        right, wrong = Answers.of_source(), Answers.of_source(mistaken=True)
        for session, answers, mistaken in [(learners[0], right, False),
                                           (learners[1], wrong, True)]:
            with steps.step(session.account.name, "Assignments tab: Fetch 01", "browser"):
                session.wait_for_lab()
                fetch(session)
            with steps.step(session.account.name, "open 01, type the answers"
                            + (" (MulLayer: self.x = y)" if mistaken else "")
                            + ", Run All, Validate", "browser"):
                nb = open_notebook(session, answers)
                solve(session, nb, answers, mistaken)
                validate(session, nb, mistaken)
            with steps.step(session.account.name, "Assignments tab: Submit", "browser"):
                submit(session)

        with steps.step(instructor.name, "formgrader: Collect; Autograde each submission",
                        "browser"):
            row = formgrader.assignments()
            formgrader.press(row, "collect", "Successfully collected submissions")
            count = row.locator("td.num-submissions a")
            assert (count.text_content() or "").strip() == "2"
            count.click()
            page = formgrader.page
            for student in students:
                row = page.locator("#main-table tr").filter(has_text=student.name)
                formgrader.press(row, "autograde", "Successfully autograded")
            page.reload()
            scores = {s.name: (page.locator("#main-table tr").filter(has_text=s.name)
                               .locator("td.score").text_content() or "").strip()
                      for s in students}
            steps.shot(page, "instructor-autograded")
        full = scores[students[0].name].split(" / ")[1]
        assert scores[students[0].name] == f"{full} / {full}", scores
        lost = float(scores[students[1].name].split(" / ")[0])
        assert 0 < lost < float(full), scores
        for student in students:  # graded in the sandbox, by the course's judge
            autograded = nbformat.read(course / "autograded" / student.name / FIRST
                                       / f"{FIRST}.ipynb", as_version=4)
            assert autograded.metadata[METADATA]["kernel"] == "bwrap", student

        with steps.step(instructor.name, "course autograde --course ~/course: nothing new; "
                        "grades.csv", "command"):
            graded = H.as_user(instructor, [str(place.instructor_env / "bin" / "course"),
                                            "autograde", "--course", str(course)])
            assert graded.returncode == 0, graded.stderr[-3000:]
            assert "2 submission(s); 0 to grade, 2 graded already" in graded.stderr, (
                graded.stderr[-3000:])
            with open(course / "grades.csv") as handle:
                rows = {r["student"]: r for r in csv.DictReader(handle)}
            assert {name: f"{float(r['score']):g} / {float(r['max_score']):g}"
                    for name, r in rows.items()} == scores, (rows, scores)

        with steps.step(instructor.name, "formgrader: Generate Feedback, Release Feedback",
                        "browser"):
            row = formgrader.assignments()
            formgrader.press(row, "generate-feedback", "Successfully generated feedback")
            formgrader.press(row, "release-feedback", "Successfully released feedback",
                             shot="instructor-feedback-released")

        for session, mistaken in [(learners[0], False), (learners[1], True)]:
            with steps.step(session.account.name, "Fetch Feedback; open it in JupyterLab",
                            "browser"):
                html = fetch_feedback(session, mistaken)
            shown = re.search(r"Your score:\s*([\d.]+)\s*/\s*([\d.]+)", html)
            assert shown, "the feedback shows no score"
            assert f"{shown[1]} / {shown[2]}" == scores[session.account.name], (
                "a student opened feedback that is not their own")
            assert "BEGIN HIDDEN TESTS" not in html and "autograder.hidden" not in html
            assert "grade(" not in html.replace("nbgrader", ""), "hidden test code shown"
            if mistaken:
                assert "Known mistake: <b>self.x = y</b>" in html
                assert DEMO_HINT.split("'")[0] in html  # its hint, as the catalog words it
            else:
                assert "Known mistake" not in html

        for session in sessions:
            session.close()
        with steps.step("test", "stop the hub: its proxy, servers and kernels end",
                        "processes"):
            hub.stop()
            assert hub.process.returncode is not None
            left = leftovers(hub, accounts)
            assert not left, f"still running after the hub stopped: {left}"
    except BaseException:
        for session in sessions:  # how each page looked, if it still answers
            for number, page in enumerate(session.context.pages):
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(screenshots / f"hub-failure-"
                                             f"{session.account.name}-{number}.png"))
        raise
    finally:
        for session in sessions:
            session.close()
        if hub is not None:
            hub.stop()
            end_leftovers(hub, accounts)
        for account in accounts:
            with contextlib.suppress(RuntimeError):  # what is left is asserted below
                H.remove_account(account)
        place.remove()
    print(f"\nenvironments built in {built}\n{steps.table()}")
    for account in accounts:
        assert not H.account_exists(account.name), f"{account.name} was not removed"
        assert not Path(f"/home/{account.name}").exists(), f"{account.name}'s home is left"
    assert not place.root.exists()


def leftovers(hub: H.Hub, accounts: list[H.Account], timeout: float = 30) -> list:
    """What is still running of what the test started: the hub, its proxy, and any process
    of the test's accounts (servers, kernels, the grader's janitors)."""
    uids = {a.uid for a in accounts}
    deadline = time.monotonic() + timeout
    while True:
        left = [(pid, uid, cmd[:120]) for pid, uid, cmd in H.processes_of(uids)]
        if hub.proxy_pid and H.alive(hub.proxy_pid):
            left.append((hub.proxy_pid, 0, "configurable-http-proxy"))
        if hub.process.poll() is None:
            left.append((hub.process.pid, 0, "jupyterhub"))
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


def end_leftovers(hub: H.Hub, accounts: list[H.Account]) -> None:
    """Kill, by process id, whatever ``leftovers`` still finds (after a failure)."""
    for pid, _, _ in leftovers(hub, accounts, timeout=5):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
