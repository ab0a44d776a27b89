"""Notebook 07, automatic differentiation: a scalar engine (``Value``: its local rules,
``backward``, and the rules of -, /, relu, tanh and exp), operations on arrays that a tape
records (``add``, ``matmul``, ``sigmoid``, ``log``, ``mean``), ``Tape.gradient``, and the
study notes' 100 -> 10 -> 1 model (file 002): its gradients by hand and by the tape, and
gradient descent on it.

The grader sends numbers and arrays and reads back arrays, so every driver builds what it
needs from its inputs: ``Value`` graphs from numbers (the learner's own ``+``, ``*`` and
``**`` build them), operations from plain arrays (each operation wraps them in Tensors), and
for ``Tape.gradient`` a small computation whose nodes the driver writes on the learner's tape
itself. What a driver may use of a Tensor is what the notebook's Tensor has: ``value``,
``parents``, ``backward``, ``shape`` and ``dtype``.

Shapes of the model: x (N, D), y (N, 1) labels 0 or 1, W1 (D, H), b1 (H,), W2 (H, 1), b2 (1,).
"""

import math

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
    run_with_hints,
    unpack,
)
from course.exercises.nb05_affine_softmax import FLOAT32_HINT
from course.gradcheck import layer_numerical_gradient, numerical_gradient


def _no_float_trouble():
    """Overflow, 0/0 and log(0) raise FloatingPointError instead of warning quietly."""
    return np.errstate(over="raise", divide="raise", invalid="raise")


# --------------------------------------------------------------------------------------
# Value: the local rules of +, * and **
# --------------------------------------------------------------------------------------

# (name, the operation on Values a and b and the plain number y). Driver inputs are numbers
# and arrays only, so an operation is chosen by its index.
VALUE_OPS = [
    ("x + y", lambda a, b, y: a + b),
    ("x * y", lambda a, b, y: a * b),
    ("x + x", lambda a, b, y: a + a),
    ("x * x", lambda a, b, y: a * a),
    ("x + y, y a plain number", lambda a, b, y: a + y),
    ("y * x, y a plain number", lambda a, b, y: y * a),
    ("x ** y, y a plain number", lambda a, b, y: a ** y),
]


def drive_value_ops(Value, x, y, which, dout=1.0, grad_x=0.0, grad_y=0.0):
    """Values a = Value(x), b = Value(y) whose grads already hold grad_x and grad_y (what
    other uses sent them); out = operation ``which``; out.grad = dout; out._backward().
    Returns out.data and the grads of a and b afterwards."""
    a, b = Value(x), Value(y)
    a.grad, b.grad = float(grad_x), float(grad_y)
    name, operation = VALUE_OPS[int(which)]
    out = operation(a, b, float(y))
    if not isinstance(out, Value):
        raise CheckFailed(f"{name} on Values returned {type(out).__name__}, not a Value.",
                          hint="each operation returns its new node: return out.")
    out.grad = float(dout)
    out._backward()
    return {"out": out.data, "dx": a.grad, "dy": b.grad}


ACCUMULATE_HINT = (
    "a parent's grad lost what it held before: a Value used in several places receives a "
    "share of the gradient from each use (the chain rule sums over every path), so each "
    "local rule adds its share to the parent's grad instead of replacing it. In x + x and "
    "x * x, self and other are the same Value, and both of its shares must count.")
DOUT_HINT = ("the chain rule multiplies the local derivative by the gradient that arrived "
             "from above, out.grad.")
MUL_LOCAL_HINT = ("in a product, each input receives out.grad times the *other* input's data "
                  "(the table above, and notebook 01's multiply node).")
POW_HINT = ("the power rule: the derivative of xⁿ is n times x to the power n - 1, and the "
            "chain rule multiplies it by out.grad.")


def public_value_ops(run):
    out = run(x=2.0, y=3.0, which=0, dout=1.5)
    expect_close("x + y at x=2, y=3: out", out["out"], 5.0, hint="the forward line is given.")
    expect_close("x + y with out.grad = 1.5: x.grad", out["dx"], 1.5,
                 hint="x.grad should be 1 · 1.5: the local derivative of a sum is 1. "
                      + DOUT_HINT)
    expect_close("x + y with out.grad = 1.5: y.grad", out["dy"], 1.5,
                 hint="y.grad should be 1 · 1.5: other, the second input of the sum, gets "
                      "its share too. " + DOUT_HINT)
    out = run(x=2.0, y=3.0, which=1, dout=1.5)
    expect_close("x * y at x=2, y=3 with out.grad = 1.5: x.grad", out["dx"], 4.5,
                 hint="x.grad should be 1.5 · 3. " + MUL_LOCAL_HINT)
    expect_close("x * y at x=2, y=3 with out.grad = 1.5: y.grad", out["dy"], 3.0,
                 hint="y.grad should be 1.5 · 2. " + MUL_LOCAL_HINT)
    out = run(x=2.0, y=3.0, which=1, dout=1.5, grad_x=0.5, grad_y=-1.0)
    expect_close("x * y when x.grad already holds 0.5: x.grad afterwards", out["dx"], 5.0,
                 hint=ACCUMULATE_HINT)
    expect_close("x * y when y.grad already holds -1: y.grad afterwards", out["dy"], 2.0,
                 hint=ACCUMULATE_HINT)
    out = run(x=2.0, y=0.0, which=2, dout=1.0)
    expect_close("x + x at x=2: x.grad", out["dx"], 2.0,
                 hint="x + x = 2x, whose derivative is 2: x is used twice, and each use "
                      "sends back out.grad. " + ACCUMULATE_HINT)
    out = run(x=3.0, y=0.0, which=3, dout=1.0)
    expect_close("x * x at x=3: x.grad", out["dx"], 6.0,
                 hint="x * x = x², whose derivative is 2x = 6: each of the two uses sends "
                      "back 3. " + ACCUMULATE_HINT)
    out = run(x=2.0, y=5.0, which=4, dout=0.5, grad_y=0.25)
    expect_close("x + 5 (a plain number) with out.grad = 0.5: x.grad", out["dx"], 0.5,
                 hint="x.grad should be 1 · 0.5: the local derivative of a sum is 1. "
                      + DOUT_HINT)
    out = run(x=2.0, y=3.0, which=5, dout=0.5)
    expect_close("3 * x (a plain number) with out.grad = 0.5: x.grad", out["dx"], 1.5,
                 hint="3 * x calls x.__rmul__(3), which is __mul__ with other = Value(3): "
                      "x.grad should be 0.5 · 3. " + MUL_LOCAL_HINT)
    out = run(x=2.0, y=3.0, which=6, dout=1.0)
    expect_close("x ** 3 at x=2: out", out["out"], 8.0, hint="the forward line is given.")
    expect_close("x ** 3 at x=2: x.grad", out["dx"], 12.0,
                 hint="x.grad should be 3 · 2² = 12. " + POW_HINT)
    out = run(x=4.0, y=-1.0, which=6, dout=2.0, grad_x=1.0)
    expect_close("x ** -1 at x=4 with out.grad = 2, x.grad holding 1: x.grad afterwards",
                 out["dx"], 1.0 - 2.0 / 16, hint="x.grad should be 1 - 2/16: the 1 it "
                 "held, plus its share from x ** -1. " + POW_HINT + " " + ACCUMULATE_HINT)


# --------------------------------------------------------------------------------------
# Value.backward
# --------------------------------------------------------------------------------------


def _diamond(a, b, c):
    u = a * b
    return u * (u + c) + a


