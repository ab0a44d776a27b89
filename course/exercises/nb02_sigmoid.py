"""Notebook 02, the sigmoid, its derivative and the loss: a stable ``sigmoid``, the gradient
through a chain of sigmoid units with their weights (``sigmoid_chain``), the ``Sigmoid`` and
``Relu`` layers, the binary cross-entropy and its derivative, and the squared error at a
sigmoid output (``sigmoid_squared_error``), whose gradient does not simplify.

Shapes: the activations and the losses work element-wise on any shape (the course's layout
is a batch ``(N, D)``, one example per row). ``a`` is a predicted probability, ``y`` a label
0 or 1 of the same shape (the notes' file 000 calls them ``y`` and ``t``).

Every driver watches NumPy's RuntimeWarnings (overflow in exp, log of 0, 0/0): an answer
that warns fails, with a hint about the operation that warned.

The checks compare with the notes' worked numbers, with properties that do not spell the
answer (symmetry, limits, shapes, dtypes, central differences of the learner's own forward)
and with each exercise's ``examples``, whose right outputs are stored at release
(``expected.json``): nothing here computes an answer.
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
# Hints shared by the checks and the catalog of known mistakes. Each is a tuple of steps:
# what is wrong and where, then the rule in words (never the line to write). A public
# check shows the steps together (``said``); the catalog shows one step per check.
# --------------------------------------------------------------------------------------

# Names a by-hand answer may not call while it is graded (``Exercise.withheld``): the
# numerical gradient would do the derivation for it.
NUMERICAL = ("numerical_gradient", "layer_numerical_gradient")

EXP_OVERFLOW_HINT = (
    "np.exp of a large number overflowed to inf (above about 709 in float64, 89 in float32): "
    "somewhere your code takes exp of a large positive number, for x far below 0 (or far "
    "above 0).",
    "take exp only of numbers that are never positive, -|x|, and build the sigmoid on each "
    "side of 0 from that one value (section 1 writes the two fractions). np.where computes "
    "both of its branches for every element, so neither branch may overflow.")
INF_OVER_INF_HINT = (
    "inf / inf is NaN ('invalid value'): a fraction with exp(x) above and below gives it "
    "for x = 1000.",) + EXP_OVERFLOW_HINT[1:]
LOG_ZERO_HINT = (
    "log(0) is -inf ('divide by zero') and 0 * log(0) is NaN ('invalid value'): a "
    "probability a of exactly 0 or 1 reached a log or a division.",
    "clip a into [1e-7, 1 - 1e-7] first (np.clip), so that every log and every division "
    "sees a number strictly between 0 and 1.")
FLOAT32_HINT = (
    "float32 in should give float32 out; yours came back float64.",
    "NumPy keeps float32 through +, *, /, exp, log and np.where with Python numbers; it "
    "becomes float64 when you mix in a float64 array (np.zeros(shape) without dtype, "
    "dtype=float) or call float(...). Make new arrays with np.zeros_like or np.empty_like.")


def said(steps) -> str:
    """A hint's steps as one message, for a public check."""
    return " ".join((steps,) if isinstance(steps, str) else steps)


def _warning_hint(message: str) -> str | None:
    if "overflow" in message:
        return said(EXP_OVERFLOW_HINT)
    if "divide by zero" in message and "log" in message:
        return said(LOG_ZERO_HINT)
    if "invalid value" in message and "divide" in message:
        return said(INF_OVER_INF_HINT)
    if "invalid value" in message or "divide by zero" in message:
        return said(LOG_ZERO_HINT)
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
# The notes, file 001, problem 215: Relu on x with a dout of its own, and what it prints.
NOTES_RELU_X = np.array([[1.0, -0.5], [-2.0, 3.0]])
NOTES_RELU_DOUT = np.array([[2.0, 3.0], [-3.0, -4.0]])
NOTES_RELU_OUT = np.array([[1.0, 0.0], [0.0, 3.0]])
NOTES_RELU_DX = np.array([[2.0, 0.0], [0.0, -4.0]])

# --------------------------------------------------------------------------------------
# sigmoid
# --------------------------------------------------------------------------------------


def drive_sigmoid(sigmoid, x):
    """sigmoid(x): x a number or an array of any shape; no warning allowed."""
    return {"y": _without_warnings("sigmoid(x)", sigmoid, x)}


