"""Notebook 05, layers with matrices: Affine, softmax, cross-entropy, SoftmaxWithLoss, a
numerical gradient of any array, and two Affine layers in a row, forward and backward.

Shapes: ``N`` examples per batch (one per row), ``D`` inputs and ``M`` outputs of an Affine
layer (``W`` is (D, M), ``b`` is (M,)), ``C`` classes. Notebook 06 reuses the exercises
``affine`` and ``softmax_with_loss``: their drivers take any batch size.
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
    fmt,
    run_with_hints,
    unpack,
)
from course.gradcheck import layer_numerical_gradient


def _no_float_trouble():
    """Overflow, 0/0 and log(0) raise FloatingPointError instead of warning quietly."""
    return np.errstate(over="raise", divide="raise", invalid="raise")


FLOAT32_HINT = ("float32 in should give float32 out. NumPy keeps float32 through +, *, @, "
                "exp, log and sum; it becomes float64 when you mix in a float64 array "
                "(np.eye, np.zeros(...) without dtype, np.array(..., dtype=float)) or call "
                "float(...). Build new arrays with np.zeros_like(x) or np.eye(C, dtype=x.dtype).")

# --------------------------------------------------------------------------------------
# Affine
# --------------------------------------------------------------------------------------

KEPT_X_HINT = ("forward should keep its own argument, self.x = x. The notes' code (file 001) "
               "stored the global X (self.x = X): right for the notes' example, wrong for any "
               "other x.")


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
                          hint="keep the parameter gradients on the layer (self.dW = ..., "
                               "self.db = ...) and `return dx`: the next layer down only "
                               "needs dx.")
    for name in ("dW", "db"):
        if getattr(layer, name, None) is None:
            raise CheckFailed(f"after backward(dout), the layer's {name} is None.",
                              hint=f"backward should store the gradient: self.{name} = ...")
    return {"out": out, "dx": dx, "dW": layer.dW, "db": layer.db}


AFFINE_SHAPES_HINT = (
    "a matrix product whose shapes do not fit. Write the shape under each factor: "
    "forward out = x · W is (N, D)·(D, M) → (N, M); backward dx = dout · Wᵀ is "
    "(N, M)·(M, D) → (N, D), and dW = xᵀ · dout is (D, N)·(N, M) → (D, M). The notes' "
    "first Affine.backward (file 001) had np.dot(dout, self.W), without the .T.")
AFFINE_HINTS = [
    (SHAPE_ERRORS, AFFINE_SHAPES_HINT),
    (("is not defined",),
     "forward should keep its own argument (self.x = x). A name from outside the method, "
     "like the global X of the notes' code, is not the x this call received."),
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


def _affine_shapes(label, inputs, out):
    """Shapes of out, dx, dW, db, each failure naming both shapes and the right product."""
    x, W, b, dout = inputs["x"], inputs["W"], inputs["b"], inputs["dout"]
    n, d = x.shape
    m = W.shape[1]
    got = np.shape(out["out"])
    if got != (n, m):
        raise CheckFailed(f"{label}: your forward output has shape {got}, x has shape {x.shape} "
                          f"and W {W.shape}: out = x · W + b, {x.shape}·{W.shape} → {(n, m)}.",
                          hint="np.dot(x, self.W) + self.b, in that order.")
    got = np.shape(out["dx"])
    if got != x.shape:
        hint = {(d, n): "that is dx transposed (W · doutᵀ); take dout · Wᵀ instead.",
                (n, m): "that is dout's shape: dx must have the shape of x, the input."}.get(got)
        raise CheckFailed(f"{label}: your dx has shape {got}, x has shape {x.shape}: "
                          f"dx = dout · Wᵀ, {dout.shape}·{W.T.shape} → {x.shape}, "
                          "not dout · W.", hint)
    got = np.shape(out["dW"])
    if got != W.shape:
        hint = {(m, d): "that is dW transposed (doutᵀ · x); take xᵀ · dout instead."}.get(got)
        raise CheckFailed(f"{label}: your dW has shape {got}, W has shape {W.shape}: "
                          f"dW = xᵀ · dout, {x.T.shape}·{dout.shape} → {W.shape}.", hint)
    got = np.shape(out["db"])
    if got != b.shape:
        hint = {dout.shape: "db = dout keeps one row per example, but b is shared by all N "
                            "examples, so their gradients add up: np.sum(dout, axis=0).",
                (): "you summed over every axis; sum over the batch axis only, one number "
                    "per output: np.sum(dout, axis=0).",
                (1, m): "keepdims=True leaves a (1, M) array; b has shape (M,): "
                        "np.sum(dout, axis=0)."}.get(got)
        raise CheckFailed(f"{label}: your db has shape {got}, b has shape {b.shape}: db is "
                          f"dout summed over the batch, {dout.shape} → {b.shape}.", hint)


DW_HINT = ("dW = xᵀ · dout, with the x that this forward call received: keep the argument "
           "(self.x = x), not a global X.")


def _affine_against_numerical(run, label, inputs, out):
    """dx, dW and db against central differences of the learner's own forward pass."""
    def gradient_of(name):
        def forward(value):
            return run(**{**inputs, name: value})["out"]
        return layer_numerical_gradient(forward, inputs[name], inputs["dout"])

    expect_gradient(f"{label}: dx", out["dx"], gradient_of("x"),
                    hint="dx = dout · Wᵀ (np.dot(dout, self.W.T)).")
    expect_gradient(f"{label}: dW", out["dW"], gradient_of("W"), hint=DW_HINT)
    expect_gradient(f"{label}: db", out["db"], gradient_of("b"),
                    hint="db = np.sum(dout, axis=0).")