# (name, number of inputs, the calculation). Each works on Values and on plain floats, so
# that the checks can differentiate the plain version numerically.
VALUE_PROGRAMS = [
    ("J = 3(a + bc)", 3, lambda a, b, c: 3 * (a + b * c)),
    ("price = (apple * apple_num + orange * orange_num) * tax", 5,
     lambda a, an, o, on, t: (a * an + o * on) * t),
    ("u = a * b, f = u * (u + c) + a", 3, _diamond),
    ("u = a * b, f = u + u * c", 3, lambda a, b, c: (lambda u: u + u * c)(a * b)),
    ("u = a * b, f = u * c + u", 3, lambda a, b, c: (lambda u: u * c + u)(a * b)),
    ("f = a * a * a", 1, lambda a: a * a * a),
    ("f = (a ** 2 + b ** 2) ** 0.5", 2, lambda a, b: (a ** 2 + b ** 2) ** 0.5),
]


def drive_value_backward(Value, x, which):
    """The calculation ``which`` on Values made from the numbers x, then root.backward()
    twice. Returns the root's data and grad, the inputs' grads after the first call and
    after the second (they must be the same: backward starts from zero)."""
    name, count, program = VALUE_PROGRAMS[int(which)]
    leaves = [Value(float(v)) for v in np.asarray(x, dtype=np.float64).reshape(-1)[:count]]
    root = program(*leaves)
    root.backward()
    first = [leaf.grad for leaf in leaves]
    root_grad = root.grad
    root.backward()
    return {"value": root.data, "root_grad": root_grad, "grads": first,
            "grads_again": [leaf.grad for leaf in leaves]}


ORDER_HINT = (
    "the sweep's order: a node may pass its gradient on only when it has received all of "
    "it, that is after every node that uses it has run its _backward. A depth-first list "
    "(a node after its parents) walked from its end gives that order.")
SEEN_HINT = (
    "put each node in the list once: keep a set of the nodes already visited. A node that "
    "appears twice runs its _backward twice and sends its gradient twice.")
ROOT_GRAD_HINT = ("the root's own grad, d root/d root, is 1 when the sweep starts: every "
                  "other gradient is a multiple of it.")
RESET_HINT = (
    "the second backward() gave other grads than the first: each call must start from zero, "
    "every node's grad back to 0 before the sweep. Otherwise a second backward(), or the "
    "next training step over the same weights, adds to the gradients of the first.")


USES_OPS = (" (These graphs are built with your +, * and **: the check of exercise 1, "
            "value_ops, must pass first.)")


def _value_numerical(which, point):
    _, _, program = VALUE_PROGRAMS[which]
    return numerical_gradient(lambda v: program(*[float(t) for t in v]), point)


def public_value_backward(run):
    out = run(x=np.array([5.0, 3.0, 2.0]), which=0)
    label = "J = 3(a + bc) at a=5, b=3, c=2"
    expect_close(f"{label}: J", out["value"], 33.0, hint="the forward is your + and *: their "
                 "check must pass first.")
    expect_close(f"{label}: J.grad after J.backward()", out["root_grad"], 1.0,
                 hint=ROOT_GRAD_HINT)
    expect_close(f"{label}: (a.grad, b.grad, c.grad)", out["grads"], [3.0, 6.0, 9.0],
                 hint=ORDER_HINT + " " + ROOT_GRAD_HINT + USES_OPS)
    out = run(x=np.array([100.0, 2.0, 150.0, 3.0, 1.1]), which=1)
    label = "the apples and oranges: (d apple, d apple_num, d orange, d orange_num, d tax)"
    expect_close(label, out["grads"], [2.2, 110.0, 3.3, 165.0, 650.0],
                 hint=ORDER_HINT + USES_OPS)
    for which, point in [(2, [1.5, -2.0, 0.5]), (3, [2.0, -1.0, 3.0]), (4, [0.5, 3.0, -2.0]),
                         (5, [1.5]), (6, [3.0, -4.0])]:
        name = VALUE_PROGRAMS[which][0]
        point = np.array(point)
        out = run(x=point, which=which)
        expect_gradient(f"{name} at {point.tolist()}: the list of the inputs' grads", out["grads"],
                        _value_numerical(which, point),
                        hint=("a node used twice (u here) must have received both shares "
                              "before it passes anything on. " + ORDER_HINT + " " + SEEN_HINT
                              + USES_OPS))
    for which, point in [(0, [5.0, 3.0, 2.0]), (2, [1.5, -2.0, 0.5])]:
        out = run(x=np.array(point), which=which)
        expect_close(f"{VALUE_PROGRAMS[which][0]}: the grads after a second backward()",
                     out["grads_again"], out["grads"], hint=RESET_HINT)


# --------------------------------------------------------------------------------------
# Value: -, /, relu, tanh and exp
# --------------------------------------------------------------------------------------

# (name, the operation on Values a, b and the plain number y, the same on plain floats).
# The plain version lets the checks differentiate numerically; it is the forward only.
VALUE_MORE_OPS = [
    ("-x", lambda a, b, y: -a, lambda x, y: -x),
    ("x - y", lambda a, b, y: a - b, lambda x, y: x - y),
    ("x - y, y a plain number", lambda a, b, y: a - y, lambda x, y: x - y),
    ("y - x, y a plain number", lambda a, b, y: y - a, lambda x, y: y - x),
    ("x / y", lambda a, b, y: a / b, lambda x, y: x / y),
    ("x / y, y a plain number", lambda a, b, y: a / y, lambda x, y: x / y),
    ("y / x, y a plain number", lambda a, b, y: y / a, lambda x, y: y / x),
    ("x.relu()", lambda a, b, y: a.relu(), lambda x, y: max(x, 0.0)),
    ("x.tanh()", lambda a, b, y: a.tanh(), lambda x, y: math.tanh(x)),
    ("x.exp()", lambda a, b, y: a.exp(), lambda x, y: math.exp(x)),
    ("x - x", lambda a, b, y: a - a, lambda x, y: x - x),
    ("x / x", lambda a, b, y: a / a, lambda x, y: x / x),
    ("x.relu() - (-x).relu()", lambda a, b, y: a.relu() - (-a).relu(),
     lambda x, y: max(x, 0.0) - max(-x, 0.0)),
    ("x.exp() / (x.exp() + y)", lambda a, b, y: a.exp() / (a.exp() + b),
     lambda x, y: math.exp(x) / (math.exp(x) + y)),
]
_MORE_INDEX = {name: k for k, (name, _, _) in enumerate(VALUE_MORE_OPS)}


def drive_value_more_ops(Value, x, y, which, dout=1.0):
    """Values a = Value(x), b = Value(y); out = operation ``which``; root = out * dout;
    root.backward() (so out.grad = dout). Returns out.data and the grads of a and b."""
    a, b = Value(x), Value(y)
    name, operation, _ = VALUE_MORE_OPS[int(which)]
    out = operation(a, b, float(y))
    if not isinstance(out, Value):
        raise CheckFailed(f"{name} on Values returned {type(out).__name__}, not a Value.",
                          hint="each operation returns its new node: return out.")
    root = out * float(dout)
    root.backward()
    return {"out": out.data, "dx": a.grad, "dy": b.grad}


USES_BACKWARD = (" (These checks run your backward() from out * dout, and your * : the "
                 "checks of exercises 1 and 2 must pass first.)")
NEG_HINT = "the derivative of -x is -1: x receives minus what arrived."
SUB_HINT = ("x - y grows with x and shrinks with y: the second input receives minus what "
            "arrived.")
DIV_HINT = ("x / y: the dividend x receives out.grad divided by y; the divisor y receives "
            "out.grad times the derivative of x/y with respect to y, which is negative for "
            "x/y > 0 and falls with the square of y (differentiate x · y⁻¹ with the power "
            "rule).")
RELU_HINT = ("relu passes the gradient on where its input was positive, and nothing where "
             "it was negative or 0: its graph is flat there.")