FAR_SIDE_HINT = (
    "sigmoid(-30) should be 9.36e-14 and sigmoid(-1000) 0 (to double precision): your "
    "values far from 0 are off.",
    "far below 0 the sigmoid is a tiny number that float64 holds to full precision; the "
    "fraction of section 1 for x < 0 computes it without subtracting from 1 or overflowing.")


def public_sigmoid(run):
    y = run(x=0.0)["y"]
    expect_shape("sigmoid(0.0)", y, (), hint="a number in gives a number out (a 0-d array "
                 "is fine): work on the input's shape, do not wrap it in a list.")
    expect_close("sigmoid(0.0)", y, 0.5, hint="sigmoid(0.0) should be 1/2, the middle of "
                 "the curve: look at your formula at x = 0.")

    out = run(x=NOTES_X)
    label = "sigmoid of the notes' x = [[2, 4], [-0.3, 0.9]]"
    expect_shape(label, out["y"], NOTES_X.shape, hint="the sigmoid works element by element: "
                 "the output has the input's shape.")
    expect_close(label, out["y"], NOTES_SIGMOID, rtol=0, atol=1e-7,
                 hint="your values differ from the notes' (file 001, problem 217): "
                      "sigmoid(2) = 1 / (1 + e^(-2)) = 0.88079708 is the first. The sigmoid "
                      "rises from 0 to 1, and is above 1/2 for x > 0.")

    out, right = run.example("wide")
    expect_close("sigmoid of [-1000, -30, -1, 0, 1, 30, 1000]", out["y"], right["y"],
                 rtol=1e-6, atol=1e-12, hint=said(FAR_SIDE_HINT))

    rng = np.random.default_rng(2)
    x = rng.normal(size=(3, 4)) * 4
    plus, minus = run(x=x)["y"], run(x=-x)["y"]
    expect_close("sigmoid(-x) for a random x (3, 4), against 1 - sigmoid(x)", minus, 1 - plus,
                 rtol=1e-6, atol=1e-12, hint="the sigmoid is symmetric about (0, 1/2): "
                 "sigmoid(-x) = 1 - sigmoid(x). Your two sides of 0 do not agree.")
    out, right = run.example("float32")
    expect_dtype("sigmoid of a float32 array", out["y"], np.float32, hint=said(FLOAT32_HINT))
    expect_close("sigmoid of float32 [[-100, -5, 0], [5, 20, 100]]", out["y"], right["y"],
                 rtol=1e-5, atol=1e-7, hint=said(EXP_OVERFLOW_HINT))


# --------------------------------------------------------------------------------------
# sigmoid_chain: the gradient through n one-unit sigmoid layers, weights included
# --------------------------------------------------------------------------------------


def drive_sigmoid_chain(sigmoid_chain, x, w, b):
    """sigmoid_chain(x, w, b): x a number, w and b (n,); no warning allowed."""
    result = _without_warnings("sigmoid_chain(x, w, b)", sigmoid_chain, x, w, b)
    out, dx, dw = unpack(result, 3, "sigmoid_chain(x, w, b)")
    return {"out": out, "dx": dx, "dw": dw}


CHAIN_X, CHAIN_W, CHAIN_B = 1.0, np.array([2.0, -1.0]), np.array([-1.0, 0.5])
WEIGHTS_HINT = (
    "dx is off: between two sigmoids sits a multiply node, w_k * h_(k-1), and your "
    "gradient does not cross it as notebook 01's multiply node does.",
    "a multiply node sends back to each input its incoming gradient times the *other* "
    "input: on the way to h_(k-1), that other input is the weight w_k.")
SIGMOID_PRIME_HINT = (
    "dx is off at the sigmoid nodes: on its way back the gradient is multiplied by each "
    "sigmoid's local derivative.",
    "section 1 wrote the sigmoid's derivative with its own output alone: use the output h_k "
    "that forward kept, not the layer's input.")
DW_HINT = (
    "dw is off: dw[k] is the gradient of w[k], the weight of the multiply node of layer "
    "k + 1 (w[0] belongs to the first layer).",
    "the multiply node w_k * h_(k-1) gives w_k the gradient that arrives at z_k (after the "
    "sigmoid node) times its other input, the layer's input h_(k-1) (x for the first layer).")
