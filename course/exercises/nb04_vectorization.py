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

# The worked inputs of notebook 03: w = (0.5, -1), b = 0.5, two examples; the right
# outputs are stored at release (``examples``).
W0 = np.array([0.5, -1.0])
B0 = 0.5
X2 = np.array([[3.0, 2.0], [1.0, 2.0]])
Y2 = np.array([1.0, 0.0])

LAYOUT_HINT = (
    "Andrew Ng (and the notes, file 004) store examples as columns, X of shape (n, m). Here X "
    "is (m, n), one example per row: every formula of the notes comes transposed, and the "
    "shapes say how: the scores have one entry per example, (m,), and dw the shape of w, "
    "(n,).")
BROADCAST_HINT = (
    "an (m, 1) column met an (m,) vector and broadcast into an (m, m) table, which compares "
    "every example with every label.",
    "keep w, the scores, A and Y one-dimensional: (n,) and (m,).")
COLUMNS_HINT = (
    "your scores treat the columns of X as the examples: with a square X the shapes fit and "
    "the numbers are wrong.", LAYOUT_HINT)
SUM_NOT_MEAN_HINT = (
    "J, dw and db are sums over the m examples, m times too large.",
    "the cost is the mean loss over the examples, and its gradients are means too.")
DZ_SIGN_HINT = (
    "dZ has the wrong sign: where the prediction is below the label, raising the score "
    "lowers the loss, so that entry of dZ must be negative.",
    "dZ is the prediction minus the label, entry by entry (notebook 03).")
NO_TRANSPOSE_HINT = (
    "dw pairs the wrong index of X with dZ: it fits only when m == n, and then sums over the "
    "features instead of the examples.",
    "dw_j sums X[i, j] dZ_i over the examples i, the rows of X: a matrix product sums over "
    "the columns of its left factor, so X must be turned on its side (or stand on the "
    "right).")
LOSS_SIGN_HINT = (
    "the cost has the wrong sign on its second term, as in the notes (file 000): it is "
    "negative wherever the label is 0.",
    "the minus sign applies to the whole bracket of the binary cross-entropy.")
LABELS_FLOAT64_HINT = (
    "the labels became float64, and then so did everything computed from them: float32 "
    "inputs gave float64 outputs.", FLOAT32_HINT)
VECTORIZED_NUMERICAL_HINT = (
    "this is the numerical gradient (central differences of J), not the vectorized formula "
    "of section 1; the hidden tests use features of very different scales, where central "
    "differences are not accurate enough.",
    "write dZ for all examples at once, then dw and db from it with a matrix product and a "
    "mean (section 1).")
VECTORIZED_LOOP_HINT = (
    "your code reads X or Y one example (or one entry) at a time: a Python loop, which this "
    "exercise replaces.",
    "let NumPy do every loop: the scores of all examples are one matrix product, and the "
    "gradients one more product and a mean.")
VECTORIZED_CALLS_LOOP_HINT = (
    "logistic_propagate calls notebook 03's logistic_loop, which is not available here: the "
    "exercise is to remove its loops.", VECTORIZED_LOOP_HINT[1])


class _Watched(np.ndarray):
    """An input that counts how often it is read one row or one entry at a time (an integer
    index, iteration, ``tolist``, ``item``): a Python loop over the examples. Whole-array
    operations on it give plain arrays and are not counted."""

    reads = None  # a one-element list shared by the input and its views, or None

    def __array_finalize__(self, obj):
        self.reads = getattr(obj, "reads", None)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = tuple(_plain(i) for i in inputs)
        if "out" in kwargs:
            kwargs["out"] = tuple(_plain(o) for o in kwargs["out"])
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return func(*_plain(args), **_plain(kwargs))

    def _count(self, number=1):
        if self.reads is not None:
            self.reads[0] += number

    def __getitem__(self, key):
        first = key[0] if isinstance(key, tuple) and key else key
        if isinstance(first, (int, np.integer)):
            self._count()
        return super().__getitem__(key)

    def __iter__(self):
        self._count(len(self))
        return iter(self.view(np.ndarray))

    def tolist(self):
        self._count(len(self) if self.ndim else 1)
        return self.view(np.ndarray).tolist()

    def item(self, *args):
        self._count()
        return self.view(np.ndarray).item(*args)

    def __repr__(self):
        return repr(self.view(np.ndarray))

    def __str__(self):
        return str(self.view(np.ndarray))


