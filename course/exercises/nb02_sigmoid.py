"""Notebook 02, the sigmoid, its derivative and the loss: a stable ``sigmoid``,
``sigmoid_derivative``, the ``Sigmoid`` and ``Relu`` layers, the binary cross-entropy and its
derivative, and the seed's buggy loss and loss derivative, fixed.

Shapes: the activations and the losses work element-wise on any shape (the course's layout
is a batch ``(N, D)``, one example per row). ``a`` (or the seed's ``y``) is a predicted
probability, ``y`` (or the seed's ``t``) a label 0 or 1 of the same shape.

Every driver watches NumPy's RuntimeWarnings (overflow in exp, log of 0, 0/0): an answer
that warns fails, with a hint about the operation that warned.
"""

import warnings

import numpy as np

from course.checking import (
    CheckFailed,
    Exercise,
    expect_close,
    expect_dtype,
    expect_gradient,
    expect_shape,
    fmt,
    run_with_hints,
)
from course.gradcheck import layer_numerical_gradient

# --------------------------------------------------------------------------------------
# Helpers shared by the drivers and the checks
# --------------------------------------------------------------------------------------

EXP_OVERFLOW_HINT = (
    "np.exp of a large number overflows to inf: exp(710) in float64, exp(89) in float32. "
    "1 / (1 + np.exp(-x)) does that for x = -1000. Take exp only of -|x|, which is never "
    "positive: with e = np.exp(-np.abs(x)), the sigmoid is 1 / (1 + e) where x >= 0 and "
    "e / (1 + e) where x < 0. Careful: np.where(cond, A, B) computes A and B for every "
    "element, so writing both formulas with np.exp(-x) and np.exp(x) inside np.where still "
    "overflows on one side.")
INF_OVER_INF_HINT = (
    "inf / inf is NaN ('invalid value'): np.exp(x) / (1 + np.exp(x)) does that for x = 1000. "
    + EXP_OVERFLOW_HINT)
LOG_ZERO_HINT = (
    "np.log(0) is -inf ('divide by zero'), and 0 * log(0) is NaN ('invalid value'): a "
    "probability can be exactly 0 or 1. Clip it first, a = np.clip(a, 1e-7, 1 - 1e-7), so "
    "that log and the division always see a number strictly between 0 and 1.")
FLOAT32_HINT = (
    "float32 in should give float32 out. NumPy keeps float32 through +, *, /, exp, log and "
    "np.where with Python numbers; it becomes float64 when you mix in a float64 array "
    "(np.zeros(shape) without dtype, np.array(..., dtype=float)) or call float(...). Use "
    "np.zeros_like(x) or np.empty_like(x) for new arrays.")


def _warning_hint(message: str) -> str | None:
    if "overflow" in message:
        return EXP_OVERFLOW_HINT
    if "divide by zero" in message and "log" in message:
        return LOG_ZERO_HINT
    if "invalid value" in message and "divide" in message:
        return INF_OVER_INF_HINT
    if "invalid value" in message or "divide by zero" in message:
        return LOG_ZERO_HINT
    return None


def _without_warnings(what: str, call, *args):
    """``call(*args)``; any RuntimeWarning NumPy gives on the way fails the check."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
            result = call(*args)
    problems = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    if problems:
        values = np.asarray(args[0])
        span = (f" (the input ran from {values.min():g} to {values.max():g})"
                if values.size else "")
        raise CheckFailed(f"{what} made NumPy warn: \"{problems[0]}\"{span}. A correct answer "
                          "computes without any warning.", _warning_hint(problems[0]))
    return result


def _exact_sigmoid(x):
    """The sigmoid in float64, for expected values (exp only of -|x|)."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _exact_loss(a, y):
    a = np.asarray(a, dtype=np.float64)
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def _other_input(x):
    """What a second layer of the same kind is given between forward and backward: a ramp
    from -0.75 to 1.25 over x's entries, whose signs match neither x's nor -x's in the
    checks' examples."""
    x = np.asarray(x)
    return (np.linspace(-1.0, 1.0, x.size).reshape(x.shape) + 0.25).astype(x.dtype)