TANH_HINT = ("the derivative of tanh is 1 - tanh², written with the *output* t that the "
             "forward line keeps, not with the input.")
EXP_HINT = ("exp is its own derivative: the local derivative is the output, e to the x, "
            "not x, and not the power rule (x is the exponent, not the base).")
ADD_SHARES = (" A Value used twice gets a share from each use: each rule adds to a "
              "parent's grad (+= or -=), never replaces it.")


def public_value_more_ops(run):
    def at(name, x, y=0.0, dout=1.0):
        return run(x=x, y=y, which=_MORE_INDEX[name], dout=dout)

    out = at("-x", 2.0, dout=1.5)
    expect_close("-x at x=2: out", out["out"], -2.0, hint="the forward line is given.")
    expect_close("-x at x=2 with out.grad = 1.5: x.grad", out["dx"], -1.5,
                 hint=NEG_HINT + " " + DOUT_HINT + USES_BACKWARD)
    out = at("x - y", 5.0, 3.0, dout=2.0)
    expect_close("x - y at x=5, y=3 with out.grad = 2: (x.grad, y.grad)",
                 [out["dx"], out["dy"]], [2.0, -2.0], hint=SUB_HINT + " " + DOUT_HINT)
    out = at("y - x, y a plain number", 5.0, 3.0, dout=2.0)
    expect_close("3 - x (3 a plain number) with out.grad = 2: x.grad", out["dx"], -2.0,
                 hint="3 - x calls x.__rsub__(3), given: it is Value(3) - x, so x is the "
                      "second input of your __sub__. " + SUB_HINT)
    out = at("x / y", 6.0, 3.0)
    expect_close("x / y at x=6, y=3: out", out["out"], 2.0, hint="the forward line is given.")
    expect_close("x / y at x=6, y=3: x.grad", out["dx"], 1 / 3, hint=DIV_HINT)
    expect_close("x / y at x=6, y=3: y.grad", out["dy"], -2 / 3, hint=DIV_HINT)
    out = at("y / x, y a plain number", 4.0, 1.0, dout=2.0)
    expect_close("1 / x at x=4 with out.grad = 2: x.grad", out["dx"], -0.125,
                 hint="1 / x calls x.__rtruediv__(1), given: it is Value(1) / x, so x is the "
                      "divisor. " + DIV_HINT)
    for x, right in [(2.0, 1.5), (-2.0, 0.0), (0.0, 0.0)]:
        out = at("x.relu()", x, dout=1.5)
        expect_close(f"relu at x={x:g}: out", out["out"], max(x, 0.0),
                     hint="the forward line is given.")
        expect_close(f"relu at x={x:g} with out.grad = 1.5: x.grad", out["dx"], right,
                     hint=RELU_HINT)
    out = at("x.tanh()", 0.5)
    expect_close("tanh at x=0.5: out", out["out"], 0.46211715726000974,
                 hint="the forward line is given.")
    expect_close("tanh at x=0.5: x.grad", out["dx"], 0.7864477329659275, hint=TANH_HINT)
    out = at("x.tanh()", -2.0, dout=3.0)
    expect_close("tanh at x=-2 with out.grad = 3: x.grad", out["dx"], 0.21195247, rtol=1e-6,
                 hint=TANH_HINT + " " + DOUT_HINT)
    out = at("x.exp()", 1.0)
    expect_close("exp at x=1: out", out["out"], math.e, hint="the forward line is given.")
    expect_close("exp at x=1: x.grad", out["dx"], math.e, hint=EXP_HINT)
    out = at("x.exp()", 3.0, dout=0.5)
    expect_close("exp at x=3 with out.grad = 0.5: x.grad", out["dx"], 0.5 * 20.085536923187668,
                 hint=EXP_HINT + " " + DOUT_HINT)
    out = at("x - x", 2.0)
    expect_close("x - x at x=2: x.grad", out["dx"], 0.0,
                 hint="x - x is 0 whatever x is: the two shares, +1 and -1, cancel." + ADD_SHARES)
    out = at("x / x", 2.0)
    expect_close("x / x at x=2: x.grad", out["dx"], 0.0,
                 hint="x / x is 1 whatever x is: the shares of the dividend and the divisor "
                      "cancel." + ADD_SHARES)
    for name, x, y in [("x.relu() - (-x).relu()", -1.5, 0.0),
                       ("x.relu() - (-x).relu()", 0.7, 0.0),
                       ("x.exp() / (x.exp() + y)", 0.3, 2.0)]:
        _, _, plain = VALUE_MORE_OPS[_MORE_INDEX[name]]
        out = at(name, x, y)
        expect_gradient(f"{name} at x={x:g}, y={y:g}: (x.grad, y.grad)",
                        [out["dx"], out["dy"]],
                        numerical_gradient(lambda v, f=plain: f(float(v[0]), float(v[1])),
                                           np.array([x, y])),
                        hint="a mixed expression: each of your rules must be right, and add "
                             "its share." + USES_BACKWARD)


# --------------------------------------------------------------------------------------
# Operations on arrays: add, matmul, sigmoid, log, mean
# --------------------------------------------------------------------------------------


def _as_result(out, call, parents):
    """``out`` must be a Tensor made with ``parents`` parents and a backward function."""
    if not all(hasattr(out, attr) for attr in ("value", "parents", "backward")):
        raise CheckFailed(f"{call} returned {type(out).__name__}, not a Tensor.",
                          hint="return Tensor(value, parents, backward): the new array, the "
                               "Tensors it was computed from, and the backward function.")
    if len(tuple(out.parents)) != parents:
        raise CheckFailed(f"the result of {call} records {len(tuple(out.parents))} parents, "
                          f"it should record {parents}.",
                          hint="the parents are the Tensors the result was computed from, "
                               "in order: (a, b) for two inputs, (x,) for one.")
    if out.backward is None:
        raise CheckFailed(f"the result of {call} has no backward function.",
                          hint="pass the backward function you defined: Tensor(value, "
                               "parents, backward).")
    return out


def _gradients(out, call, count, dout):
    """``out.backward(dout)``: a tuple of ``count`` gradients, or a clear failure."""
    grads = out.backward(dout)
    if not isinstance(grads, (tuple, list)):
        raise CheckFailed(f"the backward of {call}'s result returned {type(grads).__name__}; "
                          "it should return a tuple with one gradient per parent.",
                          hint="return (dx,) for one parent (mind the comma), (da, db) for two.")
    return unpack(grads, count, f"the backward of {call}'s result")


def _drive_binary(op, call, a, b, dout):
    out = _as_result(op(a, b), call, 2)
    da, db = _gradients(out, call, 2, dout)
    return {"out": out.value, "da": da, "db": db}


def _drive_unary(op, call, x, dout):
    with _no_float_trouble():
        out = _as_result(op(x), call, 1)
        dout = np.asarray(dout, dtype=np.asarray(out.value).dtype)
        (dx,) = _gradients(out, call, 1, dout)
    return {"out": out.value, "dx": dx}


def drive_tape_add(add, a, b, dout):
    """out = add(a, b) on plain arrays (or numbers); out.backward(dout) -> (da, db)."""
    return _drive_binary(add, "add(a, b)", a, b, dout)


def drive_tape_matmul(matmul, a, b, dout):
    """out = matmul(a, b), a (N, K), b (K, M); out.backward(dout) -> (da, db)."""
    return _drive_binary(matmul, "matmul(a, b)", a, b, dout)


def drive_tape_sigmoid(sigmoid, x, dout):
    """out = sigmoid(x); out.backward(dout) -> (dx,). Overflow inside raises."""
    return _drive_unary(sigmoid, "sigmoid(x)", x, dout)


