"""Notebook 05, layers with matrices: Affine, softmax, cross-entropy, SoftmaxWithLoss, a
numerical gradient of any array, and two Affine layers in a row, forward and backward.

Shapes: ``N`` examples per batch (one per row), ``D`` inputs and ``M`` outputs of an Affine
layer (``W`` is (D, M), ``b`` is (M,)), ``C`` classes. Notebook 06 reuses the exercises
``affine`` and ``softmax_with_loss``: their drivers take any batch size.

The public checks compare with the notes' worked numbers, with the right outputs stored at
release for each exercise's ``examples`` (``run.example``), and with properties: shapes,
dtypes, rows that sum to 1, and backward against central differences of the learner's own
forward. Nothing here computes an answer, and no hint spells one: a hint says what is wrong
and where, then the rule in words.
"""

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    CheckFailed,
    Exercise,
    expect_close,
    expect_dtype,
    expect_gradient,
    expect_shape,
    expected,
    fmt,
    run_with_hints,
    unpack,
)
from course.gradcheck import layer_numerical_gradient


def said(steps) -> str:
    """A hint given in steps, as one sentence for a public check that gives it at once."""
    return steps if isinstance(steps, str) else " ".join(steps)


def _no_float_trouble():
    """Overflow, 0/0 and log(0) raise FloatingPointError instead of warning quietly."""
    return np.errstate(over="raise", divide="raise", invalid="raise")


# Out of reach while an answer runs: the course's numerical gradients (course.gradcheck)
# and the learner's own of Exercise 6. A backward pass certifies a derivation, and
# Exercise 6 certifies writing the numerical gradient, not calling the course's.
NUMERICAL_SHORTCUTS = ("numerical_gradient", "layer_numerical_gradient")

FLOAT32_HINT = ("float32 in should give float32 out. NumPy keeps float32 through +, *, @, "
                "exp, log and sum; it becomes float64 when you mix in a float64 array "
                "(np.eye, np.zeros(...) without dtype, np.array(..., dtype=float)) or call "
                "float(...). Build new arrays with the dtype of the inputs.")


# --------------------------------------------------------------------------------------
# Affine
# --------------------------------------------------------------------------------------

KEPT_X_HINT = ("forward keeps another array than the x it received: the notes' code (file "
               "001) stored the global X, right for the notes' example and wrong for any "
               "other x. backward needs the input of the last forward call, forward's own "
               "argument.")


def drive_affine(Affine, W, b, x, dout):
    """``Affine(W, b)``, ``forward(x)``, ``backward(dout)``; returns out, dx and the dW, db
    the layer keeps. W: (D, M), b: (M,), x: (N, D), dout: (N, M)."""
    layer = Affine(W, b)
    out = layer.forward(x)
    kept = getattr(layer, "x", None)
    if isinstance(kept, np.ndarray) and (kept.size != x.size or not np.array_equal(
            kept.reshape(-1), x.reshape(-1))):
        raise CheckFailed(f"after forward(x) with x of shape {x.shape}, the layer's self.x is "
                          f"another array (shape {kept.shape}).", hint=KEPT_X_HINT)
    dx = layer.backward(dout)
    if isinstance(dx, tuple):
        raise CheckFailed("Affine.backward(dout) returned several values; it should return "
                          "dx alone.",
                          hint="keep the parameter gradients on the layer, in self.dW and "
                               "self.db, and return dx alone: the next layer down only "
                               "needs dx.")
    for name in ("dW", "db"):
        if getattr(layer, name, None) is None:
            raise CheckFailed(f"after backward(dout), the layer's {name} is None.",
                              hint=f"backward should store the gradient in self.{name}.")
    return {"out": out, "dx": dx, "dW": layer.dW, "db": layer.db}


AFFINE_SHAPES_HINT = (
    "a matrix product whose shapes do not fit. Write the shape under each factor: the "
    "inner sizes must agree, and they disappear. Forward takes x (N, D) and W (D, M) to "
    "(N, M); in backward each gradient has the shape of its variable, dx (N, D) and dW "
    "(D, M), and only one arrangement of dout, W and x gives it. The notes' first "
    "Affine.backward (file 001) used W without turning it around.")
AFFINE_HINTS = [
    (SHAPE_ERRORS, AFFINE_SHAPES_HINT),
    (("is not defined",),
     "a name from outside the method: forward should keep its own argument, not a global "
     "such as the X of the notes' code."),
]

NOTES_AFFINE = {
    "W": np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]),
    "b": np.ones(3),
    "x": np.array([[1.0, 2.0], [3.0, 4.0]]),
    "dout": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
}
# Every matrix square, so that dout · W and x · dout have the right shapes, wrong numbers.
SQUARE_AFFINE = {
    "W": np.array([[1.0, -1.0, 2.0], [0.0, 3.0, 1.0], [2.0, 1.0, 0.5]]),
    "b": np.array([0.5, -1.0, 2.0]),
    "x": np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, -1.0, 1.0]]),
    "dout": np.array([[1.0, 0.0, 2.0], [-1.0, 1.0, 0.5], [0.0, 2.0, 1.0]]),
}


def _random_affine(rng, n, d, m, dtype=np.float64):
    return {"W": rng.normal(size=(d, m)).astype(dtype), "b": rng.normal(size=m).astype(dtype),
            "x": rng.normal(size=(n, d)).astype(dtype),
            "dout": rng.normal(size=(n, m)).astype(dtype)}


