"""Notebook 04, vectorization: logistic regression without loops, one-hot targets by
broadcasting, and the Zoo classifier of the notes (file 000): a sigmoid per class, with
hand-written gradients.

Layout: one example per row. Logistic regression: ``X`` (m, n), ``Y`` (m,) labels 0/1,
``w`` (n,), ``b`` a number. A sigmoid per class: ``X`` (m, n), ``T`` one-hot (m, C),
``W`` (n, C), ``b`` (C,).
"""

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    CheckFailed,
    Exercise,
    expect_close,
    expect_dtype,
    expect_gradient,
    run_with_hints,
    unpack,
)
from course.gradcheck import numerical_gradient


def _numerical(run, inputs, output, name):
    """Central differences of the learner's ``output`` (a number) with respect to the
    input ``name`` (an array, or a plain number such as b)."""
    value = inputs[name]
    if np.ndim(value) == 0:
        return numerical_gradient(lambda p: run(**{**inputs, name: float(p[0])})[output],
                                  [float(value)])
    return numerical_gradient(lambda p: run(**{**inputs, name: p})[output], value)


FLOAT32_HINT = ("float32 in should give float32 out. NumPy keeps float32 through +, *, @, "
                "exp, log, sum and mean; it becomes float64 when you mix in a float64 array "
                "(np.zeros(...) or np.ones(...) without dtype) or call float(...).")

# --------------------------------------------------------------------------------------
# logistic_propagate, vectorized
# --------------------------------------------------------------------------------------

# The worked numbers of notebook 03: w = (0.5, -1), b = 0.5, two examples.
W0 = np.array([0.5, -1.0])
B0 = 0.5
X2 = np.array([[3.0, 2.0], [1.0, 2.0]])
Y2 = np.array([1.0, 0.0])
L2 = np.array([0.6931471805599453, 0.3132616875182228])
J2 = 0.503204434039084
DW2 = np.array([-0.6155292893150024, -0.2310585786300049])
DB2 = -0.11552928931500245

LAYOUT_HINT = (
    "Andrew Ng (and the notes, file 004) store examples as columns, X of shape (n, m), and write "
    "Z = wᵀX + b. Here X is (m, n), one example per row, so Z = X @ w + b: (m, n)·(n,) → "
    "(m,); and dw = X.T @ dZ / m: (n, m)·(m,) → (n,).")
BROADCAST_HINT = (
    "an (m, 1) column and an (m,) vector broadcast into an (m, m) table: A - Y with A of "
    "shape (m, 1) and Y of shape (m,) compares every example with every label. Keep "
    "everything 1-D: w of shape (n,) gives Z = X @ w + b of shape (m,), like Y.")


COLUMNS_HINT = ("Z = np.dot(w.T, X) + b treats the columns of X as the examples; with a square "
                "X the shapes fit and the numbers are wrong. " + LAYOUT_HINT)
SUM_NOT_MEAN_HINT = ("the cost and the gradients are means over the m examples: divide by m "
                     "(J = -np.mean(...), dw = X.T @ dZ / m, db = np.sum(dZ) / m).")
DZ_SIGN_HINT = "dZ = A - Y, prediction minus label, not Y - A."
NO_TRANSPOSE_HINT = (
    "that is X @ dZ. X is (m, n) and dZ is (m,): only X.T @ dZ, (n, m)·(m,) → (n,), has w's "
    "shape; X @ dZ fits only when m == n, and then sums over the wrong index. "
    "dw_j = (1/m) sum_i X[i, j] dZ_i, which is X.T @ dZ / m (or dZ @ X / m).")
LOSS_SIGN_HINT = ("the minus sign belongs in front of the whole bracket: "
                  "J = -mean(Y log A + (1 - Y) log(1 - A)); the notes (file 000) wrote "
                  "-t*log(y) + (1-t)*log(1-y), with the wrong sign on the second term.")


def drive_logistic_vectorized(logistic_propagate, w, b, X, Y):
    J, dw, db = unpack(logistic_propagate(w, b, X, Y), 3, "logistic_propagate(w, b, X, Y)")
    return {"J": J, "dw": dw, "db": db}