def drive_tape_log(log, x, dout):
    """out = log(x) for x > 0; out.backward(dout) -> (dx,)."""
    return _drive_unary(log, "log(x)", x, dout)


def drive_tape_mean(mean, x, dout):
    """out = mean(x), one number; out.backward(dout) -> (dx,) of x's shape."""
    return _drive_unary(mean, "mean(x)", x, dout)


BROADCAST_HINT = (
    "look at the input that broadcasting repeated: b of shape (M,) added to a of shape "
    "(N, M) is used in every row, so, as for a Value used twice, its gradient is the sum of "
    "the N shares. In general dout is summed down to the input's shape: over the leading "
    "axes broadcasting added, and, keeping the axis, over every axis where the input has "
    "size 1 and dout more. Write that rule once, in sum_to_shape, for both inputs.")
SAME_SHAPE_HINT = "an add node passes dout on unchanged when nothing was broadcast."
ADD_HINTS = [(SHAPE_ERRORS, BROADCAST_HINT)]


def _example(run, name, hints=()):
    """(the answer's outputs, the right outputs stored at release) on example ``name``."""
    return (run_with_hints(run, hints, **run.exercise.examples[name]),
            expected(run.exercise.name, name))


# (label, a's shape, b's shape): the broadcasting cases the checks try.
_ADD_CASES = [
    ("a (2, 3) + b (2, 3), nothing broadcast", (2, 3), (2, 3)),
    ("a (4, 3) + b (3,), a bias added to every row", (4, 3), (3,)),
    ("a (4, 3) + b (1, 3)", (4, 3), (1, 3)),
    ("a (4, 3) + b (4, 1), one number per row", (4, 3), (4, 1)),
    ("a (2, 3) + b (), one number for everything", (2, 3), ()),
    ("a (3,) + b (2, 3): a broadcast, not b", (3,), (2, 3)),
    ("a (4, 1) + b (1, 3): both broadcast", (4, 1), (1, 3)),
]


def _add_case(rng, a_shape, b_shape, dtype=np.float64):
    out_shape = np.broadcast_shapes(a_shape, b_shape)
    return {"a": rng.normal(size=a_shape).astype(dtype),
            "b": rng.normal(size=b_shape).astype(dtype),
            "dout": rng.normal(size=out_shape).astype(dtype)}


_example_rng = np.random.default_rng(70)
ADD_EXAMPLES = {label: _add_case(_example_rng, a, b) for label, a, b in _ADD_CASES}


def public_tape_add(run):
    for label, a_shape, b_shape in _ADD_CASES:
        out, want = _example(run, label, ADD_HINTS)
        expect_close(f"{label}: forward", out["out"], want["out"],
                     hint="the forward is the element-wise sum of the two values; NumPy "
                          "broadcasts by itself.")
        expect_shape(f"{label}: da", out["da"], a_shape, hint=BROADCAST_HINT)
        expect_shape(f"{label}: db", out["db"], b_shape, hint=BROADCAST_HINT)
        for key in ("da", "db"):
            expect_close(f"{label}: {key}", out[key], want[key],
                         hint=SAME_SHAPE_HINT if a_shape == b_shape else BROADCAST_HINT)
    inputs = _add_case(np.random.default_rng(71), (3, 2), (2,), np.float32)
    out = run_with_hints(run, ADD_HINTS, **inputs)
    for key in ("out", "da", "db"):
        expect_dtype(f"add of float32 a (3, 2) and b (2,): {key}", out[key], np.float32,
                     hint=FLOAT32_HINT)
    out = run_with_hints(run, ADD_HINTS, a=inputs["a"], b=2.0, dout=inputs["dout"])
    expect_dtype("add(float32 a, 2.0): forward", out["out"], np.float32,
                 hint="a, b = as_tensors(a, b) (given) turns a plain number into a constant "
                      "of the other input's dtype.")
    expect_shape("add(a of shape (3, 2), 2.0): the number's gradient", out["db"], (),
                 hint=BROADCAST_HINT)


MATMUL_HINT = (
    "write the shape under every factor: out = a @ b is (N, K)·(K, M) → (N, M), and each "
    "gradient has its input's shape, da (N, K) and db (K, M). Only one product of dout "
    "(N, M) with the other input, each transposed or not, has that shape. In a square case "
    "a wrong choice still fits, with wrong numbers.")
MATMUL_HINTS = [(SHAPE_ERRORS, MATMUL_HINT)]
# The Affine example of the notes (file 001, problem 225), as a matrix product.
NOTES_MATMUL = {"a": np.array([[1.0, 2.0], [3.0, 4.0]]),
                "b": np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]),
                "dout": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])}


def _matmul_case(rng, n, k, m, dtype=np.float64):
    return {"a": rng.normal(size=(n, k)).astype(dtype), "b": rng.normal(size=(k, m)).astype(
        dtype), "dout": rng.normal(size=(n, m)).astype(dtype)}


_MATMUL_CASES = [("square a (3, 3) and b (3, 3)", (3, 3, 3)), ("a (4, 3), b (3, 2)", (4, 3, 2)),
                 ("a batch of one, a (1, 3), b (3, 5)", (1, 3, 5))]
MATMUL_EXAMPLES = {label: _matmul_case(_example_rng, *sizes) for label, sizes in _MATMUL_CASES}


def public_tape_matmul(run):
    label = "matmul on the notes' numbers (file 001, problem 225)"
    out = run_with_hints(run, MATMUL_HINTS, **NOTES_MATMUL)
    expect_close(f"{label}: forward", out["out"], [[5, 11, 17], [11, 25, 39]],
                 hint="the forward is the matrix product of the two values.")
    expect_shape(f"{label}: da", out["da"], (2, 2), hint=MATMUL_HINT)
    expect_close(f"{label}: da", out["da"], [[22, 28], [49, 64]], hint=MATMUL_HINT)
    expect_shape(f"{label}: db", out["db"], (2, 3), hint=MATMUL_HINT)
    expect_close(f"{label}: db", out["db"], [[13, 17, 21], [18, 24, 30]], hint=MATMUL_HINT)
    for label, (n, k, m) in _MATMUL_CASES:
        out, want = _example(run, label, MATMUL_HINTS)
        expect_close(f"matmul, {label}: forward", out["out"], want["out"])
        expect_shape(f"matmul, {label}: da", out["da"], (n, k), hint=MATMUL_HINT)
        expect_shape(f"matmul, {label}: db", out["db"], (k, m), hint=MATMUL_HINT)
        for key in ("da", "db"):
            expect_close(f"matmul, {label}: {key}", out[key], want[key], hint=MATMUL_HINT)
    inputs = _matmul_case(np.random.default_rng(71), 2, 3, 4, np.float32)
    out = run_with_hints(run, MATMUL_HINTS, **inputs)
    for key in ("out", "da", "db"):
        expect_dtype(f"matmul of float32 arrays: {key}", out[key], np.float32,
                     hint=FLOAT32_HINT)


def _unary_numerical(run, x, dout):
    return layer_numerical_gradient(lambda v: run(x=v, dout=dout)["out"], x, dout)


OVERFLOW_HINT = (
    "the forward overflows: exp of a large positive number (exp(-x) for x below about "
    "-710, in float32 already below -89). Take exp only of numbers that are never "
    "positive, -|x|, and write the sigmoid in the form that fits each sign of x, one for "
    "x ≥ 0 and one for x < 0 (np.where chooses): both forms are the same function.")
SIGMOID_BACKWARD_HINT = (
    "dx is the local derivative times dout. The sigmoid's derivative, from the notes' "
    "derivation, is written with its *output*: keep it from the forward pass.")