def public_affine(run):
    label = "Affine on the notes' X, W, B, dout"
    out = run_with_hints(run, AFFINE_HINTS, **NOTES_AFFINE)
    _affine_shapes(label, NOTES_AFFINE, out)
    expect_close(f"{label}: forward(X)", out["out"], [[6, 12, 18], [12, 26, 40]],
                 hint="out = x · W + b: np.dot(x, self.W) + self.b.")
    expect_close(f"{label}: dX", out["dx"], [[22, 28], [49, 64]],
                 hint="dx = dout · Wᵀ: dx[0, 0] = 1·1 + 2·3 + 3·5 = 22.")
    expect_close(f"{label}: dW", out["dW"], [[13, 17, 21], [18, 24, 30]],
                 hint="dW = xᵀ · dout: dW[0, 0] = 1·1 + 3·4 = 13. " + DW_HINT)
    expect_close(f"{label}: dB", out["db"], [5, 7, 9],
                 hint="db = np.sum(dout, axis=0) = [1 + 4, 2 + 5, 3 + 6].")

    rng = np.random.default_rng(5)
    cases = [("Affine with a square x and a square W", SQUARE_AFFINE),
             ("Affine with x (4, 3), W (3, 2)", _random_affine(rng, 4, 3, 2)),
             ("Affine on a batch of one, x (1, 3), W (3, 5)", _random_affine(rng, 1, 3, 5))]
    for label, inputs in cases:
        out = run_with_hints(run, AFFINE_HINTS, **inputs)
        _affine_shapes(label, inputs, out)
        expect_close(f"{label}: forward(x)", out["out"],
                     inputs["x"] @ inputs["W"] + inputs["b"],
                     hint="out = x · W + b, with the x passed to forward.")
        _affine_against_numerical(run, label, inputs, out)

    label = "Affine on float32 x (3, 4), W (4, 2), b, dout"
    inputs = _random_affine(rng, 3, 4, 2, np.float32)
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
    "the gradient at its input h, dh = dout · W2ᵀ, (N, M)·(M, H) → (N, H); the first layer's "
    "backward takes that dh, not dout, and returns dx = dh · W1ᵀ, (N, H)·(H, D) → (N, D).")
SAME_LAYER_HINT = (
    "a layer's backward needs what its own forward kept (self.x). Call backward on the same "
    "two Affine objects that ran forward; a fresh Affine(W, b) has never seen an input.")
TWO_LAYER_HINTS = [
    (("'NoneType' object",), SAME_LAYER_HINT),
    (SHAPE_ERRORS,
     "the shapes must chain. Forward: (N, D)·(D, H) → (N, H), then (N, H)·(H, M) → (N, M): "
     "the second layer takes the first one's output. " + CHAIN_HINT),
] + AFFINE_HINTS
DH_AS_DX_HINT = ("that is the gradient at h, the output of the first layer: the second "
                 "layer's dx. Send it on through the first layer's backward, which returns "
                 "the gradient at x.")