def _logistic_shapes(label, X, out):
    m, n = X.shape
    got = np.shape(out["J"])
    if got != ():
        hint = {(m,): "J is the mean of the m losses, one number: np.mean(...).",
                (m, m): BROADCAST_HINT}.get(got, "J is one number: the mean of the losses.")
        raise CheckFailed(f"{label}: J has shape {got}, expected ().", hint)
    got = np.shape(out["dw"])
    if got != (n,):
        hint = {(n, m): BROADCAST_HINT, (m, m): BROADCAST_HINT,
                (n, 1): "w has shape (n,), so dw has shape (n,), not a column (n, 1).",
                (m,): "dw has one entry per feature: dw = X.T @ dZ / m, (n, m)·(m,) → (n,)."
                }.get(got, LAYOUT_HINT)
        raise CheckFailed(f"{label}: dw has shape {got}, expected {(n,)}, the shape of w.",
                          hint)
    got = np.shape(out["db"])
    if got != ():
        hint = {(m,): "db is one number, the mean of dZ over the examples: np.mean(dZ) or "
                      "np.sum(dZ) / m.",
                (m, m): BROADCAST_HINT}.get(got, "db is one number, like b.")
        raise CheckFailed(f"{label}: db has shape {got}, expected ().", hint)


LOGISTIC_HINTS = [(SHAPE_ERRORS, LAYOUT_HINT)]


