"""The machinery behind every check cell: exercises, drivers and failure messages.

An exercise is graded through its *driver*: a small function that calls the learner's
answer (a function or a class) on given inputs and returns everything observable as a
dict of plain NumPy arrays. The same driver serves the public check in the notebook, the
hidden tests at grading time and the catalog of known mistakes, so all three look at the
learner's code in exactly the same way.

A failed check raises ``CheckFailed``: Jupyter shows its message alone, without a
traceback, and nbgrader counts the cell as failed.
"""

import contextlib
import copy
import inspect
import json
import sys
import textwrap
import traceback
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from course import gradcheck
from course.language import tr

# The reference's outputs on each exercise's examples, computed from the grader's
# reference when the course is released (``python -m autograder.catalog``): the public
# checks compare with these numbers, so that the learner's package computes no answer.
EXPECTED_FILE = Path(__file__).resolve().parent / "exercises" / "expected.json"

# Frameworks that differentiate by themselves: never importable while a by-hand answer runs.
FRAMEWORKS = ("torch", "tensorflow", "jax", "autograd")

RED, GREEN, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"
WIDTH = 80  # columns of a message line in a notebook's output


class CheckFailed(AssertionError):
    """A check that did not pass; its message says what was expected and what came back."""

    symbol = "✗"

    def __init__(self, message: str, hint: str | None = None, mistake: str | None = None):
        self.message = message
        self.hint = hint
        self.mistake = mistake  # the name of the known mistake it matched, if any
        super().__init__(self.__str__())

    def __str__(self):
        """The message, the known mistake and the hint, in the learner's language."""
        named = "\n" + tr(f"Known mistake: {tr(self.mistake)}.") if self.mistake else ""
        hint = "\n" + tr(f"Hint: {tr(self.hint)}") if self.hint else ""
        return tr(self.message) + named + hint

    def _render_traceback_(self):
        """IPython shows these lines instead of a traceback: each at most WIDTH columns, so
        that no box cuts them (nbgrader's Validate dialog does not wrap)."""
        lines = [piece for line in (str(self).splitlines() or [""])
                 for piece in wrapped(line, WIDTH - 2)]
        return [f"{RED}{BOLD}{self.symbol} {lines[0]}{RESET}"] + [f"{RED}  {ln}{RESET}"
                                                                   for ln in lines[1:]]


