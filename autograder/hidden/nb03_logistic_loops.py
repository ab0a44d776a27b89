"""Hidden tests of notebook 03: logistic regression on one example, the for-loop over m
examples and gradient descent with it, on inputs drawn at grading time.
"""

import numpy as np

import solutions
from autograder.hidden import HiddenTest


def reference_descent(w, b, X, Y, learning_rate, iterations):
    return solutions.gradient_descent(w, b, X, Y, learning_rate, iterations,
                                      gradients=solutions.logistic_gradients_loop)


def _labels(rng, m, dtype=np.float64):
    """m labels 0/1 with both classes present when m >= 2."""
    Y = (rng.random(m) < 0.5).astype(dtype)
    if m >= 2:
        Y[rng.permutation(m)[:2]] = [0, 1]
    return Y


def _problem(rng, m, n, dtype=np.float64):
    """X (m, n), Y (m,), w (n,), b: moderate values, so that no a is exactly 0 or 1."""
    return {"w": (rng.normal(size=n) * 0.6).astype(dtype), "b": float(rng.normal() * 0.5),
            "X": rng.normal(size=(m, n)).astype(dtype), "Y": _labels(rng, m, dtype)}


def one_example_cases(rng):
    cases = []
    for n, y in [(1, 0.0), (1, 1.0), (2, 0.0), (2, 1.0), (4, 1.0), (7, 0.0)]:
        cases.append({"w": rng.normal(size=n) * 0.6, "b": float(rng.normal() * 0.5),
                      "x": rng.normal(size=n), "y": y})
    cases.append({"w": (rng.normal(size=3) * 0.6).astype(np.float32), "b": 0.25,
                  "x": rng.normal(size=3).astype(np.float32), "y": 1.0})
    return cases


def loop_cases(rng):
    cases = [_problem(rng, m, n) for m, n in [(1, 1), (1, 4), (2, 2), (5, 3), (3, 5), (8, 2),
                                              (4, 4)]]
    cases.append(_problem(rng, 6, 3, np.float32))
    return cases


def descent_cases(rng):
    cases = []
    for (m, n), learning_rate, iterations in [((1, 2), 0.5, 3), ((4, 3), 0.3, 10),
                                              ((6, 2), 1.0, 15), ((3, 3), 0.1, 1),
                                              ((5, 4), 0.2, 6)]:
        cases.append({**_problem(rng, m, n), "learning_rate": learning_rate,
                      "iterations": iterations})
    cases.append({**_problem(rng, 5, 2, np.float32), "learning_rate": 0.5, "iterations": 8})
    return cases


HIDDEN = [
    HiddenTest("logistic_one_example", solutions.logistic_gradients_one_example,
               one_example_cases,
               rtol=1e-5, atol=1e-6, check_dtype=False),
    HiddenTest("logistic_loop", solutions.logistic_gradients_loop, loop_cases,
               rtol=1e-5, atol=1e-6,
               check_dtype=False),
    HiddenTest("logistic_descent", reference_descent, descent_cases, rtol=1e-5, atol=1e-6,
               check_dtype=False),
]