_affine_rng = np.random.default_rng(5)
# Inputs whose right outputs are stored at release (course/exercises/expected.json).
AFFINE_EXAMPLES = {
    "square": SQUARE_AFFINE,
    "tall": _random_affine(_affine_rng, 4, 3, 2),
    "one": _random_affine(_affine_rng, 1, 3, 5),
}
AFFINE_LABELS = {"square": "Affine with a square x and a square W",
                 "tall": "Affine with x (4, 3), W (3, 2)",
                 "one": "Affine on a batch of one, x (1, 3), W (3, 5)"}


def _affine_shapes(label, inputs, out):
    """Shapes of out, dx, dW, db, each failure naming both shapes and what went wrong."""
    x, W, b, dout = inputs["x"], inputs["W"], inputs["b"], inputs["dout"]
    n, d = x.shape
    m = W.shape[1]
    got = np.shape(out["out"])
    if got != (n, m):
        raise CheckFailed(f"{label}: your forward output has shape {got}, x has shape {x.shape} "
                          f"and W {W.shape}: out should be {(n, m)}, one row per example and "
                          "one column per output.",
                          hint="forward multiplies x (N, D) by W (D, M), in that order, and "
                               "adds b to every row.")
    got = np.shape(out["dx"])
    if got != x.shape:
        hint = {(d, n): "that is dx transposed: look at the order of the factors in the dx "
                        "line of backward; dout's rows are the examples, so dout comes first.",
                (n, m): "that is dout's shape: dx must have the shape of x, the input."}.get(
            got, "dx is built from dout (N, M) and W (D, M): their M axes have to meet, "
                 "which takes W turned around.")
        raise CheckFailed(f"{label}: your dx has shape {got}, x has shape {x.shape}: a "
                          "gradient has the shape of its variable.", hint)
    got = np.shape(out["dW"])
    if got != W.shape:
        hint = {(m, d): "that is dW transposed: look at the order of the factors in the dW "
                        "line of backward."}.get(
            got, "dW pairs x (N, D) with dout (N, M) over the examples: their batch axes "
                 "have to meet, which takes x turned around.")
        raise CheckFailed(f"{label}: your dW has shape {got}, W has shape {W.shape}: a "
                          "gradient has the shape of its variable.", hint)
    got = np.shape(out["db"])
    if got != b.shape:
        hint = {dout.shape: "db keeps one row per example, but b is shared by all N "
                            "examples: their gradients add up, one number per output.",
                (): "db is one number: every axis was added up. Add up over the batch axis "
                    "only, one number per output.",
                (1, m): "db has shape (1, M): the summed axis was kept, and b has shape "
                        "(M,)."}.get(got)
        raise CheckFailed(f"{label}: your db has shape {got}, b has shape {b.shape}: db is "
                          f"dout added up over the batch, {dout.shape} → {b.shape}.", hint)


DX_HINT = ("look at the dx line of backward: dx[n, d] adds dout[n, m] · W[d, m] over the "
           "outputs m, the second index of both, so W has to be turned around.")
DW_HINT = ("look at the dW line of backward: dW[d, m] adds x[n, d] · dout[n, m] over the "
           "examples n, with the x that this forward call received (its own argument, not "
           "a global X).")
DB_HINT = ("look at the db line of backward: b is added to every example with factor 1, so "
           "db adds up dout over the batch axis, one number per output.")
AFFINE_KEY_HINTS = {
    "out": "forward multiplies the x it receives by W, in that order, and adds b to every row.",
    "dx": DX_HINT, "dW": DW_HINT, "db": DB_HINT}


def _affine_against_numerical(run, label, inputs, out):
    """dx, dW and db against central differences of the learner's own forward pass."""
    def gradient_of(name):
        def forward(value):
            return run(**{**inputs, name: value})["out"]
        return layer_numerical_gradient(forward, inputs[name], inputs["dout"])

    for name, key in [("x", "dx"), ("W", "dW"), ("b", "db")]:
        expect_gradient(f"{label}: {key}", out[key], gradient_of(name),
                        hint=AFFINE_KEY_HINTS[key])