def public_logistic_vectorized(run):
    label = "logistic_propagate(w=(0.5, -1), b=0.5, X=[[3, 2], [1, 2]], Y=[1, 0])"
    out = run_with_hints(run, LOGISTIC_HINTS, w=W0, b=B0, X=X2, Y=Y2)
    _logistic_shapes(label, X2, out)
    expect_close(f"{label}: J", out["J"], J2,
                 hint="J = -mean(Y log A + (1 - Y) log(1 - A)) with A = sigmoid(X @ w + b).")
    expect_close(f"{label}: dw", out["dw"], DW2,
                 hint="dw = X.T @ (A - Y) / m: the same numbers as the loop of notebook 03.")
    expect_close(f"{label}: db", out["db"], DB2, hint="db = np.sum(A - Y) / m.")

    rng = np.random.default_rng(6)
    for m, n in [(3, 3), (5, 2), (1, 4), (2, 6)]:
        inputs = {"w": rng.normal(size=n) * 0.5, "b": float(rng.normal() * 0.5),
                  "X": rng.normal(size=(m, n)), "Y": (rng.random(m) < 0.5).astype(np.float64)}
        label = f"logistic_propagate on a random X of shape {(m, n)}"
        if m == 1:
            label += " (one example)"
        out = run_with_hints(run, LOGISTIC_HINTS, **inputs)
        _logistic_shapes(label, inputs["X"], out)
        expect_gradient(f"{label}: dw", out["dw"], _numerical(run, inputs, "J", "w"),
                        hint="dw = X.T @ (A - Y) / m: X.T, not X (a square X hides that "
                             "mistake from the shapes); the mean over the examples, not the sum.")
        expect_gradient(f"{label}: db", np.reshape(out["db"], (1,)),
                        _numerical(run, inputs, "J", "b"), hint="db = np.sum(A - Y) / m.")

    inputs = {"w": (rng.normal(size=3) * 0.5).astype(np.float32), "b": 0.1,
              "X": rng.normal(size=(4, 3)).astype(np.float32),
              "Y": np.array([1, 0, 0, 1], dtype=np.float32)}
    out = run_with_hints(run, LOGISTIC_HINTS, **inputs)
    for key in ("J", "dw", "db"):
        expect_dtype(f"logistic_propagate on float32 X, w and Y: {key}", out[key], np.float32,
                     hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# one_hot, by broadcasting
# --------------------------------------------------------------------------------------


def drive_one_hot(one_hot, labels, classes):
    """one_hot(labels, classes): labels (m,) or a column (m, 1) -> T (m, classes)."""
    return {"T": one_hot(labels, int(classes))}


NOTES_COLUMN_HINT = (
    "the notes slice the labels as xy[:, [-1]], a column (m, 1): indexing np.eye(C) with a "
    "column gives (m, 1, C), as tf.one_hot gave the notes (?, 1, 7) before their reshape. "
    "Make any labels flat, or any labels a column, before you use them: "
    "np.reshape(labels, -1) or np.reshape(labels, (-1, 1)) work for both forms.")
FLOAT_INDEX_HINT = (
    "np.loadtxt reads the labels as floats (0.0, 3.0, ...), and only integers can index an "
    "array. They are whole numbers, so .astype(int) is safe; or compare them with "
    "np.arange(classes) instead of indexing.")
FLAT_AGAINST_ROW_HINT = (
    "labels of shape (m,) against np.arange(classes) of shape (classes,) line up entry by "
    "entry: an error when m != classes, and silently the wrong shape when m == classes or "
    "m == 1. A column (m, 1) against the row (classes,) broadcasts into the (m, classes) "
    "table: np.reshape(labels, (-1, 1)) == np.arange(classes).")
SQUEEZE_HINT = (
    "np.squeeze removes every axis of size 1: with one example it removes the example axis "
    "too, and a column [[4.0]] becomes the number 4.0. Use np.reshape(labels, (-1, 1)) or "
    "np.reshape(labels, -1), which keep the m axis even when m == 1.")
BOOLEAN_HINT = (
    "T holds float64 numbers, like np.eye(classes). A comparison such as "
    "labels == np.arange(classes) gives a table of True and False: turn it into numbers with "
    ".astype(np.float64).")
TRANSPOSED_T_HINT = (
    "T has one row per example and one column per class, (m, classes). np.arange(classes) "
    "as the column and the labels as the row gives the transpose, (classes, m).")
ONE_HOT_HINTS = [
    (("could not be broadcast",), FLAT_AGAINST_ROW_HINT),
    (("used as indices", "only integers"), FLOAT_INDEX_HINT),
    (("too many indices",), SQUEEZE_HINT),
]


def _expect_one_hot(label, T, labels, classes):
    labels = np.reshape(labels, -1).astype(np.int64)
    m = labels.size
    got = np.shape(T)
    if got != (m, classes):
        hint = {(m, 1, classes): NOTES_COLUMN_HINT, (classes, m): TRANSPOSED_T_HINT,
                (m,): FLAT_AGAINST_ROW_HINT, (classes,): FLAT_AGAINST_ROW_HINT}.get(got)
        raise CheckFailed(f"{label} has shape {got}, expected {(m, classes)}: one row per "
                          "example, one column per class.", hint)
    expect_dtype(label, T, np.float64, hint=BOOLEAN_HINT)
    expect_close(label, T, np.eye(classes)[labels],
                 hint="row i has a 1 in column labels[i] and 0 everywhere else.")


def public_one_hot(run):
    for labels, classes, what in [
            (np.array([0, 2, 1, 2]), 3, "the labels [0, 2, 1, 2], shape (4,)"),
            (np.array([[0.0], [3.0], [6.0], [0.0]], np.float32), 7,
             "the notes' column [[0.], [3.], [6.], [0.]], shape (4, 1), float32"),
            (np.array([2, 0, 1]), 3, "the labels [2, 0, 1] with 3 classes (m == C)"),
            (np.array([[4.0]]), 7, "one example as a column, [[4.0]]"),
            (np.array([5]), 7, "one example, [5]")]:
        label = f"one_hot of {what}, classes={classes}"
        out = run_with_hints(run, ONE_HOT_HINTS, labels=labels, classes=classes)
        _expect_one_hot(label, out["T"], labels, classes)


# --------------------------------------------------------------------------------------
# per_class_sigmoid_gradients: the notes' Zoo classifier, a sigmoid per class
# --------------------------------------------------------------------------------------


def drive_per_class_sigmoid(per_class_sigmoid_gradients, W, b, X, T):
    """per_class_sigmoid_gradients(W, b, X, T); overflow, 0/0 and log(0) inside raise
    FloatingPointError instead of warning quietly."""
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        result = per_class_sigmoid_gradients(W, b, X, T)
    J, dW, db = unpack(result, 3, "per_class_sigmoid_gradients(W, b, X, T)")
    return {"J": J, "dW": dW, "db": db}


# Two examples, two features, three classes; with W = 0 and b = 0 every sigmoid gives 1/2,
# so J = 3 log 2 and A - T = [[-1/2, 1/2, 1/2], [1/2, 1/2, -1/2]].
SIGMOID_WORKED = {"W": np.zeros((2, 3)), "b": np.zeros(3),
                  "X": np.array([[1.0, 0.0], [2.0, 1.0]]),
                  "T": np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])}