def _plain(value):
    """``value`` with every _Watched array in it as a plain ndarray (lists, tuples, dicts)."""
    if isinstance(value, _Watched):
        return value.view(np.ndarray)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def drive_logistic_vectorized(logistic_propagate, w, b, X, Y):
    """logistic_propagate(w, b, X, Y) with X and Y watched: an answer that reads them one
    example at a time more than twice (a loop) is refused, whatever its numbers."""
    reads = [0]
    watched = []
    for array in (X, Y):
        array = np.asarray(array).view(_Watched)
        array.reads = reads
        watched.append(array)
    result = logistic_propagate(w, b, *watched)
    if reads[0] > 2:
        raise CheckFailed("logistic_propagate(w, b, X, Y): your code reads X or Y one "
                          "example at a time (a Python loop); this exercise is graded on "
                          "whole-array operations.", hint=VECTORIZED_LOOP_HINT[0])
    J, dw, db = unpack(_plain(result), 3, "logistic_propagate(w, b, X, Y)")
    return {"J": J, "dw": dw, "db": db}


def _logistic_shapes(label, X, out):
    m, n = X.shape
    got = np.shape(out["J"])
    if got != ():
        hint = {(m,): "J is one number, the mean of the m losses.",
                (m, m): BROADCAST_HINT[0]}.get(got, "J is one number: the mean of the losses.")
        raise CheckFailed(f"{label}: J has shape {got}, expected ().", hint)
    got = np.shape(out["dw"])
    if got != (n,):
        hint = {(n, m): BROADCAST_HINT[0], (m, m): BROADCAST_HINT[0],
                (n, 1): "w has shape (n,), so dw has shape (n,), not a column (n, 1).",
                (m,): "dw has one entry per feature, not one per example: the sum over the "
                      "examples is missing."}.get(got, LAYOUT_HINT)
        raise CheckFailed(f"{label}: dw has shape {got}, expected {(n,)}, the shape of w.",
                          hint)
    got = np.shape(out["db"])
    if got != ():
        hint = {(m,): "db is one number, like b: the mean over the examples is missing.",
                (m, m): BROADCAST_HINT[0]}.get(got, "db is one number, like b.")
        raise CheckFailed(f"{label}: db has shape {got}, expected ().", hint)


LOGISTIC_HINTS = [(SHAPE_ERRORS, LAYOUT_HINT)]


def public_logistic_vectorized(run):
    label = "logistic_propagate(w=(0.5, -1), b=0.5, X=[[3, 2], [1, 2]], Y=[1, 0])"
    out = run_with_hints(run, LOGISTIC_HINTS, **LOGISTIC_VECTORIZED.examples["worked"])
    _, right = run.example("worked")
    _logistic_shapes(label, X2, out)
    expect_close(f"{label}: J", out["J"], right["J"],
                 hint="the mean of the two losses 0.6931 and 0.3133, as in notebook 03.")
    expect_close(f"{label}: dw", out["dw"], right["dw"],
                 hint="the same numbers as the loop of notebook 03, (-0.6155, -0.2311).")
    expect_close(f"{label}: db", out["db"], right["db"],
                 hint="the same number as the loop of notebook 03, -0.1155.")

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
                        hint="dw disagrees with central differences of your own J: check "
                             "which index of X the product sums over (a square X hides a "
                             "wrong one from the shapes), and the mean over the examples.")
        expect_gradient(f"{label}: db", np.reshape(out["db"], (1,)),
                        _numerical(run, inputs, "J", "b"),
                        hint="db disagrees with central differences of your own J: it is "
                             "the mean of dZ over the examples.")

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
    "T has one axis too many, (m, 1, C): the labels came as the notes' column (m, 1), and "
    "each of its rows picked a row of C, as tf.one_hot gave the notes (?, 1, 7) before their "
    "reshape (file 000).",
    "give the labels one known form first, whichever form they come in; a reshape with -1 "
    "keeps the m axis even when m == 1.")