# The seed's example (seed 001, problem 217), with its printed results.
SEED_X = np.array([[2.0, 4.0], [-0.3, 0.9]])
SEED_DOUT = np.array([[4.0, 2.0], [-0.1, 0.8]])
SEED_SIGMOID = np.array([[0.88079708, 0.98201379], [0.42555748, 0.7109495]])
SEED_SIGMOID_DX = np.array([[0.41997434, 0.03532541], [-0.02444583, 0.16440025]])
# Seed 001, problem 215: Relu on x with a dout of its own.
SEED_RELU_X = np.array([[1.0, -0.5], [-2.0, 3.0]])
SEED_RELU_DOUT = np.array([[2.0, 3.0], [-3.0, -4.0]])

# --------------------------------------------------------------------------------------
# sigmoid
# --------------------------------------------------------------------------------------


def drive_sigmoid(sigmoid, x):
    """sigmoid(x): x a number or an array of any shape; no warning allowed."""
    return {"y": _without_warnings("sigmoid(x)", sigmoid, x)}


def public_sigmoid(run):
    y = run(x=0.0)["y"]
    expect_shape("sigmoid(0.0)", y, (), hint="a number in gives a number out.")
    expect_close("sigmoid(0.0)", y, 0.5, hint="1 / (1 + exp(-0)) = 1 / 2.")

    out = run(x=SEED_X)
    label = "sigmoid of the seed's x = [[2, 4], [-0.3, 0.9]]"
    expect_shape(label, out["y"], SEED_X.shape, hint="the sigmoid works element by element.")
    expect_close(label, out["y"], SEED_SIGMOID, rtol=0, atol=1e-7,
                 hint="sigmoid(x) = 1 / (1 + exp(-x)); the seed prints 0.88079708 for x = 2.")

    x = np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0])
    out = run(x=x)
    expect_close("sigmoid of [-1000, -30, -1, 0, 1, 30, 1000]", out["y"], _exact_sigmoid(x),
                 rtol=1e-6, atol=1e-12,
                 hint="sigmoid(-30) = 9.36e-14 and sigmoid(-1000) = 0 (to double precision). "
                      + EXP_OVERFLOW_HINT)

    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 4)) * 4
    plus, minus = run(x=x)["y"], run(x=-x)["y"]
    expect_close("sigmoid(-x) for a random x (3, 4), against 1 - sigmoid(x)", minus, 1 - plus,
                 rtol=1e-6, atol=1e-12, hint="the sigmoid is symmetric about (0, 1/2).")
    x32 = np.array([[-100.0, -5.0, 0.0], [5.0, 20.0, 100.0]], dtype=np.float32)
    out = run(x=x32)
    expect_dtype("sigmoid of a float32 array", out["y"], np.float32, hint=FLOAT32_HINT)
    expect_close("sigmoid of float32 [[-100, -5, 0], [5, 20, 100]]", out["y"],
                 _exact_sigmoid(x32), rtol=1e-5, atol=1e-7)


# --------------------------------------------------------------------------------------
# sigmoid_derivative
# --------------------------------------------------------------------------------------


def drive_sigmoid_derivative(sigmoid_derivative, x):
    return {"dy": _without_warnings("sigmoid_derivative(x)", sigmoid_derivative, x)}


