"""Grading whose verdict is reached outside the learner's kernel.

Stock nbgrader runs the hidden tests inside the learner's kernel and scores a test cell by
whether it raised: a learner who replaces ``np.allclose``, hides exceptions or exits the
kernel decides their own grade. ``JudgedExecute`` replaces nbgrader's Execute step:

1. each cell runs in the learner's kernel as usual (sandboxed, see ``autograder.sandbox``);
2. a test cell's visible part runs too, but what it prints is only shown, never counted;
3. for each ``grade("<exercise>", <answer>)`` in the hidden part, the judge draws fresh
   inputs in *this* process, sends them to the kernel as plain data, has the kernel run the
   exercise's driver on the learner's answer (``course.probe``), reads back plain arrays
   (``course.wire``: numbers only, no objects) and compares them with ``solutions`` here;
4. the test cell's outputs end with the judge's verdict, and that verdict alone is what
   nbgrader scores: every other output of the cell is made one that nbgrader does not
   score (an error or stderr becomes text on stdout, a result a display), so that nothing
   the learner's code prints or publishes can give or take points.

A kernel that dies is restarted, so the rest of the notebook is still graded; output
beyond a size limit is dropped. The cells after the last graded cell (long training runs
and pictures that no test reads) are not run at all. Kernels run where ``sandbox`` says
(``autograder.kernels``), in grading mode (``GRADING_ENVIRONMENT``).

What the judge found is kept in the notebook's metadata under ``backprop_course``, for the
instructor's report: per test cell, the problems and the catalogued mistake the answer
behaves like (decided here, from the answer's behaviour on the public probes); and what
was stopped (a dead kernel, a timeout, ...).
"""

import ast
import contextlib
import copy
import json
import os
import re
import secrets

import numpy as np
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer, Unicode

from autograder import METADATA
from autograder.exercises import all_hidden
from autograder.hidden import check_case
from autograder.kernels import SANDBOX_CHOICES, kernel_place
from autograder.localize import language_of
from autograder.sandbox import limit_names
from course import wire
from course.language import tr
from course.mistakes import match
from course.notebook import GRADING_VARIABLE
from course.probe import MIME

DEFAULT_TIMEOUT = 60  # seconds per cell: the longest solution cell takes a few