CHAIN_ORDER = ("forward keeps every h_k; backward starts from 1 at the output and goes right "
               "to left, layer by layer.")
FIXED_POINT_HINT = (
    "dx is wrong for the chain that sits at z = 0 in all 10 layers (h = 1/2 is a fixed point "
    "of 6 h - 3): the gradient grows there, layer after layer.",
    "each layer scales the gradient by its sigmoid's slope at z_k and by its weight; here "
    "every layer gives the same factor.")
SATURATED_HINT = (
    "w = [1000, -1000, 1] drives h_1 = sigmoid(1000) to 1 and h_2 = sigmoid(-1000) to 0: "
    "your out is off there.",
    "use your stable sigmoid from exercise 1 for every layer.")
FLAT_HINT = (
    "the first two sigmoids are flat at z = ±1000, so (almost) no gradient gets through "
    "them; your dx is not (almost) 0.",
    "the sigmoid's local derivative, written with its output, is 0 where the output is 0 "
    "or 1.")


def _chain_shapes(label, out, n):
    expect_shape(f"{label}: out", out["out"], (), hint="out = h_n is one number.")
    expect_shape(f"{label}: dx", out["dx"], (), hint="dx = d out / dx is one number.")
    expect_shape(f"{label}: dw", out["dw"], (n,),
                 hint="dw has one entry per layer, the shape of w.")


def public_sigmoid_chain(run):
    label = "sigmoid_chain(1.0, w=[2, -1], b=[-1, 0.5])"
    out, right = run.example("notebook")
    _chain_shapes(label, out, 2)
    expect_close(f"{label}: out", out["out"], right["out"],
                 hint="out should be 0.4425 (the notebook's worked number): h_1 = "
                      "sigmoid(2 * 1 - 1) = 0.7311, then h_2 = sigmoid(-1 * h_1 + 0.5).")
    expect_close(f"{label}: dw", out["dw"], right["dw"], hint=said(DW_HINT) + " " + CHAIN_ORDER)
    expect_close(f"{label}: dx", out["dx"], right["dx"], hint=said(WEIGHTS_HINT))

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
                        hint=said(WEIGHTS_HINT) + " " + said(SIGMOID_PRIME_HINT))
        expect_gradient(f"{label}: dw", out["dw"], numerical_gradient(of_w, w),
                        hint=said(DW_HINT))

    out, right = run.example("fixed_point")
    expect_close("sigmoid_chain(0.5, w = 6 in all 10 layers, b = -3 in all): dx", out["dx"],
                 right["dx"], hint=said(FIXED_POINT_HINT))

    label = "sigmoid_chain(1.0, w=[1000, -1000, 1], b=[0, 0, 0])"
    out, right = run.example("saturated")
    expect_close(f"{label}: out", out["out"], right["out"], hint=said(SATURATED_HINT))
    expect_close(f"{label}: dx", out["dx"], right["dx"], atol=1e-12, hint=said(FLAT_HINT))


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


KEPT_HINT = ("backward found nothing kept by forward: forward keeps on the layer itself (on "
             "self) what backward needs, the output.")
SIGMOID_LAYER_HINTS = [(("NoneType", "has no attribute"), KEPT_HINT)]
SIGMOID_FORWARD_HINT = ("forward is off: it returns the sigmoid of x, computed by your stable "
                        "sigmoid from exercise 1, and keeps it on the layer.")
SIGMOID_BACKWARD_HINT = (
    "your backward differs from the notes' printed numbers (file 001, problem 217; "
    "0.41997434 first).",
    "backward returns dout times the sigmoid's local derivative at x, which section 1 wrote "
    "with the output alone: the output that this layer's forward kept.")


