"""The instructor's half of notebook 07's exercises: hidden tests and known mistakes.

Hidden tests: the Value engine (its rules, backward, and -, /, relu, tanh, exp), the tape's
operations and gradient, and the 100 -> 10 -> 1 model of the notes (file 002), on inputs
drawn at grading time. The two model exercises certify different skills, so each runs
with the other's way out of reach (``withheld`` in the learner's declaration) and is
compared at a tolerance that central differences cannot
meet (float64 cases, rtol 1e-10).

Known mistakes: each is the notebook's answer with the edit its name describes
(``edit``/``edits``); the few given as code are answers of another shape altogether (a
shortcut through central differences, or through a sibling exercise's answer).
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course.exercises.nb07_autodiff import (
    MLP_BY_HAND,
    MLP_TAPE,
    TAPE_ADD,
    TAPE_GRADIENT,
    TAPE_LOG,
    TAPE_MATMUL,
    TAPE_MEAN,
    TAPE_PROGRAMS,
    TAPE_SIGMOID,
    TRAIN_MLP,
    VALUE_BACKWARD,
    VALUE_MORE_OPS,
    VALUE_MORE_OPS_EXERCISE,
    VALUE_OPS,
    VALUE_OPS_EXERCISE,
    VALUE_PROGRAMS,
    mlp_case,
)
from course.gradcheck import numerical_gradient
from solutions import autodiff

EXPONENTS = (2.0, 3.0, -1.0, 0.5, 1.5)


def _number(rng, low=0.2, high=3.0):
    """A random number of either sign, away from 0."""
    return float(rng.choice([-1.0, 1.0]) * rng.uniform(low, high))


def value_ops_cases(rng):
    cases = []
    for which in range(len(VALUE_OPS)):
        for _ in range(2):
            x, y = _number(rng), _number(rng)
            if which == 6:  # x ** y: y a plain exponent, x > 0 for the fractional ones
                y = float(rng.choice(EXPONENTS))
                x = abs(x)
            cases.append({"x": x, "y": y, "which": which, "dout": _number(rng),
                          "grad_x": float(rng.normal()), "grad_y": float(rng.normal())})
    return cases


def value_backward_cases(rng):
    cases = []
    for which, (_, count, _) in enumerate(VALUE_PROGRAMS):
        for _ in range(2):
            cases.append({"x": np.array([_number(rng, 0.3, 4.0) for _ in range(count)]),
                          "which": which})
    return cases


def value_more_ops_cases(rng):
    cases = []
    for which, (name, _, _) in enumerate(VALUE_MORE_OPS):
        for _ in range(3):
            x, y = _number(rng), _number(rng)
            if name == "x.exp() / (x.exp() + y)":
                y = abs(y)
            cases.append({"x": x, "y": y, "which": which, "dout": _number(rng)})
    index = {name: k for k, (name, _, _) in enumerate(VALUE_MORE_OPS)}
    for x in (0.0, -1e-3, 1e-3):
        cases.append({"x": x, "y": 0.0, "which": index["x.relu()"], "dout": _number(rng)})
    for x in (-20.0, -4.0, 4.0, 20.0):
        cases.append({"x": x + float(rng.uniform(-0.5, 0.5)), "y": 0.0,
                      "which": index["x.tanh()"], "dout": _number(rng)})
    for x in (-30.0, 10.0, 30.0):
        cases.append({"x": x, "y": 0.0, "which": index["x.exp()"], "dout": _number(rng)})
    cases.append({"x": 1e4, "y": 1e-3, "which": index["x / y"], "dout": 1.0})
    return cases


def _shaped(rng, shape, dtype=np.float64):
    return rng.normal(size=shape).astype(dtype)


def add_cases(rng):
    cases = []
    n, m = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    pairs = [((n, m), (n, m)), ((n, m), (m,)), ((n, m), (1, m)), ((n, m), (n, 1)),
             ((n, m), ()), ((m,), (n, m)), ((n, 1), (1, m)), ((1, m), (1, m)), ((1, 1), (m,)),
             ((2, n, m), (n, 1)), ((2, n, m), (m,))]
    for a_shape, b_shape in pairs:
        cases.append({"a": _shaped(rng, a_shape), "b": _shaped(rng, b_shape),
                      "dout": _shaped(rng, np.broadcast_shapes(a_shape, b_shape))})
    a = _shaped(rng, (n, m), np.float32)
    cases.append({"a": a, "b": _shaped(rng, (m,), np.float32),
                  "dout": _shaped(rng, (n, m), np.float32)})
    cases.append({"a": a, "b": float(rng.normal()), "dout": _shaped(rng, (n, m), np.float32)})
    return cases


def matmul_cases(rng):
    cases = []
    for (n, k, m), dtype in [((1, 3, 2), np.float64), ((3, 3, 3), np.float64),
                             ((4, 2, 5), np.float64), ((5, 4, 1), np.float64),
                             ((2, 6, 6), np.float64), ((3, 4, 2), np.float32)]:
        cases.append({"a": _shaped(rng, (n, k), dtype), "b": _shaped(rng, (k, m), dtype),
                      "dout": _shaped(rng, (n, m), dtype)})
    return cases


def sigmoid_cases(rng):
    cases = [{"x": 3 * _shaped(rng, shape), "dout": _shaped(rng, shape)}
             for shape in [(1,), (4, 3), (2, 1), (2, 3, 2)]]
    x = rng.choice([-1000.0, -700.0, -40.0, 0.0, 40.0, 800.0], size=(3, 4)) + _shaped(rng, (3, 4))
    cases.append({"x": x, "dout": _shaped(rng, (3, 4))})
    x32 = (rng.choice([-200.0, 0.0, 200.0], size=(2, 5)) + _shaped(rng, (2, 5))).astype(np.float32)
    cases.append({"x": x32, "dout": _shaped(rng, (2, 5), np.float32)})
    # moderate float32 scores: a backward by central differences keeps few of their digits
    cases.append({"x": 3 * _shaped(rng, (3, 4), np.float32),
                  "dout": _shaped(rng, (3, 4), np.float32)})
    return cases


def log_cases(rng):
    cases = [{"x": rng.uniform(0.05, 5.0, size=shape), "dout": _shaped(rng, shape)}
             for shape in [(1,), (3, 4), (5, 1), (2, 2, 2)]]
    cases.append({"x": rng.uniform(0.05, 5.0, size=(3, 2)).astype(np.float32),
                  "dout": _shaped(rng, (3, 2), np.float32)})
    return cases


def mean_cases(rng):
    cases = [{"x": _shaped(rng, shape), "dout": float(rng.choice([1.0, 2.5, -0.5]))}
             for shape in [(1,), (1, 1), (4, 3), (6, 1), (2, 3, 2)]]
    cases.append({"x": _shaped(rng, (3, 4), np.float32), "dout": 1.0})
    return cases


def tape_gradient_cases(rng):
    cases = []
    for which in range(len(TAPE_PROGRAMS)):
        shape = [(1,), (3,), (2, 3), (4, 1)][int(rng.integers(4))]
        cases.append({"x": _shaped(rng, shape), "w": _shaped(rng, shape), "which": which})
    return cases


def mlp_cases(rng):
    return [mlp_case(rng, n, d, h) for n, d, h in
            [(1, 3, 2), (6, 5, 4), (4, 2, 1), (20, 100, 10), (3, 7, 7)]]


def train_cases(rng):
    cases = []
    for (n, d, h), steps in [((5, 4, 3), 1), ((6, 3, 2), 4), ((1, 2, 2), 2), ((30, 100, 10), 3)]:
        cases.append({**mlp_case(rng, n, d, h), "learning_rate": float(rng.uniform(0.1, 3.0)),
                      "steps": steps})
    return cases


HIDDEN = [
    HiddenTest(VALUE_OPS_EXERCISE, solutions.Value, value_ops_cases, rtol=1e-12, atol=1e-15),
    HiddenTest(VALUE_BACKWARD, solutions.Value, value_backward_cases, rtol=1e-12, atol=1e-15),
    HiddenTest(VALUE_MORE_OPS_EXERCISE, solutions.Value, value_more_ops_cases, rtol=1e-12,
               atol=1e-15),
    HiddenTest(TAPE_ADD, autodiff.add, add_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(TAPE_MATMUL, autodiff.matmul, matmul_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(TAPE_SIGMOID, autodiff.sigmoid, sigmoid_cases, rtol=1e-6, atol=1e-12),
    HiddenTest(TAPE_LOG, autodiff.log, log_cases, rtol=1e-6, atol=1e-12),
    HiddenTest(TAPE_MEAN, autodiff.mean, mean_cases, rtol=1e-6, atol=1e-12),
    HiddenTest(TAPE_GRADIENT, autodiff.Tape, tape_gradient_cases, rtol=1e-9, atol=1e-12),
    # float64 only, at a tolerance no central difference meets (rounding alone separates
    # the derivation from the reference by about 1e-15)
    HiddenTest(MLP_BY_HAND, solutions.mlp_gradients_by_hand, mlp_cases, rtol=1e-10,
               atol=1e-14),
    HiddenTest(MLP_TAPE, solutions.mlp_gradients_tape, mlp_cases, rtol=1e-10, atol=1e-14),
    HiddenTest(TRAIN_MLP, solutions.train_mlp, train_cases, rtol=1e-6, atol=1e-10),
]


# --------------------------------------------------------------------------------------
# Shortcuts around a derivation, as the code a learner would write (no edit says them)
# --------------------------------------------------------------------------------------

PARAMS = ("W1", "b1", "W2", "b2")


def _sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))


def _loss(x, y, W1, b1, W2, b2):
    a = _sigmoid(_sigmoid(x @ W1 + b1) @ W2 + b2)
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def by_hand_numerical_gradient(x, y, W1, b1, W2, b2):
    """The gradients as course.gradcheck's central differences of the loss."""
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = [numerical_gradient(lambda v, k=k: _loss(x, y, **{**params, k: v}), params[k])
             for k in PARAMS]
    return _loss(x, y, W1, b1, W2, b2), grads