def public_affine(run):
    label = "Affine on the notes' X, W, B, dout"
    out = run_with_hints(run, AFFINE_HINTS, **NOTES_AFFINE)
    _affine_shapes(label, NOTES_AFFINE, out)
    expect_close(f"{label}: forward(X)", out["out"], [[6, 12, 18], [12, 26, 40]],
                 hint="out[0, 0] = 1·1 + 2·2 + 1 = 6: row 0 of X times column 0 of W, plus "
                      "b. " + AFFINE_KEY_HINTS["out"])
    expect_close(f"{label}: dX", out["dx"], [[22, 28], [49, 64]],
                 hint="dX[0, 0] = 1·1 + 2·3 + 3·5 = 22: row 0 of dout times row 0 of W. "
                      + DX_HINT)
    expect_close(f"{label}: dW", out["dW"], [[13, 17, 21], [18, 24, 30]],
                 hint="dW[0, 0] = 1·1 + 3·4 = 13: column 0 of X times column 0 of dout. "
                      + DW_HINT)
    expect_close(f"{label}: dB", out["db"], [5, 7, 9],
                 hint="dB = [1 + 4, 2 + 5, 3 + 6]: the rows of dout added up. " + DB_HINT)

    for name, inputs in AFFINE_EXAMPLES.items():
        label = AFFINE_LABELS[name]
        out = run_with_hints(run, AFFINE_HINTS, **inputs)
        _affine_shapes(label, inputs, out)
        right = expected("affine", name)
        expect_close(f"{label}: forward(x)", out["out"], right["out"],
                     hint=AFFINE_KEY_HINTS["out"])
        _affine_against_numerical(run, label, inputs, out)
        for key in ("dx", "dW", "db"):
            expect_close(f"{label}: {key}", out[key], right[key], hint=AFFINE_KEY_HINTS[key])

    label = "Affine on float32 x (3, 4), W (4, 2), b, dout"
    inputs = _random_affine(np.random.default_rng(50), 3, 4, 2, np.float32)
    out = run_with_hints(run, AFFINE_HINTS, **inputs)
    _affine_shapes(label, inputs, out)
    for key in ("out", "dx", "dW", "db"):
        expect_dtype(f"{label}: {key}", out[key], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# Two Affine layers in a row, forward and backward (the notes, file 001, problems 226, 228)
# --------------------------------------------------------------------------------------


def drive_two_layer_backprop(two_layer_backprop, x, W1, b1, W2, b2, dout):
    """two_layer_backprop(x, W1, b1, W2, b2, dout) -> out, dx, dW1, db1, dW2, db2."""
    result = two_layer_backprop(x, W1, b1, W2, b2, dout)
    names = ("out", "dx", "dW1", "db1", "dW2", "db2")
    return dict(zip(names, unpack(result, 6, "two_layer_backprop(x, W1, b1, W2, b2, dout)")))


# Problem 226: X, W1, B1, W2, B2 -> [[93, 211]]. Problem 228 sends that output back as dout.
NOTES_TWO_LAYER = {
    "x": np.array([[1.0, 2.0]]),
    "W1": np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]),
    "b1": np.array([1.0, 2.0, 3.0]),
    "W2": np.array([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]),
    "b2": np.array([1.0, 2.0]),
    "dout": np.array([[93.0, 211.0]]),
}
NOTES_TWO_LAYER_OUT = {
    "out": [[93, 211]], "dx": [[12385, 16108]],
    "dW1": [[937, 1241, 1545], [1874, 2482, 3090]], "db1": [937, 1241, 1545],
    "dW2": [[558, 1266], [1209, 2743], [1860, 4220]], "db2": [93, 211]}

CHAIN_HINT = (
    "backward runs the layers in reverse: the second layer's backward takes dout and returns "
    "the gradient at its input h, (N, H); the first layer's backward takes that gradient, "
    "not dout, and returns the gradient at x, (N, D).")
SAME_LAYER_HINT = (
    "backward ran on a layer that never ran forward: the input it kept is None.",
    "a layer's backward needs what its own forward kept: call backward on the same two "
    "objects that ran forward.")
CHAIN_SHAPES_HINT = (
    "the shapes must chain. Forward: (N, D)·(D, H) → (N, H), then (N, H)·(H, M) → (N, M): "
    "the second layer takes the first one's output. " + CHAIN_HINT)
TWO_LAYER_HINTS = [
    (("'NoneType' object",), said(SAME_LAYER_HINT)),
    (SHAPE_ERRORS, CHAIN_SHAPES_HINT),
] + AFFINE_HINTS
DH_AS_DX_HINT = (
    "the returned dx is the gradient at h, the first layer's output: what the second "
    "layer's backward returns.",
    "send it on through the first layer's backward, which returns the gradient at x.")


def _two_layer_shapes(label, inputs, out):
    n, d = inputs["x"].shape
    h, m = inputs["W2"].shape
    for key, shape in [("out", (n, m)), ("dx", (n, d)), ("dW1", inputs["W1"].shape),
                       ("db1", inputs["b1"].shape), ("dW2", inputs["W2"].shape),
                       ("db2", inputs["b2"].shape)]:
        got = np.shape(out[key])
        if got != shape:
            hint = said(DH_AS_DX_HINT) if key == "dx" and got == (n, h) else (
                "each gradient has the shape of its variable; the first layer's dW and db "
                "are dW1 and db1, the second layer's are dW2 and db2.")
            raise CheckFailed(f"{label}: {key} has shape {got}, expected {shape}.", hint)


def _two_layer_against_numerical(run, label, inputs, out):
    """Every gradient against central differences of the learner's own forward output."""
    for name, key in [("x", "dx"), ("W1", "dW1"), ("b1", "db1"), ("W2", "dW2"),
                      ("b2", "db2")]:
        def forward(value, name=name):
            return run(**{**inputs, name: value})["out"]
        numerical = layer_numerical_gradient(forward, inputs[name], inputs["dout"])
        expect_gradient(f"{label}: {key}", out[key], numerical, hint=CHAIN_HINT)


def _two_layer_inputs(rng, n, d, h, m, dtype=np.float64):
    return {key: rng.normal(size=shape).astype(dtype) for key, shape in
            [("x", (n, d)), ("W1", (d, h)), ("b1", (h,)), ("W2", (h, m)), ("b2", (m,)),
             ("dout", (n, m))]}


_two_layer_rng = np.random.default_rng(7)
TWO_LAYER_EXAMPLES = {f"{n}-{d}-{h}-{m}": _two_layer_inputs(_two_layer_rng, n, d, h, m)
                      for n, d, h, m in [(4, 3, 5, 2), (1, 2, 4, 3), (3, 3, 3, 3)]}