def public_sigmoid_layer(run):
    label = "Sigmoid on the notes' x = [[2, 4], [-0.3, 0.9]], dout = [[4, 2], [-0.1, 0.8]]"
    out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=NOTES_X, dout=NOTES_DOUT)
    expect_shape(f"{label}: forward", out["out"], NOTES_X.shape)
    expect_close(f"{label}: forward", out["out"], NOTES_SIGMOID, rtol=0, atol=1e-7,
                 hint=SIGMOID_FORWARD_HINT)
    expect_shape(f"{label}: backward", out["dx"], NOTES_DOUT.shape,
                 hint="dx has the shape of dout (and of x).")
    expect_close(f"{label}: backward", out["dx"], NOTES_SIGMOID_DX, rtol=0, atol=1e-7,
                 hint=said(SIGMOID_BACKWARD_HINT))

    rng = np.random.default_rng(6)
    for shape in [(3, 4), (1, 5)]:
        x, dout = rng.normal(size=shape) * 2, rng.normal(size=shape)
        label = f"Sigmoid on a random x {shape}"
        out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=x, dout=dout)
        expect_shape(f"{label}: dx", out["dx"], shape)

        def forward(p, dout=dout):
            return run(x=p, dout=dout)["out"]

        expect_gradient(f"{label}: dx", out["dx"], layer_numerical_gradient(forward, x, dout),
                        hint=said(SIGMOID_BACKWARD_HINT[1:]))
    label = "Sigmoid on x = [[-1000, -40, 0], [2, 40, 1000]], dout of ones"
    out, right = run.example("wide")
    expect_close(f"{label}: forward", out["out"], right["out"], rtol=1e-6, atol=1e-12,
                 hint=SIGMOID_FORWARD_HINT + " " + said(EXP_OVERFLOW_HINT[1:]))
    expect_close(f"{label}: backward", out["dx"], right["dx"], rtol=1e-5, atol=1e-12,
                 hint="dx is off far from 0, where the sigmoid is flat and its local "
                      "derivative almost 0. " + said(SIGMOID_BACKWARD_HINT[1:]))
    x32 = rng.normal(size=(2, 3)).astype(np.float32)
    out = run_with_hints(run, SIGMOID_LAYER_HINTS, x=x32, dout=np.ones((2, 3), np.float32))
    for key in ("out", "dx"):
        expect_dtype(f"Sigmoid on float32 arrays: {key}", out[key], np.float32,
                     hint=said(FLOAT32_HINT))


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
     "backward found nothing kept by forward: forward keeps on the layer itself (on self) "
     "where its input was not positive."),
    (("boolean index did not match",),
     "the mask has another shape than dout: backward must use the mask of this layer's own "
     "forward, kept on self, not one shared with another layer."),
]
RELU_FORWARD_HINT = "forward is off: a ReLU passes x where x > 0 and gives 0 elsewhere."
RELU_BACKWARD_HINT = (
    "dx is off: it should be dout where forward's input was positive and 0 elsewhere, "
    "whatever the sign of dout.",
    "forward remembers where its input was positive; backward uses that, never the sign of "
    "dout, and multiplies nothing by the output.")
RELU_ZERO_HINT = ("at x = 0 exactly ReLU has a kink and no derivative: the course (and the "
                  "notes) block the gradient there; passing it on whole is accepted too.")


def public_relu_layer(run):
    x, dout = NOTES_RELU_X, NOTES_RELU_DOUT
    label = f"Relu on x = {fmt(x)}, dout = {fmt(dout)} (the notes, file 001, problem 215)"
    out = run_with_hints(run, RELU_HINTS, x=x, dout=dout)
    expect_shape(f"{label}: forward", out["out"], x.shape)
    expect_close(f"{label}: forward", out["out"], NOTES_RELU_OUT, hint=RELU_FORWARD_HINT)
    expect_shape(f"{label}: backward", out["dx"], dout.shape)
    expect_close(f"{label}: backward", out["dx"], NOTES_RELU_DX, hint=said(RELU_BACKWARD_HINT))

    label = f"Relu on x = {fmt(NOTES_X)}, dout = {fmt(NOTES_DOUT)} (the Sigmoid example)"
    out, right = run_with_hints(run.example, RELU_HINTS, name="sigmoid_example")
    expect_shape(f"{label}: forward", out["out"], NOTES_X.shape)
    expect_close(f"{label}: forward", out["out"], right["out"], hint=RELU_FORWARD_HINT)
    expect_shape(f"{label}: backward", out["dx"], NOTES_DOUT.shape)
    expect_close(f"{label}: backward", out["dx"], right["dx"], hint=said(RELU_BACKWARD_HINT))

    x = np.array([[0.0, 1.0], [-1.0, 0.0]])
    dout = np.array([[5.0, 6.0], [7.0, 8.0]])
    out, right = run_with_hints(run.example, RELU_HINTS, name="zeros")
    label = "Relu on x = [[0, 1], [-1, 0]], dout = [[5, 6], [7, 8]]"
    expect_close(f"{label}: forward", out["out"], right["out"],
                 hint="forward is off: max(x, 0) is 0 at x = 0 and x where x > 0.")
    expect_shape(f"{label}: backward", out["dx"], dout.shape)
    at_zero = x == 0
    if not np.all((out["dx"][at_zero] == 0) | (out["dx"][at_zero] == dout[at_zero])):
        raise CheckFailed(f"{label}: backward gives {fmt(out['dx'])}; where x = 0 it should "
                          "pass dout or block it.", RELU_ZERO_HINT)
    expect_close(f"{label}: backward", out["dx"][~at_zero], right["dx"][~at_zero],
                 hint=said(RELU_BACKWARD_HINT))

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
                        hint=said(RELU_BACKWARD_HINT))
    x32 = np.array([[1.0, -2.0, 0.5]], dtype=np.float32)
    out = run_with_hints(run, RELU_HINTS, x=x32, dout=np.ones((1, 3), np.float32))
    for key in ("out", "dx"):
        expect_dtype(f"Relu on float32 arrays: {key}", out[key], np.float32,
                     hint=said(FLOAT32_HINT))