def public_sigmoid_derivative(run):
    s = SEED_SIGMOID
    out = run(x=SEED_X)
    label = "sigmoid_derivative of the seed's x = [[2, 4], [-0.3, 0.9]]"
    expect_shape(label, out["dy"], SEED_X.shape, hint="element by element, like the sigmoid.")
    expect_close(label, out["dy"], s * (1 - s), rtol=1e-6, atol=1e-9,
                 hint="s (1 - s) with s = sigmoid(x).")
    dy = run(x=0.0)["dy"]
    expect_shape("sigmoid_derivative(0.0)", dy, (), hint="a number in gives a number out.")
    expect_close("sigmoid_derivative(0.0)", dy, 0.25, hint="s(0) = 1/2, so s (1 - s) = 1/4.")

    rng = np.random.default_rng(4)
    x = rng.uniform(-6, 6, size=(2, 5))
    h = 1e-5
    numerical = (_exact_sigmoid(x + h) - _exact_sigmoid(x - h)) / (2 * h)
    expect_close("sigmoid_derivative at random x (2, 5), against central differences of the "
                 "sigmoid", run(x=x)["dy"], numerical, rtol=1e-6, atol=1e-10,
                 hint="s (1 - s) with s = sigmoid(x).")
    out = run(x=np.array([-1000.0, -40.0, 40.0, 1000.0]))
    expect_close("sigmoid_derivative of [-1000, -40, 40, 1000]", out["dy"],
                 _exact_sigmoid([-1000.0, -40.0, 40.0, 1000.0]) * _exact_sigmoid(
                     [1000.0, 40.0, -40.0, -1000.0]), rtol=1e-5, atol=1e-12,
                 hint="far from 0 the sigmoid is flat: its derivative is (almost) 0 on both "
                      "sides. " + EXP_OVERFLOW_HINT)
    if np.any(out["dy"] > 0.25):
        raise CheckFailed("sigmoid_derivative is above 1/4 somewhere; s (1 - s) never is.")
    out = run(x=np.array([[-3.0, 0.0, 2.0]], dtype=np.float32))
    expect_dtype("sigmoid_derivative of a float32 array", out["dy"], np.float32,
                 hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# The Sigmoid layer
# --------------------------------------------------------------------------------------


def drive_sigmoid_layer(Sigmoid, x, dout):
    """Two fresh layers: the first runs forward(x), the second a forward of its own, then
    the first runs backward(dout). Each layer must use its own forward's output."""
    layer, other = Sigmoid(), Sigmoid()
    out = _without_warnings("Sigmoid.forward(x)", layer.forward, x)
    _without_warnings("Sigmoid.forward(x)", other.forward, _other_input(x))
    dx = _without_warnings("Sigmoid.backward(dout)", layer.backward, dout)
    return {"out": out, "dx": dx}


SIGMOID_LAYER_HINTS = [
    (("NoneType", "has no attribute"),
     "backward needs the output of forward: store it there (self.out = out) and use self.out "
     "in backward."),
]


def public_sigmoid_layer(run):
    label = "Sigmoid on the seed's x = [[2, 4], [-0.3, 0.9]], dout = [[4, 2], [-0.1, 0.8]]"
    out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=SEED_X, dout=SEED_DOUT)
    expect_shape(f"{label}: forward", out["out"], SEED_X.shape)
    expect_close(f"{label}: forward", out["out"], SEED_SIGMOID, rtol=0, atol=1e-7,
                 hint="forward returns sigmoid(x) (your function from above) and keeps it.")
    expect_shape(f"{label}: backward", out["dx"], SEED_DOUT.shape,
                 hint="dx has the shape of dout (and of x).")
    expect_close(f"{label}: backward", out["dx"], SEED_SIGMOID_DX, rtol=0, atol=1e-7,
                 hint="dx = dout * out * (1 - out); the seed prints 0.41997434 first.")

    rng = np.random.default_rng(6)
    for shape in [(3, 4), (1, 5)]:
        x, dout = rng.normal(size=shape) * 2, rng.normal(size=shape)
        label = f"Sigmoid on a random x {shape}"
        out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=x, dout=dout)
        expect_shape(f"{label}: dx", out["dx"], shape)

        def forward(p, dout=dout):
            return run(x=p, dout=dout)["out"]

        expect_gradient(f"{label}: dx", out["dx"], layer_numerical_gradient(forward, x, dout),
                        hint="dx = dout * out * (1 - out).")
    x = np.array([[-1000.0, -40.0, 0.0], [2.0, 40.0, 1000.0]])
    label = "Sigmoid on x = [[-1000, -40, 0], [2, 40, 1000]], dout of ones"
    out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=x, dout=np.ones_like(x))
    expect_close(f"{label}: forward", out["out"], _exact_sigmoid(x), rtol=1e-6, atol=1e-12,
                 hint="forward returns sigmoid(x): call your stable sigmoid from exercise 1.")
    expect_close(f"{label}: backward", out["dx"], _exact_sigmoid(x) * _exact_sigmoid(-x),
                 rtol=1e-5, atol=1e-12, hint="dx = dout * out * (1 - out).")
    x32 = rng.normal(size=(2, 3)).astype(np.float32)
    out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=x32, dout=np.ones((2, 3), np.float32))
    for key in ("out", "dx"):
        expect_dtype(f"Sigmoid on float32 arrays: {key}", out[key], np.float32,
                     hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# The Relu layer
# --------------------------------------------------------------------------------------


def drive_relu_layer(Relu, x, dout):
    """As for Sigmoid: a second Relu runs forward in between, on an input of its own."""
    layer, other = Relu(), Relu()
    out = layer.forward(x)
    other.forward(_other_input(x))
    dx = layer.backward(dout)
    return {"out": out, "dx": dx}


RELU_HINTS = [
    (("NoneType", "has no attribute"),
     "backward needs the mask of forward: store it there (self.mask = (x <= 0))."),
    (("boolean index did not match",),
     "the mask has another shape than dout: backward must use the mask of this layer's own "
     "forward, kept on self (self.mask), not one shared with another layer."),
]


RELU_ZERO_HINT = ("at x = 0 exactly ReLU has a kink and no derivative: the course (and the "
                  "seed) take the gradient 0 there, mask = (x <= 0); mask = (x < 0), which "
                  "passes dout, is accepted too.")


def public_relu_layer(run):
    for x, dout, seed in [(SEED_RELU_X, SEED_RELU_DOUT, "seed 001, problem 215"),
                          (SEED_X, SEED_DOUT, "the Sigmoid example")]:
        label = f"Relu on x = {fmt(x)}, dout = {fmt(dout)} ({seed})"
        out = run_with_hints(run, RELU_HINTS, x=x, dout=dout)
        expect_shape(f"{label}: forward", out["out"], x.shape)
        expect_close(f"{label}: forward", out["out"], np.maximum(x, 0),
                     hint="the input where x > 0, 0 elsewhere.")
        expect_shape(f"{label}: backward", out["dx"], dout.shape)
        expect_close(f"{label}: backward", out["dx"], np.where(x <= 0, 0, dout),
                     hint="dout where x > 0, 0 where x <= 0.")

    x = np.array([[0.0, 1.0], [-1.0, 0.0]])
    dout = np.array([[5.0, 6.0], [7.0, 8.0]])
    out = run_with_hints(run, RELU_HINTS, x=x, dout=dout)
    label = "Relu on x = [[0, 1], [-1, 0]], dout = [[5, 6], [7, 8]]"
    expect_close(f"{label}: forward", out["out"], [[0, 1], [0, 0]],
                 hint="max(x, 0) is 0 at x = 0.")
    expect_shape(f"{label}: backward", out["dx"], dout.shape)
    at_zero = x == 0
    if not np.all((out["dx"][at_zero] == 0) | (out["dx"][at_zero] == dout[at_zero])):
        raise CheckFailed(f"{label}: backward gives {fmt(out['dx'])}; where x = 0 it should "
                          "pass dout (mask x < 0) or block it (mask x <= 0).", RELU_ZERO_HINT)
    expect_close(f"{label}: backward", out["dx"][~at_zero], [6.0, 0.0],
                 hint="dout where x > 0, 0 where x < 0.")

    rng = np.random.default_rng(8)
    for shape in [(4, 3), (1, 6)]:
        x = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.1, 2.0, size=shape)
        dout = rng.normal(size=shape)
        label = f"Relu on a random x {shape}"
        out = run_with_hints(run, RELU_HINTS, x=x, dout=dout)
        expect_shape(f"{label}: dx", out["dx"], shape)

        def forward(p, dout=dout):
            return run(x=p, dout=dout)["out"]

        expect_gradient(f"{label}: dx", out["dx"], layer_numerical_gradient(forward, x, dout),
                        hint="dout where x > 0, 0 elsewhere.")
    x32 = np.array([[1.0, -2.0, 0.5]], dtype=np.float32)
    out = run_with_hints(run, RELU_HINTS, x=x32, dout=np.ones((1, 3), np.float32))
    for key in ("out", "dx"):
        expect_dtype(f"Relu on float32 arrays: {key}", out[key], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# Binary cross-entropy and its derivative
# --------------------------------------------------------------------------------------


def drive_binary_cross_entropy(binary_cross_entropy, a, y):
    return {"loss": _without_warnings("binary_cross_entropy(a, y)", binary_cross_entropy,
                                      a, y)}


SIGN_HINT = ("the seed's sign error: -t*log(y) + (1-t)*log(1-y) puts the minus on the first "
             "term only. The loss is minus the *whole* sum: -(t*log(y) + (1-t)*log(1-y)).")
PER_EXAMPLE_HINT = ("return the loss of every example, an array of a's shape; do not sum or "
                    "average it (the cost J, the mean, comes in notebook 03).")
BCE_A = np.array([0.8, 0.8, 0.3, 0.5])
BCE_Y = np.array([1.0, 0.0, 0.0, 1.0])


def public_binary_cross_entropy(run):
    label = "binary_cross_entropy(a, y) for a = [0.8, 0.8, 0.3, 0.5], y = [1, 0, 0, 1]"
    loss = run(a=BCE_A, y=BCE_Y)["loss"]
    expect_shape(label, loss, BCE_A.shape, hint=PER_EXAMPLE_HINT)
    if np.any(loss < 0):
        raise CheckFailed(f"{label} is {fmt(loss)}: a loss is never negative.",
                          "-(y log a + (1 - y) log(1 - a)): log of a probability is <= 0, "
                          "and the minus in front of the whole sum makes it >= 0.")
    expect_close(label, loss, _exact_loss(BCE_A, BCE_Y), rtol=1e-6,
                 hint="-log(0.8) = 0.2231 where y = 1, -log(1 - 0.8) = 1.6094 where y = 0.")

    a = np.array([[0.9], [0.1], [0.6]])
    y = np.array([[1.0], [1.0], [0.0]])
    label = "binary_cross_entropy on a column a (3, 1)"
    loss = run(a=a, y=y)["loss"]
    expect_shape(label, loss, (3, 1), hint=PER_EXAMPLE_HINT)
    expect_close(label, loss, _exact_loss(a, y), rtol=1e-6)

    a = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    label = "binary_cross_entropy for a = [0, 1, 0, 1], y = [1, 0, 0, 1]"
    loss = run(a=a, y=y)["loss"]
    expect_close(label, loss, [-np.log(1e-7), -np.log(1e-7), 0.0, 0.0], rtol=1e-4, atol=1e-6,
                 hint="with a clipped to [1e-7, 1 - 1e-7], a sure mistake costs -log(1e-7) = "
                      "16.12 and a sure hit costs (almost) 0. " + LOG_ZERO_HINT)

    a32 = np.array([[0.2, 0.7], [0.9, 0.4]], dtype=np.float32)
    y32 = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    loss = run(a=a32, y=y32)["loss"]
    expect_dtype("binary_cross_entropy of float32 a and y", loss, np.float32, hint=FLOAT32_HINT)


def drive_binary_cross_entropy_derivative(binary_cross_entropy_derivative, a, y):
    return {"da": _without_warnings("binary_cross_entropy_derivative(a, y)",
                                    binary_cross_entropy_derivative, a, y)}


def public_binary_cross_entropy_derivative(run):
    a, y = BCE_A[:3], BCE_Y[:3]
    label = "binary_cross_entropy_derivative(a, y) for a = [0.8, 0.8, 0.3], y = [1, 0, 0]"
    da = run(a=a, y=y)["da"]
    expect_shape(label, da, a.shape, hint="one derivative per element of a.")
    expect_close(label, da, [-1.25, 5.0, 1 / 0.7], rtol=1e-6,
                 hint="(a - y) / (a (1 - a)): (0.8 - 1) / (0.8 * 0.2) = -1.25.")

    rng = np.random.default_rng(10)
    a = rng.uniform(0.05, 0.95, size=(3, 4))
    y = rng.integers(0, 2, size=(3, 4)).astype(np.float64)
    h = 1e-6
    numerical = (_exact_loss(a + h, y) - _exact_loss(a - h, y)) / (2 * h)
    expect_close("binary_cross_entropy_derivative at random a (3, 4), against central "
                 "differences of the loss", run(a=a, y=y)["da"], numerical, rtol=1e-5,
                 hint="-y/a + (1 - y)/(1 - a), element by element.")

    a = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    label = "binary_cross_entropy_derivative for a = [0, 1, 0, 1], y = [0, 1, 1, 0]"
    da = run(a=a, y=y)["da"]
    expect_close(label, da, [1.0, -1.0, -1e7, 1e7], rtol=1e-4,
                 hint="clip a to [1e-7, 1 - 1e-7] first, as in binary_cross_entropy, then "
                      "divide: at a = 0, y = 0 the slope of -log(1 - a) is 1.")

    a32 = np.array([[0.2, 0.7], [0.9, 0.4]], dtype=np.float32)
    y32 = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    da = run(a=a32, y=y32)["da"]
    expect_dtype("binary_cross_entropy_derivative of float32 a and y", da, np.float32,
                 hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# Find the bug: the seed's loss and loss derivative, fixed
# --------------------------------------------------------------------------------------

FIXED_ELEMENTWISE_HINT = ("work element by element, like the seed's loss_i: one loss per "
                          "entry of y. The seed sums afterwards (reduce_sum); this function "
                          "does not.")
BUG_Y = np.array([0.9, 0.2, 0.6, 0.3])
BUG_T = np.array([1.0, 0.0, 1.0, 0.0])


def drive_fixed_loss(fixed_loss, y, t):
    return {"loss": _without_warnings("fixed_loss(y, t)", fixed_loss, y, t)}


def public_fixed_loss(run):
    label = "fixed_loss(y, t) for y = [0.9, 0.2, 0.6, 0.3], t = [1, 0, 1, 0]"
    loss = run(y=BUG_Y, t=BUG_T)["loss"]
    expect_shape(label, loss, BUG_Y.shape, hint=FIXED_ELEMENTWISE_HINT)
    if np.any(loss < 0):
        raise CheckFailed(f"{label} is {fmt(loss)}: a loss is never negative.", SIGN_HINT)
    expect_close(label, loss, _exact_loss(BUG_Y, BUG_T), rtol=1e-6,
                 hint="-(t log y + (1 - t) log(1 - y)): -log(0.9) = 0.1054 where t = 1.")
    y = np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]])
    t = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    label = "fixed_loss on the seed's layout, y (2, 3) and one-hot t (2, 3)"
    loss = run(y=y, t=t)["loss"]
    expect_shape(label, loss, y.shape, hint="element by element: the shape of y.")
    expect_close(label, loss, _exact_loss(y, t), rtol=1e-6)