def public_two_layer_backprop(run):
    label = "two_layer_backprop on the notes' X, W1, B1, W2, B2 with dout = [[93, 211]]"
    out = run_with_hints(run, TWO_LAYER_HINTS, **NOTES_TWO_LAYER)
    _two_layer_shapes(label, NOTES_TWO_LAYER, out)
    expect_close(f"{label}: out", out["out"], NOTES_TWO_LAYER_OUT["out"],
                 hint="the first layer gives [[6, 13, 20]]; the second turns it into "
                      "[[6·1 + 13·2 + 20·3 + 1, 6·4 + 13·5 + 20·6 + 2]] = [[93, 211]].")
    handed_down = "[[937, 1241, 1545]], the gradient that the second layer hands down"
    for key, hint in [
            ("db2", "db2 is the second layer's db: with one example, dout itself, [93, 211]."),
            ("dW2", "dW2 is the second layer's dW: it pairs that layer's own input, h = "
                    "[[6, 13, 20]], with dout; the second layer keeps h, not x."),
            ("db1", f"db1 is the first layer's db, made from {handed_down}. " + CHAIN_HINT),
            ("dW1", f"dW1 pairs x with {handed_down}. " + CHAIN_HINT),
            ("dx", "dx = [[937·1 + 1241·3 + 1545·5, 937·2 + 1241·4 + 1545·6]]: "
                   f"{handed_down}, through the first layer's backward. " + CHAIN_HINT)]:
        expect_close(f"{label}: {key}", out[key], NOTES_TWO_LAYER_OUT[key], hint=hint)

    for name, inputs in TWO_LAYER_EXAMPLES.items():
        (n, d), (h, m) = inputs["x"].shape, inputs["W2"].shape
        label = f"two_layer_backprop with x {(n, d)}, W1 {(d, h)}, W2 {(h, m)}"
        out = run_with_hints(run, TWO_LAYER_HINTS, **inputs)
        _two_layer_shapes(label, inputs, out)
        right = expected("two_layer_backprop", name)
        expect_close(f"{label}: out", out["out"], right["out"],
                     hint="out is the second layer's forward of the first layer's forward of "
                          "x, with the arguments of the function.")
        _two_layer_against_numerical(run, label, inputs, out)
        for key in ("dx", "dW1", "db1", "dW2", "db2"):
            expect_close(f"{label}: {key}", out[key], right[key], hint=CHAIN_HINT)

    inputs = _two_layer_inputs(np.random.default_rng(70), 2, 3, 4, 2, np.float32)
    out = run_with_hints(run, TWO_LAYER_HINTS, **inputs)
    for key in out:
        expect_dtype(f"two_layer_backprop on float32 inputs: {key}", out[key], np.float32,
                     hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# softmax
# --------------------------------------------------------------------------------------


def drive_softmax(softmax, x):
    """softmax(x) on x (N, C); overflow or 0/0 inside raises instead of warning."""
    with _no_float_trouble():
        return {"y": softmax(x)}


ROW_MAX_HINT = ("0/0 in a row: every exp of that row underflowed to 0. One max for the "
                "whole batch (np.max(x) without an axis, as in the notes' softmax, file 001) "
                "sends a row of small scores next to a row near 1e4 to exp(-10000) = 0. "
                "Each row is its own example and needs its own max, kept as a column so "
                "that it lines up with the rows.")
OVERFLOW_HINT = (
    "exp of a large score overflowed to inf, and inf / inf is NaN: the scores went into "
    "exp as they are.",
    "subtract each row's largest score before exp: the factor this takes out cancels in "
    "the fraction, and the largest exponent becomes 0.")
KEEPDIMS_HINT = (
    "the row sums have shape (N,), which does not line up with the rows of an (N, C) array "
    "(wrong numbers when N == C, an error otherwise).",
    "keep the summed axis, so that the sums form a column of shape (N, 1) that divides each "
    "row; the same goes for the max.")
ROW_SUM_HINT = ("each row's denominator adds up the exponentials of that row's own classes, "
                "kept as a column.")
SOFTMAX_HINTS = [
    (("overflow",), said(OVERFLOW_HINT)),
    (("invalid value", "divide by zero"), ROW_MAX_HINT),
    (SHAPE_ERRORS, said(KEEPDIMS_HINT)),
]


def _expect_softmax(label, x, y):
    """y is softmax(x) row by row: positive, rows sum to 1, y_ij / y_ik = exp(x_ij - x_ik)."""
    expect_shape(label, y, x.shape,
                 hint="softmax keeps the shape of its input: one row of probabilities per row "
                      "of scores.")
    if not np.all(np.isfinite(y)):
        raise CheckFailed(f"{label} contains NaN or inf: {fmt(y)}", said(OVERFLOW_HINT))
    if not np.allclose(np.sum(y, axis=1), 1.0, rtol=0, atol=1e-6):
        raise CheckFailed(f"{label}: each row should sum to 1, the row sums are "
                          f"{fmt(np.sum(y, axis=1))}.", ROW_SUM_HINT)
    ratios = y / y[:, :1]
    expect_close(f"{label}, each row divided by its first entry", ratios,
                 np.exp(x - x[:, :1]), rtol=1e-6,
                 hint="within a row, the ratio of two probabilities is the exp of the "
                      "difference of their scores: every entry is the exp of its own score "
                      "over the same denominator.")


def public_softmax(run):
    x = np.array([[1.0, 2.0, 3.0]])
    out = run_with_hints(run, SOFTMAX_HINTS, x=x)
    expect_shape("softmax([[1, 2, 3]])", out["y"], (1, 3),
                 hint="softmax keeps the shape of its input.")
    expect_close("softmax([[1, 2, 3]])", out["y"], [[0.09003057, 0.24472847, 0.66524096]],
                 rtol=1e-6, hint="the worked number: the exponentials of 1, 2 and 3, each "
                                 "divided by their sum, (0.0900, 0.2447, 0.6652).")
    for x in [np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 0.0, -1.0, 1.0]]),
              np.array([[0.5, 1.0, -1.0], [3.0, 0.0, 1.0], [2.0, 2.0, 2.0]])]:
        out = run_with_hints(run, SOFTMAX_HINTS, x=x)
        _expect_softmax(f"softmax of a batch {x.shape}", x, out["y"])

    x = np.array([[1e4, 1e4 + 1, 1e4 + 2], [1.0, 2.0, 3.0], [-1e4, -1e4 + 1, -1e4 + 2]])
    out = run_with_hints(run, SOFTMAX_HINTS, x=x)
    expect_close("softmax of [[1e4, 1e4 + 1, 1e4 + 2], [1, 2, 3], [-1e4, -1e4 + 1, -1e4 + 2]]",
                 out["y"], np.tile([0.09003057, 0.24472847, 0.66524096], (3, 1)), rtol=1e-6,
                 hint="each row is [1, 2, 3] shifted, so each row is softmax([1, 2, 3]). "
                      + ROW_MAX_HINT)
    out = run_with_hints(run, SOFTMAX_HINTS, x=np.array([[1000.0, 0.0, -1000.0]]))
    expect_close("softmax([[1000, 0, -1000]])", out["y"], [[1.0, 0.0, 0.0]], atol=1e-12,
                 hint=said(OVERFLOW_HINT))
    out = run_with_hints(run, SOFTMAX_HINTS,
                         x=np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 5.0]], np.float32))
    expect_dtype("softmax of a float32 batch", out["y"], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# cross-entropy
# --------------------------------------------------------------------------------------


def drive_cross_entropy(cross_entropy, y, t):
    """cross_entropy(y, t): y (N, C) probabilities, t one-hot (N, C) or labels (N,)."""
    with _no_float_trouble():
        return {"loss": cross_entropy(y, t)}


LOG_ZERO_HINT = (
    "log(0) is -inf (and 0 · log 0 is NaN): a probability can be exactly 0, and the log is "
    "not guarded.",
    "read the probabilities below 1e-7 as 1e-7 (clip them), or add 1e-7 inside the log as "
    "the notes do, so that the loss stays finite, at most about 16.1.")
LABELS_HINT = (
    "t comes in two forms: one-hot rows of y's shape (N, C), or integer labels (N,), one "
    "class number per row. Tell them apart by comparing t's shape with y's, turn one-hot "
    "rows into labels, then pick each row's probability of its label by integer-array "
    "indexing, one index array for the rows and one for the columns.")
CROSS_ENTROPY_HINTS = [
    (("divide by zero", "invalid value"), said(LOG_ZERO_HINT)),
    (SHAPE_ERRORS + ("used as indices", "out of bounds", "only integers"), LABELS_HINT),
]
MEAN_HINT = (
    "the loss grows with the batch: it is the sum over the examples, not their mean.",
    "divide by the batch size N, the number of rows of y, so that the loss does not depend "
    "on how many examples a batch holds.")

# The probabilities of the book's cross-entropy example: class 2 gets 0.6, then 0.1.
BOOK_Y = np.array([[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0],
                   [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]])


def _one_hot(labels, classes, dtype=np.float64):
    return np.eye(classes, dtype=dtype)[labels]


# N == C, so labels read as one-hot rows still broadcast: the values give it away.
SQUARE_Y = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5]])
CROSS_ENTROPY_EXAMPLES = {
    "square labels": {"y": SQUARE_Y, "t": np.array([0, 1, 2])},
    "right class at 0": {"y": np.array([[0.0, 1.0]]), "t": np.array([0])},
}