def columns(text: str) -> int:
    """The columns ``text`` takes on screen: Korean letters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped(line: str, width: int) -> list[str]:
    """``line`` broken at spaces into pieces of at most ``width`` columns where it can
    be; continuations are indented two spaces deeper than the line."""
    if columns(line) == len(line):  # one column a character: textwrap counts right
        indent = line[:len(line) - len(line.lstrip())]
        return textwrap.wrap(line, width, subsequent_indent=indent + "  ",
                             break_long_words=False, break_on_hyphens=False) or [line]
    indent = line[:len(line) - len(line.lstrip())]
    pieces, current = [], ""
    for word in line.split():
        candidate = f"{current} {word}" if current else indent + word
        if current and columns(candidate) > width:
            pieces.append(current)
            current = indent + "  " + word
        else:
            current = candidate
    return pieces + [current or line]


class NotImplementedYet(CheckFailed):
    """The answer still raises ``NotImplementedError``: the exercise is not started."""

    symbol = "…"


@dataclass(frozen=True, eq=False)
class Exercise:
    """One graded exercise: the learner's half of its declaration. The instructor's half
    (hidden test, known mistakes) refers to this object (``autograder/exercises``).

    name: the id used in check cells (``check("mul_layer", MulLayer)``).
    title: what the learner wrote, in words ("MulLayer forward and backward").
    points: what its test cell is worth.
    drive: ``drive(answer, **inputs) -> dict`` calls the learner's answer on the inputs and
        returns every observable result (numbers or arrays).
    public: ``public(run)`` runs the public checks; ``run(**inputs)`` returns the driver's
        outputs as float arrays, with friendly errors; it raises CheckFailed on a failure.
    still_hidden: what the hidden tests look at beyond the public checks.
    probes: fixed input dicts on which the catalog of known mistakes is told apart (see
        ``course.mistakes``): each known mistake behaves differently from the right answer,
        and from every other known mistake, on at least one of them.
    examples: named fixed input dicts whose right outputs the public checks compare with
        (``run.example(name)``); the outputs are stored at release, never computed here.
    withheld: names that the answer may not use while it runs (the tape, the numerical
        gradient, a sibling exercise's answer): a point certifies the skill the exercise
        asks for, not a shortcut around it. Frameworks (``FRAMEWORKS``) go with them.
    """

    name: str
    title: str
    drive: Callable[..., dict]
    public: Callable[["Runner"], None]
    still_hidden: str
    probes: tuple = ()
    points: int = 0
    examples: dict = field(default_factory=dict)
    withheld: tuple = ()

    def call(self, answer, inputs: dict) -> dict:
        """``drive(answer, **inputs)`` with the withheld names out of the answer's reach."""
        with withholding(self, answer):
            return self.drive(answer, **inputs)


class Runner:
    """Calls ``answer`` through an exercise's driver and returns clean arrays.

    - ``NotImplementedError`` from the answer becomes NotImplementedYet;
    - any other exception becomes CheckFailed naming the exception and the line of the
      learner's code that raised it;
    - results must be numbers: objects that only pretend to be arrays are refused;
    - an input array that the answer changed in place is reported.
    """

    def __init__(self, exercise: Exercise, answer):
        self.exercise = exercise
        self.answer = answer
        self.calls: list[tuple[dict, dict]] = []

    def __call__(self, **inputs) -> dict[str, np.ndarray]:
        pristine = copy.deepcopy(inputs)
        working = copy.deepcopy(inputs)
        title = self.exercise.title
        try:
            outputs = self.exercise.call(self.answer, working)
        except CheckFailed:
            raise
        except NotImplementedError:
            raise NotImplementedYet(
                f"{title}: not implemented yet.\n"
                "Write your code in place of `raise NotImplementedError()` in the exercise "
                "cell above, run that cell, then run this check again.") from None
        except Exception as error:  # the learner's code may raise anything
            raise CheckFailed(f"{title}: your code raised {type(error).__name__}: {error}"
                              f"{_where(error)}") from None
        for key, before in pristine.items():
            if isinstance(before, np.ndarray) and not same_array(before, working[key]):
                raise CheckFailed(
                    f"{title}: your code changed the caller's array `{key}` in place.",
                    hint=f"work on a copy (`{key}.copy()`) or build a new array "
                         "(`np.where(...)`, arithmetic) instead of assigning into it.")
        clean = {key: as_numbers(f"{title}: {key}", value) for key, value in outputs.items()}
        self.calls.append((pristine, clean))
        return clean

    def example(self, name: str) -> tuple[dict, dict]:
        """(the answer's outputs, the right outputs) on the exercise's example ``name``."""
        return self(**self.exercise.examples[name]), expected(self.exercise.name, name)


@cache
def _all_expected() -> dict:
    try:
        return json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def expected(exercise: str, example: str) -> dict[str, np.ndarray]:
    """The right outputs of ``exercise`` on its example ``example``, as stored at release."""
    try:
        stored = _all_expected()[exercise][example]
    except KeyError:
        raise RuntimeError(f"no stored result for example {example!r} of {exercise!r}: "
                           "regenerate with `python -m autograder.catalog`") from None
    return {key: from_json(value) for key, value in stored.items()}


def to_json(array: np.ndarray) -> dict:
    """An array as JSON data, exactly: its dtype and its values."""
    return {"dtype": str(array.dtype), "value": array.tolist()}


def from_json(data: dict) -> np.ndarray:
    return np.array(data["value"], dtype=data["dtype"])


class Withheld:
    """What a withheld name means while an answer runs: using it fails, saying why."""

    def __init__(self, name: str, exercise: Exercise):
        self._message = (f"{exercise.title}: `{name}` is not available in this exercise, "
                         "which asks you to work the result out yourself.")

    def _refuse(self, *args, **kwargs):
        raise CheckFailed(self._message, hint="write the computation out step by step, as "
                          "the cells above derive it; a shortcut earns no points here.")

    __call__ = _refuse

    def __getattr__(self, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        self._refuse()


def _namespace(answer) -> dict | None:
    """The global names the answer's code sees (a function's, or a class's methods')."""
    if hasattr(answer, "__globals__"):
        return answer.__globals__
    for member in vars(answer).values() if isinstance(answer, type) else ():
        function = getattr(member, "__func__", member)
        if hasattr(function, "__globals__"):
            return function.__globals__
    return None


@contextlib.contextmanager
def withholding(exercise: Exercise, answer):
    """While inside: each of ``exercise.withheld`` (and every other name bound to the same
    object, in the answer's namespace and in the ``course`` modules), and the frameworks,
    are out of the answer's reach; everything is put back afterwards."""
    if not exercise.withheld:
        yield
        return
    namespace = _namespace(answer)
    places = ([namespace] if namespace is not None else []) + _course_namespaces()
    names = (*exercise.withheld, *FRAMEWORKS)
    helpers = vars(gradcheck)
    own = [namespace] if namespace is not None else []
    targets = {id(place[name]) for place in (*own, helpers) for name in names
               if name in place and (callable(place[name]) or inspect.ismodule(place[name]))}
    saved = [(place, key, value) for place in places for key, value in list(place.items())
             if id(value) in targets and not key.startswith("__")]
    blocked = {}
    if any(name in sys.modules for name in FRAMEWORKS):  # imported already: hide them too
        blocked = {name: module for name, module in sys.modules.items()
                   if name.split(".")[0] in FRAMEWORKS}
    refusal = _FrameworkRefusal(exercise)
    try:
        for place, key, _ in saved:
            place[key] = Withheld(key, exercise)
        for name in blocked:
            del sys.modules[name]  # imported again meanwhile, they meet the refusal
        sys.meta_path.insert(0, refusal)
        yield
    finally:
        sys.meta_path.remove(refusal)
        for place, key, value in saved:
            place[key] = value
        sys.modules.update(blocked)


def _course_namespaces() -> list[dict]:
    """The global names of every ``course`` module loaded (where a helper may be reached
    under another name)."""
    return [vars(module) for name, module in list(sys.modules.items())
            if module is not None and (name == "course" or name.startswith("course."))]


class _FrameworkRefusal:
    """An import hook that refuses the frameworks (``FRAMEWORKS``) while it is in place."""

    def __init__(self, exercise: Exercise):
        self.exercise = exercise

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in FRAMEWORKS:
            raise ImportError(f"{name} is not available in this exercise, which asks you "
                              "to work the result out yourself")
        return None




def same_array(a: np.ndarray, b) -> bool:
    """True when ``b`` is still an array equal to ``a`` (NaN equal to NaN for floats)."""
    return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(
        a, b, equal_nan=np.issubdtype(a.dtype, np.floating))


def _where(error: BaseException) -> str:
    """' (in your code, line N: ...)' for the innermost frame of notebook code, if any."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f.filename.startswith(("<ipython-input", "/tmp/ipykernel_", "<cell"))]
    if not frames:
        return ""
    frame = frames[-1]
    return f"\n  in your code, line {frame.lineno}: {frame.line}"


def as_numbers(label: str, value) -> np.ndarray:
    """``value`` as a plain NumPy array of numbers, or CheckFailed saying what it was."""
    if value is None:
        raise CheckFailed(f"{label} is None: did you forget a `return`?")
    try:
        array = np.array(value, copy=True, subok=False)
    except Exception as error:
        raise CheckFailed(f"{label} is not a number or an array of numbers: {error}") from None
    if array.dtype.kind not in "biuf":
        raise CheckFailed(f"{label} should be a number or an array of numbers, "
                          f"got {type(value).__name__} (dtype {array.dtype}).")
    return array


def unpack(value, count: int, what: str) -> tuple:
    """Split ``value`` into ``count`` results, or say what the learner returned instead."""
    if not isinstance(value, (tuple, list)) or len(value) != count:
        shown = type(value).__name__ if not isinstance(value, (tuple, list)) else (
            f"{len(value)} values")
        raise CheckFailed(f"{what} should return {count} values, it returned {shown}.")
    return tuple(value)


SHAPE_ERRORS = ("not aligned", "mismatch in its core dimension", "could not be broadcast")


def run_with_hints(run, hints, **inputs) -> dict:
    """``run(**inputs)``; a failure whose message contains one of a hint's patterns gets
    that hint (the first that matches). ``hints``: [(patterns, hint), ...]."""
    try:
        return run(**inputs)
    except NotImplementedYet:
        raise
    except CheckFailed as failure:
        for patterns, hint in hints:
            if any(p in failure.message for p in patterns):
                raise CheckFailed(failure.message, hint) from None
        raise


def matches(got, value, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``got`` is finite and has ``value``'s shape and values: how a known
    mistake is recognised by the numbers it produces."""
    got = np.asarray(got, dtype=np.float64)
    value = np.asarray(value, dtype=np.float64)
    return got.shape == value.shape and bool(np.all(np.isfinite(got))) and bool(
        np.allclose(got, value, rtol=rtol, atol=atol))


def fmt(value) -> str:
    """A short, readable rendering of a number or an array."""
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{array.item():.6g}" if array.dtype.kind == "f" else str(array.item())
    return np.array2string(array, precision=4, suppress_small=True, threshold=20,
                           separator=", ")


def expect_shape(label: str, got: np.ndarray, shape: tuple, hint: str | None = None) -> None:
    """Fail unless ``got`` has exactly ``shape``."""
    if np.shape(got) != tuple(shape):
        raise CheckFailed(f"{label} has shape {np.shape(got)}, expected {tuple(shape)}.", hint)


def expect_dtype(label: str, got: np.ndarray, dtype, hint: str | None = None) -> None:
    """Fail unless ``got`` has ``dtype`` (float32 in should give float32 out)."""
    if np.asarray(got).dtype != np.dtype(dtype):
        raise CheckFailed(f"{label} has dtype {np.asarray(got).dtype}, expected "
                          f"{np.dtype(dtype)}.", hint)


def expect_close(label: str, got, expected, rtol: float = 1e-6, atol: float = 1e-8,
                 hint: str | None = None) -> None:
    """Fail unless ``got`` has ``expected``'s shape and values (within tolerance)."""
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got)
    if got.shape != expected.shape:
        raise CheckFailed(f"{label} has shape {got.shape}, expected {expected.shape}.", hint)
    if not np.all(np.isfinite(got)):
        raise CheckFailed(f"{label} contains NaN or inf: {fmt(got)}", hint or (
            "look for exp() of a large number, log(0) or a division by zero."))
    if not np.allclose(got.astype(np.float64), expected, rtol=rtol, atol=atol):
        diff = float(np.max(np.abs(got.astype(np.float64) - expected)))
        raise CheckFailed(f"{label} is wrong.\n  expected: {fmt(expected)}\n  got:      "
                          f"{fmt(got)}\n  (largest difference {diff:.3g})", hint)


def expect_gradient(label: str, analytic, numerical, tolerance: float = 1e-6,
                    hint: str | None = None) -> None:
    """Fail unless a backward result agrees with central differences of the forward."""
    analytic = np.asarray(analytic)
    numerical = np.asarray(numerical)
    if analytic.shape != numerical.shape:
        raise CheckFailed(f"{label} has shape {analytic.shape}, but the input it is the "
                          f"gradient of has shape {numerical.shape}.", hint)
    error = gradcheck.relative_error(analytic, numerical)
    if not error <= tolerance:
        raise CheckFailed(
            f"{label} does not match the numerical gradient of your forward pass "
            f"(relative error {error:.2g}, should be below {tolerance:g}).\n"
            f"  your backward: {fmt(analytic)}\n  numerical:     {fmt(numerical)}", hint)


def report_pass(exercise: Exercise) -> None:
    """Print the success message, and what a pass here does not yet prove."""
    passed = tr(f"{tr(exercise.title)}: all public checks passed.")
    still = tr(f"The hidden tests will still check {tr(exercise.still_hidden)}.")
    print(f"{GREEN}{BOLD}✓ {passed}{RESET}\n  {still}")