SIGMOID_HINTS = [(("overflow",), OVERFLOW_HINT)]
# The Sigmoid example of the notes (file 001, problem 217).
NOTES_X = np.array([[2.0, 4.0], [-0.3, 0.9]])
NOTES_DOUT = np.array([[4.0, 2.0], [-0.1, 0.8]])


def public_tape_sigmoid(run):
    label = "sigmoid on the notes' x = [[2, 4], [-0.3, 0.9]] (file 001, problem 217)"
    out = run_with_hints(run, SIGMOID_HINTS, x=NOTES_X, dout=NOTES_DOUT)
    expect_close(f"{label}: forward", out["out"],
                 [[0.88079708, 0.98201379], [0.42555748, 0.7109495]], atol=1e-7,
                 hint="the forward is the sigmoid of the text, element by element.")
    expect_close(f"{label}: dx for dout = [[4, 2], [-0.1, 0.8]]", out["dx"],
                 [[0.41997434, 0.03532541], [-0.02444583, 0.16440025]], atol=1e-7,
                 hint=SIGMOID_BACKWARD_HINT)
    x = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    out = run_with_hints(run, SIGMOID_HINTS, x=x, dout=np.ones(5))
    expect_close("sigmoid([-1000, -40, 0, 40, 1000])", out["out"],
                 [0.0, 4.248354255291589e-18, 0.5, 1.0, 1.0], rtol=1e-6, atol=1e-300,
                 hint=OVERFLOW_HINT)
    rng = np.random.default_rng(72)
    x = rng.normal(size=(3, 4)) * 3
    dout = rng.normal(size=(3, 4))
    out = run_with_hints(run, SIGMOID_HINTS, x=x, dout=dout)
    expect_gradient("sigmoid of x (3, 4): dx", out["dx"], _unary_numerical(run, x, dout),
                    hint=SIGMOID_BACKWARD_HINT)
    x32 = np.array([[-100.0, -1.0], [0.5, 100.0]], dtype=np.float32)
    out = run_with_hints(run, SIGMOID_HINTS, x=x32, dout=np.ones((2, 2), np.float32))
    for key in ("out", "dx"):
        expect_dtype(f"sigmoid of float32 x: {key}", out[key], np.float32,
                     hint=FLOAT32_HINT + " " + OVERFLOW_HINT)


LOG_HINT = ("dx is the local derivative times dout; the derivative of log is written with "
            "its *input* x (the text above the exercise).")
LOG_EXAMPLE = {"x": np.array([[1.0, np.e], [0.5, 4.0]]),
               "dout": np.array([[1.0, 2.0], [3.0, -1.0]])}


def public_tape_log(run):
    out = run(**LOG_EXAMPLE)
    expect_close("log of [[1, e], [0.5, 4]]: forward", out["out"],
                 [[0.0, 1.0], [-np.log(2), 2 * np.log(2)]],
                 hint="the forward is the natural logarithm, element by element.")
    expect_close("log of [[1, e], [0.5, 4]] with dout = [[1, 2], [3, -1]]: dx", out["dx"],
                 [[1.0, 2 / np.e], [6.0, -0.25]], hint=LOG_HINT)
    rng = np.random.default_rng(73)
    x = rng.uniform(0.1, 3.0, size=(4, 1))
    dout = rng.normal(size=(4, 1))
    out = run(x=x, dout=dout)
    expect_gradient("log of x (4, 1): dx", out["dx"], _unary_numerical(run, x, dout),
                    hint=LOG_HINT)
    out = run(x=x.astype(np.float32), dout=dout.astype(np.float32))
    for key in ("out", "dx"):
        expect_dtype(f"log of float32 x: {key}", out[key], np.float32, hint=FLOAT32_HINT)


MEAN_BACKWARD_HINT = (
    "dx must have x's shape, with the same value everywhere: each of the n elements moves "
    "the mean by 1/n of its own change (n counts every element of x, not its rows), times "
    "dout.")


