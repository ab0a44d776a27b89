"""Hidden tests of notebook 04: vectorized logistic regression, one-hot targets and the
notes' Zoo classifier with a sigmoid per class, on inputs drawn at grading time."""

import numpy as np

import solutions
from autograder.hidden import HiddenTest
from course.exercises.nb04_vectorization import _confident


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


def one_hot_cases(rng):
    """Labels flat (m,) and as the notes' column (m, 1); integers and whole floats; one
    example, m == classes, and the Zoo's 101 animals of 7 classes."""
    cases = []
    for m, classes, column, dtype in [(1, 2, False, np.int64), (1, 7, True, np.float32),
                                      (3, 3, False, np.int64), (4, 4, True, np.float64),
                                      (6, 10, False, np.int32), (9, 2, True, np.int64),
                                      (101, 7, True, np.float32), (101, 7, False, np.int64),
                                      (20, 5, False, np.float64)]:
        labels = rng.integers(0, classes, size=m).astype(dtype)
        cases.append({"labels": labels.reshape(-1, 1) if column else labels,
                      "classes": classes})
    return cases


def per_class_sigmoid_cases(rng):
    """Moderate scores (|Z| of a few units, so that np.maximum(A, 1e-7) and A + 1e-7 in the
    logs agree), Zoo-like tables, float32, and confident right answers far from 0."""
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
        T = np.eye(C, dtype=dtype)[rng.integers(0, C, size=m)]
        cases.append({"W": W, "b": b, "X": X, "T": T})
    confident = _confident(int(rng.integers(2, 7)), int(rng.integers(2, 6)),
                           float(rng.uniform(300, 900)))
    order = rng.permutation(len(confident["X"]))
    cases.append({**confident, "X": confident["X"][order], "T": confident["T"][order]})
    return cases


HIDDEN = [
    HiddenTest("logistic_vectorized", solutions.logistic_propagate, logistic_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest("one_hot", solutions.one_hot, one_hot_cases, rtol=0, atol=0),
    HiddenTest("per_class_sigmoid", solutions.per_class_sigmoid_gradients,
               per_class_sigmoid_cases, rtol=1e-4, atol=1e-6),
]