# --------------------------------------------------------------------------------------
# Binary cross-entropy and its derivative
# --------------------------------------------------------------------------------------


def drive_binary_cross_entropy(binary_cross_entropy, a, y):
    return {"loss": _without_warnings("binary_cross_entropy(a, y)", binary_cross_entropy,
                                      a, y)}


SIGN_HINT = (
    "your loss is negative where y = 0: the sign error of the notes (file 000), a minus "
    "that covers the first term only.",
    "the loss is minus the *whole* sum of its two terms: both logs are negative, and one "
    "minus in front of both makes every loss positive.")
PER_EXAMPLE_HINT = (
    "your result is one number, or not of a's shape: return the loss of every example.",
    "no sum and no mean here: one loss per element of a (the cost J, their mean, comes in "
    "notebook 03).")
BCE_A = np.array([0.8, 0.8, 0.3, 0.5])
BCE_Y = np.array([1.0, 0.0, 0.0, 1.0])
BCE_NUMBERS_HINT = (
    "a = 0.8 should cost 0.2231 where y = 1 and 1.6094 where y = 0 (the worked numbers): "
    "yours differ.",
    "only one term is alive at a time: -log a where y = 1, -log(1 - a) where y = 0.")
SURE_HINT = (
    "a sure mistake (a = 0 for y = 1, or a = 1 for y = 0) should cost -log(1e-7) = 16.12, "
    "a sure hit (almost) 0: yours differ.",) + LOG_ZERO_HINT[1:]


def public_binary_cross_entropy(run):
    label = "binary_cross_entropy(a, y) for a = [0.8, 0.8, 0.3, 0.5], y = [1, 0, 0, 1]"
    loss, right = (d["loss"] for d in run.example("notebook"))
    expect_shape(label, loss, BCE_A.shape, hint=said(PER_EXAMPLE_HINT))
    if np.any(loss < 0):
        raise CheckFailed(f"{label} is {fmt(loss)}: a loss is never negative.",
                          said(SIGN_HINT))
    expect_close(label, loss, right, rtol=1e-6, hint=said(BCE_NUMBERS_HINT))

    label = "binary_cross_entropy on a column a (3, 1)"
    loss, right = (d["loss"] for d in run.example("column"))
    expect_shape(label, loss, (3, 1), hint=said(PER_EXAMPLE_HINT))
    expect_close(label, loss, right, rtol=1e-6, hint=said(BCE_NUMBERS_HINT[1:]))

    label = "binary_cross_entropy for a = [0, 1, 0, 1], y = [1, 0, 0, 1]"
    loss, right = (d["loss"] for d in run.example("sure"))
    expect_close(label, loss, right, rtol=1e-4, atol=1e-6, hint=said(SURE_HINT))

    loss = run.example("float32")[0]["loss"]
    expect_dtype("binary_cross_entropy of float32 a and y", loss, np.float32,
                 hint=said(FLOAT32_HINT))