def public_tape_mean(run):
    x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 9.0]])
    out = run(x=x, dout=1.0)
    expect_shape("mean of a (2, 3) array", out["out"], (),
                 hint="the forward is one number: the mean of every element of x, over all "
                      "axes.")
    expect_close("mean of [[1, 2, 3], [4, 5, 9]]", out["out"], 4.0)
    expect_shape("mean of a (2, 3) array: dx", out["dx"], (2, 3), hint=MEAN_BACKWARD_HINT)
    expect_close("mean of a (2, 3) array with dout = 1: dx", out["dx"], np.full((2, 3), 1 / 6),
                 hint=MEAN_BACKWARD_HINT)
    rng = np.random.default_rng(74)
    for shape in [(5, 1), (3,), (2, 2, 3)]:
        x = rng.normal(size=shape)
        out = run(x=x, dout=2.5)
        expect_shape(f"mean of an array {shape}: dx", out["dx"], shape, hint=MEAN_BACKWARD_HINT)
        expect_gradient(f"mean of an array {shape} with dout = 2.5: dx", out["dx"],
                        _unary_numerical(run, x, 2.5), hint=MEAN_BACKWARD_HINT)
    out = run(x=x.astype(np.float32), dout=1.0)
    for key in ("out", "dx"):
        expect_dtype(f"mean of float32 x: {key}", out[key], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# Tape.gradient
# --------------------------------------------------------------------------------------


class _Node:
    """What Tape.gradient may use of a Tensor: value, parents, backward, shape, dtype."""

    def __init__(self, value, parents=(), backward=None):
        self.value = np.asarray(value, dtype=np.float64)
        self.parents = tuple(parents)
        self.backward = backward

    @property
    def shape(self):
        return self.value.shape

    @property
    def dtype(self):
        return self.value.dtype


class _Recording:
    """Operations that write their results on ``tape`` (as the notebook's Tensor does)."""

    def __init__(self, tape):
        self.tape = tape

    def _record(self, value, parents, backward):
        node = _Node(value, parents, backward)
        self.tape.records.append(node)
        return node

    def plus(self, a, b):
        # one array for both parents, as `return dout, dout` does: a gradient array may be
        # shared, so the tape must not add into it in place
        return self._record(a.value + b.value, (a, b), lambda d: (d, d))

    def times(self, a, b):
        return self._record(a.value * b.value, (a, b),
                            lambda d: (d * b.value, d * a.value))

    def sin(self, a):
        return self._record(np.sin(a.value), (a,), lambda d: (d * np.cos(a.value),))

    def exp(self, a):
        e = np.exp(a.value)
        return self._record(e, (a,), lambda d: (d * e,))


class _Plain:
    """The same operations on plain arrays, for numerical gradients."""

    plus = staticmethod(np.add)
    times = staticmethod(np.multiply)
    sin = staticmethod(np.sin)
    exp = staticmethod(np.exp)


def _first(value, *recorded_after):
    """``value``; the others were only computed (and recorded) after it."""
    return value


# (name, calculation of ops o on the sources x and w; its result is the target)
TAPE_PROGRAMS = [
    ("x * x + x", lambda o, x, w: o.plus(o.times(x, x), x)),
    ("u = exp(x), u * sin(x) + u", lambda o, x, w: (lambda u: o.plus(o.times(u, o.sin(x)), u))(
        o.exp(x))),
    ("sin(exp(sin(x)))", lambda o, x, w: o.sin(o.exp(o.sin(x)))),
    ("u = x * w, u * u + w", lambda o, x, w: (lambda u: o.plus(o.times(u, u), w))(
        o.times(x, w))),
    ("(x + w) + x", lambda o, x, w: o.plus(o.plus(x, w), x)),
    ("y = x * x, and exp(y) computed after it; target y",
     lambda o, x, w: (lambda y: _first(y, o.exp(y)))(o.times(x, x))),
    ("x itself, with sin(w) computed after it", lambda o, x, w: _first(x, o.sin(w))),
]


def drive_tape_gradient(Tape, x, w, which):
    """Writes the calculation ``which`` of the sources x and w on a new Tape (the nodes are
    the driver's own; the learner's code only walks them), then calls
    ``tape.gradient(target, [x, w])`` twice, and once more on a second tape that records the
    same calculation over the same two source nodes (a second training step)."""
    _, program = TAPE_PROGRAMS[int(which)]
    xs, ws = _Node(x), _Node(w)
    out = {}
    tape = Tape()
    target = program(_Recording(tape), xs, ws)
    for suffix in ("", "_again"):
        out["dx" + suffix], out["dw" + suffix] = _source_gradients(tape, target, xs, ws)
    second = Tape()
    target = program(_Recording(second), xs, ws)
    out["dx_next_step"], out["dw_next_step"] = _source_gradients(second, target, xs, ws)
    return out


def _source_gradients(tape, target, xs, ws):
    """tape.gradient(target, [xs, ws]) as two arrays (copies: a later call may not change
    them), or a failure naming what came back instead."""
    grads = unpack(tape.gradient(target, [xs, ws]), 2, "tape.gradient(target, [x, w])")
    for name, grad in zip(("x", "w"), grads):
        if grad is None:
            raise CheckFailed(f"tape.gradient(target, [x, w]) returned None for {name}.",
                              hint=UNUSED_HINT)
    return tuple(np.array(grad, copy=True) for grad in grads)


TAPE_ORDER_HINT = (
    "part of a gradient is missing: a Tensor passed its gradient on before it had received "
    "all of it. The tape wrote the records in the order they ran, every record after its "
    "parents: walked from the last to the first, each Tensor has its whole gradient before "
    "it passes it on.")
TAPE_ADD_HINT = (
    "a Tensor used several times (x in x * x + x) receives a share from each use: add each "
    "new share to what it has, into a new array, never into the stored one (that array may "
    "be dout itself, given to another parent too).")
TARGET_HINT = (
    "the walk must start at the target, whose own gradient (d target/d target) is ones of "
    "its shape; records written after the target, or beside it, do not lead to it and are "
    "skipped. The target need not be the last record.")
UNUSED_HINT = ("a source the target does not depend on gets zeros of its own shape from "
               "this course's tape (TensorFlow's gives None by default; the exercise asks "
               "for zeros).")
FRESH_HINT = (
    "the second call gave other gradients than the first: each call of gradient must start "
    "afresh, with its gradients in a dict made inside gradient, not on the tape nor on the "
    "Tensors, where the next call, or the next training step with the same weights, would "
    "add to them.")


def _tape_numerical(which, x, w):
    _, program = TAPE_PROGRAMS[which]
    dx = numerical_gradient(lambda v: np.sum(program(_Plain, v, w)), x)
    dw = numerical_gradient(lambda v: np.sum(program(_Plain, x, v)), w)
    return dx, dw


def public_tape_gradient(run):
    rng = np.random.default_rng(75)
    x = np.array([[0.5, -1.0, 2.0]])
    out = run(x=x, w=np.zeros((1, 3)), which=0)
    expect_shape("tape.gradient(x * x + x, [x, w]): dx", out["dx"], (1, 3),
                 hint="each gradient has its source's shape.")
    expect_close("tape.gradient(x * x + x, [x, w]) at x = [[0.5, -1, 2]]: dx", out["dx"],
                 2 * x + 1, hint="x is used three times: 2x + 1. " + TAPE_ADD_HINT)
    expect_close("tape.gradient(x * x + x, [x, w]): dw, w unused", out["dw"], np.zeros((1, 3)),
                 hint=UNUSED_HINT)
    hints = {1: TAPE_ORDER_HINT + " " + TAPE_ADD_HINT, 2: TAPE_ORDER_HINT,
             3: TAPE_ADD_HINT, 4: TAPE_ADD_HINT, 5: TARGET_HINT, 6: TARGET_HINT}
    for which, shape in [(1, (2, 3)), (2, (4,)), (3, (3, 2)), (4, (2, 2)), (5, (3,)),
                         (6, (2, 1))]:
        name = TAPE_PROGRAMS[which][0]
        x, w = rng.normal(size=shape), rng.normal(size=shape)
        out = run(x=x, w=w, which=which)
        numerical = _tape_numerical(which, x, w)
        for key, value in zip(("dx", "dw"), numerical):
            expect_shape(f"tape.gradient of {name}: {key}", out[key], shape,
                         hint="each gradient has its source's shape.")
            if not np.any(value):
                expect_close(f"tape.gradient of {name}: {key}", out[key], value,
                             hint=UNUSED_HINT)
            else:
                expect_gradient(f"tape.gradient of {name}: {key}", out[key], value,
                                hint=hints[which])
        for key in ("dx", "dw"):
            expect_close(f"tape.gradient of {name}, called a second time: {key}",
                         out[key + "_again"], out[key], hint=FRESH_HINT)
            expect_close(f"tape.gradient of {name} on a second tape, the same sources: {key}",
                         out[key + "_next_step"], out[key], hint=FRESH_HINT)


# --------------------------------------------------------------------------------------
# The 100 -> 10 -> 1 model: gradients by hand and by the tape
# --------------------------------------------------------------------------------------


def drive_mlp(gradients, x, y, W1, b1, W2, b2):
    """``gradients(x, y, W1, b1, W2, b2) -> (loss, [dW1, db1, dW2, db2])``."""
    with _no_float_trouble():
        loss, grads = unpack(gradients(x, y, W1, b1, W2, b2), 2,
                             "your function (the loss and the list of gradients)")
    dW1, db1, dW2, db2 = unpack(grads, 4, "the gradients part ([dW1, db1, dW2, db2])")
    return {"loss": loss, "dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


PARAMS = ("W1", "b1", "W2", "b2")


def mlp_case(rng, n, d, h, dtype=np.float64):
    """Inputs in [0, 1) as in the notes, labels 0 or 1, weights of the scale 1/sqrt(fan in)."""
    return {"x": rng.uniform(size=(n, d)).astype(dtype),
            "y": rng.integers(0, 2, size=(n, 1)).astype(dtype),
            "W1": (rng.normal(size=(d, h)) / np.sqrt(d)).astype(dtype),
            "b1": (rng.normal(size=h) * 0.1).astype(dtype),
            "W2": (rng.normal(size=(h, 1)) / np.sqrt(h)).astype(dtype),
            "b2": (rng.normal(size=1) * 0.1).astype(dtype)}


_mlp_rng = np.random.default_rng(76)
MLP_EXAMPLES = {
    "N=5 examples, D=4 inputs, H=3 hidden units": mlp_case(_mlp_rng, 5, 4, 3),
    "a batch of one, D=3, H=2": mlp_case(_mlp_rng, 1, 3, 2),
    "the notes' sizes, 100 inputs, 10 hidden units, 1 output (N=8)": mlp_case(_mlp_rng, 8, 100,
                                                                               10),
}

SHAPES_HINT = ("a product's shapes do not fit: write the shape under every factor; each "
               "gradient has the shape of its variable (the table of shapes above).")
BY_HAND_HINTS = {
    "loss": "the loss is wrong: look at the forward pass (h, then a, as in the model's "
            "formulas) and at E, the mean over the batch, with its minus sign in front of "
            "both terms.",
    "W2": "dW2 is wrong: start at the output. The a(1 - a) of the loss's derivative and of "
          "the sigmoid's cancel (the text above), the mean brings its 1/N, and a weight's "
          "gradient pairs the layer's input, h, with the gradient at the layer's output.",
    "b2": "db2 is wrong: the output bias is used by all N examples, so its gradient sums "
          "their shares over the batch, and keeps its shape (1,).",
    "W1": "dW1 is wrong while dW2 and db2 are right: the slip is on the way back from dz2 to "
          "the first layer, through W2 (the shapes tell where a transpose goes), through "
          "the hidden sigmoid (its derivative is written with its output h), then to W1, "
          "whose layer input is x.",
    "b1": "db1 is wrong while dW1 is right: the hidden bias is used by all N examples, so its "
          "gradient sums their shares over the batch, one entry per hidden unit, (H,).",
}
TAPE_MLP_HINTS = {
    "loss": "the loss is wrong: the forward on Tensors follows the model's formulas (a "
            "sigmoid at both layers), and E is the mean over the batch, with its minus sign "
            "in front of both terms.",
    **{key: f"d{key} is wrong while the loss is right: the tape must be asked for the "
            "gradient of the loss (not of the prediction a), with every operation of the "
            "forward inside the with block. If that is so, the checks of your operations "
            "and of Tape.gradient above must pass first." for key in PARAMS},
}


def _public_mlp(run, hints):
    for label, inputs in MLP_EXAMPLES.items():
        out, want = _example(run, label, [(SHAPE_ERRORS, SHAPES_HINT)])
        expect_shape(f"{label}: the loss", out["loss"], (), hint="the loss is one number, "
                     "the mean over the batch, returned as a float.")
        for key in PARAMS:
            expect_shape(f"{label}: d{key}", out["d" + key], inputs[key].shape,
                         hint=f"d{key} has the shape of {key}. " + SHAPES_HINT)
        expect_close(f"{label}: the loss", out["loss"], want["loss"], hint=hints["loss"])
        for key in ("W2", "b2", "W1", "b1"):
            expect_close(f"{label}: d{key}", out["d" + key], want["d" + key], atol=1e-10,
                         hint=hints[key])


def public_mlp_by_hand(run):
    _public_mlp(run, BY_HAND_HINTS)


def public_mlp_tape(run):
    _public_mlp(run, TAPE_MLP_HINTS)


# --------------------------------------------------------------------------------------
# Gradient descent on the model
# --------------------------------------------------------------------------------------


def drive_train_mlp(train_mlp, x, y, W1, b1, W2, b2, learning_rate, steps):
    """``train_mlp(x, y, W1, b1, W2, b2, learning_rate, steps) -> losses`` on copies of the
    weights; returns the losses and those copies afterwards: the model's weights are the
    arrays themselves, and training must change them."""
    weights = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    with _no_float_trouble():
        losses = train_mlp(x, y, *weights, float(learning_rate), int(steps))
    return {"losses": losses, **dict(zip(PARAMS, weights))}


REBINDING_HINT = (
    "the arrays you were given did not change, and every step computes the same loss: an "
    "update of the form W = W - ... (the notes' update, file 002) makes a new array and "
    "only moves the loop's name onto it. Change the array the model holds, in place.")
COPIES_HINT = (
    "your losses fall, but the arrays you were given did not change: the steps train new "
    "arrays under the old names, and the caller's model never sees them. Change the four "
    "arrays themselves, in place.")
DESCENT_HINT = ("each step moves every weight against its gradient, scaled by the learning "
                "rate, with the gradients of the current weights (a new tape every step).")

_train_inputs = mlp_case(np.random.default_rng(77), 6, 4, 3)
TRAIN_EXAMPLES = {
    f"train_mlp for {steps} step(s) with learning_rate = {rate}":
        {**_train_inputs, "learning_rate": rate, "steps": steps}
    for steps, rate in [(3, 2.0), (1, 0.5)]}


def public_train_mlp(run):
    for label, inputs in TRAIN_EXAMPLES.items():
        out, want = _example(run, label)
        steps = inputs["steps"]
        expect_shape(f"{label}: the list of losses", out["losses"], (steps,),
                     hint="return one loss per step, each before its update.")
        if all(np.array_equal(out[k], inputs[k]) for k in PARAMS):
            losses = out["losses"]
            falling = steps > 1 and losses[-1] < losses[0]
            raise CheckFailed(f"{label}: the arrays W1, b1, W2 and b2 you were given are "
                              "unchanged.", COPIES_HINT if falling else REBINDING_HINT)
        expect_close(f"{label}: the list of losses", out["losses"], want["losses"],
                     hint="the loss of each step at the weights before its update. "
                          + DESCENT_HINT)
        for key in PARAMS:
            expect_close(f"{label}: {key} afterwards", out[key], want[key], rtol=1e-5,
                         atol=1e-7, hint=DESCENT_HINT)


# --------------------------------------------------------------------------------------
# Probes: fixed inputs on which the known mistakes are told apart (course.mistakes)
# --------------------------------------------------------------------------------------

_probe_rng = np.random.default_rng(707)

VALUE_OPS_PROBES = (
    {"x": 2.0, "y": 3.0, "which": 0, "dout": 1.5, "grad_x": 0.5, "grad_y": -1.0},
    {"x": 2.0, "y": 3.0, "which": 1, "dout": 1.5, "grad_x": 0.5, "grad_y": -1.0},
    {"x": 3.0, "y": 0.0, "which": 3, "dout": 1.0},
    {"x": 2.0, "y": 0.0, "which": 2, "dout": 2.0},
    {"x": 2.0, "y": 3.0, "which": 6, "dout": 1.0},
    {"x": 2.0, "y": 3.0, "which": 5, "dout": 0.5},
    {"x": 1e8, "y": 3.0, "which": 1, "dout": 1.0})
VALUE_BACKWARD_PROBES = (
    {"x": np.array([5.0, 3.0, 2.0]), "which": 0},
    {"x": np.array([1.5, -2.0, 0.5]), "which": 2},
    {"x": np.array([2.0, -1.0, 3.0]), "which": 3},
    {"x": np.array([0.5, 3.0, -2.0]), "which": 4},
    {"x": np.array([1.5]), "which": 5})
VALUE_MORE_OPS_PROBES = tuple(
    {"x": x, "y": y, "which": _MORE_INDEX[name], "dout": d} for name, x, y, d in [
        ("-x", 2.0, 0.0, 1.5), ("x - y", 5.0, 3.0, 2.0),
        ("y - x, y a plain number", 5.0, 3.0, 2.0), ("x / y", 6.0, 3.0, 1.0),
        ("x / y", -1.5, 0.5, 2.0), ("y / x, y a plain number", 4.0, 1.0, 2.0),
        ("x.relu()", -2.0, 0.0, 1.5), ("x.relu()", 2.0, 0.0, 1.5), ("x.tanh()", 0.5, 0.0, 1.0),
        ("x.tanh()", -2.0, 0.0, 3.0), ("x.tanh()", 10.0, 0.0, 1e6),
        ("x.exp()", 1.0, 0.0, 1.0), ("x.exp()", 3.0, 0.0, 0.5), ("x - x", 2.0, 0.0, 1.0),
        ("x / x", 2.0, 0.0, 1.0), ("x.exp() / (x.exp() + y)", 0.3, 2.0, 1.0)])
TAPE_ADD_PROBES = tuple(
    _add_case(_probe_rng, a, b) for a, b in [((2, 2), (2, 2)), ((3, 2), (2,)), ((3, 2), (1, 2)),
                                             ((2, 3), (2, 1)), ((2, 2), ()), ((2,), (3, 2))])
TAPE_MATMUL_PROBES = (NOTES_MATMUL, _matmul_case(_probe_rng, 3, 3, 3),
                      _matmul_case(_probe_rng, 4, 3, 2), _matmul_case(_probe_rng, 1, 2, 2),
                      _matmul_case(_probe_rng, 2, 3, 2, np.float32))
TAPE_SIGMOID_PROBES = (
    {"x": NOTES_X, "dout": NOTES_DOUT},
    {"x": np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]), "dout": np.ones(5)},
    {"x": np.array([[-100.0, -1.0], [0.5, 100.0]], np.float32),
     "dout": np.array([[1.0, 2.0], [-1.0, 0.5]], np.float32)})