def public_cross_entropy(run):
    y = BOOK_Y[:1]
    for t, form, hint in [
            (_one_hot([2], 10), "one-hot t", "-log(0.6) = 0.5108: minus the log of the "
             "probability of the right class."),
            (np.array([2]), "the label t = [2]", "-log(0.6) = 0.5108, as with one-hot t. "
             + LABELS_HINT)]:
        label = f"cross_entropy(y, t) for y[2] = 0.6 and {form}"
        loss = run_with_hints(run, CROSS_ENTROPY_HINTS, y=y, t=t)["loss"]
        expect_shape(label, loss, (),
                     hint="return one number, the mean loss of the batch.")
        expect_close(label, loss, 0.5108256, rtol=1e-5, hint=hint)
    for t, form in [(_one_hot([2, 2], 10), "one-hot t"), (np.array([2, 2]), "labels [2, 2]")]:
        label = f"cross_entropy of the batch y[0, 2] = 0.6, y[1, 2] = 0.1 with {form}"
        loss = run_with_hints(run, CROSS_ENTROPY_HINTS, y=BOOK_Y, t=t)["loss"]
        expect_shape(label, loss, (), hint="return one number, the mean over the batch.")
        expect_close(label, loss, 1.4067054, rtol=1e-5,
                     hint="the worked number (0.5108 + 2.3026) / 2 = 1.4067: the mean over "
                          "the batch. " + said(MEAN_HINT))
    label = "cross_entropy of a (3, 3) batch with the labels [0, 1, 2]"
    loss = run_with_hints(run, CROSS_ENTROPY_HINTS, **CROSS_ENTROPY_EXAMPLES["square labels"])
    expect_close(label, loss["loss"], expected("cross_entropy", "square labels")["loss"],
                 rtol=1e-5, hint=LABELS_HINT)
    loss = run_with_hints(run, CROSS_ENTROPY_HINTS,
                          **CROSS_ENTROPY_EXAMPLES["right class at 0"])["loss"]
    expect_close("cross_entropy([[0, 1]], [0]): the right class has probability 0", loss,
                 expected("cross_entropy", "right class at 0")["loss"], rtol=1e-4,
                 hint="with the guard, the loss of a probability 0 is large but finite, "
                      "about 16.1. " + said(LOG_ZERO_HINT))
    y32 = BOOK_Y.astype(np.float32)
    for t in (np.array([2, 7]), _one_hot([2, 7], 10, np.float32)):
        loss = run_with_hints(run, CROSS_ENTROPY_HINTS, y=y32, t=t)["loss"]
        expect_dtype("cross_entropy of float32 probabilities", loss, np.float32,
                     hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# SoftmaxWithLoss
# --------------------------------------------------------------------------------------


def drive_softmax_with_loss(SoftmaxWithLoss, x, t, dout=1.0):
    """A fresh layer: loss = forward(x, t), dx = backward(dout). x: (N, C) scores, t one-hot
    (N, C) or labels (N,), dout a number (1 at the end of a network)."""
    layer = SoftmaxWithLoss()
    with _no_float_trouble():
        loss = layer.forward(x, t)
        dx = layer.backward(float(dout))
    return {"loss": loss, "dx": dx}


LABELS_MINUS_HINT = (
    "with integer labels t (N,), backward subtracts t from y as if it were one-hot: it "
    "broadcasts against the wrong axis, or fails.",
    "with labels, take 1 off each row's entry at its label, in a copy of y; with one-hot "
    "rows, subtract t itself.")
SOFTMAX_WITH_LOSS_HINTS = [
    (("overflow",), said(OVERFLOW_HINT)),
    (("divide by zero",), said(LOG_ZERO_HINT) + " Or: " + ROW_MAX_HINT),
    (("invalid value",), ROW_MAX_HINT),
    (SHAPE_ERRORS + ("used as indices", "out of bounds", "only integers"), LABELS_HINT
     + " In backward: " + LABELS_MINUS_HINT[1]),
]

# The notes' nine score vectors (file 001, problem 232), each against the label 2, and
# their losses.
NOTES_SCORES = np.array([
    [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0],
    [0.1, 0.05, 0.2, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0],
    [0.0, 0.05, 0.3, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0],
    [0.0, 0.05, 0.4, 0.0, 0.05, 0.0, 0.0, 0.5, 0.0, 0.0],
    [0.0, 0.05, 0.5, 0.0, 0.05, 0.0, 0.0, 0.4, 0.0, 0.0],
    [0.0, 0.05, 0.6, 0.0, 0.05, 0.0, 0.0, 0.3, 0.0, 0.0],
    [0.0, 0.05, 0.7, 0.0, 0.05, 0.0, 0.0, 0.2, 0.0, 0.0],
    [0.0, 0.1, 0.8, 0.0, 0.1, 0.0, 0.0, 0.2, 0.0, 0.0],
    [0.0, 0.05, 0.9, 0.0, 0.05, 0.0, 0.0, 0.0, 0.0, 0.0],
])
NOTES_LOSSES = np.array([2.2536, 2.2298, 2.1318, 2.0198, 1.9198, 1.8225, 1.7281, 1.6559, 1.5477])
MIXED_SCALE_SCORES = np.array([[1e4, 1e4 + 1, 1e4 + 2], [1.0, 2.0, 3.0]])
SOFTMAX_WITH_LOSS_EXAMPLES = {
    "mixed scale": {"x": MIXED_SCALE_SCORES, "t": np.array([2, 0]), "dout": 1.0},
}
SWL_DX_HINT = ("dx disagrees with the numerical gradient of your loss: look at backward, at "
               "the factor 1/N of the mean, at dout, and at which entries lose the 1 of the "
               "right class.")


def _loss_gradient(run, inputs):
    """Central differences of the learner's loss with respect to the scores x, times dout."""
    def forward(x):
        return run(**{**inputs, "x": x, "dout": 1.0})["loss"]
    return layer_numerical_gradient(forward, inputs["x"], inputs.get("dout", 1.0))


def _softmax_with_loss_backward(run, label, inputs, out):
    x = inputs["x"]
    expect_shape(f"{label}: dx", out["dx"], x.shape,
                 hint="dx has the shape of the scores x: one row per example.")
    numerical = _loss_gradient(run, inputs)
    expect_gradient(f"{label}: dx", out["dx"], numerical, tolerance=1e-5, hint=SWL_DX_HINT)


def public_softmax_with_loss(run):
    for i, (scores, loss) in enumerate(zip(NOTES_SCORES, NOTES_LOSSES), start=1):
        t = np.array([2]) if i % 2 else _one_hot([2], 10)
        form = "label 2" if i % 2 else "one-hot t for 2"
        label = f"SoftmaxWithLoss().forward(x{i}, t) for the notes' score vector x{i}, {form}"
        out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, x=scores[None, :], t=t)
        expect_shape(label, out["loss"], (),
                     hint="forward returns the loss, one number for the whole batch.")
        expect_close(label, out["loss"], loss, rtol=0, atol=1e-4,
                     hint="forward is your cross_entropy of your softmax of the scores; the "
                          "notes' loss for x1 is 2.2536.")
    for t, form in [(np.full(9, 2), "labels"), (_one_hot(np.full(9, 2), 10), "one-hot t")]:
        label = f"SoftmaxWithLoss on the batch of all nine score vectors ({form})"
        inputs = {"x": NOTES_SCORES, "t": t, "dout": 1.0}
        out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, **inputs)
        mean = float(np.mean(NOTES_LOSSES))
        expect_close(f"{label}: loss", out["loss"], mean, rtol=0, atol=1e-4,
                     hint="the loss of the batch is the mean of the nine losses. "
                          + said(MEAN_HINT))
        _softmax_with_loss_backward(run, label, inputs, out)

    inputs = SOFTMAX_WITH_LOSS_EXAMPLES["mixed scale"]
    label = "SoftmaxWithLoss on the scores [[1e4, 1e4 + 1, 1e4 + 2], [1, 2, 3]], labels [2, 0]"
    out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, **inputs)
    expect_close(f"{label}: loss", out["loss"],
                 expected("softmax_with_loss", "mixed scale")["loss"], rtol=1e-5,
                 hint=ROW_MAX_HINT)
    _softmax_with_loss_backward(run, label, inputs, out)

    rng = np.random.default_rng(3)
    inputs = {"x": rng.normal(size=(4, 5)), "t": np.array([0, 3, 3, 1]), "dout": 2.5}
    label = "SoftmaxWithLoss on x (4, 5) with backward(dout=2.5)"
    out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, **inputs)
    _softmax_with_loss_backward(run, label, inputs, out)

    x32 = rng.normal(size=(3, 4)).astype(np.float32)
    for t in (np.array([1, 0, 3]), _one_hot([1, 0, 3], 4, np.float32)):
        out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, x=x32, t=t, dout=1.0)
        for key in ("loss", "dx"):
            expect_dtype(f"SoftmaxWithLoss on float32 scores: {key}", out[key], np.float32,
                         hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# numerical_gradient
# --------------------------------------------------------------------------------------


def _logsumexp(z):
    return float(np.max(z) + np.log(np.sum(np.exp(z - np.max(z)))))


# (f given the array x it will be called on, its exact gradient, its name). The last one
# ignores its argument and reads x itself, as a network's loss reads its own weights.
GRADIENT_FUNCTIONS = [
    (lambda x: (lambda z: float(np.sum(z ** 2))), lambda x: 2 * x, "sum(x**2)"),
    (lambda x: (lambda z: float(np.sum(np.sin(z) * z))),
     lambda x: np.cos(x) * x + np.sin(x), "sum(sin(x) * x)"),
    (lambda x: _logsumexp, lambda x: np.exp(x - _logsumexp(x)), "log(sum(exp(x)))"),
    (lambda x: (lambda _: float(np.sum(x ** 3))), lambda x: 3 * x ** 2,
     "sum(x**3), read from x itself"),
]


def drive_numerical_gradient(numerical_gradient, x, which):
    """numerical_gradient(f, x) for the test function number ``which`` (see above)."""
    f = GRADIENT_FUNCTIONS[int(which)][0](x)
    return {"grad": numerical_gradient(f, x)}


NOT_RESTORED_HINT = (
    "x is not what it was when numerical_gradient returns: an entry is left nudged, or off "
    "by a rounding error.",
    "nudge x in place, but put each entry back exactly: keep its original value before the "
    "nudges and assign that value back after the two evaluations; adding and subtracting h "
    "can leave rounding errors behind.")
NUMERICAL_HINTS = [(("changed the caller's array",), said(NOT_RESTORED_HINT))]
CENTRAL_HINT = ("a central difference at every index, one entry at a time: nudge the entry "
                "up by h and down by h (h = 1e-4), and divide the change in f by the "
                "distance between the two points.")


def public_numerical_gradient(run):
    for point in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
        x = np.array(point)
        grad = run_with_hints(run, NUMERICAL_HINTS, x=x, which=0)["grad"]
        expect_shape(f"numerical_gradient(f, {point}) for f = x0² + x1²", grad, x.shape,
                     hint="the gradient has one entry per entry of x: build it with x's "
                          "shape.")
        if not np.allclose(grad, 2 * x, rtol=1e-6, atol=1e-7):
            expect_close(f"numerical_gradient(f, {point}) for f = x0² + x1²", grad, 2 * x,
                         rtol=1e-6, atol=1e-7, hint=CENTRAL_HINT)
    rng = np.random.default_rng(11)
    for which, shape in [(1, (2, 3)), (2, (3,)), (1, (2, 2, 2)), (3, (2, 2))]:
        _, exact, name = GRADIENT_FUNCTIONS[which]
        x = rng.uniform(-2, 2, size=shape)
        grad = run_with_hints(run, NUMERICAL_HINTS, x=x, which=which)["grad"]
        label = f"numerical_gradient of {name} at an x of shape {shape}"
        expect_shape(label, grad, shape,
                     hint="any shape: visit every index of x, whatever its number of axes "
                          "(np.ndindex visits them all).")
        if not np.allclose(grad, exact(x), rtol=1e-6, atol=1e-7):
            expect_close(label, grad, exact(x), rtol=1e-6, atol=1e-7, hint=CENTRAL_HINT)


# Probe inputs on which the known mistakes of each exercise are told apart (course.mistakes):
# square shapes (where a missing transpose still fits), non-square ones (where it does not),
# a batch of one, rows of very different scale, labels and one-hot targets. A bias of 1e20
# swallows every nudge of central differences (1e20 + 1 == 1e20 in float64), and so does
# a score of 1e13 (1e13 + 1e-4 == 1e13): there a numerical gradient is 0, the derived one
# is not.
_probe_rng = np.random.default_rng(2024)
AFFINE_PROBES = (SQUARE_AFFINE, _random_affine(_probe_rng, 4, 3, 2),
                 _random_affine(_probe_rng, 1, 3, 5),
                 {**_random_affine(_probe_rng, 2, 3, 2), "b": np.array([1e20, -1e20])})
TWO_LAYER_PROBES = (
    NOTES_TWO_LAYER,
    {"x": _probe_rng.normal(size=(3, 4)), "W1": _probe_rng.normal(size=(4, 5)),
     "b1": _probe_rng.normal(size=5), "W2": _probe_rng.normal(size=(5, 2)),
     "b2": _probe_rng.normal(size=2), "dout": _probe_rng.normal(size=(3, 2))},
    {"x": _probe_rng.normal(size=(3, 3)), "W1": _probe_rng.normal(size=(3, 3)),
     "b1": _probe_rng.normal(size=3), "W2": _probe_rng.normal(size=(3, 3)),
     "b2": _probe_rng.normal(size=3), "dout": _probe_rng.normal(size=(3, 3))},
    {**_two_layer_inputs(_probe_rng, 2, 3, 4, 2), "b2": np.array([1e20, -1e20])})
SOFTMAX_PROBES = (
    {"x": MIXED_SCALE_SCORES},
    {"x": np.array([[1000.0, 1001.0, 1002.0], [999.0, 1000.0, 1003.0]])},
    {"x": np.array([[0.5, 1.0, -1.0], [3.0, 0.0, 1.0], [2.0, 2.0, 2.5]])},
    {"x": np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 0.0, -1.0, 1.0]])})
