"""Hidden tests: each exercise's answer against ``solutions`` on fresh random inputs.

A hidden test (``autograder.exercises.HiddenTest``) first runs the exercise's public
checks (which include numerical gradient checks), then drives the learner's answer and the
reference through the *same* driver on inputs drawn at grading time, and compares every
result: shapes, dtypes, values, and that no input was changed in place. The judge
(``autograder.judge``) runs the same comparison from outside the learner's kernel;
``grade`` runs it in this process (the source notebooks' hidden cells, the tests).
"""

import numpy as np

from autograder.exercises import HiddenTest, all_hidden
from course.checking import CheckFailed, Runner, fmt


def describe(inputs: dict) -> str:
    """'x (1, 3) float32, dout (1, 3) float32' — which case failed, without its values."""
    parts = []
    for key, value in inputs.items():
        if isinstance(value, np.ndarray):
            parts.append(f"{key} {value.shape} {value.dtype}")
        elif not callable(value):
            parts.append(f"{key}={value!r}" if np.ndim(value) == 0 else key)
    return ", ".join(parts)


def compare(test: HiddenTest, title: str, case: str, got: dict, want: dict) -> list[str]:
    """The differences between the learner's outputs and the reference's, as sentences."""
    problems = []
    for key, expected in want.items():
        if key not in got:
            problems.append(f"{key} is missing")
            continue
        value = got[key]
        if value.shape != expected.shape:
            problems.append(f"{key} has shape {value.shape}, expected {expected.shape}")
        elif test.check_dtype and expected.dtype.kind == "f" and value.dtype != expected.dtype:
            problems.append(f"{key} has dtype {value.dtype}, expected {expected.dtype} "
                            "(keep the dtype of the inputs)")
        elif expected.dtype.kind == "f" and not np.all(np.isfinite(value)):
            problems.append(f"{key} contains NaN or inf: {fmt(value)}")
        elif not np.allclose(value.astype(np.float64), expected.astype(np.float64),
                             *test.tolerances(expected.dtype)):
            error = float(np.max(np.abs(value.astype(np.float64) - expected)))
            problems.append(f"{key} differs from the expected values (largest difference "
                            f"{error:.3g})")
    return [f"{title}, case [{case}]: {p}" for p in problems]


def check_case(test: HiddenTest, inputs: dict, got: dict) -> list[str]:
    """Compare the learner's outputs ``got`` on ``inputs`` with the reference's."""
    want = Runner(test.exercise, test.reference)(**inputs)
    return compare(test, test.exercise.title, describe(inputs), got, want)


def failure(problems: list[str]) -> CheckFailed:
    distinct = list(dict.fromkeys(problems))
    return CheckFailed("hidden tests failed:\n  " + "\n  ".join(distinct[:6]))


def grade(name: str, answer, seed: int | None = None) -> None:
    """The hidden test of exercise ``name``, run in this process: raises CheckFailed unless
    ``answer`` is right. (The autograder's judge runs the same test from outside the
    learner's kernel.)"""
    test = all_hidden()[name]
    exercise = test.exercise
    exercise.public(Runner(exercise, answer))
    problems = []
    for inputs in test.cases(np.random.default_rng(seed)):
        got = Runner(exercise, answer)(**inputs)
        problems += check_case(test, inputs, got)
    if problems:
        raise failure(problems)
    print(f"✓ {exercise.title}: hidden tests passed.")