# What the kernels of a grading run see: grading mode (long training cells do less), and
# figures built but never laid out or rendered to PNG, since nobody looks at them and that
# is a good part of a notebook's run time. (plt.show() under Agg would warn: silenced.)
# One BLAS thread per kernel: grading workers run side by side, one per core, and BLAS
# threads competing with the other worker's kernel only spin.
GRADING_ENVIRONMENT = {
    GRADING_VARIABLE: "1",
    "MPLBACKEND": "agg",
    "PYTHONWARNINGS": "ignore:FigureCanvasAgg is non-interactive",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

# (what an output shows, what the instructor is told was stopped); {memory}, {processes},
# {disk} and {file_size} are the kernel's limits with their sizes (sandbox.limit_names)
STOPPED = [
    (re.compile(r"^KernelRestarted: the kernel stopped"), "the kernel died (exit, crash or "
     "memory limit of {memory}) and was restarted"),
    (re.compile(r"^KernelRestarted: this cell ran longer"), "a cell ignored the timeout "
     "and its kernel was restarted"),
    (re.compile(r"^CellTimeoutError"), "a cell ran past the time limit"),
    (re.compile(r"^MemoryError"), "memory limit ({memory})"),
    (re.compile(r"^BlockingIOError|Resource temporarily unavailable"),
     "process limit ({processes})"),
    (re.compile(r"No space left on device"), "disk limit ({disk})"),
    (re.compile(r"File too large"), "file size limit ({file_size})"),
    (re.compile(r"^(URLError|ConnectionRefusedError|OSError).*(unreachable|refused|"
                r"Temporary failure)"), "network access"),
    (re.compile(r"^(PermissionError|OSError).*(Read-only|Permission denied)"),
     "writing outside its folder"),
    (re.compile(r"^(ModuleNotFoundError|ImportError).*(solutions|autograder)"),
     "importing the reference"),
    (re.compile(r"\[output truncated"), "output over the size limit"),
]
LIMITS_UNKNOWN = {"memory": "?", "processes": "?", "disk": "?", "file_size": "?"}


def stopped_events(nb, limits: dict | None = None) -> list[str]:
    """What the executed notebook shows was stopped, each named once, in order, with the
    size of the limit that stopped it (``limits``: ``autograder.sandbox.limit_names``)."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                text = f"{output.ename}: {output.evalue}"
            elif output.output_type == "stream":
                text = output.text[-2000:]
            else:
                continue
            for pattern, what in STOPPED:
                what = what.format(**(limits or LIMITS_UNKNOWN))
                if pattern.search(text) and what not in found:
                    found.append(what)
    return found


@contextlib.contextmanager
def grading_environment():
    """Set GRADING_ENVIRONMENT for the kernels started inside; restore it afterwards."""
    previous = {key: os.environ.get(key) for key in GRADING_ENVIRONMENT}
    os.environ.update(GRADING_ENVIRONMENT)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def split_test_cell(source: str) -> tuple[str, list[tuple[str, str]]]:
    """The visible part of a test cell, and the (exercise, answer expression) of each
    ``grade(...)`` call in its hidden part."""
    if BEGIN_HIDDEN not in source:
        return source, []
    visible, rest = source.split(BEGIN_HIDDEN, 1)
    hidden, after = rest.split(END_HIDDEN, 1) if END_HIDDEN in rest else (rest, "")
    calls = []
    for node in ast.walk(ast.parse(hidden)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "grade" and len(node.args) == 2
                and isinstance(node.args[0], ast.Constant)):
            calls.append((node.args[0].value, ast.unparse(node.args[1])))
    return visible + after, calls


def known_mistake(name: str, seen):
    """The catalogued mistake (``course.mistakes.KnownMistake``) of exercise ``name`` that
    the answer's behaviour on the probes matches, decided here; None when none does or the
    report is malformed."""
    try:
        return match(name, seen) if isinstance(seen, list) and seen else None
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def error_output(ename: str, message: str) -> NotebookNode:
    return new_output("error", ename=ename, evalue=message,
                      traceback=[f"\x1b[31m✗ {line}\x1b[0m" for line in message.splitlines()])


def shown_only(output: NotebookNode) -> NotebookNode:
    """An output of a test cell's visible part, kept for the learner to read in a form
    that nbgrader does not score (it scores errors, stderr and a cell's result)."""
    if output.output_type == "error":
        return new_output("stream", name="stdout", text=f"{output.ename}: {output.evalue}\n")
    if output.output_type == "stream":
        return new_output("stream", name="stdout", text=output.get("text", ""))
    if output.output_type == "execute_result":
        return new_output("display_data", data=output.get("data", {}),
                          metadata=output.get("metadata", {}))
    return output


def last_graded(nb) -> int:
    """The index of the notebook's last graded cell (-1 if none). The cells after it are
    demos (training runs, pictures) that no test reads, and are not run while grading."""
    graded = [i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade")]
    return graded[-1] if graded else -1


class JudgedExecute(Execute):
    """nbgrader's Execute, with test cells judged outside the kernel (see module doc)."""

    max_output_bytes = Integer(
        2_000_000, help="Output a cell may print before the rest is dropped.").tag(config=True)
    sandbox = Unicode("required", help="Where kernels run: 'required' (the sandbox, or "
                      "grading refuses to start), 'if-available' or 'off' (see "
                      "autograder.kernels)").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        if self.sandbox not in SANDBOX_CHOICES:
            raise ValueError(f"JudgedExecute.sandbox must be one of {SANDBOX_CHOICES}")
        self._place = kernel_place(self.sandbox)  # SandboxUnavailable before any cell runs
        self._found = {}
        with grading_environment():
            nb, resources = super().preprocess(nb, resources, km=km)
        found = nb.metadata.setdefault(METADATA, {})
        found["cells"] = self._found
        found["stopped"] = stopped_events(nb, limit_names(self._place.mode))
        found["kernel"] = self._place.mode
        return nb, resources

    def create_kernel_manager(self):
        self.kernel_name = self._place.kernel_name
        km = super().create_kernel_manager()
        self._place.configure(km)
        return km

    def preprocess_cell(self, cell, resources, index):
        meta = cell.metadata.get("nbgrader", {})
        if index > last_graded(self.nb):
            return cell, resources  # nothing after the last test can change a grade: not run
        if cell.cell_type != "code" or not meta.get("grade"):
            return self._run(cell, resources, index)
        original = cell.source
        visible, calls = split_test_cell(original)
        cell.source = visible
        cell, resources = self._run(cell, resources, index)
        outputs = [shown_only(o) for o in cell.outputs]
        problems, mistakes = [], []
        self._unfinished = set()
        for name, expression in calls:
            found, mistake = self.judge(name, expression, index)
            problems += found
            if found and mistake:
                mistakes.append(mistake)
        unfinished = bool(calls) and self._unfinished == {name for name, _ in calls}
        if not calls:
            problems.append("this test cell has no hidden test the judge can run")
        cell.source = original
        problems = list(dict.fromkeys(problems))  # one line per distinct problem
        grade_id = meta.get("grade_id")
        if grade_id:
            mistake = mistakes[0] if mistakes else None
            self._found[grade_id] = {"problems": problems[:6],
                                     "mistake": mistake.name if mistake else None,
                                     "hint": mistake.hint if mistake else None,
                                     "not_attempted": unfinished and bool(problems)}
        language = language_of(self.nb)
        if problems:
            said = [tr(problem, language) for problem in problems[:6]]
            outputs.append(error_output("CheckFailed", tr("hidden tests failed:", language)
                                        + "\n  " + "\n  ".join(said)))
        else:
            outputs.append(new_output("stream", name="stdout",
                                      text="✓ " + tr("hidden tests passed.", language) + "\n"))
        cell.outputs = outputs
        return cell, resources

    def judge(self, name: str, expression: str, index: int) -> tuple[list[str], object]:
        """Run exercise ``name``'s hidden test on ``expression`` (the learner's answer);
        returns the problems found and the known mistake it behaves like (or None)."""
        test = all_hidden().get(name)
        if test is None:
            return [f"unknown exercise {name!r}"], None
        cases = test.cases(np.random.default_rng(secrets.randbits(64)))
        probe = new_code_cell(f"__import__('course.probe').probe.run({name!r}, {expression}, "
                              f"{wire.encode(cases)!r})")
        self._run(probe, {}, index, store_history=False)
        errors = [o for o in probe.outputs if o.output_type == "error"]
        if errors:
            return [f"{name}: could not run your answer: {errors[0].ename}: "
                    f"{str(errors[0].evalue).splitlines()[0] if errors[0].evalue else ''}"], None
        reports = [o for o in probe.outputs
                   if o.output_type == "display_data" and MIME in o.get("data", {})]
        if len(reports) != 1:
            return [f"{name}: your answer's results did not come back"], None
        try:
            report = wire.decode(reports[0].data[MIME])
            public, answered = report["public"], report["cases"]
        except (ValueError, KeyError, TypeError) as error:
            return [f"{name}: your answer's results were unreadable ({error})"], None
        mistake = known_mistake(name, report.get("behaviour"))
        seen = report.get("behaviour")
        if isinstance(seen, list) and seen and all(
                isinstance(s, dict) and s.get("raised") == "NotImplementedError" for s in seen):
            self._unfinished.add(name)  # every probe met the stub: not started
        problems = [public] if isinstance(public, str) else []
        if not isinstance(answered, list) or len(answered) != len(cases):
            return problems + [f"{name}: your answer did not answer every case"], mistake
        for inputs, case in zip(cases, answered):
            if not isinstance(case, dict):
                problems.append(f"{name}: unreadable result")
            elif "error" in case:
                problems.append(str(case["error"]))
            elif not isinstance(case.get("outputs"), dict) or not all(
                    isinstance(v, np.ndarray) for v in case["outputs"].values()):
                problems.append(f"{name}: results must be numbers")
            else:
                problems += check_case(test, copy.deepcopy(inputs), case["outputs"])
        return problems, mistake

    def _run(self, cell, resources, index, store_history=True):
        """Execute one cell; if the kernel dies, say so in the cell and start a new one."""
        self._output_bytes = 0
        try:
            if store_history:
                return super().preprocess_cell(cell, resources, index)
            # nbclient stores the executed cell at ``index``: put the notebook's own back
            own = self.nb.cells[index]
            try:
                self.execute_cell(cell, index, store_history=False)
            finally:
                self.nb.cells[index] = own
            return cell, resources
        except DeadKernelError:
            why = ("the kernel stopped while running this cell (exit(), a crash or more "
                   f"memory than its {limit_names(self._place.mode)['memory']}); later cells "
                   "run in a fresh kernel")
        except CellTimeoutError:
            why = (f"this cell ran longer than {self.timeout} s and did not stop when "
                   "interrupted; later cells run in a fresh kernel")
        cell.outputs = list(cell.get("outputs", [])) + [error_output("KernelRestarted", why)]
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=60)
        return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's output under ``max_output_bytes``; drop the rest, say so once."""
        size = len(json.dumps(msg.get("content", {}), default=str))
        self._output_bytes = getattr(self, "_output_bytes", 0) + size
        if self._output_bytes > self.max_output_bytes:
            if not getattr(outs, "_truncated", False) and not any(
                    o.get("name") == "stderr" and "output truncated" in o.get("text", "")
                    for o in outs):
                outs.append(new_output("stream", name="stderr", text=(
                    f"\n[output truncated: more than {self.max_output_bytes:,} bytes]\n")))
            return None
        return super().output(outs, msg, display_id, cell_index)