def drive_fixed_d_loss(fixed_d_loss, y, t):
    return {"d_loss": _without_warnings("fixed_d_loss(y, t)", fixed_d_loss, y, t)}


def public_fixed_d_loss(run):
    label = "fixed_d_loss(y, t) for y = [0.9, 0.2, 0.6, 0.3], t = [1, 0, 1, 0]"
    d_loss = run(y=BUG_Y, t=BUG_T)["d_loss"]
    expect_shape(label, d_loss, BUG_Y.shape, hint="element by element: the shape of y.")
    expect_close(label, d_loss, (BUG_Y - BUG_T) / (BUG_Y * (1 - BUG_Y)), rtol=1e-5,
                 hint="(y - t) / (y (1 - y)): (0.9 - 1) / (0.9 * 0.1) = -1.1111.")
    rng = np.random.default_rng(12)
    y = rng.uniform(0.05, 0.95, size=(2, 5))
    t = rng.integers(0, 2, size=(2, 5)).astype(np.float64)
    h = 1e-6
    numerical = (_exact_loss(y + h, t) - _exact_loss(y - h, t)) / (2 * h)
    expect_close("fixed_d_loss at random y (2, 5), against central differences of the fixed "
                 "loss", run(y=y, t=t)["d_loss"], numerical, rtol=1e-5,
                 hint="(y - t) / (y (1 - y)), element by element.")


