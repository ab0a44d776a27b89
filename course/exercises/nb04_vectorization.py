"""Notebook 04, vectorization: logistic regression without loops, gradient descent for any
parameter shapes, and softmax regression with hand-written gradients (the Zoo data set).

Layout: one example per row. Logistic regression: ``X`` (m, n), ``Y`` (m,) labels 0/1,
``w`` (n,), ``b`` a number. Softmax regression: ``X`` (m, n), ``T`` one-hot (m, C),
``W`` (n, C), ``b`` (C,).
"""

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    CheckFailed,
    Exercise,
    as_numbers,
    expect_close,
    expect_dtype,
    expect_gradient,
    expect_shape,
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
    "Andrew Ng (and seed 004) store examples as columns, X of shape (n, m), and write "
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
                  "J = -mean(Y log A + (1 - Y) log(1 - A)); seed 000 wrote "
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
# gradient_descent for any parameter shapes
# --------------------------------------------------------------------------------------


def least_squares(w, b, X, Y):
    """J = sum((X @ w + b - Y)**2) / (2m): a straight-line fit. Works for w (n,), b a
    number, Y (m,), and for W (n, C), b (C,), Y (m, C). Returns (J, dw, db)."""
    m = X.shape[0]
    R = X @ w + b - Y
    return np.sum(R ** 2) / (2 * m), X.T @ R / m, np.sum(R, axis=0) / m


def bowl(w, b, X, Y):
    """J = (sum((w - 1)**2) + sum(b**2)) / 2, a bowl with its bottom at w = 1, b = 0; the
    data are ignored. Returns (J, dw, db) = (J, w - 1, b)."""
    return (np.sum((w - 1) ** 2) + np.sum(np.square(b))) / 2, w - 1, b * 1


GRADIENT_FUNCTIONS = [least_squares, bowl]


def drive_vectorized_descent(gradient_descent, w, b, X, Y, which, learning_rate, iterations):
    """gradient_descent(w, b, X, Y, gradients, learning_rate, iterations) with the cost
    function number ``which`` of GRADIENT_FUNCTIONS as ``gradients``."""
    gradients = GRADIENT_FUNCTIONS[int(which)]
    result = gradient_descent(w, b, X, Y, gradients, learning_rate, int(iterations))
    w_new, b_new, costs = unpack(result, 3, "gradient_descent(w, b, X, Y, gradients, "
                                            "learning_rate, iterations)")
    return {"w": w_new, "b": b_new,
            "costs": as_numbers("the list of costs", costs).astype(np.float64)}


IN_PLACE_HINT = ("`w -= learning_rate * dw` changes the array the caller passed in. Write "
                 "`w = w - learning_rate * dw`: a new array, which you return.")
DESCENT_HINTS = [
    (("changed the caller's array",), IN_PLACE_HINT),
    (SHAPE_ERRORS + ("positional argument",),
     "call the cost function with the arguments in this order: "
     "J, dw, db = gradients(w, b, X, Y)."),
]
REBIND_HINT = ("w and b come back unchanged. An update like `for p, g in zip(params, grads): "
               "p = p - lr * g` only rebinds the loop name p and never changes w or b (seed "
               "002's mistake). Assign to w and b themselves: w = w - learning_rate * dw.")

UPHILL_HINT = ("w moved uphill, to w + learning_rate * dw: gradient descent steps against "
               "the gradient, w = w - learning_rate * dw.")
B_FROZEN_HINT = ("b never moves: b = b - learning_rate * db, in the same loop as "
                 "w = w - learning_rate * dw.")
STALE_HINT = ("the gradients were computed once, before the loop, so every step uses the "
              "slope at the starting point. Call gradients(w, b, X, Y) inside the loop, at "
              "the current w and b, every iteration.")
COST_AFTER_HINT = ("costs[k] is the cost *before* the update of iteration k (the J that came "
                   "with dw and db), not the cost after it.")