CROSS_ENTROPY_PROBES = (
    {"y": BOOK_Y, "t": np.array([2, 7])},
    {"y": BOOK_Y, "t": _one_hot([2, 2], 10)},
    {"y": SQUARE_Y, "t": np.array([0, 1, 2])},
    {"y": np.array([[0.0, 1.0], [0.4, 0.6]]), "t": np.array([0, 1])},
    {"y": np.array([[0.0, 1.0], [0.4, 0.6]]), "t": _one_hot([1, 1], 2)})
SOFTMAX_WITH_LOSS_PROBES = (
    {"x": NOTES_SCORES, "t": np.full(9, 2), "dout": 1.0},
    {"x": MIXED_SCALE_SCORES, "t": np.array([2, 0]), "dout": 1.0},
    {"x": np.array([[1000.0, 1001.0, 1002.0], [999.0, 1000.0, 1003.0]]),
     "t": _one_hot([0, 2], 3), "dout": 1.0},
    {"x": _probe_rng.normal(size=(4, 5)), "t": _one_hot([0, 3, 3, 1], 5), "dout": 2.5},
    {"x": np.array([[1e13, 1e13 + 1, 1e13 + 2], [0.5, -1.0, 2.0]]), "t": np.array([1, 2]),
     "dout": 1.0})