def _central_differences(x, y, W1, b1, W2, b2, h=1e-5):
    """The gradients by the learner's own central differences of the loss."""
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = []
    for key in PARAMS:
        grad = np.zeros_like(params[key])
        for i in np.ndindex(grad.shape):
            up, down = params[key].copy(), params[key].copy()
            up[i] += h
            down[i] -= h
            grad[i] = (_loss(x, y, **{**params, key: up})
                       - _loss(x, y, **{**params, key: down})) / (2 * h)
        grads.append(grad)
    return _loss(x, y, W1, b1, W2, b2), grads


by_hand_central_differences = _central_differences
tape_central_differences = _central_differences

# The learner's mlp_by_hand, as the namespace of a notebook where it was defined first.
mlp_by_hand = solutions.mlp_gradients_by_hand


def tape_calls_by_hand(x, y, W1, b1, W2, b2):
    """mlp_gradients answered by calling the hand derivation."""
    return mlp_by_hand(x, y, W1, b1, W2, b2)


# --------------------------------------------------------------------------------------
# Texts of the source's answers that several edits change
# --------------------------------------------------------------------------------------

SWEEP = "    for node in reversed(order):\n        node._backward()"
VISIT = ("        if node not in seen:\n            seen.add(node)\n"
         "            for parent in node.parents:\n                visit(parent)\n"
         "            order.append(node)")