B_WITH_DW_HINT = ("b = b - learning_rate * db, with db: b - learning_rate * dw broadcasts b "
                  "against w's shape, so b comes back with w's shape instead of its own.")

# The straight-line fit through (1, 2) and (2, 4), from w = 0, b = 0, learning_rate 0.1.
LINE = {"w": np.array([0.0]), "b": 0.0, "X": np.array([[1.0], [2.0]]),
        "Y": np.array([2.0, 4.0]), "which": 0, "learning_rate": 0.1}
LINE_STEPS = [(np.array([0.5]), 0.3), (np.array([0.83]), 0.495)]
LINE_COSTS = [5.0, 2.1825]


def _descent_shapes(label, inputs, out):
    iterations = inputs["iterations"]
    got = np.shape(out["costs"])
    if got != (iterations,):
        hint = "return the list of costs as the third value."
        if got == (iterations + 1,):
            hint = ("one cost per iteration, the cost *before* that iteration's update: "
                    "costs has `iterations` entries.")
        raise CheckFailed(f"{label}: costs has shape {got}, expected ({iterations},).", hint)
    for key in ("w", "b"):
        expect_shape(f"{label}: {key}", out[key], np.shape(inputs[key]),
                     hint=f"the trained {key} has the shape of the {key} passed in: "
                          f"{key} = {key} - learning_rate * d{key}.")


def _bowl_expected(inputs):
    """The bowl's exact answer: each step multiplies w - 1 and b by (1 - learning_rate)."""
    k, rate = inputs["iterations"], 1 - inputs["learning_rate"]
    w0, b0 = inputs["w"].astype(np.float64), np.asarray(inputs["b"], dtype=np.float64)
    cost0 = (np.sum((w0 - 1) ** 2) + np.sum(b0 ** 2)) / 2
    return 1 + (w0 - 1) * rate ** k, b0 * rate ** k, cost0 * rate ** (2 * np.arange(k))


def public_vectorized_descent(run):
    label = ("gradient_descent fitting a line through (1, 2) and (2, 4) from w = [0], b = 0, "
             "learning_rate=0.1, iterations=1")
    inputs = {**LINE, "iterations": 1}
    out = run_with_hints(run, DESCENT_HINTS, **inputs)
    _descent_shapes(label, inputs, out)
    expect_close(f"{label}: costs", out["costs"], LINE_COSTS[:1],
                 hint="costs[0] is J at the starting w and b: J, dw, db = gradients(w, b, X, Y) "
                      "before the first update. Here J = (2² + 4²) / (2·2) = 5.")
    expect_close(f"{label}: w", out["w"], LINE_STEPS[0][0],
                 hint="dw = -5 here: w = 0 - 0.1 · (-5) = 0.5.")
    expect_close(f"{label}: b", out["b"], LINE_STEPS[0][1],
                 hint="db = -3 here: b = 0 - 0.1 · (-3) = 0.3.")

    inputs = {**LINE, "iterations": 2}
    label = label.replace("iterations=1", "iterations=2")
    out = run_with_hints(run, DESCENT_HINTS, **inputs)
    _descent_shapes(label, inputs, out)
    expect_close(f"{label}: costs", out["costs"], LINE_COSTS,
                 hint="each iteration: J, dw, db = gradients(w, b, X, Y) at the current w and "
                      "b; append J; update w and b.")
    expect_close(f"{label}: w", out["w"], LINE_STEPS[1][0])
    expect_close(f"{label}: b", out["b"], LINE_STEPS[1][1])

    rng = np.random.default_rng(8)
    for dtype in (np.float64, np.float32):
        inputs = {"w": rng.normal(size=(3, 2)).astype(dtype),
                  "b": rng.normal(size=2).astype(dtype), "X": np.zeros((1, 3), dtype),
                  "Y": np.zeros((1, 2), dtype), "which": 1, "learning_rate": 0.25,
                  "iterations": 4}
        label = (f"gradient_descent on the bowl J = (sum((W - 1)²) + sum(b²)) / 2 with "
                 f"{np.dtype(dtype).name} W (3, 2) and b (2,)")
        out = run_with_hints(run, DESCENT_HINTS, **inputs)
        _descent_shapes(label, inputs, out)
        w_k, b_k, costs = _bowl_expected(inputs)
        hint = ("the same three lines work for any shape: w - learning_rate * dw is computed "
                "element by element, whether w is a vector or a matrix.")
        expect_close(f"{label}: costs", out["costs"], costs, rtol=1e-5, hint=hint)
        expect_close(f"{label}: W", out["w"], w_k, rtol=1e-5, hint=hint)
        expect_close(f"{label}: b", out["b"], b_k, rtol=1e-5, atol=1e-7, hint=hint)
        if dtype is np.float32:
            for key in ("w", "b"):
                expect_dtype(f"{label}: {key}", out[key], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# softmax_regression_gradients
# --------------------------------------------------------------------------------------


def drive_softmax_regression(softmax_regression_gradients, W, b, X, T):
    """softmax_regression_gradients(W, b, X, T); overflow, 0/0 and log(0) inside raise
    FloatingPointError instead of warning quietly."""
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        result = softmax_regression_gradients(W, b, X, T)
    J, dW, db = unpack(result, 3, "softmax_regression_gradients(W, b, X, T)")
    return {"J": J, "dW": dW, "db": db}


# Two examples, two features, three classes; with W = 0 and b = 0 every class has
# probability 1/3, so J = log 3 and P - T = [[-2/3, 1/3, 1/3], [1/3, 1/3, -2/3]].
SOFTMAX_WORKED = {"W": np.zeros((2, 3)), "b": np.zeros(3), "X": np.array([[1.0, 0.0],
                                                                          [2.0, 1.0]]),
                  "T": np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])}