# Probe inputs on which the known mistakes of each exercise are told apart (course.mistakes):
# the seeds' examples, huge inputs on one side at a time (to see which exp overflows),
# float32, inputs of exactly 0, probabilities of exactly 0 and 1, a batch of one.
_probe_rng = np.random.default_rng(2026)
SIGMOID_PROBES = (
    {"x": SEED_X},
    {"x": np.array([-1000.0, -30.0, 0.0, 30.0])},
    {"x": np.array([[2.0, 1000.0]])},
    {"x": np.array([-100.0, -5.0, 0.0, 5.0, 100.0], dtype=np.float32)},
    {"x": -0.5})
SIGMOID_DERIVATIVE_PROBES = (
    {"x": SEED_X},
    {"x": np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])},
    {"x": np.array([[-3.0, 0.0, 2.0]], dtype=np.float32)})
SIGMOID_LAYER_PROBES = (
    {"x": SEED_X, "dout": SEED_DOUT},
    {"x": np.array([[-1000.0, -1.0, 0.0], [1.0, 5.0, 1000.0]]),
     "dout": np.array([[1.0, 2.0, -1.0], [0.5, -3.0, 2.0]])},
    {"x": _probe_rng.normal(size=(1, 4)) * 2, "dout": _probe_rng.normal(size=(1, 4))},
    {"x": (_probe_rng.normal(size=(2, 3)) * 2).astype(np.float32),
     "dout": _probe_rng.normal(size=(2, 3)).astype(np.float32)})
