"""Recognising known mistakes by what they do, not by how they are written.

The catalog of known mistakes (``autograder/mistakes/``) holds each buggy variant as code.
That code stays with the grader: a buggy Affine is a correct Affine but for one line. What
learners receive is the variant's *behaviour* on each exercise's probe inputs (public,
fixed inputs chosen so that every variant behaves differently from the right answer and
from the other variants), generated into ``course/exercises/mistakes.json``.

A behaviour, for one probe: ``{"raised": "ValueError"}`` when the answer raised,
``{"changed": "dout"}`` when it changed an input in place, or ``{"outputs": {key: value}}``
with every result of the exercise's driver.
"""

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from course.checking import Exercise, as_numbers, same_array, to_json

CATALOG_FILE = Path(__file__).resolve().parent / "exercises" / "mistakes.json"
RTOL, ATOL = 1e-6, 1e-9


@dataclass(frozen=True)
class KnownMistake:
    """One catalog entry as learners receive it: its name, its hint in steps (the first
    says what is wrong and where, the next states the rule in words) and its behaviour
    per probe."""

    exercise: str
    name: str
    steps: tuple[str, ...]
    behaviour: tuple

    @property
    def hint(self) -> str:
        """The first step: what the feedback and the grader show."""
        return self.steps[0]


# Errors whose message is the same whichever way the code is written; for the others
# (shape errors, say) the message depends on np.dot against @, and only the type is kept.
SAID_THE_SAME_WAY = (NameError, TypeError, AttributeError, KeyError, AssertionError)


def _error_kind(error: BaseException) -> str:
    """'ValueError'; 'FloatingPointError: overflow'; or the type with its first line, for
    errors that say the same thing however the code was written."""
    kind = type(error).__name__
    if isinstance(error, FloatingPointError):
        words = str(error).split()
        kind += f": {words[0] if words else ''}"
    elif isinstance(error, SAID_THE_SAME_WAY):
        first = (str(error).splitlines() or [""])[0]
        kind += ": " + re.sub(r"^[\w.]+\(\) ", "", first)[:160]
    return kind


def observe(exercise: Exercise, answer, inputs: dict) -> dict:
    """What ``answer`` does on ``inputs``, through the exercise's driver (see the module)."""
    pristine = copy.deepcopy(inputs)
    working = copy.deepcopy(inputs)
    try:
        outputs = exercise.call(answer, working)
        arrays = {key: as_numbers(key, value) for key, value in outputs.items()}
    except Exception as error:  # any behaviour of the learner's code is a fingerprint
        return {"raised": _error_kind(error)}
    for key, before in pristine.items():
        if isinstance(before, np.ndarray) and not same_array(before, working[key]):
            return {"changed": key}
    return {"outputs": {key: to_json(a) for key, a in arrays.items()}}


def same_behaviour(a: dict, b: dict) -> bool:
    """True when two observations agree: same error, same changed input, or the same
    outputs (keys, shapes, dtypes, and values within a small tolerance)."""
    if set(a) != set(b):
        return False
    if "outputs" not in a:
        return a == b
    if set(a["outputs"]) != set(b["outputs"]):
        return False
    for key, x in a["outputs"].items():
        y = b["outputs"][key]
        if x["dtype"] != y["dtype"]:
            return False
        u = np.asarray(x["value"], dtype=np.float64)
        v = np.asarray(y["value"], dtype=np.float64)
        if u.shape != v.shape or not np.allclose(u, v, rtol=RTOL, atol=ATOL, equal_nan=True):
            return False
    return True


def same_behaviours(a, b) -> bool:
    """True when two answers behaved alike on every probe (sequences of observations)."""
    return len(a) == len(b) and all(same_behaviour(x, y) for x, y in zip(a, b))


def behaviour(exercise: Exercise, answer) -> tuple:
    """``answer``'s observation on each of the exercise's probes."""
    return tuple(observe(exercise, answer, inputs) for inputs in exercise.probes)


@cache
def catalog() -> dict[str, list[KnownMistake]]:
    """The shipped catalog: exercise name -> its known mistakes, in catalog order."""
    if not CATALOG_FILE.exists():
        return {}
    entries = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    found: dict[str, list[KnownMistake]] = {}
    for entry in entries:
        hint = entry["hint"]
        found.setdefault(entry["exercise"], []).append(KnownMistake(
            entry["exercise"], entry["name"], (hint,) if isinstance(hint, str) else tuple(hint),
            tuple(entry["behaviour"])))
    return found


def recognise(exercise: Exercise, answer) -> KnownMistake | None:
    """The first known mistake of ``exercise`` that ``answer`` behaves exactly like."""
    if not catalog().get(exercise.name) or not exercise.probes:
        return None
    return match(exercise.name, behaviour(exercise, answer))


def match(name: str, seen) -> KnownMistake | None:
    """The first known mistake of exercise ``name`` whose behaviour is ``seen`` (one
    observation per probe, as ``behaviour`` gives them); None for an unfinished answer."""
    if all("raised" in s and s["raised"] == "NotImplementedError" for s in seen):
        return None
    for mistake in catalog().get(name, []):
        if same_behaviours(seen, mistake.behaviour):
            return mistake
    return None