def drive_binary_cross_entropy_derivative(binary_cross_entropy_derivative, a, y):
    return {"da": _without_warnings("binary_cross_entropy_derivative(a, y)",
                                    binary_cross_entropy_derivative, a, y)}


DERIVATIVE_HINT = (
    "for a = 0.8 the slope should be -1.25 where y = 1 (push a up) and 5 where y = 0 "
    "(push a down): yours differ.",
    "differentiate each term of the loss with respect to a (the derivative of log a is "
    "1/a), then bring the two fractions onto one denominator.")
SURE_SLOPE_HINT = (
    "at a = 0 or 1 your slope is off: at a = 0, y = 0 the loss -log(1 - a) has slope 1 "
    "(not 0, not inf), and at a = 0, y = 1 the slope is -1e7.",
    "clip a into [1e-7, 1 - 1e-7] first, as in binary_cross_entropy, then divide; a small "
    "number added to the denominator instead changes the slope where a is 0 or 1.")


def public_binary_cross_entropy_derivative(run):
    label = "binary_cross_entropy_derivative(a, y) for a = [0.8, 0.8, 0.3], y = [1, 0, 0]"
    da, right = (d["da"] for d in run.example("notebook"))
    expect_shape(label, da, right.shape, hint="one derivative per element of a: no sum, "
                 "no mean.")
    expect_close(label, da, right, rtol=1e-6, hint=said(DERIVATIVE_HINT))

    da, right = (d["da"] for d in run.example("random"))
    expect_close("binary_cross_entropy_derivative at random a (3, 4) and labels", da, right,
                 rtol=1e-6, hint=said(DERIVATIVE_HINT[1:]))

    label = "binary_cross_entropy_derivative for a = [0, 1, 0, 1], y = [0, 1, 1, 0]"
    da, right = (d["da"] for d in run.example("sure"))
    expect_close(label, da, right, rtol=1e-4, hint=said(SURE_SLOPE_HINT))

    da = run.example("float32")[0]["da"]
    expect_dtype("binary_cross_entropy_derivative of float32 a and y", da, np.float32,
                 hint=said(FLOAT32_HINT))


# --------------------------------------------------------------------------------------
# The squared error at a sigmoid output: L and dL/dz
# --------------------------------------------------------------------------------------


def drive_sigmoid_squared_error(sigmoid_squared_error, z, y):
    result = _without_warnings("sigmoid_squared_error(z, y)", sigmoid_squared_error, z, y)
    L, dz = unpack(result, 2, "sigmoid_squared_error(z, y)")
    return {"L": L, "dz": dz}


SQUARED_PER_ELEMENT_HINT = (
    "L or dz is one number, or not of z's shape: both work element by element.",
    "one loss and one slope per entry of z: no sum, no mean.")
SQUARED_DZ_HINT = (
    "dz is off: it must be the slope of your L with respect to z, through the sigmoid.",
    "chain rule: dL/dz is dL/da times da/dz, the sigmoid's local derivative written with "
    "a; here nothing cancels.")
SQUARED_L_HINT = (
    "L is off: for z = 0, y = 1 it should be 0.125 (a = 0.5).",
    "L is half the square of a - y, with a = sigmoid(z), element by element.")