RELU_PROBES = (
    {"x": SEED_RELU_X, "dout": SEED_RELU_DOUT},
    {"x": SEED_X, "dout": SEED_DOUT},
    {"x": np.array([[0.0, 1.0, -1.0, 0.0, 2.0]]), "dout": np.array([[5.0, 6.0, 7.0, -8.0, -1.0]])},
    {"x": np.array([[1.5, -2.0, 0.5], [-0.5, 3.0, -1.0]], dtype=np.float32),
     "dout": np.array([[-1.0, 2.0, 0.5], [4.0, -3.0, 1.0]], dtype=np.float32)})
BCE_PROBES = (
    {"a": BCE_A, "y": BCE_Y},
    {"a": np.array([[0.9], [0.1], [0.6]]), "y": np.array([[1.0], [1.0], [0.0]])},
    {"a": np.array([0.0, 1.0, 0.0, 1.0, 0.5]), "y": np.array([1.0, 0.0, 0.0, 1.0, 1.0])},
    {"a": np.array([[0.2, 0.7], [0.9, 0.4]], dtype=np.float32),
     "y": np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)})
FIXED_PROBES = (
    {"y": BUG_Y, "t": BUG_T},
    {"y": np.array([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]]),
     "t": np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])},
    {"y": np.array([[0.35, 0.8, 0.05]], dtype=np.float32),
     "t": np.array([[1.0, 0.0, 0.0]], dtype=np.float32)})