FLOAT_INDEX_HINT = (
    "the labels were used as an index, and np.loadtxt reads them as floats (0.0, 3.0, ...): "
    "only integers can index an array.",
    "they are whole numbers, so converting them to int is safe; or compare them with the "
    "class numbers instead of indexing.")
FLAT_AGAINST_ROW_HINT = (
    "flat labels (m,) against the row of class numbers (C,) line up entry by entry: an error "
    "when m != C, and silently the wrong shape when m == C or m == 1.",
    "broadcasting a column (m, 1) against a row (C,) builds the (m, C) table of section 4.")
SQUEEZE_HINT = (
    "np.squeeze removes every axis of size 1: with one example it removes the example axis "
    "too, and the column [[4.0]] becomes the number 4.0.",
    "reshape with -1 instead: it keeps the m axis even when m == 1.")
BOOLEAN_HINT = (
    "T holds True and False, a comparison's result; T should hold the numbers 1.0 and 0.0, "
    "float64, like np.eye(C).",
    "convert the table of booleans to float64.")
TRANSPOSED_T_HINT = (
    "T is transposed, (C, m): the class numbers went down the column and the labels along "
    "the row.",
    "one row per example, one column per class: the labels down the column.")
ONE_HOT_HINTS = [
    (("could not be broadcast",), FLAT_AGAINST_ROW_HINT[0]),
    (("used as indices", "only integers"), FLOAT_INDEX_HINT[0]),
    (("too many indices",), SQUEEZE_HINT[0]),
]


def _expect_one_hot(label, T, labels, classes):
    """T is one-hot for ``labels``: the shape (m, classes), float64, only 0 and 1, one 1 per
    row, in the column of the label."""
    labels = np.reshape(labels, -1).astype(np.int64)
    m = labels.size
    got = np.shape(T)
    if got != (m, classes):
        hint = {(m, 1, classes): NOTES_COLUMN_HINT[0], (classes, m): TRANSPOSED_T_HINT[0],
                (m,): FLAT_AGAINST_ROW_HINT[0], (classes,): FLAT_AGAINST_ROW_HINT[0]}.get(got)
        raise CheckFailed(f"{label} has shape {got}, expected {(m, classes)}: one row per "
                          "example, one column per class.", hint)
    expect_dtype(label, T, np.float64, hint=BOOLEAN_HINT[0])
    if not np.all((T == 0) | (T == 1)) or not np.all(T.sum(axis=1) == 1):
        raise CheckFailed(f"{label}: every row must hold a single 1.0 and zeros elsewhere; "
                          f"got rows {np.round(T[:3], 3).tolist()} ...",
                          hint="row i answers, for each class k, whether example i has the "
                               "label k.")
    found = np.argmax(T, axis=1)
    if not np.array_equal(found, labels):
        raise CheckFailed(f"{label}: the 1s stand in the columns {found.tolist()}, the labels "
                          f"are {labels.tolist()}.",
                          hint="the 1 of row i stands in the column of example i's label.")


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
# so J = 3 log 2 (the right outputs are stored at release, ``examples``).
SIGMOID_WORKED = {"W": np.zeros((2, 3)), "b": np.zeros(3),
                  "X": np.array([[1.0, 0.0], [2.0, 1.0]]),
                  "T": np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])}


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
    "a gradient has the shape of its variable: dW must be (n, C), like W. Of X (m, n) and dZ "
    "(m, C), only one product has that shape, and it sums over the examples, the rows of "
    "both: that is the transpose the notes (file 000) wondered about.")
NOTES_BIAS_HINT = (
    "db is one number: you summed over the classes too, like the notes' tf.reduce_sum(d_b) "
    "(file 000), so all C biases would move by the same amount and could never learn that "
    "one class is more common than another.",
    "b has one entry per class, and so has db: sum over the examples only, the axis of the "
    "rows.")
