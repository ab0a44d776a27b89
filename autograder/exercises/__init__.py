"""The instructor's half of each exercise: its hidden test and its known mistakes.

Each notebook has one module here, ``nbNN_<topic>.py``, beside the learner's half of the
same name in ``course/exercises/``. It declares ``HIDDEN``, a list of ``HiddenTest``, and
``MISTAKES``, a list of ``Mistake``; both refer to the learner's ``Exercise`` objects
themselves, so that an exercise is declared once and its two halves are joined by it.

A known mistake is the edit of the right answer that it is: ``edit(old, new)`` names the
text of the source notebook's answer that a learner writes differently (several with
``edits``); ``autograder.answers`` applies it to the reference answer cell when the
catalog is checked or the demo writes a mistaken notebook. A mistake that no edit of the
answer can say (a different structure altogether) is given as code instead.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np

from autograder.answers import answer
from course.checking import Exercise


@dataclass(frozen=True, eq=False)
class HiddenTest:
    """exercise: the learner's declaration; reference: the ``solutions`` object given to
    its driver; cases: ``cases(rng) -> list of input dicts`` (several shapes, batch 1
    included); rtol / atol: tolerances (tight enough, for an exercise done by hand, that
    central differences cannot meet them); rtol32 / atol32: those of float32 results,
    where they must differ (float32 rounding is far coarser than central differences in
    float64); check_dtype: float32 in, float32 out."""

    exercise: Exercise
    reference: object
    cases: Callable[[np.random.Generator], list[dict]]
    rtol: float = 1e-5
    atol: float = 1e-7
    check_dtype: bool = True
    rtol32: float | None = None
    atol32: float | None = None

    def tolerances(self, dtype) -> tuple[float, float]:
        """(rtol, atol) for results of ``dtype``."""
        if np.dtype(dtype) == np.float32:
            return (self.rtol if self.rtol32 is None else self.rtol32,
                    self.atol if self.atol32 is None else self.atol32)
        return self.rtol, self.atol


class Edits(tuple):
    """(text of the right answer, what the learner wrote instead), one pair per change."""


def edit(old: str, new: str) -> Edits:
    """One change of the answer: ``old`` (found exactly once) becomes ``new``."""
    return Edits(((old, new),))


def edits(*pairs: tuple[str, str]) -> Edits:
    """Several changes of the answer, each (old, new)."""
    return Edits(pairs)


@dataclass(frozen=True, eq=False)
class Mistake:
    """exercise: the learner's declaration; name: a few words ("dx without the transpose");
    change: ``edit(...)``/``edits(...)`` of the source answer, or the variant as code;
    hint: what is wrong and where, then (a tuple of steps) the rule in words, never the
    line to write; seed: the note that has it ("001"), or "" for a common slip;
    harmless: a way of writing the answer that looks wrong but is right (it must pass
    everything, and is not shipped); demo: ``course demo`` submits this one."""

    exercise: Exercise
    name: str
    change: object
    hint: str | tuple[str, ...]
    seed: str = ""
    harmless: bool = False
    demo: bool = False

    @property
    def steps(self) -> tuple[str, ...]:
        return (self.hint,) if isinstance(self.hint, str) else tuple(self.hint)

    @cached_property
    def variant(self):
        """The mistaken answer: the source's answer with the edits applied, or the code."""
        if isinstance(self.change, Edits):
            return answer(self.exercise, self.change)
        return self.change


@cache
def modules() -> tuple:
    """Every notebook's instructor module, in notebook order."""
    return tuple(importlib.import_module(f"{__name__}.{info.name}")
                 for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
                 if info.name.startswith("nb"))


@cache
def all_hidden() -> dict[str, HiddenTest]:
    """Every hidden test, by its exercise's name."""
    return {test.exercise.name: test for module in modules() for test in module.HIDDEN}


@cache
def all_mistakes() -> tuple[Mistake, ...]:
    """Every known mistake, in notebook order."""
    return tuple(m for module in modules() for m in module.MISTAKES)