SIGMOID_J = float(3 * np.log(2.0))
SIGMOID_DW = np.array([[0.25, 0.75, -0.25], [0.25, 0.25, -0.25]])
SIGMOID_DB = np.array([0.0, 0.5, 0.0])


def _confident(m, classes, scale):
    """m examples whose scores are +scale at their own class and -scale at every other:
    confident and right, so that the loss is 0 and sigmoid(score) is exactly 0 or 1 for
    scales of a few hundred."""
    labels = np.arange(m) % classes
    X = np.eye(classes)[labels]
    return {"W": scale * (2 * np.eye(classes) - 1), "b": np.zeros(classes), "X": X,
            "T": np.eye(classes)[labels]}


SIGMOID_EXTREME = _confident(4, 3, 800.0)

WHY_TRANSPOSE = (
    "dW must have the shape of W, (n, C). From dZ = (A - T) / m, shape (m, C), and X, shape "
    "(m, n), the only product that gives (n, C) is X.T @ dZ: (n, m)·(m, C). That is the "
    "transpose the notes (file 000) wondered about: each entry dW[j, k] = sum over the "
    "examples i of X[i, j] dZ[i, k] pairs a feature with a class across the examples.")
NOTES_BIAS_HINT = (
    "you summed over the classes too, the notes' tf.reduce_sum(d_b) (file 000): one number, "
    "so all C biases would move by the same amount and could never learn that one class is "
    "more common than another. b has one entry per class, so db does too: sum over the "
    "examples only, np.sum(dZ, axis=0).")
NOTES_D_LOSS_HINT = (
    "dZ is A - T (over m): the notes' d_loss = (y - t) / ((1 - y) + 1e-7) dropped the factor "
    "y from the denominator, so d_loss times the sigmoid's y (1 - y) came out as (y - t) y "
    "instead of y - t (notebook 02, section 7). With the right dL/dA = (A - T) / (A (1 - A)) "
    "everything but A - T cancels: write dZ = (A - T) / m directly.")
SIGMOID_SIGN_HINT = "dZ = A - T, prediction minus target, not T - A."
SIGMOID_LOSS_SIGN_HINT = (
    "the minus sign belongs in front of the whole bracket: "
    "J = -np.sum(T log A + (1 - T) log(1 - A)) / m. The notes (file 000) wrote "
    "-t*log(y) + (1-t)*log(1-y), with the wrong sign on the second term, which makes the "
    "loss negative wherever t = 0.")
SIGMOID_SUM_HINT = (
    "J is the mean over the m examples (of the losses summed over the classes), and so are "
    "its gradients: divide by m, J = -np.sum(...) / m and dZ = (A - T) / m. The notes "
    "(file 000) summed over the examples too, tf.reduce_sum(loss_i), so their learning rate "
    "0.01 was in effect 0.01 × 101.")
SIGMOID_MEAN_ALL_HINT = (
    "np.mean over the (m, C) array divides by m·C. Each class is its own logistic "
    "regression and their losses add up: sum over the classes, average over the examples, "
    "J = -np.sum(T log A + (1 - T) log(1 - A)) / m, whose gradient is dZ = (A - T) / m.")
ONE_TERM_HINT = (
    "each class's loss is the whole binary cross-entropy, -(T log A + (1 - T) log(1 - A)): "
    "the (1 - T) log(1 - A) term is what pushes the wrong classes' sigmoids towards 0. With "
    "-T log A alone, J is not the loss whose gradient is (A - T) / m.")
LOG_GUARD_HINT = (
    "log(0) is -inf, and 0 · log 0 is NaN: a sigmoid of a score far from 0 is exactly 0.0 or "
    "1.0 in floating point (sigmoid(40) already rounds to 1). Guard both logs: "
    "np.log(np.maximum(A, 1e-7)) and np.log(np.maximum(1 - A, 1e-7)).")
SIGMOID_HINTS = [
    (SHAPE_ERRORS,
     "the scores are Z = X @ W + b: (m, n)·(n, C) → (m, C), and b (C,) is added to every "
     "row. Then dW = X.T @ dZ, (n, m)·(m, C) → (n, C)."),
    (("divide by zero", "invalid value"), LOG_GUARD_HINT),
    (("overflow",), "use the sigmoid given at the top of the notebook: 1 / (1 + np.exp(-Z)) "
                    "overflows for Z below -709."),
]