def _two_layer_shapes(label, inputs, out):
    n, d = inputs["x"].shape
    h, m = inputs["W2"].shape
    for key, shape in [("out", (n, m)), ("dx", (n, d)), ("dW1", inputs["W1"].shape),
                       ("db1", inputs["b1"].shape), ("dW2", inputs["W2"].shape),
                       ("db2", inputs["b2"].shape)]:
        got = np.shape(out[key])
        if got != shape:
            hint = DH_AS_DX_HINT if key == "dx" and got == (n, h) else (
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


def public_two_layer_backprop(run):
    label = "two_layer_backprop on the notes' X, W1, B1, W2, B2 with dout = [[93, 211]]"
    out = run_with_hints(run, TWO_LAYER_HINTS, **NOTES_TWO_LAYER)
    _two_layer_shapes(label, NOTES_TWO_LAYER, out)
    expect_close(f"{label}: out", out["out"], NOTES_TWO_LAYER_OUT["out"],
                 hint="the first layer gives [[6, 13, 20]]; the second turns it into "
                      "[[6·1 + 13·2 + 20·3 + 1, 6·4 + 13·5 + 20·6 + 2]] = [[93, 211]].")
    for key, hint in [
            ("db2", "db2 = dout summed over the batch: [93, 211]."),
            ("dW2", "dW2 = hᵀ · dout with the first layer's output h = [[6, 13, 20]]: the "
                    "second layer keeps h, not x."),
            ("db1", "db1 = dh summed over the batch, with dh = dout · W2ᵀ = [[937, 1241, "
                    "1545]], the gradient the second layer hands down. " + CHAIN_HINT),
            ("dW1", "dW1 = xᵀ · dh, with dh = [[937, 1241, 1545]]. " + CHAIN_HINT),
            ("dx", "dx = dh · W1ᵀ = [[937·1 + 1241·3 + 1545·5, 937·2 + 1241·4 + 1545·6]]. "
                   + CHAIN_HINT)]:
        expect_close(f"{label}: {key}", out[key], NOTES_TWO_LAYER_OUT[key], hint=hint)

    rng = np.random.default_rng(7)
    for n, d, h, m in [(4, 3, 5, 2), (1, 2, 4, 3), (3, 3, 3, 3)]:
        inputs = {"x": rng.normal(size=(n, d)), "W1": rng.normal(size=(d, h)),
                  "b1": rng.normal(size=h), "W2": rng.normal(size=(h, m)),
                  "b2": rng.normal(size=m), "dout": rng.normal(size=(n, m))}
        label = f"two_layer_backprop with x {(n, d)}, W1 {(d, h)}, W2 {(h, m)}"
        out = run_with_hints(run, TWO_LAYER_HINTS, **inputs)
        _two_layer_shapes(label, inputs, out)
        expect_close(f"{label}: out", out["out"],
                     (inputs["x"] @ inputs["W1"] + inputs["b1"]) @ inputs["W2"] + inputs["b2"],
                     hint="out = Affine(W2, b2).forward(Affine(W1, b1).forward(x)), with the "
                          "arguments of the function.")
        _two_layer_against_numerical(run, label, inputs, out)

    inputs = {key: rng.normal(size=shape).astype(np.float32) for key, shape in
              [("x", (2, 3)), ("W1", (3, 4)), ("b1", (4,)), ("W2", (4, 2)), ("b2", (2,)),
               ("dout", (2, 2))]}
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


ROW_MAX_HINT = ("0/0: every exp in some row underflowed to 0. Did you subtract one max for "
                "the whole batch (np.max(x))? A row of small scores next to a row near 1e4 "
                "then becomes exp(-10000) = 0 everywhere. Subtract each row's own max: "
                "np.max(x, axis=1, keepdims=True).")
OVERFLOW_HINT = ("exp of a large score overflows to inf, and inf / inf is NaN. Subtract each "
                 "row's largest score before exp: x - np.max(x, axis=1, keepdims=True). The "
                 "result is the same: the factor exp(-max) cancels in the fraction.")
KEEPDIMS_HINT = ("np.sum(e, axis=1) has shape (N,), which does not line up with the rows of "
                 "an (N, C) array; keep the summed axis: np.sum(e, axis=1, keepdims=True) has "
                 "shape (N, 1). The same goes for the max.")
SOFTMAX_HINTS = [
    (("overflow",), OVERFLOW_HINT),
    (("invalid value", "divide by zero"), ROW_MAX_HINT),
    (SHAPE_ERRORS, KEEPDIMS_HINT),
]


def _expect_softmax(label, x, y):
    """y is softmax(x) row by row: positive, rows sum to 1, y_ij / y_ik = exp(x_ij - x_ik)."""
    expect_shape(label, y, x.shape,
                 hint="softmax keeps the shape of its input: one row of probabilities per row "
                      "of scores.")
    if not np.all(np.isfinite(y)):
        raise CheckFailed(f"{label} contains NaN or inf: {fmt(y)}", OVERFLOW_HINT)
    if not np.allclose(np.sum(y, axis=1), 1.0, rtol=0, atol=1e-6):
        raise CheckFailed(f"{label}: each row should sum to 1, the row sums are "
                          f"{fmt(np.sum(y, axis=1))}.",
                          "y_k = exp(x_k) / Σ_j exp(x_j), the sum running over the row's "
                          "own classes: np.sum(e, axis=1, keepdims=True).")
    ratios = y / y[:, :1]
    expect_close(f"{label}, each row divided by its first entry", ratios,
                 np.exp(x - x[:, :1]), rtol=1e-6,
                 hint="y_k = exp(x_k) / Σ_j exp(x_j), so y_j / y_k = exp(x_j - x_k).")


def public_softmax(run):
    x = np.array([[1.0, 2.0, 3.0]])
    out = run_with_hints(run, SOFTMAX_HINTS, x=x)
    expect_shape("softmax([[1, 2, 3]])", out["y"], (1, 3),
                 hint="softmax keeps the shape of its input.")
    expect_close("softmax([[1, 2, 3]])", out["y"], [[0.09003057, 0.24472847, 0.66524096]],
                 rtol=1e-6, hint="y_k = exp(x_k) / Σ_j exp(x_j).")
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
                 hint=OVERFLOW_HINT)
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