def public_sigmoid_squared_error(run):
    out, right = run.example("notebook")
    expect_shape("sigmoid_squared_error(0.0, 1.0): L", out["L"], (),
                 hint="a number in gives a number out.")
    expect_close("sigmoid_squared_error(0.0, 1.0): L", out["L"], right["L"],
                 hint=said(SQUARED_L_HINT))
    expect_close("sigmoid_squared_error(0.0, 1.0): dz", out["dz"], right["dz"],
                 hint="dz should be -0.125 here (the worked number). " + said(SQUARED_DZ_HINT))

    z = np.array([[-5.0, 0.0, 2.0], [5.0, -1.0, 0.5]])
    y = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    label = "sigmoid_squared_error on z (2, 3) = [[-5, 0, 2], [5, -1, 0.5]]"
    out, right = run.example("grid")
    expect_shape(f"{label}: L", out["L"], z.shape, hint=said(SQUARED_PER_ELEMENT_HINT))
    expect_shape(f"{label}: dz", out["dz"], z.shape, hint=said(SQUARED_PER_ELEMENT_HINT))
    expect_close(f"{label}: L", out["L"], right["L"], hint=said(SQUARED_L_HINT[1:]))

    def loss(p):
        return np.sum(run(z=p, y=y)["L"])

    expect_gradient(f"{label}: dz", out["dz"], numerical_gradient(loss, z),
                    hint=said(SQUARED_DZ_HINT))

    label = "sigmoid_squared_error for z = [-1000, -40, 40, 1000], y = [1, 0, 1, 0]"
    out, right = run.example("wide")
    expect_close(f"{label}: L", out["L"], right["L"], atol=1e-12,
                 hint="a = sigmoid(z) is 0, 0, 1, 1 here: your L is off. "
                      + said(EXP_OVERFLOW_HINT[1:]))
    expect_close(f"{label}: dz", out["dz"], right["dz"], atol=1e-12,
                 hint="the sigmoid is flat at z = ±40 and ±1000, so dL/dz is (almost) 0 "
                      "there, even where the prediction is wrong: yours is not. "
                      + said(SQUARED_DZ_HINT[1:]))

    out = run.example("float32")[0]
    for key in ("L", "dz"):
        expect_dtype(f"sigmoid_squared_error of float32 z and y: {key}", out[key], np.float32,
                     hint=said(FLOAT32_HINT))


# Probe inputs on which the known mistakes of each exercise are told apart (course.mistakes):
# the notes' examples, huge inputs on one side at a time (to see which exp overflows),
# float32, inputs of exactly 0, probabilities of exactly 0 and 1, a batch of one, and for
# the chain a steep unit, where central differences are visibly off.
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
    {"x": 1.0, "w": np.array([1000.0, -1000.0, 1.0]), "b": np.zeros(3)},
    {"x": 0.0, "w": np.array([1000.0]), "b": np.array([0.0])})
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

# Labelled examples whose right outputs the public checks compare with (``run.example``).
FLOAT32_AY = {"a": np.array([[0.2, 0.7], [0.9, 0.4]], dtype=np.float32),
              "y": np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)}

SIGMOID = Exercise(
    name="sigmoid",
    title="sigmoid(x), numerically stable",
    points=2,
    drive=drive_sigmoid,
    public=public_sigmoid,
    still_hidden=("plain numbers, random arrays of several shapes, inputs as large as ±1000 in "
        "float64 and float32, and that nothing warns"),
    probes=SIGMOID_PROBES,
    examples={
        "wide": {"x": np.array([-1000.0, -30.0, -1.0, 0.0, 1.0, 30.0, 1000.0])},
        "float32": {"x": np.array([[-100.0, -5.0, 0.0], [5.0, 20.0, 100.0]],
                                  dtype=np.float32)}})

SIGMOID_CHAIN = Exercise(
    name="sigmoid_chain",
    title="sigmoid_chain(x, w, b), a chain of sigmoid units",
    points=3,
    drive=drive_sigmoid_chain,
    public=public_sigmoid_chain,
    still_hidden=("random chains from 1 to 12 layers, small and large weights, saturated units "
        "and vanishing gradients, to a relative 1e-10 (which central differences cannot "
        "reach: the gradient is to be worked out, not measured), and that nothing warns"),
    probes=SIGMOID_CHAIN_PROBES,
    examples={
        "notebook": {"x": CHAIN_X, "w": CHAIN_W, "b": CHAIN_B},
        "fixed_point": {"x": 0.5, "w": np.full(10, 6.0), "b": np.full(10, -3.0)},
        "saturated": {"x": 1.0, "w": np.array([1000.0, -1000.0, 1.0]), "b": np.zeros(3)}},
    withheld=NUMERICAL)

SIGMOID_LAYER = Exercise(
    name="sigmoid_layer",
    title="the Sigmoid layer, forward and backward",
    points=2,
    drive=drive_sigmoid_layer,
    public=public_sigmoid_layer,
    still_hidden=("random batches of several shapes (one example and 3-d arrays included), inputs "
        "as large as ±1000, float32, and that nothing warns and dout is left alone"),
    probes=SIGMOID_LAYER_PROBES,
    examples={"wide": {"x": np.array([[-1000.0, -40.0, 0.0], [2.0, 40.0, 1000.0]]),
                       "dout": np.ones((2, 3))}},
    withheld=NUMERICAL)