def _sigmoid_shapes(label, inputs, out):
    m, n = inputs["X"].shape
    C = inputs["W"].shape[1]
    got = np.shape(out["J"])
    if got != ():
        hint = {(m,): "J is the mean over the examples of their losses: one number.",
                (m, C): "sum the losses over the classes and average them over the examples: "
                        "J = -np.sum(...) / m, one number."}.get(got)
        raise CheckFailed(f"{label}: J has shape {got}, expected ().", hint)
    got = np.shape(out["dW"])
    if got != (n, C):
        hint = WHY_TRANSPOSE
        if got == (C, n):
            hint = "that is dW transposed (dZ.T @ X). " + WHY_TRANSPOSE
        raise CheckFailed(f"{label}: dW has shape {got}, expected {(n, C)}, the shape of W.",
                          hint)
    got = np.shape(out["db"])
    if got != (C,):
        hint = {(): NOTES_BIAS_HINT,
                (m, C): "db = dZ keeps one row per example; b is shared by all m examples, so "
                        "their gradients add up: np.sum(dZ, axis=0).",
                (1, C): "keepdims=True leaves a (1, C) array; b has shape (C,): "
                        "np.sum(dZ, axis=0)."}.get(got)
        if hint is None and got == (m,):
            hint = ("you summed over the classes (axis=1); sum over the examples, axis=0: one "
                    "number per class.")
        raise CheckFailed(f"{label}: db has shape {got}, expected {(C,)}, the shape of b.",
                          hint)


def public_per_class_sigmoid(run):
    label = ("per_class_sigmoid_gradients with W = 0, b = 0, X = [[1, 0], [2, 1]], "
             "T = [[1, 0, 0], [0, 0, 1]]")
    out = run_with_hints(run, SIGMOID_HINTS, **SIGMOID_WORKED)
    _sigmoid_shapes(label, SIGMOID_WORKED, out)
    expect_close(f"{label}: J", out["J"], SIGMOID_J, rtol=1e-5,
                 hint="with W = 0 every sigmoid gives 1/2, and each of the 3 classes of each "
                      "example adds -log(1/2): J = (2 · 3 log 2) / 2 = 3 log 2 = 2.0794.")
    expect_close(f"{label}: dW", out["dW"], SIGMOID_DW,
                 hint="dW = X.T @ (A - T) / m; here A - T = [[-1/2, 1/2, 1/2], "
                      "[1/2, 1/2, -1/2]].")
    expect_close(f"{label}: db", out["db"], SIGMOID_DB,
                 hint="db = np.sum(A - T, axis=0) / m = [0, 1/2, 0].")

    rng = np.random.default_rng(9)
    for m, n, C in [(5, 4, 3), (1, 3, 4), (3, 3, 3)]:
        inputs = {"W": rng.normal(size=(n, C)) * 0.5, "b": rng.normal(size=C) * 0.5,
                  "X": rng.normal(size=(m, n)),
                  "T": np.eye(C)[rng.integers(0, C, size=m)]}
        label = f"per_class_sigmoid_gradients on random X {(m, n)}, W {(n, C)}"
        if m == 1:
            label += " (one example)"
        out = run_with_hints(run, SIGMOID_HINTS, **inputs)
        _sigmoid_shapes(label, inputs, out)
        expect_gradient(f"{label}: dW", out["dW"], _numerical(run, inputs, "J", "W"),
                        tolerance=1e-5,
                        hint="dW = X.T @ (A - T) / m, with A = sigmoid(X @ W + b). If J itself "
                             "is wrong, fix it first: this compares dW with J.")
        expect_gradient(f"{label}: db", out["db"], _numerical(run, inputs, "J", "b"),
                        tolerance=1e-5, hint="db = np.sum(A - T, axis=0) / m.")

    label = ("per_class_sigmoid_gradients on scores of ±800, every one confident and right "
             "(sigmoid gives exactly 0.0 and 1.0)")
    out = run_with_hints(run, SIGMOID_HINTS, **SIGMOID_EXTREME)
    expect_close(f"{label}: J", out["J"], 0.0, atol=1e-6, hint=LOG_GUARD_HINT)

    inputs = {"W": (rng.normal(size=(4, 3)) * 0.5).astype(np.float32),
              "b": np.zeros(3, np.float32), "X": rng.normal(size=(5, 4)).astype(np.float32),
              "T": np.eye(3, dtype=np.float32)[[0, 2, 1, 1, 0]]}
    out = run_with_hints(run, SIGMOID_HINTS, **inputs)
    for key in ("J", "dW", "db"):
        expect_dtype(f"per_class_sigmoid_gradients on float32 W, b, X, T: {key}", out[key],
                     np.float32, hint=FLOAT32_HINT)


