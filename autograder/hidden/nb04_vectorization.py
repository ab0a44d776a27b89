"""Hidden tests of notebook 04: vectorized logistic regression, gradient descent for any
parameter shapes and softmax regression, on inputs drawn at grading time."""

import numpy as np

import solutions
from autograder.hidden import HiddenTest


def reference_descent(w, b, X, Y, gradients, learning_rate, iterations):
    return solutions.gradient_descent(w, b, X, Y, learning_rate, iterations,
                                      gradients=gradients)


def _labels(rng, m, dtype=np.float64):
    """m labels 0/1 with both classes present when m >= 2."""
    Y = (rng.random(m) < 0.5).astype(dtype)
    if m >= 2:
        Y[rng.permutation(m)[:2]] = [0, 1]
    return Y


def logistic_cases(rng):
    cases = []
    for (m, n), dtype in [((1, 1), np.float64), ((1, 5), np.float64), ((3, 3), np.float64),
                          ((7, 2), np.float64), ((2, 7), np.float64), ((50, 10), np.float64),
                          ((9, 4), np.float32), ((1, 3), np.float32)]:
        cases.append({"w": (rng.normal(size=n) * 0.5).astype(dtype),
                      "b": float(rng.normal() * 0.5),
                      "X": rng.normal(size=(m, n)).astype(dtype), "Y": _labels(rng, m, dtype)})
    cases.append({"w": rng.normal(size=3) * 0.5, "b": 0.0, "X": rng.normal(size=(6, 3)),
                  "Y": _labels(rng, 6).astype(np.int64)})
    return cases


def descent_cases(rng):
    cases = []
    # (m, n, C or None for vector parameters, which, learning_rate, iterations, dtype)
    for m, n, C, which, learning_rate, iterations, dtype in [
            (5, 3, None, 0, 0.1, 10, np.float64), (1, 2, None, 0, 0.2, 3, np.float64),
            (6, 4, 2, 0, 0.05, 12, np.float64), (4, 3, 3, 1, 0.3, 5, np.float64),
            (3, 2, None, 1, 0.5, 1, np.float64), (4, 3, 2, 0, 0.1, 6, np.float32),
            (2, 3, None, 1, 0.2, 4, np.float32)]:
        shape = (n,) if C is None else (n, C)
        cases.append({
            "w": rng.normal(size=shape).astype(dtype),
            "b": float(rng.normal()) if C is None else rng.normal(size=C).astype(dtype),
            "X": rng.normal(size=(m, n)).astype(dtype),
            "Y": rng.normal(size=(m,) if C is None else (m, C)).astype(dtype),
            "which": which, "learning_rate": learning_rate, "iterations": iterations})
    return cases


def _likely_one_hot(rng, X, W, b, dtype):
    """One-hot targets whose softmax probability is at least 0.05, so that every guard of
    the log (np.maximum(P, 1e-7), P + 1e-7) gives the same loss."""
    P = solutions.softmax(X.astype(np.float64) @ W.astype(np.float64) + b)
    labels = [rng.choice(np.flatnonzero(row >= 0.05)) for row in P]
    return np.eye(W.shape[1], dtype=dtype)[labels]


def softmax_cases(rng):
    cases = []
    for (m, n, C), dtype, zoo in [((1, 3, 4), np.float64, False), ((5, 4, 3), np.float64, False),
                                  ((4, 4, 4), np.float64, False), ((3, 1, 2), np.float64, False),
                                  ((12, 16, 7), np.float64, True), ((6, 5, 3), np.float32, False),
                                  ((1, 16, 7), np.float32, True)]:
        if zoo:   # like the Zoo table: features 0/1, one column of legs 0..8
            X = (rng.random((m, n)) < 0.4).astype(dtype)
            X[:, 12] = rng.choice([0, 2, 4, 6, 8], size=m)
            W = (rng.normal(size=(n, C)) * 0.2).astype(dtype)
        else:
            X = rng.normal(size=(m, n)).astype(dtype)
            W = (rng.normal(size=(n, C)) * 0.5).astype(dtype)
        b = (rng.normal(size=C) * 0.5).astype(dtype)
        cases.append({"W": W, "b": b, "X": X, "T": _likely_one_hot(rng, X, W, b, dtype)})
    cases.append(_mixed_scale_case(rng))
    return cases


def _mixed_scale_case(rng):
    """Rows of very different scale: scores in the thousands next to scores near 0, so
    that only a softmax that subtracts each row's own max stays finite."""
    m, n, C = 4, 3, 3
    X = rng.normal(size=(m, n))
    X[0] *= 2000 / np.max(np.abs(X[0]))
    W = rng.normal(size=(n, C))
    W[:, 0] = np.sign(X[0]) * (np.abs(W[:, 0]) + 0.5)   # row 0 scores >= 1000 for class 0
    b = rng.normal(size=C) * 0.5
    return {"W": W, "b": b, "X": X, "T": _likely_one_hot(rng, X, W, b, np.float64)}


HIDDEN = [
    HiddenTest("logistic_vectorized", solutions.logistic_propagate, logistic_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest("vectorized_descent", reference_descent, descent_cases, rtol=1e-5, atol=1e-6),
    HiddenTest("softmax_regression", solutions.softmax_regression_gradients, softmax_cases,
               rtol=1e-4, atol=1e-6),
]