SOFTMAX_DZ = np.array([[-2.0, 1.0, 1.0], [1.0, 1.0, -2.0]]) / 3
SOFTMAX_J = float(np.log(3.0))
SOFTMAX_DW = np.array([[0.0, 0.5, -0.5], [1 / 6, 1 / 6, -1 / 3]])
SOFTMAX_DB = np.array([-1 / 6, 1 / 3, -1 / 6])

WHY_TRANSPOSE = (
    "dW must have the shape of W, (n, C). From dZ = (P - T) / m, shape (m, C), and X, shape "
    "(m, n), the only product that gives (n, C) is X.T @ dZ: (n, m)·(m, C). That is the "
    "transpose seed 000 wondered about: each entry dW[j, k] = sum over examples i of "
    "X[i, j] dZ[i, k] pairs a feature with a class across the examples.")
SEED_BIAS_HINT = (
    "you summed over the classes too (seed 000's tf.reduce_sum(d_b)), which leaves one "
    "number. b has one entry per class, so db does too: sum over the examples only, "
    "np.sum(dZ, axis=0). (With softmax that total is always 0: each row of P and of T sums "
    "to 1, so the seed's bias never learned anything.)")
SIGMOID_PER_CLASS_HINT = (
    "your probabilities are not a softmax over the C classes of each row: a sigmoid per "
    "class (seed 000's choice) gives numbers that do not sum to 1, and its gradient is not "
    "P - T. Use P = softmax(X @ W + b), which normalises each row.")
SOFTMAX_SIGN_HINT = "dZ = P - T, prediction minus target, not T - P."
SOFTMAX_MEAN_HINT = ("J is the mean over the m examples, and so are its gradients: "
                     "J = -np.sum(T * np.log(P)) / m, dZ = (P - T) / m. Seed 001 summed its "
                     "cross-entropy over the batch instead.")
SOFTMAX_NO_TRANSPOSE_HINT = ("that is X @ dZ: the shapes fit only when X is square. "
                             + WHY_TRANSPOSE)
