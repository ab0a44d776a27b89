"""Notebook 02, the sigmoid, its derivative and the loss: a stable ``sigmoid``, the gradient
through a chain of sigmoid units with their weights (``sigmoid_chain``), the ``Sigmoid`` and
``Relu`` layers, the binary cross-entropy and its derivative, and the squared error at a
sigmoid output (``sigmoid_squared_error``), whose gradient does not simplify.

Shapes: the activations and the losses work element-wise on any shape (the course's layout
is a batch ``(N, D)``, one example per row). ``a`` is a predicted probability, ``y`` a label
0 or 1 of the same shape (the notes' file 000 calls them ``y`` and ``t``).

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
    unpack,
)
from course.gradcheck import layer_numerical_gradient, numerical_gradient

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


# The notes' example (file 001, problem 217), with its printed results.
NOTES_X = np.array([[2.0, 4.0], [-0.3, 0.9]])
NOTES_DOUT = np.array([[4.0, 2.0], [-0.1, 0.8]])
NOTES_SIGMOID = np.array([[0.88079708, 0.98201379], [0.42555748, 0.7109495]])
NOTES_SIGMOID_DX = np.array([[0.41997434, 0.03532541], [-0.02444583, 0.16440025]])
# The notes, file 001, problem 215: Relu on x with a dout of its own.
NOTES_RELU_X = np.array([[1.0, -0.5], [-2.0, 3.0]])
NOTES_RELU_DOUT = np.array([[2.0, 3.0], [-3.0, -4.0]])

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

    out = run(x=NOTES_X)
    label = "sigmoid of the notes' x = [[2, 4], [-0.3, 0.9]]"
    expect_shape(label, out["y"], NOTES_X.shape, hint="the sigmoid works element by element.")
    expect_close(label, out["y"], NOTES_SIGMOID, rtol=0, atol=1e-7,
                 hint="sigmoid(x) = 1 / (1 + exp(-x)); the notes print 0.88079708 for x = 2.")

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
# sigmoid_chain: the gradient through n one-unit sigmoid layers, weights included
# --------------------------------------------------------------------------------------


def drive_sigmoid_chain(sigmoid_chain, x, w, b):
    """sigmoid_chain(x, w, b): x a number, w and b (n,); no warning allowed."""
    result = _without_warnings("sigmoid_chain(x, w, b)", sigmoid_chain, x, w, b)
    out, dx, dw = unpack(result, 3, "sigmoid_chain(x, w, b)")
    return {"out": out, "dx": dx, "dw": dw}


CHAIN_X, CHAIN_W, CHAIN_B = 1.0, np.array([2.0, -1.0]), np.array([-1.0, 0.5])
CHAIN_OUT, CHAIN_DX = 0.44249098589253877, -0.09700546255557885
CHAIN_DW = np.array([-0.048502731277789424, 0.1803468243408366])
WEIGHTS_HINT = ("between two sigmoids sits a multiply node, w_k * h_(k-1): it sends back to "
                "h_(k-1) its incoming gradient times the *other* input, w_k (notebook 01). "
                "Each layer multiplies the gradient by sigmoid'(z_k) and by w_k.")
SIGMOID_PRIME_HINT = ("the sigmoid node multiplies the gradient by its local derivative, "
                      "sigmoid'(z_k) = h_k (1 - h_k), written with its own output h_k.")
DW_HINT = ("dw_k: the multiply node w_k * h_(k-1) gives w_k the gradient at z_k times the "
           "other input, h_(k-1), the input of layer k (x for the first layer).")
CHAIN_HINT = ("forward: keep every h_k; backward: start from 1 at the output and go right to "
              "left, layer by layer, through the sigmoid node, then the add and multiply "
              "nodes.")


def _chain_shapes(label, out, n):
    expect_shape(f"{label}: out", out["out"], (), hint="out = h_n is one number.")
    expect_shape(f"{label}: dx", out["dx"], (), hint="dx = d out / dx is one number.")
    expect_shape(f"{label}: dw", out["dw"], (n,),
                 hint="dw has one entry per layer, the shape of w.")


def public_sigmoid_chain(run):
    label = "sigmoid_chain(1.0, w=[2, -1], b=[-1, 0.5])"
    out = run(x=CHAIN_X, w=CHAIN_W, b=CHAIN_B)
    _chain_shapes(label, out, 2)
    expect_close(f"{label}: out", out["out"], CHAIN_OUT,
                 hint="h_1 = sigmoid(2 * 1 - 1) = 0.7311, h_2 = sigmoid(-1 * 0.7311 + 0.5) "
                      "= 0.4425.")
    expect_close(f"{label}: dw", out["dw"], CHAIN_DW, hint=DW_HINT + " " + CHAIN_HINT)
    expect_close(f"{label}: dx", out["dx"], CHAIN_DX, hint=WEIGHTS_HINT)

    rng = np.random.default_rng(21)
    for n in (1, 4):
        x, w, b = float(rng.normal()), rng.normal(size=n) * 2, rng.normal(size=n)
        label = f"sigmoid_chain with n = {n} random layers"
        out = run(x=x, w=w, b=b)
        _chain_shapes(label, out, n)

        def of_x(p, w=w, b=b):
            return run(x=float(p[0]), w=w, b=b)["out"]

        def of_w(p, x=x, b=b):
            return run(x=x, w=p, b=b)["out"]

        expect_gradient(f"{label}: dx", np.reshape(out["dx"], (1,)),
                        numerical_gradient(of_x, [x]),
                        hint=WEIGHTS_HINT + " " + SIGMOID_PRIME_HINT)
        numerical_dw = numerical_gradient(of_w, w)
        expect_gradient(f"{label}: dw", out["dw"], numerical_dw, hint=DW_HINT)

    label = "sigmoid_chain(0.5, w = 6 in all 10 layers, b = -3 in all)"
    out = run(x=0.5, w=np.full(10, 6.0), b=np.full(10, -3.0))
    expect_close(f"{label}: dx", out["dx"], 1.5 ** 10, hint=(
        "every z_k is 0 here (h = 1/2 is a fixed point), so each layer multiplies the "
        "gradient by sigmoid'(0) * 6 = 1.5: dx = 1.5 ** 10. " + WEIGHTS_HINT))

    label = "sigmoid_chain(1.0, w=[1000, -1000, 1], b=[0, 0, 0])"
    out = run(x=1.0, w=np.array([1000.0, -1000.0, 1.0]), b=np.zeros(3))
    expect_close(f"{label}: out", out["out"], 0.5,
                 hint="h_1 = sigmoid(1000) = 1, h_2 = sigmoid(-1000) = 0, h_3 = sigmoid(0). "
                      "Use your stable sigmoid. " + EXP_OVERFLOW_HINT)
    expect_close(f"{label}: dx", out["dx"], 0.0, atol=1e-12,
                 hint="the first two sigmoids are flat (sigmoid' = 0 at z = ±1000): no "
                      "gradient gets through them.")


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
    label = "Sigmoid on the notes' x = [[2, 4], [-0.3, 0.9]], dout = [[4, 2], [-0.1, 0.8]]"
    out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=NOTES_X, dout=NOTES_DOUT)
    expect_shape(f"{label}: forward", out["out"], NOTES_X.shape)
    expect_close(f"{label}: forward", out["out"], NOTES_SIGMOID, rtol=0, atol=1e-7,
                 hint="forward returns sigmoid(x) (your function from above) and keeps it.")
    expect_shape(f"{label}: backward", out["dx"], NOTES_DOUT.shape,
                 hint="dx has the shape of dout (and of x).")
    expect_close(f"{label}: backward", out["dx"], NOTES_SIGMOID_DX, rtol=0, atol=1e-7,
                 hint="dx = dout * out * (1 - out); the notes print 0.41997434 first.")

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
                  "notes) take the gradient 0 there, mask = (x <= 0); mask = (x < 0), which "
                  "passes dout, is accepted too.")


def public_relu_layer(run):
    for x, dout, where in [(NOTES_RELU_X, NOTES_RELU_DOUT, "the notes, file 001, problem 215"),
                           (NOTES_X, NOTES_DOUT, "the Sigmoid example")]:
        label = f"Relu on x = {fmt(x)}, dout = {fmt(dout)} ({where})"
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


SIGN_HINT = ("the sign error of the notes (file 000): -t*log(y) + (1-t)*log(1-y) puts the "
             "minus on the first term only. The loss is minus the *whole* sum: "
             "-(y*log(a) + (1-y)*log(1-a)).")
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
# The squared error at a sigmoid output: L and dL/dz
# --------------------------------------------------------------------------------------


def drive_sigmoid_squared_error(sigmoid_squared_error, z, y):
    result = _without_warnings("sigmoid_squared_error(z, y)", sigmoid_squared_error, z, y)
    L, dz = unpack(result, 2, "sigmoid_squared_error(z, y)")
    return {"L": L, "dz": dz}


SQUARED_PER_ELEMENT_HINT = ("L and dz work element by element: one loss and one slope per "
                            "entry of z, the shape of z (no sum, no mean).")
SQUARED_DZ_HINT = ("dL/dz = dL/da * da/dz (the chain rule): dL/da of (a - y)² / 2 is a - y, "
                   "and da/dz is the sigmoid's local derivative. Here nothing cancels.")


def public_sigmoid_squared_error(run):
    out = run(z=0.0, y=1.0)
    expect_shape("sigmoid_squared_error(0.0, 1.0): L", out["L"], (),
                 hint="a number in gives a number out.")
    expect_close("sigmoid_squared_error(0.0, 1.0): L", out["L"], 0.125,
                 hint="a = sigmoid(0) = 0.5, L = (a - y)² / 2 = 0.25 / 2.")
    expect_close("sigmoid_squared_error(0.0, 1.0): dz", out["dz"], -0.125, hint=SQUARED_DZ_HINT)

    z = np.array([[-5.0, 0.0, 2.0], [5.0, -1.0, 0.5]])
    y = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    label = "sigmoid_squared_error on z (2, 3) = [[-5, 0, 2], [5, -1, 0.5]]"
    out = run(z=z, y=y)
    expect_shape(f"{label}: L", out["L"], z.shape, hint=SQUARED_PER_ELEMENT_HINT)
    expect_shape(f"{label}: dz", out["dz"], z.shape, hint=SQUARED_PER_ELEMENT_HINT)
    expect_close(f"{label}: L", out["L"], (_exact_sigmoid(z) - y) ** 2 / 2,
                 hint="L = (a - y)² / 2 with a = sigmoid(z), element by element.")

    def loss(p):
        return np.sum(run(z=p, y=y)["L"])

    expect_gradient(f"{label}: dz", out["dz"], numerical_gradient(loss, z),
                    hint=SQUARED_DZ_HINT)

    z = np.array([-1000.0, -40.0, 40.0, 1000.0])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    label = "sigmoid_squared_error for z = [-1000, -40, 40, 1000], y = [1, 0, 1, 0]"
    out = run(z=z, y=y)
    expect_close(f"{label}: L", out["L"], [0.5, 0.0, 0.0, 0.5], atol=1e-12,
                 hint="a = sigmoid(z) is 0, 0, 1, 1 here. " + EXP_OVERFLOW_HINT)
    expect_close(f"{label}: dz", out["dz"], [0.0, 0.0, 0.0, 0.0], atol=1e-12,
                 hint="the sigmoid is flat at z = ±40 and ±1000, so dL/dz is (almost) 0 "
                      "there, even where the prediction is wrong. " + SQUARED_DZ_HINT)

    z32 = np.array([[-2.0, 0.5], [3.0, -0.25]], dtype=np.float32)
    y32 = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    out = run(z=z32, y=y32)
    for key in ("L", "dz"):
        expect_dtype(f"sigmoid_squared_error of float32 z and y: {key}", out[key], np.float32,
                     hint=FLOAT32_HINT)


# Probe inputs on which the known mistakes of each exercise are told apart (course.mistakes):
# the notes' examples, huge inputs on one side at a time (to see which exp overflows),
# float32, inputs of exactly 0, probabilities of exactly 0 and 1, a batch of one.
_probe_rng = np.random.default_rng(2026)
SIGMOID_PROBES = (
    {"x": NOTES_X},
    {"x": np.array([-1000.0, -30.0, 0.0, 30.0])},
    {"x": np.array([[2.0, 1000.0]])},
    {"x": np.array([-100.0, -5.0, 0.0, 5.0, 100.0], dtype=np.float32)},
    {"x": -0.5})
SIGMOID_CHAIN_PROBES = (
    {"x": CHAIN_X, "w": CHAIN_W, "b": CHAIN_B},
    {"x": -0.5, "w": np.array([1.5]), "b": np.array([0.25])},
    {"x": 0.5, "w": np.full(10, 6.0), "b": np.full(10, -3.0)},
    {"x": 0.3, "w": np.array([-2.0, 3.0, 0.5, -1.5]), "b": np.array([0.5, -1.0, 0.0, 2.0])},
    {"x": 1.0, "w": np.array([1000.0, -1000.0, 1.0]), "b": np.zeros(3)})
SIGMOID_LAYER_PROBES = (
    {"x": NOTES_X, "dout": NOTES_DOUT},
    {"x": np.array([[-1000.0, -1.0, 0.0], [1.0, 5.0, 1000.0]]),
     "dout": np.array([[1.0, 2.0, -1.0], [0.5, -3.0, 2.0]])},
    {"x": _probe_rng.normal(size=(1, 4)) * 2, "dout": _probe_rng.normal(size=(1, 4))},
    {"x": (_probe_rng.normal(size=(2, 3)) * 2).astype(np.float32),
     "dout": _probe_rng.normal(size=(2, 3)).astype(np.float32)})
RELU_PROBES = (
    {"x": NOTES_RELU_X, "dout": NOTES_RELU_DOUT},
    {"x": NOTES_X, "dout": NOTES_DOUT},
    {"x": np.array([[0.0, 1.0, -1.0, 0.0, 2.0]]), "dout": np.array([[5.0, 6.0, 7.0, -8.0, -1.0]])},
    {"x": np.array([[1.5, -2.0, 0.5], [-0.5, 3.0, -1.0]], dtype=np.float32),
     "dout": np.array([[-1.0, 2.0, 0.5], [4.0, -3.0, 1.0]], dtype=np.float32)})
BCE_PROBES = (
    {"a": BCE_A, "y": BCE_Y},
    {"a": np.array([[0.9], [0.1], [0.6]]), "y": np.array([[1.0], [1.0], [0.0]])},
    {"a": np.array([0.0, 1.0, 0.0, 1.0, 0.5]), "y": np.array([1.0, 0.0, 0.0, 1.0, 1.0])},
    {"a": np.array([[0.2, 0.7], [0.9, 0.4]], dtype=np.float32),
     "y": np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)})
SQUARED_PROBES = (
    {"z": 0.0, "y": 1.0},
    {"z": np.array([[-5.0, 0.0, 2.0], [5.0, -1.0, 0.5]]),
     "y": np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])},
    {"z": np.array([-1000.0, -40.0, 40.0, 1000.0]), "y": np.array([1.0, 0.0, 1.0, 0.0])},
    {"z": np.array([[-2.0, 0.5], [3.0, -0.25]], dtype=np.float32),
     "y": np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)})

SIGMOID = Exercise(
    name="sigmoid",
    title="sigmoid(x), numerically stable",
    points=2,
    drive=drive_sigmoid,
    public=public_sigmoid,
    still_hidden=("plain numbers, random arrays of several shapes, inputs as large as ±1000 in "
        "float64 and float32, and that nothing warns"),
    probes=SIGMOID_PROBES)

SIGMOID_CHAIN = Exercise(
    name="sigmoid_chain",
    title="sigmoid_chain(x, w, b), a chain of sigmoid units",
    points=3,
    drive=drive_sigmoid_chain,
    public=public_sigmoid_chain,
    still_hidden=("random chains from 1 to 12 layers, small and large weights, saturated units, "
        "and that nothing warns"),
    probes=SIGMOID_CHAIN_PROBES)

SIGMOID_LAYER = Exercise(
    name="sigmoid_layer",
    title="the Sigmoid layer, forward and backward",
    points=2,
    drive=drive_sigmoid_layer,
    public=public_sigmoid_layer,
    still_hidden=("random batches of several shapes (one example and 3-d arrays included), inputs "
        "as large as ±1000, float32, and that nothing warns and dout is left alone"),
    probes=SIGMOID_LAYER_PROBES)

RELU_LAYER = Exercise(
    name="relu_layer",
    title="the Relu layer, forward and backward",
    points=2,
    drive=drive_relu_layer,
    public=public_relu_layer,
    still_hidden=("random batches of several shapes (one example and 3-d arrays included), inputs "
        "of exactly 0, float32, and that x and dout are left alone"),
    probes=RELU_PROBES)

BINARY_CROSS_ENTROPY = Exercise(
    name="binary_cross_entropy",
    title="binary_cross_entropy(a, y)",
    points=2,
    drive=drive_binary_cross_entropy,
    public=public_binary_cross_entropy,
    still_hidden=("random probabilities and labels of several shapes (integer labels included), "
        "probabilities of exactly 0 and 1, float32, and that nothing warns"),
    probes=BCE_PROBES)

BINARY_CROSS_ENTROPY_DERIVATIVE = Exercise(
    name="binary_cross_entropy_derivative",
    title="binary_cross_entropy_derivative(a, y)",
    points=2,
    drive=drive_binary_cross_entropy_derivative,
    public=public_binary_cross_entropy_derivative,
    still_hidden=("random probabilities and labels of several shapes (integer labels included), "
        "probabilities of exactly 0 and 1, float32, and that nothing warns"),
    probes=BCE_PROBES)

SIGMOID_SQUARED_ERROR = Exercise(
    name="sigmoid_squared_error",
    title="sigmoid_squared_error(z, y): L and dL/dz",
    points=2,
    drive=drive_sigmoid_squared_error,
    public=public_sigmoid_squared_error,
    still_hidden=("random inputs and labels of several shapes (integer labels included), inputs as "
        "large as ±1000, float32, and that nothing warns"),
    probes=SQUARED_PROBES)

EXERCISES = [
    SIGMOID, SIGMOID_CHAIN, SIGMOID_LAYER, RELU_LAYER, BINARY_CROSS_ENTROPY,
    BINARY_CROSS_ENTROPY_DERIVATIVE, SIGMOID_SQUARED_ERROR]