NOTES_D_LOSS_HINT = (
    "your dZ is (A - T) times A (over m): dL/dA lost the factor A from its denominator, as "
    "the notes' d_loss did (file 000; notebook 02, section 7).",
    "with the full dL/dA, times the sigmoid's A (1 - A), everything cancels except the "
    "prediction minus the target: notebook 03's dz, entry by entry.")
SIGMOID_SIGN_HINT = (
    "dZ has the wrong sign: where a sigmoid is below its target, raising its score lowers "
    "the loss, so that entry of dZ must be negative.",
    "entry by entry, dZ is notebook 03's dz: the prediction minus the target (over m).")
SIGMOID_LOSS_SIGN_HINT = (
    "J has the wrong sign on its second term, as the notes wrote it (file 000): the loss is "
    "negative wherever t = 0.",
    "the minus sign applies to the whole bracket of each binary cross-entropy.")
SIGMOID_SUM_HINT = (
    "J, dW and db are m times too large: summed over the examples, not averaged. The notes "
    "(file 000) summed too, so their learning rate 0.01 was in effect 0.01 × 101.",
    "J is the mean over the examples (of the losses summed over the classes), and so are its "
    "gradients: the 1/m goes into dZ.")
SIGMOID_MEAN_ALL_HINT = (
    "J is C times too small: np.mean over the (m, C) array divides by m·C.",
    "each class is its own logistic regression and their losses add up: sum over the "
    "classes, average over the examples.")
ONE_TERM_HINT = (
    "J has only the T log A term: the (1 - T) log(1 - A) term, which pushes the wrong "
    "classes' sigmoids towards 0, is missing, so J is not the loss whose gradient you return.",
    "each class's loss is the whole binary cross-entropy of notebook 02.")
LOG_GUARD_HINT = (
    "log(0) is -inf, and 0 · log 0 is NaN: a sigmoid of a score far from 0 is exactly 0.0 or "
    "1.0 in floating point (sigmoid(40) already rounds to 1).",
    "guard both logarithms as the exercise says, so that neither sees 0.")
SIGMOID_NO_TRANSPOSE_HINT = (
    "dW pairs the wrong axes of X with dZ: the shapes fit only when X is square.",
    WHY_TRANSPOSE)
SIGMOID_DW_TRANSPOSED_HINT = ("dW comes out transposed, (C, n).", WHY_TRANSPOSE)
DB_OVER_CLASSES_HINT = (
    "db has one number per example, (m,): you summed over the classes.",
    "b has one entry per class and is shared by all m examples: sum over the examples.")
SIGMOID_NUMERICAL_HINT = (
    "this is the numerical gradient (central differences of J), not the derivation the "
    "exercise asks for; the hidden tests use features of very different scales, where "
    "central differences are not accurate enough.",
    "derive dZ entry by entry from notebook 03, then dW and db from it by the shapes.")
SIGMOID_HINTS = [
    (SHAPE_ERRORS,
     "the scores are (m, n)·(n, C) → (m, C), with b (C,) added to every row; dW has the "
     "shape of W, (n, C)."),
    (("divide by zero", "invalid value"), LOG_GUARD_HINT[0]),
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
                        "one number."}.get(got)
        raise CheckFailed(f"{label}: J has shape {got}, expected ().", hint)
    got = np.shape(out["dW"])
    if got != (n, C):
        hint = WHY_TRANSPOSE
        if got == (C, n):
            hint = "that is dW transposed. " + WHY_TRANSPOSE
        raise CheckFailed(f"{label}: dW has shape {got}, expected {(n, C)}, the shape of W.",
                          hint)
    got = np.shape(out["db"])
    if got != (C,):
        hint = {(): NOTES_BIAS_HINT[0],
                (m, C): "db keeps one row per example; b is shared by all m examples, so "
                        "their gradients add up over the examples.",
                (1, C): "db has a leading axis of 1, (1, C); b has shape (C,)."}.get(got)
        if hint is None and got == (m,):
            hint = DB_OVER_CLASSES_HINT[0]
        raise CheckFailed(f"{label}: db has shape {got}, expected {(C,)}, the shape of b.",
                          hint)


