"""The instructor's half of notebook 04's exercises: hidden tests and known mistakes.

Hidden tests: vectorized logistic regression, one-hot targets and the notes' Zoo classifier
with a sigmoid per class, on inputs drawn at grading time. ``logistic_vectorized`` and
``per_class_sigmoid`` certify the vectorized formulas and the derivation: the numerical
gradient (and notebook 03's answers, if pasted in) are withheld, the float64 cases include
features of very different scales, compared to 1e-6 (2e-6), where central differences fall
short, and the driver refuses an answer that reads X or Y one example at a time (a loop).
Float32 is checked by the public check, which the hidden test runs first.

Known mistakes: each is an edit of the source notebook's answer, except the shortcuts
(central differences, a loop, a sibling answer), which are code.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course.exercises.nb04_vectorization import (
    BOOLEAN_HINT,
    BROADCAST_HINT,
    COLUMNS_HINT,
    DB_OVER_CLASSES_HINT,
    DZ_SIGN_HINT,
    FLAT_AGAINST_ROW_HINT,
    FLOAT_INDEX_HINT,
    LABELS_FLOAT64_HINT,
    LOG_GUARD_HINT,
    LOGISTIC_VECTORIZED,
    LOSS_SIGN_HINT,
    NO_TRANSPOSE_HINT,
    NOTES_BIAS_HINT,
    NOTES_COLUMN_HINT,
    NOTES_D_LOSS_HINT,
    ONE_HOT,
    ONE_TERM_HINT,
    PER_CLASS_SIGMOID,
    SIGMOID_DW_TRANSPOSED_HINT,
    SIGMOID_LOSS_SIGN_HINT,
    SIGMOID_MEAN_ALL_HINT,
    SIGMOID_NO_TRANSPOSE_HINT,
    SIGMOID_NUMERICAL_HINT,
    SIGMOID_SIGN_HINT,
    SIGMOID_SUM_HINT,
    SQUEEZE_HINT,
    SUM_NOT_MEAN_HINT,
    TRANSPOSED_T_HINT,
    VECTORIZED_CALLS_LOOP_HINT,
    VECTORIZED_LOOP_HINT,
    VECTORIZED_NUMERICAL_HINT,
)
from course.gradcheck import numerical_gradient

# Notebook 03's loop under its name there: an answer that calls it meets the withheld name.
logistic_loop = solutions.logistic_gradients_loop


def _scales(rng, n, wide):
    """Feature scales (n,): all 1, or (``wide``) from 1e-4 to 1e4, the first from 3000 to
    10000 and the last (n > 1) from 1e-4 to 3e-4: no single step h of central differences
    gets both ends right to 1e-6."""
    if not wide:
        return np.ones(n)
    scales = 10.0 ** rng.uniform(-4, 4, size=n)
    scales[0] = 10.0 ** rng.uniform(3.5, 4)
    if n > 1:
        scales[-1] = 10.0 ** rng.uniform(-4, -3.5)
    return scales


def _features(rng, shape, scales):
    """Magnitudes from 0.5 to 1.5 times each feature's scale, random signs."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 1.5, size=shape) * scales


def logistic_cases(rng):
    """float64; |z| of a few units and labels that make every loss at least 0.2 (where a
    guard of 1e-7 inside the logarithm, which is fine, stays below the tolerance)."""
    cases = []
    for (m, n), wide in [((1, 1), False), ((1, 5), False), ((3, 3), False), ((7, 2), False),
                         ((2, 7), False), ((50, 10), False), ((6, 3), True), ((4, 5), True),
                         ((1, 3), True), ((50, 4), True)]:
        scales = _scales(rng, n, wide)
        w = rng.normal(size=n) * 0.6 / np.sqrt(n) / scales
        X, b = _features(rng, (m, n), scales), float(rng.normal() * 0.5)
        z = X @ w + b
        Y = (rng.random(m) < 0.5).astype(np.float64)
        Y[z > 1.2], Y[z < -1.2] = 0.0, 1.0
        cases.append({"w": w, "b": b, "X": X, "Y": Y})
    cases[-2] = {**cases[-2], "Y": cases[-2]["Y"].astype(np.int64)}
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
    """float64; moderate scores (|Z| of a few units, so that np.maximum(A, 1e-7) and
    A + 1e-7 in the logs agree to the tolerance), Zoo-like tables, and features of very
    different scales."""
    cases = []
    for (m, n, C), kind in [((1, 3, 4), "normal"), ((5, 4, 3), "normal"), ((4, 4, 4), "normal"),
                            ((3, 1, 2), "normal"), ((12, 16, 7), "zoo"), ((6, 5, 3), "wide"),
                            ((1, 16, 7), "zoo"), ((8, 3, 4), "wide"), ((2, 2, 2), "wide")]:
        if kind == "zoo":   # like the Zoo table: features 0/1, one column of legs 0..8
            X = (rng.random((m, n)) < 0.4).astype(np.float64)
            X[:, 12] = rng.choice([0, 2, 4, 6, 8], size=m)
            W = rng.normal(size=(n, C)) * 0.2
        else:
            scales = _scales(rng, n, kind == "wide")
            X = _features(rng, (m, n), scales)
            W = rng.normal(size=(n, C)) * 0.6 / np.sqrt(n) / scales[:, None]
        cases.append({"W": W, "b": rng.normal(size=C) * 0.5, "X": X,
                      "T": np.eye(C)[rng.integers(0, C, size=m)]})
    return cases