SUM_TO_SHAPE = (
    "    extra = grad.ndim - len(shape)\n    if extra:\n"
    "        grad = np.sum(grad, axis=tuple(range(extra)))\n"
    "    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)\n"
    "    if axes:\n        grad = np.sum(grad, axis=axes, keepdims=True)\n")
ADD_RULE = "return sum_to_shape(dout, a.shape), sum_to_shape(dout, b.shape)"
MATMUL_RULE = "return dout @ b.value.T, a.value.T @ dout"
SIGMOID_RULE = "return (dout * s * (1 - s),)"
LOG_RULE = "return (dout / x.value,)"
MEAN_RULE = "return (np.ones_like(x.value) * (dout / n),)"
START = "grads = {id(target): np.ones_like(target.value)}"
ADD_UP = "grads[key] = g if key not in grads else grads[key] + g"
RETURN_SOURCES = ("return [grads[id(s)] if id(s) in grads else np.zeros_like(s.value) "
                  "for s in sources]")
TAPE_BODY = ("        " + START + "\n        for out in reversed(self.records):\n"
             "            dout = grads.get(id(out))\n            if dout is None:\n"
             "                continue\n"
             "            for parent, g in zip(out.parents, out.backward(dout)):\n"
             "                key = id(parent)\n                " + ADD_UP + "\n"
             "        " + RETURN_SOURCES)
FORWARD = ("        h = sigmoid(x @ W1 + b1)\n        a = sigmoid(h @ W2 + b2)\n"
           "        loss = -mean(y * log(a) + (1 - y) * log(1 - a))\n")
TAPE_LOSS = "loss = -mean(y * log(a) + (1 - y) * log(1 - a))"
STEP = "W -= learning_rate * grad"
GRADIENTS = "loss, grads = mlp_gradients(x, y, W1, b1, W2, b2)"

# Hints: a tuple of steps; the first says what is wrong and where, the next the rule in
# words. None prints the line to write.
ACCUMULATE = (
    "a parent's grad is replaced, not added to: the shares that arrived before (from an "
    "earlier use of the same Value, or x used twice in x + x and x * x) are lost.",
    "the chain rule sums over every path from the root to a Value: each local rule adds "
    "its share to what the parent's grad already holds.")
SEEN = (
    "a node reached along two paths (u in u * (u + c), or a in a * a * a) is put in the "
    "list twice, so its _backward runs twice and its gradient is sent on twice.",
    "remember the nodes already visited, in a set, and put each node in the list once.")
BROADCAST_STEP = ("the gradient of an input that broadcasting repeated is dout summed down "
                  "to that input's shape: over the leading axes broadcasting added, and, "
                  "keeping the axis, over every axis where the input has size 1 and dout "
                  "more.")
MATMUL_STEP = ("write the shape under every factor: each gradient has its input's shape, "
               "and only one product of dout with the other input, each transposed or not, "
               "has it.")
LOCAL_TIMES_DOUT = ("the chain rule multiplies the local derivative by the gradient arriving "
                    "from above, dout.")
FRESH = ("each call of gradient must start afresh: keep the gradients in a dict made inside "
         "gradient, where nothing survives the call.")
DERIVE = ("a point here certifies the derivation: the hidden tests compare at a tolerance "
          "that central differences cannot meet, with the tape, its operations, "
          "mlp_gradients and numerical_gradient out of reach.")