EXERCISES = [
    Exercise("sigmoid", "sigmoid(x), numerically stable", drive_sigmoid, public_sigmoid,
             "plain numbers, random arrays of several shapes, inputs as large as ±1000 in "
             "float64 and float32, and that nothing warns",
             probes=SIGMOID_PROBES),
    Exercise("sigmoid_derivative", "sigmoid_derivative(x)", drive_sigmoid_derivative,
             public_sigmoid_derivative,
             "plain numbers, random arrays of several shapes, inputs as large as ±1000 in "
             "float64 and float32, and that nothing warns",
             probes=SIGMOID_DERIVATIVE_PROBES),
    Exercise("sigmoid_layer", "the Sigmoid layer, forward and backward", drive_sigmoid_layer,
             public_sigmoid_layer,
             "random batches of several shapes (one example and 3-d arrays included), inputs "
             "as large as ±1000, float32, and that nothing warns and dout is left alone",
             probes=SIGMOID_LAYER_PROBES),
    Exercise("relu_layer", "the Relu layer, forward and backward", drive_relu_layer,
             public_relu_layer,
             "random batches of several shapes (one example and 3-d arrays included), inputs "
             "of exactly 0, float32, and that x and dout are left alone",
             probes=RELU_PROBES),
    Exercise("binary_cross_entropy", "binary_cross_entropy(a, y)",
             drive_binary_cross_entropy, public_binary_cross_entropy,
             "random probabilities and labels of several shapes (integer labels included), "
             "probabilities of exactly 0 and 1, float32, and that nothing warns",
             probes=BCE_PROBES),
    Exercise("binary_cross_entropy_derivative", "binary_cross_entropy_derivative(a, y)",
             drive_binary_cross_entropy_derivative, public_binary_cross_entropy_derivative,
             "random probabilities and labels of several shapes (integer labels included), "
             "probabilities of exactly 0 and 1, float32, and that nothing warns",
             probes=BCE_PROBES),
    Exercise("fixed_loss", "fixed_loss(y, t), the seed's loss without its bug",
             drive_fixed_loss, public_fixed_loss,
             "random predictions and targets of several shapes (one example included), and "
             "float32", probes=FIXED_PROBES),
    Exercise("fixed_d_loss", "fixed_d_loss(y, t), the seed's d_loss without its bug",
             drive_fixed_d_loss, public_fixed_d_loss,
             "random predictions and targets of several shapes (one example included), and "
             "float32", probes=FIXED_PROBES),
]
