"""Every graded exercise of the course, found by name.

Each notebook has one module here, ``nbNN_<topic>.py``, ending with a list ``EXERCISES``
of ``course.checking.Exercise``. They are collected on first use.
"""

import importlib
import pkgutil
from functools import cache

from course.checking import Exercise


@cache
def all_exercises() -> dict[str, Exercise]:
    """Every exercise of every notebook module, by name."""
    found: dict[str, Exercise] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module_info.name.startswith("nb"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for exercise in module.EXERCISES:
            if exercise.name in found:
                raise RuntimeError(f"two exercises are named {exercise.name!r}")
            found[exercise.name] = exercise
    return found


def find(name: str) -> Exercise:
    """The exercise called ``name``, or a KeyError listing the names that exist."""
    exercises = all_exercises()
    if name not in exercises:
        raise KeyError(f"no exercise is called {name!r}; known: {', '.join(sorted(exercises))}")
    return exercises[name]


@cache
def _numbers() -> dict[int, str]:
    """id(exercise) -> the number of its notebook ('03'), from its module's name."""
    numbers = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("nb"):
            module = importlib.import_module(f"{__name__}.{module_info.name}")
            numbers.update({id(e): module_info.name[2:4] for e in module.EXERCISES})
    return numbers


def notebook_of(exercise: Exercise) -> str:
    """The number of the notebook that has ``exercise`` ('03')."""
    return _numbers()[id(exercise)]


def title_of(grade_id: str) -> str:
    """'MulLayer forward and backward' for 'mul_layer_test' (or 'mul_layer'); the id
    itself when no exercise has it."""
    exercise = all_exercises().get(grade_id.removesuffix("_test"))
    return exercise.title if exercise else grade_id