MISTAKES = [
    # value_ops
    Mistake(VALUE_OPS_EXERCISE, "grad overwritten, not accumulated",
            edits(("self.grad += out.grad", "self.grad = out.grad"),
                  ("other.grad += out.grad", "other.grad = out.grad"),
                  ("self.grad += other.data", "self.grad = other.data"),
                  ("other.grad += self.data", "other.grad = self.data"),
                  ("self.grad += n *", "self.grad = n *")), ACCUMULATE),
    Mistake(VALUE_OPS_EXERCISE, "each input gets its own value",
            edits(("self.grad += other.data * out.grad", "self.grad += self.data * out.grad"),
                  ("other.grad += self.data * out.grad",
                   "other.grad += other.data * out.grad")),
            ("in x * y, x.grad grew by out.grad times x's own data, and y.grad by y's: each "
             "input of the product received its own value instead of the other's.",
             "the derivative of a product with respect to one input is the *other* input "
             "(the table above, and notebook 01's MulLayer): each input gets out.grad times "
             "the other one's data.")),
    Mistake(VALUE_OPS_EXERCISE, "out.grad left out",
            edits(("self.grad += out.grad", "self.grad += 1.0"),
                  ("other.grad += out.grad", "other.grad += 1.0"),
                  ("self.grad += other.data * out.grad", "self.grad += other.data"),
                  ("other.grad += self.data * out.grad", "other.grad += self.data"),
                  ("n * self.data ** (n - 1) * out.grad", "n * self.data ** (n - 1)")),
            ("your grads do not change with out.grad: with out.grad = 1.5 they come out as "
             "if it were 1. The local derivative alone is sent back.",
             "the chain rule multiplies the local derivative by out.grad, the gradient "
             "that arrived from above: a parent's share is the product of the two.")),
    Mistake(VALUE_OPS_EXERCISE, "power rule without the - 1",
            edit("n * self.data ** (n - 1)", "n * self.data ** n"),
            ("x ** 3 at x = 2 gives x.grad = 24 instead of 12: the power in your rule is one "
             "too high.",
             "the power rule lowers the exponent by one: the derivative of xⁿ is n times x "
             "to the power n - 1.")),
    Mistake(VALUE_OPS_EXERCISE, "local rule by central differences",
            edits(("self.grad += other.data * out.grad",
                   "h = 1e-5\n            self.grad += ((self.data + h) * other.data - "
                   "(self.data - h) * other.data) / (2 * h) * out.grad"),
                  ("other.grad += self.data * out.grad",
                   "other.grad += (self.data * (other.data + h) - self.data * "
                   "(other.data - h)) / (2 * h) * out.grad")),
            ("the rule of * estimates its derivative by central differences; at large "
             "numbers (x = 1e8) the estimate is off in the fourth digit, and the hidden "
             "tests compare far more tightly.",
             "a local rule is the exact derivative of its operation, worked out once: "
             "the exercise certifies that you can write it.")),
    # value_more_ops
    Mistake(VALUE_MORE_OPS_EXERCISE, "tanh's derivative from the input",
            edit("(1 - t ** 2)", "(1 - self.data ** 2)"),
            ("tanh's rule is wrong (at x = 0.5 it sends 0.75 · out.grad, not 0.786 · "
             "out.grad): the derivative is built from the input x.",
             "d tanh(x)/dx = 1 - tanh(x)²: the square of the *output*, t, which the forward "
             "line keeps for this.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "tanh's derivative without the square",
            edit("(1 - t ** 2)", "(1 - t)"),
            ("tanh's rule is wrong, and x.grad changes sign with x where it should not: "
             "1 - t is not the derivative.",
             "d tanh(x)/dx = 1 - tanh(x)², never negative: tanh only rises.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "relu passes the gradient for negative inputs",
            edit("(out.data > 0) * out.grad", "out.grad"),
            ("relu at x = -2 sends out.grad back to x: for a negative input its output does "
             "not move, so x.grad must stay 0.",
             "relu's local derivative is 1 where the input was positive and 0 elsewhere "
             "(notebook 02's mask).")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "relu's gradient times its output",
            edit("(out.data > 0) * out.grad", "out.data * out.grad"),
            ("relu at x = 2 sends 2 · out.grad back: the output is used as the derivative.",
             "relu's local derivative is 1 or 0 (is the input positive?), never the output's "
             "value.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "divisor's rule without the minus",
            edit("other.grad -= self.data / other.data ** 2",
                 "other.grad += self.data / other.data ** 2"),
            ("in x / y, y.grad has the wrong sign: a larger divisor makes x / y smaller (for "
             "x/y > 0).",
             "d(x/y)/dy = -x/y²: the divisor's share is subtracted.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "divisor treated like the dividend",
            edit("other.grad -= self.data / other.data ** 2 * out.grad",
                 "other.grad += out.grad / other.data"),
            ("in x / y, y.grad is out.grad / y, the dividend's share: the divisor has a rule "
             "of its own.",
             "write x / y as x · y⁻¹ and differentiate with respect to y with the power rule "
             "of exercise 1: -x/y².")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "divisor's rule without the square",
            edit("other.data ** 2 * out.grad", "other.data * out.grad"),
            ("in x / y at x = 6, y = 3, y.grad is -2 instead of -2/3: the divisor's share is "
             "divided by y once, not twice.",
             "d(x/y)/dy = -x/y², the power rule on y⁻¹.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "exp's derivative taken as x",
            edit("self.grad += out.data * out.grad", "self.grad += self.data * out.grad"),
            ("exp at x = 1 sends 1 · out.grad back, at x = 3 sends 3 · out.grad: the input is "
             "used as the derivative.",
             "exp is its own derivative: the local derivative of e^x is e^x, the output the "
             "forward line made.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "exp differentiated by the power rule",
            edit("self.grad += out.data * out.grad",
                 "self.grad += self.data * math.exp(self.data - 1) * out.grad"),
            ("exp's rule is x · e^(x-1), the power rule: but in e^x the variable is the "
             "exponent, not the base.",
             "the derivative of e^x is e^x itself: the output the forward line made.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "subtraction's second input not negated",
            edit("other.grad -= out.grad", "other.grad += out.grad"),
            ("in x - y, y.grad is +out.grad: subtraction's rule is addition's.",
             "x - y falls when y grows: d(x - y)/dy = -1.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "negation passes the gradient unchanged",
            edit("self.grad -= out.grad", "self.grad += out.grad"),
            ("-x at x = 2 with out.grad = 1.5 sends +1.5 back: the minus sign is lost.",
             "d(-x)/dx = -1: x receives minus out.grad.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "rules overwrite, not add",
            edits(("self.grad += out.grad\n        other.grad -= out.grad",
                   "self.grad = out.grad\n        other.grad = -out.grad"),
                  ("self.grad += out.grad / other.data", "self.grad = out.grad / other.data"),
                  ("other.grad -= self.data / other.data ** 2 * out.grad",
                   "other.grad = -self.data / other.data ** 2 * out.grad")),
            ("x - x and x / x give x a gradient other than 0: the second share replaced the "
             "first.",
             "a Value used twice gets a share from each use: add (+=) or subtract (-=) into "
             "the parent's grad, as in exercise 1.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "tanh's rule by central differences",
            edit("(1 - t ** 2)",
                 "(math.tanh(self.data + 1e-5) - math.tanh(self.data - 1e-5)) / 2e-5"),
            ("tanh's rule estimates the derivative by central differences: about 1e-11 off, "
             "and the hidden tests compare to twelve digits.",
             "a local rule is the exact derivative of its operation, worked out once: "
             "1 - tanh², from the output.")),
    Mistake(VALUE_MORE_OPS_EXERCISE, "relu's mask from the input",
            edit("(out.data > 0)", "(self.data > 0)"),
            ("out.data > 0 exactly when self.data > 0: the same mask.",), harmless=True),
    # value_backward
    Mistake(VALUE_BACKWARD, "nodes called in forward order",
            edit("in reversed(order):", "in order:"),
            ("the inputs' grads stay 0: you call each node's _backward in the order of the "
             "list, inputs first, so every node passes its gradient on before it has "
             "received any.",
             "the topological order lists a node after its parents; the sweep must visit "
             "it the other way round, from the root back to the inputs.")),
    Mistake(VALUE_BACKWARD, "no set of visited nodes",
            edit(VISIT, "        for parent in node.parents:\n            visit(parent)\n"
                        "        order.append(node)"), SEEN),
    Mistake(VALUE_BACKWARD, "gradients not reset",
            edit("    for node in order:\n        node.grad = 0.0\n", ""),
            ("the first backward() is right, the second adds to it: the grads of the first "
             "call are still there when the second starts.",
             "backward must start from zero: every node's grad back to 0, then the root's "
             "to 1, before the sweep. Otherwise the next training step, over the same "
             "weights, adds to the gradients of the last.")),
    Mistake(VALUE_BACKWARD, "breadth first from the root",
            edit(SWEEP, "    queue, queued = [self], {self}\n    while queue:\n"
                        "        node = queue.pop(0)\n        node._backward()\n"
                        "        for parent in node.parents:\n"
                        "            if parent not in queued:\n"
                        "                queued.add(parent)\n"
                        "                queue.append(parent)"),
            ("breadth first from the root (a queue) is not a topological order: in "
             "f = u + u * c, u is a parent of f and is reached before u * c has sent u its "
             "share, so u passes on only part of its gradient.",
             "order the nodes depth first (a node after all its parents) and walk that list "
             "from its end: each node then runs only after every node that uses it.")),
    Mistake(VALUE_BACKWARD, "root grad never set to 1",
            edit("    self.grad = 1.0\n", ""),
            ("every grad is 0: the root's own grad is still 0 when the sweep starts.",
             "every gradient is a multiple of the root's, d root/d root, which is 1: the "
             "root needs it after the reset and before the sweep.")),
    Mistake(VALUE_BACKWARD, "recursive sweep without an order",
            edit(SWEEP, "    def send(node):\n        node._backward()\n"
                        "        for parent in node.parents:\n            send(parent)\n\n"
                        "    send(self)"),
            ("calling a node's _backward and then recursing into its parents sends a shared "
             "node's gradient on before its other uses have added their share, and again "
             "after they have.",
             "list the nodes once, in topological order, and call _backward from the end of "
             "that list.")),
    # tape_add
    Mistake(TAPE_ADD, "dout for both, not summed down", edit(ADD_RULE, "return dout, dout"),
            ("da or db has dout's shape, not its input's: broadcasting repeated that input, "
             "and its gradient was not summed down.", BROADCAST_STEP)),
    Mistake(TAPE_ADD, "summed over every axis",
            edit(SUM_TO_SHAPE, "    if grad.shape != tuple(shape):\n"
                               "        grad = np.sum(grad)\n"),
            ("a broadcast input gets one number: every element of dout was added up, which "
             "is right only for an input that was a single number.",
             "sum only over the axes that broadcasting repeated: " + BROADCAST_STEP)),
    Mistake(TAPE_ADD, "always summed over axis 0",
            edit(SUM_TO_SHAPE, "    if grad.shape != tuple(shape):\n"
                               "        grad = np.sum(grad, axis=0)\n"),
            ("right for a bias (M,) next to (N, M), and for no other broadcast: (1, M) loses "
             "its axis, (N, 1) was repeated along axis 1, and a single number along every "
             "axis.", BROADCAST_STEP)),
    Mistake(TAPE_ADD, "averaged instead of summed",
            edits(("np.sum(grad, axis=tuple(range(extra)))",
                   "np.mean(grad, axis=tuple(range(extra)))"),
                  ("np.sum(grad, axis=axes, keepdims=True)",
                   "np.mean(grad, axis=axes, keepdims=True)")),
            ("the broadcast input's gradient is N times too small: its N shares are "
             "averaged.",
             "a bias added to N rows moves the output in N places; its gradient is the sum "
             "of the N shares (the 1/N of a mean loss is already inside dout).")),
    Mistake(TAPE_ADD, "leading axes only",
            edit("    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] "
                 "!= 1)\n    if axes:\n        grad = np.sum(grad, axis=axes, "
                 "keepdims=True)\n", ""),
            ("b of shape (1, M) or (N, 1) gets a gradient of dout's shape: you sum over the "
             "axes broadcasting added in front, not over those where the input has size 1.",
             BROADCAST_STEP)),
    # tape_matmul
    Mistake(TAPE_MATMUL, "no transposes",
            edit(MATMUL_RULE, "return dout @ b.value, a.value @ dout"),
            ("da and db fail on non-square shapes (and are wrong numbers on square ones): "
             "a factor of each product is not transposed.", MATMUL_STEP)),
    Mistake(TAPE_MATMUL, "da and db swapped",
            edit(MATMUL_RULE, "return a.value.T @ dout, dout @ b.value.T"),
            ("your first gradient has b's shape and the second a's: they are returned in "
             "the wrong order.",
             "backward returns one gradient per parent, in the order of the parents (a, b).")),
    Mistake(TAPE_MATMUL, "da transposed",
            edit(MATMUL_RULE, "return b.value @ dout.T, a.value.T @ dout"),
            ("da has shape (K, N), a's shape turned round: your da is the transpose of the "
             "right one.", MATMUL_STEP)),
    Mistake(TAPE_MATMUL, "element-wise * instead of @",
            edit(MATMUL_RULE, "return dout * b.value, a.value * dout"),
            ("da and db are element-wise products: * multiplies element by element.",
             "the gradients of a matrix product are matrix products. " + MATMUL_STEP)),
    # tape_sigmoid
    Mistake(TAPE_SIGMOID, "1/(1 + exp(-x)) overflows",
            edit("e = np.exp(-np.abs(x.value))\n    s = np.where(x.value >= 0, 1 / (1 + e), "
                 "e / (1 + e))", "s = 1 / (1 + np.exp(-x.value))"),
            ("the forward overflows for x = -1000: exp(-x) is exp(1000), as in the notes' "
             "Sigmoid (file 001, problem 217).",
             "take exp only of numbers that are never positive, -|x|, and write the sigmoid "
             "in the form that fits each sign of x (one for x ≥ 0, one for x < 0): both are "
             "the same function, each exact in its half."), seed="001"),
    Mistake(TAPE_SIGMOID, "derivative from the input",
            edit(SIGMOID_RULE, "return (dout * x.value * (1 - x.value),)"),
            ("dx is built from the sigmoid's input x, not from its output.",
             "the derivative of the sigmoid is written with its *output*: keep it from the "
             "forward pass.")),
    Mistake(TAPE_SIGMOID, "(1 - s) left out", edit(SIGMOID_RULE, "return (dout * s,)"),
            ("dx is dout times the output alone: a factor of the sigmoid's derivative is "
             "missing.",
             "σ'(x) = σ(x)(1 - σ(x)), the derivation of the notes (files 000 and 002).")),
    Mistake(TAPE_SIGMOID, "dout left out", edit(SIGMOID_RULE, "return (s * (1 - s),)"),
            ("dx does not change with dout: the local derivative alone is returned.",
             LOCAL_TIMES_DOUT)),
    Mistake(TAPE_SIGMOID, "sigmoid recomputed in backward",
            edit(SIGMOID_RULE, "return (dout * sigmoid(x.value).value * "
                               "(1 - sigmoid(x.value).value),)"),
            ("computing σ(x) again in backward gives the right numbers; keeping s from "
             "forward saves the second exp (the course's Sigmoid layers keep their output "
             "for that).",), harmless=True),
    Mistake(TAPE_SIGMOID, "backward by central differences",
            edit(SIGMOID_RULE, "h = 1e-5\n        return (dout * (sigmoid(x.value + h).value "
                               "- sigmoid(x.value - h).value) / (2 * h),)"),
            ("dx is far off for float32 x: central differences of the forward lose most "
             "of float32's seven digits.",
             "the local derivative of the sigmoid has a closed form (the derivation above "
             "the exercise): backward multiplies dout by it, exactly, in x's dtype.")),
    # tape_log
    Mistake(TAPE_LOG, "dout left out", edit(LOG_RULE, "return (1 / x.value,)"),
            ("dx does not change with dout: the local derivative alone is returned.",
             LOCAL_TIMES_DOUT)),
    Mistake(TAPE_LOG, "times the log", edit(LOG_RULE, "return (dout * np.log(x.value),)"),
            ("dx is dout times log(x): the forward value, not the derivative.",
             "the derivative of the logarithm is the one over x of the exercise's text.")),
    Mistake(TAPE_LOG, "divided by the output", edit(LOG_RULE, "return (dout / np.log(x.value),)"),
            ("dx divides by log(x), the output (and fails at x = 1, where log(x) = 0).",
             "the derivative of log is written with its *input* x.")),
    Mistake(TAPE_LOG, "times the input", edit(LOG_RULE, "return (dout * x.value,)"),
            ("dx grows with x, but log flattens as x grows: you multiply by x.",
             "the derivative of log(x) is 1/x: a division by the input.")),
    # tape_mean
    Mistake(TAPE_MEAN, "1/n left out",
            edit(MEAN_RULE, "return (np.ones_like(x.value) * dout,)"),
            ("every entry of dx is dout, n times too large: the mean's 1/n is missing.",
             "each element moves the mean by 1/n of its own change, with n the number of "
             "elements averaged.")),
    Mistake(TAPE_MEAN, "divided by the number of rows",
            edit("n = x.value.size", "n = x.value.shape[0]"),
            ("dx is right for a single column only: your n counts the rows, not the "
             "elements.",
             "n is the number of elements the mean adds up: for (N, M) that is N·M.")),
    Mistake(TAPE_MEAN, "one number, not x's shape", edit(MEAN_RULE, "return (dout / n,)"),
            ("dx is one number; it should have x's shape.",
             "each parent's gradient has that parent's shape: the same value at every "
             "element of x.")),
    Mistake(TAPE_MEAN, "mean over axis 0",
            edits(("n = x.value.size", "n = x.value.shape[0]"),
                  ("np.mean(x.value)", "np.mean(x.value, axis=0)")),
            ("the forward gives one mean per column, not one number.",
             "the loss is one number: the mean of every element of x, over all axes.")),
    # tape_gradient
    Mistake(TAPE_GRADIENT, "records walked forward",
            edit("for out in reversed(self.records):", "for out in self.records:"),
            ("every source's gradient is 0 (or part of it is missing): the records are "
             "walked in the order they were written, and only the target has a gradient "
             "at first.",
             "walk the records from the last to the first: each Tensor has then received "
             "the whole of its gradient before it passes it on.")),
    Mistake(TAPE_GRADIENT, "gradients overwritten, not added", edit(ADD_UP, "grads[key] = g"),
            ("x in x * x + x gets only one of its three shares: each new share replaces the "
             "last.",
             "a Tensor used several times receives a share from each use: add them up.")),
    Mistake(TAPE_GRADIENT, "added in place into a shared array",
            edit(ADD_UP, "if key in grads:\n                    grads[key] += g\n"
                         "                else:\n                    grads[key] = g"),
            ("after an add node, one source's gradient changes the other's: += adds into "
             "the stored array, which may be dout itself, given to both parents.",
             "add each share into a new array, never into an array a backward returned.")),
    Mistake(TAPE_GRADIENT, "started from the last record",
            edit(START, "grads = {id(self.records[-1]): np.ones_like(self.records[-1].value)}"),
            ("when something was computed after the target, your gradients are those of "
             "that last record: the walk starts at the end of the tape, not at the target.",
             "the first entry of the dict is the target's own gradient, d target/d target, "
             "ones of its shape; records that do not lead to it are skipped.")),
    Mistake(TAPE_GRADIENT, "None for an unused source",
            edit(RETURN_SOURCES, "return [grads.get(id(s)) for s in sources]"),
            ("a source the target does not depend on comes back as None, as TensorFlow's "
             "tape returns it by default; this course's tape returns zeros.",
             "its gradient is zeros of its own shape: the target does not move when it "
             "does.")),
    Mistake(TAPE_GRADIENT, "gradients kept on the tape",
            edits(("self.records = []", "self.records = []\n        self.grads = {}"),
                  (START, "grads = self.grads\n        grads[id(target)] = "
                          "grads.get(id(target), 0) + np.ones_like(target.value)")),
            ("a second call of gradient on the same tape adds to the first: the dict of "
             "gradients lives on the tape.", FRESH)),
    Mistake(TAPE_GRADIENT, "gradients kept on the Tensors",
            edit(TAPE_BODY,
                 "        target.grad = getattr(target, 'grad', 0) + np.ones_like(target.value)\n"
                 "        for out in reversed(self.records):\n"
                 "            if not hasattr(out, 'grad'):\n                continue\n"
                 "            for parent, g in zip(out.parents, out.backward(out.grad)):\n"
                 "                parent.grad = getattr(parent, 'grad', 0) + g\n"
                 "        return [getattr(s, 'grad', np.zeros_like(s.value)) for s in sources]"),
            ("the second call, and the next training step over the same weights, add to "
             "the first: the gradients live on the Tensors and are never reset.", FRESH)),
    # mlp_by_hand
    Mistake(MLP_BY_HAND, "1/N left out", edit("dz2 = (a - y) / x.shape[0]", "dz2 = a - y"),
            ("every gradient is N times too large (right for a batch of one): the "
             "gradient of the summed loss, not of the mean.",
             "the loss is the mean over the batch, so each example's share of dz2 carries "
             "the mean's 1/N.")),
    Mistake(MLP_BY_HAND, "hidden sigmoid's derivative left out",
            edit("dz1 = dh * h * (1 - h)", "dz1 = dh"),
            ("dW1 and db1 are wrong while dW2 and db2 are right: between dh and the hidden "
             "layer's weights, the hidden sigmoid is skipped.",
             "going back through a sigmoid multiplies by its local derivative, written with "
             "its output h (do1/dz1 in the notes' chain, file 002)."), seed="002"),
    Mistake(MLP_BY_HAND, "dh = dz2 W2, without the transpose",
            edit("dh = dz2 @ W2.T", "dh = dz2 @ W2"),
            ("dh has the wrong shape (or the product fails): going back through W2, the "
             "factors do not fit.",
             "dh must be (N, H); dz2 is (N, 1) and W2 (H, 1): write the shape under every "
             "factor (the notes' author lost a week to shapes, file 002)."), seed="002"),
    Mistake(MLP_BY_HAND, "db summed over every axis",
            edits(("db2 = np.sum(dz2, axis=0)", "db2 = np.sum(dz2)"),
                  ("db1 = np.sum(dz1, axis=0)", "db1 = np.sum(dz1)")),
            ("db1 is one number, not (H,): dz1 is summed over the hidden units too.",
             "each bias entry belongs to one unit and is used by all N examples: sum over "
             "the batch only, and keep one entry per unit.")),
    Mistake(MLP_BY_HAND, "sigmoid's derivative from z",
            edit("dz1 = dh * h * (1 - h)", "dz1 = dh * z1 * (1 - z1)"),
            ("dW1 and db1 are wrong: the hidden sigmoid's derivative is built from z1, its "
             "input.",
             "the sigmoid's derivative is written with its *output* h.")),
    Mistake(MLP_BY_HAND, "dz2 through dE/da and da/dz2",
            edit("dz2 = (a - y) / x.shape[0]",
                 "dz2 = (a - y) / (a * (1 - a)) / x.shape[0] * a * (1 - a)"),
            ("dE/da · da/dz2 = (a - y)/(a(1 - a)) · a(1 - a) is the same number as a - y "
             "while a is strictly between 0 and 1, so this passes. Where the sigmoid rounds "
             "to exactly 1 (z ≳ 37 in float64) it is 0/0 = NaN, which is why the course "
             "cancels a(1 - a) on paper.",), harmless=True),
    Mistake(MLP_BY_HAND, "calls the tape",
            edit("    z1 = x @ W1 + b1\n",
                 "    return mlp_gradients(x, y, W1, b1, W2, b2)\n    z1 = x @ W1 + b1\n"),
            ("mlp_by_hand calls mlp_gradients, the tape's answer: the exercise asks for the "
             "derivation, and the tape is out of reach while it is graded.", DERIVE)),
    Mistake(MLP_BY_HAND, "numerical_gradient", by_hand_numerical_gradient,
            ("these are numerical gradients (numerical_gradient of the loss); the exercise "
             "asks for the derivation, and numerical_gradient is out of reach while it is "
             "graded.", DERIVE)),
    Mistake(MLP_BY_HAND, "own central differences", by_hand_central_differences,
            ("these are central differences of the loss, about 1e-9 off; the "
             "exercise asks for the derivation, exact to rounding.", DERIVE)),
    # mlp_tape
    Mistake(MLP_TAPE, "gradient of the prediction, not the loss",
            edit("tape.gradient(loss, params)", "tape.gradient(a, params)"),
            ("the loss is right but every gradient is wrong: they are the gradients of the "
             "model's output a (the sum of its predictions), as in the notes' "
             "tape.gradient(ys, w) (file 002).",
             "the gradient that trains is the one of the error E: the target of "
             "tape.gradient is the loss."), seed="002"),
    Mistake(MLP_TAPE, "forward outside the with block",
            edit("    with Tape() as tape:\n" + FORWARD,
                 "    tape = Tape()\n" + FORWARD.replace("        ", "    ")),
            ("every gradient is 0: the forward ran while no tape was open, so nothing was "
             "recorded.",
             "a tape records only the operations run inside its with block; ask it for the "
             "gradient after the block.")),
    Mistake(MLP_TAPE, "hidden layer without its sigmoid",
            edit("h = sigmoid(x @ W1 + b1)", "h = x @ W1 + b1"),
            ("the loss and every gradient differ: the hidden layer is linear. The notes' "
             "Keras code gave Dense(10) no activation (file 002).",
             "the derivation of the notes, which this notebook follows, puts a sigmoid at "
             "every layer, the hidden one too."), seed="002"),
    Mistake(MLP_TAPE, "the loss's sign",
            edit(TAPE_LOSS, "loss = mean(-y * log(a) + (1 - y) * log(1 - a))"),
            ("the loss has the wrong value: the minus sign covers only the first term, as "
             "in the notes (file 000).",
             "the minus sign of the cross-entropy applies to both terms, y's and "
             "(1 - y)'s."), seed="000"),
    Mistake(MLP_TAPE, "summed over the batch",
            edit(TAPE_LOSS, TAPE_LOSS + " * x.shape[0]"),
            ("the loss and every gradient are N times too large (right for a batch of "
             "one): the sum over the batch, not the mean.",
             "the loss E is the mean over the N examples.")),
    Mistake(MLP_TAPE, "calls the hand derivation", tape_calls_by_hand,
            ("mlp_gradients calls mlp_by_hand; this exercise asks for the tape, and the "
             "hand derivation is out of reach while it is graded.",
             "write the forward pass on Tensors inside the tape's with block, and ask the "
             "tape for the gradients.")),
    Mistake(MLP_TAPE, "own central differences", tape_central_differences,
            ("these are central differences of the loss, about 1e-9 off; the "
             "hidden tests compare the tape's exact gradients far more tightly.",
             "write the forward pass on Tensors inside the tape's with block, and ask the "
             "tape for the gradients.")),
    # train_mlp
    Mistake(TRAIN_MLP, "W = W - learning_rate * grad",
            edit(STEP, "W = W - learning_rate * grad"),
            ("the model's weights did not change, and every step computes the same loss: "
             "`W = W - learning_rate * grad` (the notes' update, file 002) makes a new array "
             "and only moves the loop's name W onto it.",
             "change the array the model holds, in place: an augmented assignment writes "
             "into the array the name is on."), seed="002", demo=True),
    Mistake(TRAIN_MLP, "new arrays under the old names",
            edits((GRADIENTS, "loss, (dW1, db1, dW2, db2) = mlp_gradients(x, y, W1, b1, W2, "
                              "b2)"),
                  ("        for W, grad in zip([W1, b1, W2, b2], grads):\n            " + STEP
                   + "\n", "        W1 = W1 - learning_rate * dW1\n"
                   "        b1 = b1 - learning_rate * db1\n"
                   "        W2 = W2 - learning_rate * dW2\n"
                   "        b2 = b2 - learning_rate * db2\n")),
            ("your losses fall, but the arrays you were given did not change: each step "
             "trains new arrays under the old names, and the caller's model never sees "
             "them.",
             "change the four arrays themselves, in place.")),
    Mistake(TRAIN_MLP, "gradient ascent", edit(STEP, "W += learning_rate * grad"),
            ("the losses rise: each step moves the weights along their gradient, uphill.",
             "gradient descent steps *against* the gradient.")),
    Mistake(TRAIN_MLP, "gradients computed once",
            edit("    for step in range(steps):\n        " + GRADIENTS + "\n",
                 "    _, grads = mlp_gradients(x, y, W1, b1, W2, b2)\n"
                 "    for step in range(steps):\n"
                 "        loss, _ = mlp_gradients(x, y, W1, b1, W2, b2)\n"),
            ("from the second step on, the weights move by the first step's gradients: "
             "they are computed once, before the loop.",
             "the gradients belong to the current weights: a new tape at every step.")),
    Mistake(TRAIN_MLP, "loss after the update",
            edit("        losses.append(loss)\n",
                 "        losses.append(mlp_gradients(x, y, W1, b1, W2, b2)[0])\n"),
            ("each loss is one step late: it is computed after the step's update.",
             "losses[k] is the loss of step k *before* its update, the one that came back "
             "with the gradients.")),
]