TAPE_LOG_PROBES = (
    {"x": np.array([[1.0, np.e], [0.5, 4.0]]), "dout": np.array([[1.0, 2.0], [3.0, -1.0]])},
    {"x": np.array([0.25, 2.0], np.float32), "dout": np.array([1.0, 1.0], np.float32)})
TAPE_MEAN_PROBES = (
    {"x": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 9.0]]), "dout": 1.0},
    {"x": np.array([[0.5], [1.5], [-1.0], [2.0]]), "dout": 2.5},
    {"x": np.array([1.0, 3.0], np.float32), "dout": 1.0})
TAPE_GRADIENT_PROBES = tuple(
    {"x": _probe_rng.normal(size=shape), "w": _probe_rng.normal(size=shape), "which": which}
    for which, shape in [(0, (2,)), (1, (2, 2)), (3, (3,)), (4, (2,)), (5, (2,)), (6, (2,))])
_wide = mlp_case(_probe_rng, 3, 4, 2)
MLP_PROBES = (mlp_case(_probe_rng, 4, 3, 2), mlp_case(_probe_rng, 1, 2, 2),
              mlp_case(_probe_rng, 5, 6, 1), mlp_case(_probe_rng, 3, 4, 4),
              # inputs in the thousands (W1 as much smaller): the loss curves sharply along
              # W1, and a difference quotient is visibly off where the derivative is exact
              {**_wide, "x": _wide["x"] * 1000, "W1": _wide["W1"] / 1000})