ROW_MAX_HINT = (
    "0/0: every exp in some row underflowed to 0. One max for the whole batch (np.max(Z), "
    "seed 001's softmax) pushes the rows with smaller scores to exp(-1000) = 0, and their "
    "probabilities to 0/0 = NaN. Subtract each row's own max, np.max(Z, axis=1, "
    "keepdims=True); the notebook's softmax(Z) already does it right.")
ARGMAX_HINT = ("np.argmax(T) without an axis gives one number for the whole batch (the index "
               "in the flattened T): every example is scored against the same class. Each row "
               "has its own label, np.argmax(T, axis=1), shape (m,); or simply use "
               "-np.sum(T * np.log(P)) / m with the one-hot T.")
SOFTMAX_HINTS = [
    (SHAPE_ERRORS,
     "the scores are Z = X @ W + b: (m, n)·(n, C) → (m, C), and b (C,) is added to every "
     "row. Then dW = X.T @ dZ, (n, m)·(m, C) → (n, C)."),
]


def _softmax_shapes(label, inputs, out):
    m, n = inputs["X"].shape
    C = inputs["W"].shape[1]
    got = np.shape(out["J"])
    if got != ():
        hint = {(m,): "J is the mean over the examples of their losses: one number.",
                (m, C): "sum T * log(P) over the classes and average over the examples: "
                        "J = -np.sum(T * np.log(P)) / m, one number."}.get(got)
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
        hint = {(): SEED_BIAS_HINT,
                (m, C): "db = dZ keeps one row per example; b is shared by all m examples, so "
                        "their gradients add up: np.sum(dZ, axis=0).",
                (1, C): "keepdims=True leaves a (1, C) array; b has shape (C,): "
                        "np.sum(dZ, axis=0)."}.get(got)
        if hint is None and got == (m,):
            hint = ("you summed over the classes (axis=1); sum over the examples, axis=0: one "
                    "number per class.")
        raise CheckFailed(f"{label}: db has shape {got}, expected {(C,)}, the shape of b.",
                          hint)


def public_softmax_regression(run):
    label = ("softmax_regression_gradients with W = 0, b = 0, X = [[1, 0], [2, 1]], "
             "T = [[1, 0, 0], [0, 0, 1]]")
    out = run_with_hints(run, SOFTMAX_HINTS, **SOFTMAX_WORKED)
    _softmax_shapes(label, SOFTMAX_WORKED, out)
    expect_close(f"{label}: J", out["J"], SOFTMAX_J,
                 hint="with W = 0 every class has probability 1/3, so J = -log(1/3) = log 3 "
                      "= 1.0986.")
    expect_close(f"{label}: dW", out["dW"], SOFTMAX_DW,
                 hint="dW = X.T @ (P - T) / m; here P - T = [[-2/3, 1/3, 1/3], "
                      "[1/3, 1/3, -2/3]].")
    expect_close(f"{label}: db", out["db"], SOFTMAX_DB,
                 hint="db = np.sum(P - T, axis=0) / m = [-1/6, 1/3, -1/6].")

    rng = np.random.default_rng(9)
    for m, n, C in [(5, 4, 3), (1, 3, 4), (3, 3, 3)]:
        inputs = {"W": rng.normal(size=(n, C)) * 0.5, "b": rng.normal(size=C) * 0.5,
                  "X": rng.normal(size=(m, n)),
                  "T": np.eye(C)[rng.integers(0, C, size=m)]}
        label = f"softmax_regression_gradients on random X {(m, n)}, W {(n, C)}"
        if m == 1:
            label += " (one example)"
        out = run_with_hints(run, SOFTMAX_HINTS, **inputs)
        _softmax_shapes(label, inputs, out)
        expect_gradient(f"{label}: dW", out["dW"], _numerical(run, inputs, "J", "W"),
                        tolerance=1e-5,
                        hint="dW = X.T @ (P - T) / m, with P = softmax(X @ W + b) row by row. "
                             "If J itself is wrong, fix it first: this compares dW with J.")
        expect_gradient(f"{label}: db", out["db"], _numerical(run, inputs, "J", "b"),
                        tolerance=1e-5, hint="db = np.sum(P - T, axis=0) / m.")

    inputs = {"W": (rng.normal(size=(4, 3)) * 0.5).astype(np.float32),
              "b": np.zeros(3, np.float32), "X": rng.normal(size=(5, 4)).astype(np.float32),
              "T": np.eye(3, dtype=np.float32)[[0, 2, 1, 1, 0]]}
    out = run_with_hints(run, SOFTMAX_HINTS, **inputs)
    for key in ("J", "dW", "db"):
        expect_dtype(f"softmax_regression_gradients on float32 W, b, X, T: {key}", out[key],
                     np.float32, hint=FLOAT32_HINT)