RELU_LAYER = Exercise(
    name="relu_layer",
    title="the Relu layer, forward and backward",
    points=2,
    drive=drive_relu_layer,
    public=public_relu_layer,
    still_hidden=("random batches of several shapes (one example and 3-d arrays included), inputs "
        "of exactly 0, float32, and that x and dout are left alone"),
    probes=RELU_PROBES,
    examples={"sigmoid_example": {"x": NOTES_X, "dout": NOTES_DOUT},
              "zeros": {"x": np.array([[0.0, 1.0], [-1.0, 0.0]]),
                        "dout": np.array([[5.0, 6.0], [7.0, 8.0]])}},
    withheld=NUMERICAL)

BINARY_CROSS_ENTROPY = Exercise(
    name="binary_cross_entropy",
    title="binary_cross_entropy(a, y)",
    points=2,
    drive=drive_binary_cross_entropy,
    public=public_binary_cross_entropy,
    still_hidden=("random probabilities and labels of several shapes (integer labels included), "
        "probabilities of exactly 0 and 1, float32, and that nothing warns"),
    probes=BCE_PROBES,
    examples={
        "notebook": {"a": BCE_A, "y": BCE_Y},
        "column": {"a": np.array([[0.9], [0.1], [0.6]]), "y": np.array([[1.0], [1.0], [0.0]])},
        "sure": {"a": np.array([0.0, 1.0, 0.0, 1.0]), "y": np.array([1.0, 0.0, 0.0, 1.0])},
        "float32": FLOAT32_AY})

BINARY_CROSS_ENTROPY_DERIVATIVE = Exercise(
    name="binary_cross_entropy_derivative",
    title="binary_cross_entropy_derivative(a, y)",
    points=2,
    drive=drive_binary_cross_entropy_derivative,
    public=public_binary_cross_entropy_derivative,
    still_hidden=("random probabilities and labels of several shapes (integer labels included), "
        "probabilities of exactly 0 and 1, float32, and that nothing warns; your "
        "binary_cross_entropy and the numerical gradient are out of reach meanwhile"),
    probes=BCE_PROBES,
    examples={
        "notebook": {"a": BCE_A[:3], "y": BCE_Y[:3]},
        "random": {"a": np.array([[0.31, 0.87, 0.05, 0.62], [0.93, 0.18, 0.44, 0.71],
                                  [0.09, 0.56, 0.97, 0.26]]),
                   "y": np.array([[1.0, 0.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0],
                                  [0.0, 1.0, 1.0, 0.0]])},
        "sure": {"a": np.array([0.0, 1.0, 0.0, 1.0]), "y": np.array([0.0, 1.0, 1.0, 0.0])},
        "float32": FLOAT32_AY},
    withheld=("binary_cross_entropy", *NUMERICAL))

SIGMOID_SQUARED_ERROR = Exercise(
    name="sigmoid_squared_error",
    title="sigmoid_squared_error(z, y): L and dL/dz",
    points=2,
    drive=drive_sigmoid_squared_error,
    public=public_sigmoid_squared_error,
    still_hidden=("random inputs and labels of several shapes (integer labels included), inputs as "
        "large as ±1000, float32, and that nothing warns"),
    probes=SQUARED_PROBES,
    examples={
        "notebook": {"z": 0.0, "y": 1.0},
        "grid": {"z": np.array([[-5.0, 0.0, 2.0], [5.0, -1.0, 0.5]]),
                 "y": np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])},
        "wide": {"z": np.array([-1000.0, -40.0, 40.0, 1000.0]),
                 "y": np.array([1.0, 0.0, 1.0, 0.0])},
        "float32": {"z": np.array([[-2.0, 0.5], [3.0, -0.25]], dtype=np.float32),
                    "y": np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)}},
    withheld=NUMERICAL)

EXERCISES = [
    SIGMOID, SIGMOID_CHAIN, SIGMOID_LAYER, RELU_LAYER, BINARY_CROSS_ENTROPY,
    BINARY_CROSS_ENTROPY_DERIVATIVE, SIGMOID_SQUARED_ERROR]