TRAIN_PROBES = (
    {**mlp_case(_probe_rng, 4, 3, 2), "learning_rate": 0.5, "steps": 3},
    {**mlp_case(_probe_rng, 5, 4, 3), "learning_rate": 2.0, "steps": 1})

# A local rule or a derivation is worked out, not estimated: while these exercises are
# graded, the numerical gradients are out of reach (course.checking.withholding).
NUMERICAL = ("numerical_gradient", "layer_numerical_gradient")
LOCAL_RULES_WITHHELD = NUMERICAL

VALUE_OPS_EXERCISE = Exercise(
    name="value_ops",
    title="Value: the local rules of +, * and **",
    points=2,
    drive=drive_value_ops,
    public=public_value_ops,
    still_hidden=("random numbers, negative ones included, with gradients already "
                  "collected from other uses, to twelve significant digits"),
    probes=VALUE_OPS_PROBES,
    withheld=LOCAL_RULES_WITHHELD)

VALUE_BACKWARD = Exercise(
    name="value_backward",
    title="Value.backward()",
    points=3,
    drive=drive_value_backward,
    public=public_value_backward,
    still_hidden=("the same graphs and more at random points, each "
        "backward called twice"),
    probes=VALUE_BACKWARD_PROBES)

VALUE_MORE_OPS_EXERCISE = Exercise(
    name="value_more_ops",
    title="Value: -, /, relu, tanh and exp",
    points=3,
    drive=drive_value_more_ops,
    public=public_value_more_ops,
    still_hidden=("every operation at random numbers of either sign, relu at 0, tanh far "
                  "from 0, and mixed expressions, to twelve significant digits"),
    probes=VALUE_MORE_OPS_PROBES,
    withheld=LOCAL_RULES_WITHHELD)

TAPE_ADD = Exercise(
    name="tape_add",
    title="add(a, b) with broadcasting",
    points=2,
    drive=drive_tape_add,
    public=public_tape_add,
    still_hidden="random shapes that broadcast in every way, batches of one, and float32",
    probes=TAPE_ADD_PROBES,
    examples=ADD_EXAMPLES,
    withheld=LOCAL_RULES_WITHHELD)

TAPE_MATMUL = Exercise(
    name="tape_matmul",
    title="matmul(a, b)",
    points=1,
    drive=drive_tape_matmul,
    public=public_tape_matmul,
    still_hidden="random shapes, square and not, batches of one, and float32",
    probes=TAPE_MATMUL_PROBES,
    examples=MATMUL_EXAMPLES,
    withheld=LOCAL_RULES_WITHHELD)

TAPE_SIGMOID = Exercise(
    name="tape_sigmoid",
    title="sigmoid(x)",
    points=1,
    drive=drive_tape_sigmoid,
    public=public_tape_sigmoid,
    still_hidden="random arrays of several shapes, scores of ±1000, and float32",
    probes=TAPE_SIGMOID_PROBES,
    withheld=LOCAL_RULES_WITHHELD)

TAPE_LOG = Exercise(
    name="tape_log",
    title="log(x)",
    points=1,
    drive=drive_tape_log,
    public=public_tape_log,
    still_hidden="random positive arrays of several shapes, and float32",
    probes=TAPE_LOG_PROBES,
    withheld=LOCAL_RULES_WITHHELD)

TAPE_MEAN = Exercise(
    name="tape_mean",
    title="mean(x)",
    points=1,
    drive=drive_tape_mean,
    public=public_tape_mean,
    still_hidden="random arrays of several shapes, one element included, other dout, and float32",
    probes=TAPE_MEAN_PROBES,
    withheld=LOCAL_RULES_WITHHELD)

TAPE_GRADIENT = Exercise(
    name="tape_gradient",
    title="Tape.gradient(target, sources)",
    points=3,
    drive=drive_tape_gradient,
    public=public_tape_gradient,
    still_hidden="the same calculations on random arrays of other shapes",
    probes=TAPE_GRADIENT_PROBES)

MLP_BY_HAND = Exercise(
    name="mlp_by_hand",
    title="the model's gradients by hand",
    points=3,
    drive=drive_mlp,
    public=public_mlp_by_hand,
    still_hidden=("random batches and layer sizes, the notes' 100 -> 10 -> 1 included, to ten "
                  "significant digits (central differences are about 1e-9 off), with the tape, "
                  "its operations, mlp_gradients and numerical_gradient out of reach"),
    probes=MLP_PROBES,
    examples=MLP_EXAMPLES,
    withheld=("Tape", "Tensor", "add", "mul", "neg", "matmul", "sigmoid", "log", "mean",
              "mlp_gradients", *NUMERICAL))

MLP_TAPE = Exercise(
    name="mlp_tape",
    title="the model's gradients by the tape",
    points=2,
    drive=drive_mlp,
    public=public_mlp_tape,
    still_hidden=("random batches and layer sizes, the notes' 100 -> 10 -> 1 included, to ten "
                  "significant digits, with mlp_by_hand and numerical_gradient out of reach"),
    probes=MLP_PROBES,
    examples=MLP_EXAMPLES,
    withheld=("mlp_by_hand", *NUMERICAL))

TRAIN_MLP = Exercise(
    name="train_mlp",
    title="train_mlp: gradient descent with the tape",
    points=1,
    drive=drive_train_mlp,
    public=public_train_mlp,
    still_hidden="other data, learning rates and numbers of steps",
    probes=TRAIN_PROBES,
    examples=TRAIN_EXAMPLES)

EXERCISES = [
    VALUE_OPS_EXERCISE, VALUE_BACKWARD, VALUE_MORE_OPS_EXERCISE, TAPE_ADD, TAPE_MATMUL,
    TAPE_SIGMOID, TAPE_LOG, TAPE_MEAN, TAPE_GRADIENT, MLP_TAPE, MLP_BY_HAND, TRAIN_MLP]