NUMERICAL_GRADIENT_PROBES = (
    {"x": np.array([3.0, 4.0]), "which": 0},
    {"x": _probe_rng.uniform(-2, 2, size=(2, 3)), "which": 1},
    {"x": np.array([[0.1, 0.7], [-0.3, 1.1]]), "which": 3})

EXACT = ("compared with the exact gradients at a tolerance of 1e-10, which the derived "
         "formulas meet and central differences do not")

AFFINE = Exercise(
    name="affine",
    title="Affine forward and backward",
    points=4,
    drive=drive_affine,
    public=public_affine,
    still_hidden=("random batches of several sizes (one example included), square and non-square "
                  f"W, float32 inputs, and large biases, {EXACT}"),
    probes=AFFINE_PROBES,
    examples=AFFINE_EXAMPLES,
    withheld=NUMERICAL_SHORTCUTS)

TWO_LAYER_BACKPROP = Exercise(
    name="two_layer_backprop",
    title="two_layer_backprop(x, W1, b1, W2, b2, dout)",
    points=2,
    drive=drive_two_layer_backprop,
    public=public_two_layer_backprop,
    still_hidden=("random layer sizes and batches, one example included, float32, and large "
                  f"biases, {EXACT}"),
    probes=TWO_LAYER_PROBES,
    examples=TWO_LAYER_EXAMPLES,
    withheld=NUMERICAL_SHORTCUTS)