def public_per_class_sigmoid(run):
    label = ("per_class_sigmoid_gradients with W = 0, b = 0, X = [[1, 0], [2, 1]], "
             "T = [[1, 0, 0], [0, 0, 1]]")
    out = run_with_hints(run, SIGMOID_HINTS, **SIGMOID_WORKED)
    _, right = run.example("worked")
    _sigmoid_shapes(label, SIGMOID_WORKED, out)
    expect_close(f"{label}: J", out["J"], right["J"], rtol=1e-5,
                 hint="with W = 0 every sigmoid gives 1/2, and each of the 3 classes of each "
                      "example adds -log(1/2): J = (2 · 3 log 2) / 2 = 3 log 2 = 2.0794.")
    expect_close(f"{label}: dW", out["dW"], right["dW"],
                 hint="here every A is 1/2, so A - T = [[-1/2, 1/2, 1/2], [1/2, 1/2, -1/2]]; "
                      "each dW[j, k] sums feature j times entry k of dZ over the examples.")
    expect_close(f"{label}: db", out["db"], right["db"],
                 hint="each db[k] sums column k of dZ over the examples.")

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
                        hint="dW disagrees with central differences of your own J. If J "
                             "itself is wrong, fix it first: this compares dW with J.")
        expect_gradient(f"{label}: db", out["db"], _numerical(run, inputs, "J", "b"),
                        tolerance=1e-5,
                        hint="db disagrees with central differences of your own J: one sum "
                             "over the examples per class.")

    label = ("per_class_sigmoid_gradients on scores of ±800, every one confident and right "
             "(sigmoid gives exactly 0.0 and 1.0)")
    out = run_with_hints(run, SIGMOID_HINTS, **SIGMOID_EXTREME)
    expect_close(f"{label}: J", out["J"], 0.0, atol=1e-6, hint=LOG_GUARD_HINT[0])

    inputs = {"W": (rng.normal(size=(4, 3)) * 0.5).astype(np.float32),
              "b": np.zeros(3, np.float32), "X": rng.normal(size=(5, 4)).astype(np.float32),
              "T": np.eye(3, dtype=np.float32)[[0, 2, 1, 1, 0]]}
    out = run_with_hints(run, SIGMOID_HINTS, **inputs)
    for key in ("J", "dW", "db"):
        expect_dtype(f"per_class_sigmoid_gradients on float32 W, b, X, T: {key}", out[key],
                     np.float32, hint=FLOAT32_HINT)


# Probe inputs on which the known mistakes (autograder/exercises/nb04_vectorization.py) are
# told apart: square X (where a missing transpose still fits) and non-square, one example,
# float32, labels flat and as a column, m == C, scores far from 0 (where an unguarded
# log breaks), and features of very different scales (where central differences are off).
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
     "T": np.eye(3, dtype=np.float32)[[1, 2]]},
    {"W": np.array([[2e-4, -3e-4, 1e-4], [0.8, -0.5, 0.3]]), "b": np.array([0.1, -0.2, 0.3]),
     "X": np.array([[3000.0, 0.7], [-2500.0, -0.4], [1800.0, 0.2]]),
     "T": np.eye(3)[[0, 2, 1]]})

LOGISTIC_VECTORIZED = Exercise(
    name="logistic_vectorized",
    title="logistic_propagate(w, b, X, Y), without loops",
    points=3,
    drive=drive_logistic_vectorized,
    public=public_logistic_vectorized,
    still_hidden=("random float64 data sets of several shapes, one example included, integer "
                  "labels, features of very different scales compared to 1e-6, and 50 "
                  "examples read without a loop"),
    probes=LOGISTIC_PROBES,
    examples={"worked": {"w": W0, "b": B0, "X": X2, "Y": Y2}},
    withheld=("numerical_gradient", "logistic_loop", "logistic_one_example"))

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
    still_hidden=("random float64 shapes (one example, one feature, square X), Zoo-like data, "
                  "and features of very different scales compared to 2e-6: the derivation, "
                  "not central differences"),
    probes=SIGMOID_PROBES,
    examples={"worked": SIGMOID_WORKED},
    withheld=("numerical_gradient",))

EXERCISES = [LOGISTIC_VECTORIZED, ONE_HOT, PER_CLASS_SIGMOID]