LOG_ZERO_HINT = ("log(0) is -inf (and 0 · log 0 is NaN): a probability can be exactly 0. "
                 "Guard the log with 1e-7: np.log(np.maximum(y, 1e-7)), or as the notes do, "
                 "np.log(y + 1e-7).")
LABELS_HINT = ("t comes in two forms: one-hot rows of y's shape (N, C), or integer labels of "
               "shape (N,), one class index per row. When t.shape == y.shape, turn it into "
               "labels with np.argmax(t, axis=1); then pick each row's probability of the "
               "right class with y[np.arange(N), t].")
CROSS_ENTROPY_HINTS = [
    (("divide by zero", "invalid value"), LOG_ZERO_HINT),
    (SHAPE_ERRORS + ("used as indices", "out of bounds", "only integers"), LABELS_HINT),
]
MEAN_HINT = ("that is the sum over the batch; the loss is the mean, divide by the batch size "
             "N = y.shape[0], so that it does not grow with the batch.")

# The probabilities of the book's cross-entropy example: class 2 gets 0.6, then 0.1.
BOOK_Y = np.array([[0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0],
                   [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]])


def _one_hot(labels, classes, dtype=np.float64):
    return np.eye(classes, dtype=dtype)[labels]


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
                     hint="return one number, the mean loss of the batch (np.sum(...) / N).")
        expect_close(label, loss, -np.log(0.6), rtol=1e-5, hint=hint)
    for t, form in [(_one_hot([2, 2], 10), "one-hot t"), (np.array([2, 2]), "labels [2, 2]")]:
        label = f"cross_entropy of the batch y[0, 2] = 0.6, y[1, 2] = 0.1 with {form}"
        loss = run_with_hints(run, CROSS_ENTROPY_HINTS, y=BOOK_Y, t=t)["loss"]
        expect_shape(label, loss, (), hint="return one number, the mean over the batch.")
        expected = -(np.log(0.6) + np.log(0.1)) / 2
        expect_close(label, loss, expected, rtol=1e-5,
                     hint="(-log 0.6 - log 0.1) / 2 = 1.4067: the mean over the batch.")
    # N == C, so labels read as one-hot rows still broadcast: the values give it away.
    y = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5]])
    loss = run_with_hints(run, CROSS_ENTROPY_HINTS, y=y, t=np.array([0, 1, 2]))["loss"]
    expect_close("cross_entropy of a (3, 3) batch with the labels [0, 1, 2]", loss,
                 -np.log(0.7 * 0.8 * 0.5) / 3, rtol=1e-5, hint=LABELS_HINT)
    loss = run_with_hints(run, CROSS_ENTROPY_HINTS, y=np.array([[0.0, 1.0]]),
                          t=np.array([0]))["loss"]
    expect_close("cross_entropy([[0, 1]], [0]): the right class has probability 0", loss,
                 -np.log(1e-7), rtol=1e-4,
                 hint="with the guard, -log(0 + 1e-7) = 16.118: large but finite. "
                      + LOG_ZERO_HINT)
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