# Probe inputs on which the known mistakes (autograder/mistakes/nb04_vectorization.py) are
# told apart: square X (where a missing transpose still fits) and non-square, one example,
# float32, vector and matrix parameters, learning rates of 1 and below, rows of very
# different scale (where one max for the batch breaks the softmax).
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
DESCENT_PROBES = (
    {**LINE, "iterations": 2},
    {"w": _probe_rng.normal(size=3), "b": 0.5, "X": _probe_rng.normal(size=(4, 3)),
     "Y": _probe_rng.normal(size=4), "which": 0, "learning_rate": 1.0, "iterations": 3},
    {"w": _probe_rng.normal(size=(3, 2)).astype(np.float32),
     "b": _probe_rng.normal(size=2).astype(np.float32), "X": np.zeros((1, 3), np.float32),
     "Y": np.zeros((1, 2), np.float32), "which": 1, "learning_rate": 0.25, "iterations": 3})
SOFTMAX_PROBES = (
    SOFTMAX_WORKED,
    {"W": _probe_rng.normal(size=(4, 3)) * 0.5, "b": _probe_rng.normal(size=3) * 0.5,
     "X": _probe_rng.normal(size=(5, 4)), "T": np.eye(3)[[0, 2, 1, 1, 0]]},
    {"W": _probe_rng.normal(size=(3, 3)) * 0.5, "b": _probe_rng.normal(size=3) * 0.5,
     "X": _probe_rng.normal(size=(3, 3)), "T": np.eye(3)[[2, 2, 1]]},
    {"W": np.array([[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]]), "b": np.zeros(3),
     "X": np.array([[400.0, 400.0], [0.1, 0.2]]), "T": np.eye(3)[[2, 0]]},
    {"W": (_probe_rng.normal(size=(4, 3)) * 0.5).astype(np.float32),
     "b": np.zeros(3, np.float32), "X": _probe_rng.normal(size=(2, 4)).astype(np.float32),
     "T": np.eye(3, dtype=np.float32)[[1, 2]]})

EXERCISES = [
    Exercise("logistic_vectorized", "logistic_propagate(w, b, X, Y), without loops",
             drive_logistic_vectorized, public_logistic_vectorized,
             "random data sets of several shapes, one example included, integer labels and "
             "float32",
             probes=LOGISTIC_PROBES),
    Exercise("vectorized_descent",
             "gradient_descent(w, b, X, Y, gradients, learning_rate, iterations)",
             drive_vectorized_descent, public_vectorized_descent,
             "other cost functions, vector and matrix parameters, learning rates and numbers "
             "of iterations, one example included, and float32",
             probes=DESCENT_PROBES),
    Exercise("softmax_regression", "softmax_regression_gradients(W, b, X, T)",
             drive_softmax_regression, public_softmax_regression,
             "random shapes (one example, one feature, square X), Zoo-like data, rows of "
             "very different scale and float32",
             probes=SOFTMAX_PROBES),
]