HIDDEN = [
    HiddenTest(LOGISTIC_VECTORIZED, solutions.logistic_propagate, logistic_cases,
               rtol=1e-6, atol=1e-12),
    HiddenTest(ONE_HOT, solutions.one_hot, one_hot_cases, rtol=0, atol=0),
    HiddenTest(PER_CLASS_SIGMOID, solutions.per_class_sigmoid_gradients,
               per_class_sigmoid_cases, rtol=2e-6, atol=1e-12),
]


# --------------------------------------------------------------------------------------
# Shortcuts: no edit of the answer says them
# --------------------------------------------------------------------------------------


def sigmoid(z):
    """The notebook's sigmoid."""
    return np.exp(-np.logaddexp(0, -z))


def _logistic_cost(w, b, X, Y):
    A = sigmoid(X @ w + b)
    return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))


def logistic_numerical_gradient(w, b, X, Y):
    """The cost vectorized, its gradient by the course's numerical_gradient (withheld)."""
    dw = numerical_gradient(lambda p: _logistic_cost(p, b, X, Y), w)
    db = numerical_gradient(lambda p: _logistic_cost(w, p[0], X, Y), [b])[0]
    return _logistic_cost(w, b, X, Y), dw, db


def logistic_own_loop(w, b, X, Y):
    """Notebook 03's loop over the examples, written again."""
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        dw += X[i] * dz
        db += dz
    return J / m, dw / m, db / m


def logistic_calls_the_loop(w, b, X, Y):
    """Notebook 03's logistic_loop, pasted in and called (withheld)."""
    return logistic_loop(w, b, X, Y)


def _sigmoid_cost(W, b, X, T):
    A = sigmoid(X @ W + b)
    return -np.sum(T * np.log(np.maximum(A, 1e-7))
                   + (1 - T) * np.log(np.maximum(1 - A, 1e-7))) / X.shape[0]


def sigmoid_numerical_gradient(W, b, X, T):
    """J by the formula, its gradient by the course's numerical_gradient (withheld)."""
    dW = numerical_gradient(lambda p: _sigmoid_cost(p, b, X, T), W)
    db = numerical_gradient(lambda p: _sigmoid_cost(W, p, X, T), b)
    return _sigmoid_cost(W, b, X, T), dW, db


def sigmoid_central_differences(W, b, X, T):
    """The learner's own central differences of J (h = 1e-5), entry by entry."""
    h = 1e-5

    def differences(value, cost):
        grad = np.zeros(value.shape)
        for index in np.ndindex(value.shape):
            step = np.zeros(value.shape)
            step[index] = h
            grad[index] = (cost(value + step) - cost(value - step)) / (2 * h)
        return grad

    return (_sigmoid_cost(W, b, X, T),
            differences(W, lambda p: _sigmoid_cost(p, b, X, T)),
            differences(b, lambda p: _sigmoid_cost(W, p, X, T)))


LOGISTIC_LOSS = "J = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))"
SCORES = "A = sigmoid(X @ w + b)"
DW, DB = "dw = X.T @ dZ / m", "db = np.sum(dZ) / m"
COLUMN = "column = np.reshape(labels, (-1, 1))"
ROWS = "return (column == np.arange(classes)).astype(np.float64)"
BODY = f"    {COLUMN}\n    {ROWS}"
SIGMOID_LOSS = ("J = -np.sum(T * np.log(np.maximum(A, 1e-7))\n"
                "                + (1 - T) * np.log(np.maximum(1 - A, 1e-7))) / m")