SOFTMAX_WITH_LOSS_HINTS = [
    (("overflow",), OVERFLOW_HINT),
    (("divide by zero",), LOG_ZERO_HINT + " Or: " + ROW_MAX_HINT),
    (("invalid value",), ROW_MAX_HINT),
    (SHAPE_ERRORS + ("used as indices", "out of bounds", "only integers"), LABELS_HINT
     + " In backward, with labels, subtract 1 at each row's label from a copy of y."),
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
    hint = "dx = dout · (y - t) / N, with y = softmax(x) and t one-hot."
    expect_gradient(f"{label}: dx", out["dx"], numerical, tolerance=1e-5, hint=hint)


def public_softmax_with_loss(run):
    for i, (scores, expected) in enumerate(zip(NOTES_SCORES, NOTES_LOSSES), start=1):
        t = np.array([2]) if i % 2 else _one_hot([2], 10)
        form = "label 2" if i % 2 else "one-hot t for 2"
        label = f"SoftmaxWithLoss().forward(x{i}, t) for the notes' score vector x{i}, {form}"
        out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, x=scores[None, :], t=t)
        expect_shape(label, out["loss"], (),
                     hint="forward returns the loss, one number for the whole batch.")
        expect_close(label, out["loss"], expected, rtol=0, atol=1e-4,
                     hint="loss = cross_entropy(softmax(x), t); the notes' loss for x1 is "
                          "2.2536.")
    for t, form in [(np.full(9, 2), "labels"), (_one_hot(np.full(9, 2), 10), "one-hot t")]:
        label = f"SoftmaxWithLoss on the batch of all nine score vectors ({form})"
        inputs = {"x": NOTES_SCORES, "t": t, "dout": 1.0}
        out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, **inputs)
        mean = float(np.mean(NOTES_LOSSES))
        expect_close(f"{label}: loss", out["loss"], mean, rtol=0, atol=1e-4,
                     hint="the mean of the nine losses: divide the sum by the batch size N.")
        _softmax_with_loss_backward(run, label, inputs, out)

    inputs = {"x": np.array([[1e4, 1e4 + 1, 1e4 + 2], [1.0, 2.0, 3.0]]), "t": np.array([2, 0]),
              "dout": 1.0}
    label = "SoftmaxWithLoss on the scores [[1e4, 1e4 + 1, 1e4 + 2], [1, 2, 3]], labels [2, 0]"
    out = run_with_hints(run, SOFTMAX_WITH_LOSS_HINTS, **inputs)
    expect_close(f"{label}: loss", out["loss"],
                 -(np.log(0.66524096) + np.log(0.09003057)) / 2, rtol=1e-5, hint=ROW_MAX_HINT)
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


NOT_RESTORED_HINT = ("nudge x in place, but put each entry back exactly: save it (original = "
                     "x[idx]) and restore it (x[idx] = original) after the two evaluations; "
                     "adding and subtracting h can leave rounding errors behind.")
NUMERICAL_HINTS = [(("changed the caller's array",), NOT_RESTORED_HINT)]
CENTRAL_HINT = ("(f(x + h) - f(x - h)) / (2h) at every index, with h = 1e-4, one entry at a "
                "time.")


def public_numerical_gradient(run):
    for point in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
        x = np.array(point)
        grad = run_with_hints(run, NUMERICAL_HINTS, x=x, which=0)["grad"]
        expect_shape(f"numerical_gradient(f, {point}) for f = x0² + x1²", grad, x.shape,
                     hint="the gradient has one entry per entry of x: grad = np.zeros_like(x).")
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
                     hint="any shape: loop over every index, e.g. for idx in np.ndindex(x.shape).")
        if not np.allclose(grad, exact(x), rtol=1e-6, atol=1e-7):
            expect_close(label, grad, exact(x), rtol=1e-6, atol=1e-7,
                         hint=CENTRAL_HINT)


# Probe inputs on which the known mistakes of each exercise are told apart (course.mistakes):
# square shapes (where a missing transpose still fits), non-square ones (where it does not),
# a batch of one, rows of very different scale, labels and one-hot targets.
_probe_rng = np.random.default_rng(2024)
AFFINE_PROBES = (SQUARE_AFFINE, _random_affine(_probe_rng, 4, 3, 2),
                 _random_affine(_probe_rng, 1, 3, 5))