SOFTMAX = Exercise(
    name="softmax",
    title="softmax(x) of a batch",
    points=2,
    drive=drive_softmax,
    public=public_softmax,
    still_hidden="random batches, rows of huge and tiny scores side by side, and float32",
    probes=SOFTMAX_PROBES)

CROSS_ENTROPY = Exercise(
    name="cross_entropy",
    title="cross_entropy(y, t)",
    points=2,
    drive=drive_cross_entropy,
    public=public_cross_entropy,
    still_hidden="random batches with one-hot and integer labels, probabilities of 0, and float32",
    probes=CROSS_ENTROPY_PROBES,
    examples=CROSS_ENTROPY_EXAMPLES)

SOFTMAX_WITH_LOSS = Exercise(
    name="softmax_with_loss",
    title="SoftmaxWithLoss forward and backward",
    points=3,
    drive=drive_softmax_with_loss,
    public=public_softmax_with_loss,
    still_hidden=("random batches with one-hot and integer labels, extreme scores (rows near "
                  "1e13 among them, where central differences see no change), other values "
                  "of dout, and float32"),
    probes=SOFTMAX_WITH_LOSS_PROBES,
    examples=SOFTMAX_WITH_LOSS_EXAMPLES,
    withheld=NUMERICAL_SHORTCUTS)

NUMERICAL_GRADIENT = Exercise(
    name="numerical_gradient",
    title="numerical_gradient(f, x)",
    points=2,
    drive=drive_numerical_gradient,
    public=public_numerical_gradient,
    still_hidden="more functions at random points of several shapes",
    probes=NUMERICAL_GRADIENT_PROBES,
    withheld=NUMERICAL_SHORTCUTS)

EXERCISES = [
    AFFINE, TWO_LAYER_BACKPROP, SOFTMAX, CROSS_ENTROPY, SOFTMAX_WITH_LOSS, NUMERICAL_GRADIENT]