LOG_A, LOG_1_A = "np.log(np.maximum(A, 1e-7))", "np.log(np.maximum(1 - A, 1e-7))"
SIGMOID_DZ = "dZ = (A - T) / m"

MISTAKES = [
    # logistic_vectorized
    Mistake(LOGISTIC_VECTORIZED, "summed, not averaged",
            edits(("J = -np.mean(", "J = -np.sum("), (DW, "dw = X.T @ dZ"),
                  (DB, "db = np.sum(dZ)")), SUM_NOT_MEAN_HINT),
    Mistake(LOGISTIC_VECTORIZED, "dZ = Y - A", edit("dZ = A - Y", "dZ = Y - A"), DZ_SIGN_HINT),
    Mistake(LOGISTIC_VECTORIZED, "dw = X @ dZ", edit(DW, "dw = X @ dZ / m"), NO_TRANSPOSE_HINT),
    Mistake(LOGISTIC_VECTORIZED, "examples as columns",
            edits((SCORES, "A = sigmoid(np.dot(w.T, X) + b)"), (DW, "dw = np.dot(X, dZ.T) / m")),
            COLUMNS_HINT),
    Mistake(LOGISTIC_VECTORIZED, "the loss sign",
            edit(LOGISTIC_LOSS, "J = np.mean(-Y * np.log(A) + (1 - Y) * np.log(1 - A))"),
            LOSS_SIGN_HINT, seed="000"),
    Mistake(LOGISTIC_VECTORIZED, "w as a column (n, 1)",
            edit(SCORES, "A = sigmoid(X @ w.reshape(-1, 1) + b)"), BROADCAST_HINT),
    Mistake(LOGISTIC_VECTORIZED, "labels turned into float64",
            edit(f"    {SCORES}\n", f"    Y = Y.astype(float)\n    {SCORES}\n"),
            LABELS_FLOAT64_HINT),
    Mistake(LOGISTIC_VECTORIZED, "dZ @ X instead of X.T @ dZ", edit(DW, "dw = dZ @ X / m"),
            "a 1-D dZ times X, (m,)·(m, n) → (n,), is the same sum over the examples as X "
            "turned on its side times dZ: for a 1-D dZ no transpose is needed. Fine.",
            harmless=True),
    Mistake(LOGISTIC_VECTORIZED, "the numerical gradient", logistic_numerical_gradient,
            VECTORIZED_NUMERICAL_HINT),
    Mistake(LOGISTIC_VECTORIZED, "a loop over the examples", logistic_own_loop,
            VECTORIZED_LOOP_HINT),
    Mistake(LOGISTIC_VECTORIZED, "notebook 03's logistic_loop called", logistic_calls_the_loop,
            VECTORIZED_CALLS_LOOP_HINT),
    # one_hot
    Mistake(ONE_HOT, "np.eye indexed by the column",
            edit(BODY, "    return np.eye(classes)[np.asarray(labels).astype(int)]"),
            NOTES_COLUMN_HINT, seed="000"),
    Mistake(ONE_HOT, "float labels as an index",
            edit(BODY, "    return np.eye(classes)[labels]"), FLOAT_INDEX_HINT),
    Mistake(ONE_HOT, "flat labels against the row of classes",
            edit(COLUMN, "column = labels"), FLAT_AGAINST_ROW_HINT),
    Mistake(ONE_HOT, "np.squeeze for the column",
            edit(COLUMN, "column = np.squeeze(labels)[:, None]"), SQUEEZE_HINT),
    Mistake(ONE_HOT, "booleans, not numbers",
            edit(ROWS, "return column == np.arange(classes)"), BOOLEAN_HINT),
    Mistake(ONE_HOT, "T transposed",
            edits(("np.reshape(labels, (-1, 1))", "np.reshape(labels, -1)"),
                  ("(column == np.arange(classes))", "(np.arange(classes)[:, None] == column)")),
            TRANSPOSED_T_HINT),
    Mistake(ONE_HOT, "np.eye indexed by the flattened labels",
            edit(BODY, "    return np.eye(classes)[np.ravel(labels).astype(int)]"),
            "picking row k of the identity for label k, after making any labels flat and "
            "whole, gives the same table. Fine.", harmless=True),
    # per_class_sigmoid
    Mistake(PER_CLASS_SIGMOID, "the notes' bias: one number for all classes",
            edit("db = np.sum(dZ, axis=0)", "db = np.sum(dZ)"), NOTES_BIAS_HINT, seed="000",
            demo=True),
    Mistake(PER_CLASS_SIGMOID, "the notes' loss sign",
            edit("J = -np.sum(T * ", "J = np.sum(-T * "), SIGMOID_LOSS_SIGN_HINT, seed="000"),
    Mistake(PER_CLASS_SIGMOID, "the notes' d_loss without the factor y",
            edit(SIGMOID_DZ, "d_loss = (A - T) / ((1 - A) + 1e-7)\n"
                             "    dZ = d_loss * A * (1 - A) / m"),
            NOTES_D_LOSS_HINT, seed="000"),
    Mistake(PER_CLASS_SIGMOID, "summed, not averaged",
            edits((f"{LOG_1_A}) / m", f"{LOG_1_A})"), (SIGMOID_DZ, "dZ = A - T")),
            SIGMOID_SUM_HINT, seed="000"),
    Mistake(PER_CLASS_SIGMOID, "dW = X @ dZ", edit("dW = X.T @ dZ", "dW = X @ dZ"),
            SIGMOID_NO_TRANSPOSE_HINT),
    Mistake(PER_CLASS_SIGMOID, "dW transposed", edit("dW = X.T @ dZ", "dW = dZ.T @ X"),
            SIGMOID_DW_TRANSPOSED_HINT),
    Mistake(PER_CLASS_SIGMOID, "dZ = T - A", edit(SIGMOID_DZ, "dZ = (T - A) / m"),
            SIGMOID_SIGN_HINT),
    Mistake(PER_CLASS_SIGMOID, "db summed over the classes",
            edit("db = np.sum(dZ, axis=0)", "db = np.sum(dZ, axis=1)"), DB_OVER_CLASSES_HINT),
    Mistake(PER_CLASS_SIGMOID, "J averaged over the classes too",
            edits(("J = -np.sum(T", "J = -np.mean(T"), (f"{LOG_1_A}) / m", f"{LOG_1_A})")),
            SIGMOID_MEAN_ALL_HINT),
    Mistake(PER_CLASS_SIGMOID, "the (1 - T) log(1 - A) term left out",
            edit(SIGMOID_LOSS, f"J = -np.sum(T * {LOG_A}) / m"), ONE_TERM_HINT),
    Mistake(PER_CLASS_SIGMOID, "no guard against log(0)",
            edits((LOG_A, "np.log(A)"), (LOG_1_A, "np.log(1 - A)")), LOG_GUARD_HINT),
    Mistake(PER_CLASS_SIGMOID, "log(A + 1e-7)",
            edits((LOG_A, "np.log(A + 1e-7)"), (LOG_1_A, "np.log(1 - A + 1e-7)")),
            "a guard of 1e-7 added inside the logarithms keeps them from log(0) as well as "
            "the maximum does; the two differ by about 1e-7 per term, below the tolerance "
            "for scores of a few units. Fine.", harmless=True),
    Mistake(PER_CLASS_SIGMOID, "the loss from the scores",
            edits(("A = sigmoid(X @ W + b)", "Z = X @ W + b\n    A = sigmoid(Z)"),
                  (SIGMOID_LOSS, "J = np.sum(np.logaddexp(0, Z) - T * Z) / m")),
            "-(t log σ(z) + (1 - t) log(1 - σ(z))) is log(1 + e^z) - t z, and "
            "np.logaddexp(0, Z) computes log(1 + e^Z) without overflow: the same loss, "
            "exact even where the sigmoid rounds to 0 or 1. Fine.", harmless=True),
    Mistake(PER_CLASS_SIGMOID, "the numerical gradient", sigmoid_numerical_gradient,
            SIGMOID_NUMERICAL_HINT),
    Mistake(PER_CLASS_SIGMOID, "central differences instead of the derivation",
            sigmoid_central_differences,
            ("this is a gradient by central differences of J, not the derivation the "
             "exercise asks for; the hidden tests use features of very different scales, "
             "where central differences are not accurate enough.",
             SIGMOID_NUMERICAL_HINT[1])),
]