TWO_LAYER_PROBES = (
    NOTES_TWO_LAYER,
    {"x": _probe_rng.normal(size=(3, 4)), "W1": _probe_rng.normal(size=(4, 5)),
     "b1": _probe_rng.normal(size=5), "W2": _probe_rng.normal(size=(5, 2)),
     "b2": _probe_rng.normal(size=2), "dout": _probe_rng.normal(size=(3, 2))},
    {"x": _probe_rng.normal(size=(3, 3)), "W1": _probe_rng.normal(size=(3, 3)),
     "b1": _probe_rng.normal(size=3), "W2": _probe_rng.normal(size=(3, 3)),
     "b2": _probe_rng.normal(size=3), "dout": _probe_rng.normal(size=(3, 3))})
MIXED_SCALE_SCORES = np.array([[1e4, 1e4 + 1, 1e4 + 2], [1.0, 2.0, 3.0]])
SOFTMAX_PROBES = (
    {"x": MIXED_SCALE_SCORES},
    {"x": np.array([[1000.0, 1001.0, 1002.0], [999.0, 1000.0, 1003.0]])},
    {"x": np.array([[0.5, 1.0, -1.0], [3.0, 0.0, 1.0], [2.0, 2.0, 2.5]])},
    {"x": np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 0.0, -1.0, 1.0]])})
CROSS_ENTROPY_PROBES = (
    {"y": BOOK_Y, "t": np.array([2, 7])},
    {"y": BOOK_Y, "t": _one_hot([2, 2], 10)},
    {"y": np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5]]),
     "t": np.array([0, 1, 2])},
    {"y": np.array([[0.0, 1.0], [0.4, 0.6]]), "t": np.array([0, 1])},
    {"y": np.array([[0.0, 1.0], [0.4, 0.6]]), "t": _one_hot([1, 1], 2)})
SOFTMAX_WITH_LOSS_PROBES = (
    {"x": NOTES_SCORES, "t": np.full(9, 2), "dout": 1.0},
    {"x": MIXED_SCALE_SCORES, "t": np.array([2, 0]), "dout": 1.0},
    {"x": np.array([[1000.0, 1001.0, 1002.0], [999.0, 1000.0, 1003.0]]),
     "t": _one_hot([0, 2], 3), "dout": 1.0},
    {"x": _probe_rng.normal(size=(4, 5)), "t": _one_hot([0, 3, 3, 1], 5), "dout": 2.5})
NUMERICAL_GRADIENT_PROBES = (
    {"x": np.array([3.0, 4.0]), "which": 0},
    {"x": _probe_rng.uniform(-2, 2, size=(2, 3)), "which": 1},
    {"x": np.array([[0.1, 0.7], [-0.3, 1.1]]), "which": 3})

AFFINE = Exercise(
    name="affine",
    title="Affine forward and backward",
    points=4,
    drive=drive_affine,
    public=public_affine,
    still_hidden=("random batches of several sizes (one example included), square and non-square "
        "W, and float32 inputs"),
    probes=AFFINE_PROBES)

TWO_LAYER_BACKPROP = Exercise(
    name="two_layer_backprop",
    title="two_layer_backprop(x, W1, b1, W2, b2, dout)",
    points=2,
    drive=drive_two_layer_backprop,
    public=public_two_layer_backprop,
    still_hidden="random layer sizes and batches, one example included, and float32",
    probes=TWO_LAYER_PROBES)

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
    probes=CROSS_ENTROPY_PROBES)

SOFTMAX_WITH_LOSS = Exercise(
    name="softmax_with_loss",
    title="SoftmaxWithLoss forward and backward",
    points=3,
    drive=drive_softmax_with_loss,
    public=public_softmax_with_loss,
    still_hidden=("random batches with one-hot and integer labels, extreme scores, other values "
        "of dout, and float32"),
    probes=SOFTMAX_WITH_LOSS_PROBES)

NUMERICAL_GRADIENT = Exercise(
    name="numerical_gradient",
    title="numerical_gradient(f, x)",
    points=2,
    drive=drive_numerical_gradient,
    public=public_numerical_gradient,
    still_hidden="more functions at random points of several shapes",
    probes=NUMERICAL_GRADIENT_PROBES)

EXERCISES = [
    AFFINE, TWO_LAYER_BACKPROP, SOFTMAX, CROSS_ENTROPY, SOFTMAX_WITH_LOSS, NUMERICAL_GRADIENT]