# Probe inputs on which the known mistakes (autograder/mistakes/nb04_vectorization.py) are
# told apart: square X (where a missing transpose still fits) and non-square, one example,
# float32, labels flat and as a column, m == C, and scores far from 0 (where an unguarded
# log breaks).
_probe_rng = np.random.default_rng(404)
LOGISTIC_PROBES = (
    {"w": W0, "b": B0, "X": X2, "Y": Y2},
    {"w": _probe_rng.normal(size=3) * 0.5, "b": 0.3, "X": _probe_rng.normal(size=(5, 3)),
     "Y": np.array([1.0, 0.0, 0.0, 1.0, 1.0])},
    {"w": _probe_rng.normal(size=4) * 0.5, "b": -0.2, "X": _probe_rng.normal(size=(1, 4)),
     "Y": np.array([1.0])},
    {"w": (_probe_rng.normal(size=3) * 0.5).astype(np.float32), "b": 0.1,
     "X": _probe_rng.normal(size=(4, 3)).astype(np.float32),
     "Y": np.array([1, 0, 0, 1], dtype=np.float32)})
ONE_HOT_PROBES = (
    {"labels": np.array([0, 2, 1, 2]), "classes": 3},
    {"labels": np.array([[0.0], [3.0], [6.0], [0.0]], np.float32), "classes": 7},
    {"labels": np.array([2, 0, 1]), "classes": 3},
    {"labels": np.array([[4.0]]), "classes": 7},
    {"labels": np.array([5]), "classes": 7},
    {"labels": np.array([[1], [0]]), "classes": 2})
SIGMOID_PROBES = (
    SIGMOID_WORKED,
    {"W": _probe_rng.normal(size=(4, 3)) * 0.5, "b": _probe_rng.normal(size=3) * 0.5,
     "X": _probe_rng.normal(size=(5, 4)), "T": np.eye(3)[[0, 2, 1, 1, 0]]},
    {"W": _probe_rng.normal(size=(3, 3)) * 0.5, "b": _probe_rng.normal(size=3) * 0.5,
     "X": _probe_rng.normal(size=(3, 3)), "T": np.eye(3)[[2, 2, 1]]},
    SIGMOID_EXTREME,
    {"W": (_probe_rng.normal(size=(4, 3)) * 0.5).astype(np.float32),
     "b": np.zeros(3, np.float32), "X": _probe_rng.normal(size=(2, 4)).astype(np.float32),
     "T": np.eye(3, dtype=np.float32)[[1, 2]]})

LOGISTIC_VECTORIZED = Exercise(
    name="logistic_vectorized",
    title="logistic_propagate(w, b, X, Y), without loops",
    points=3,
    drive=drive_logistic_vectorized,
    public=public_logistic_vectorized,
    still_hidden=("random data sets of several shapes, one example included, integer labels and "
        "float32"),
    probes=LOGISTIC_PROBES)

ONE_HOT = Exercise(
    name="one_hot",
    title="one_hot(labels, classes)",
    points=2,
    drive=drive_one_hot,
    public=public_one_hot,
    still_hidden=("random labels, flat and as columns, integers and floats, one example and up "
        "to 101, with 2 to 10 classes"),
    probes=ONE_HOT_PROBES)

PER_CLASS_SIGMOID = Exercise(
    name="per_class_sigmoid",
    title="per_class_sigmoid_gradients(W, b, X, T)",
    points=4,
    drive=drive_per_class_sigmoid,
    public=public_per_class_sigmoid,
    still_hidden=("random shapes (one example, one feature, square X), Zoo-like data, confident "
        "scores far from 0, and float32"),
    probes=SIGMOID_PROBES)

EXERCISES = [LOGISTIC_VECTORIZED, ONE_HOT, PER_CLASS_SIGMOID]
