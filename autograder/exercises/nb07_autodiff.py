"""The instructor's half of notebook 07's exercises: hidden tests and known mistakes.

Hidden tests of notebook 07: the Value engine, the tape's operations and gradient, and the
100 -> 10 -> 1 model of the notes (file 002), on inputs drawn at grading time.

Known mistakes of notebook 07: the Value engine, the tape's operations and gradient, and
the 100 -> 10 -> 1 model of the notes (file 002).

Each variant is the right answer but for the line its name describes. The right Value lives
here (its operations make nodes of the variant's own class, so that a variant's backward is
the one that runs); the tape's variants reuse the reference's Tensor and operations.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake
from course.exercises.nb07_autodiff import (
    ACCUMULATE_HINT,
    BROADCAST_HINT,
    COPIES_HINT,
    FRESH_HINT,
    MATMUL_HINT,
    MEAN_BACKWARD_HINT,
    MLP_BY_HAND,
    MLP_TAPE,
    OVERFLOW_HINT,
    REBINDING_HINT,
    RESET_HINT,
    SEEN_HINT,
    TAPE_ADD,
    TAPE_GRADIENT,
    TAPE_LOG,
    TAPE_MATMUL,
    TAPE_MEAN,
    TAPE_PROGRAMS,
    TAPE_SIGMOID,
    TARGET_HINT,
    TRAIN_MLP,
    UNUSED_HINT,
    VALUE_BACKWARD,
    VALUE_OPS,
    VALUE_OPS_EXERCISE,
    VALUE_PROGRAMS,
    mlp_case,
)
from solutions import autodiff
from solutions.autodiff import Tape, Tensor, as_tensor, as_tensors, sum_to_shape

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
    HiddenTest(VALUE_OPS_EXERCISE, solutions.Value, value_ops_cases, rtol=1e-9, atol=1e-12),
    HiddenTest(VALUE_BACKWARD, solutions.Value, value_backward_cases, rtol=1e-9, atol=1e-12),
    HiddenTest(TAPE_ADD, autodiff.add, add_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(TAPE_MATMUL, autodiff.matmul, matmul_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(TAPE_SIGMOID, autodiff.sigmoid, sigmoid_cases, rtol=1e-6, atol=1e-12),
    HiddenTest(TAPE_LOG, autodiff.log, log_cases, rtol=1e-6, atol=1e-12),
    HiddenTest(TAPE_MEAN, autodiff.mean, mean_cases, rtol=1e-6, atol=1e-12),
    HiddenTest(TAPE_GRADIENT, autodiff.Tape, tape_gradient_cases, rtol=1e-9, atol=1e-12),
    HiddenTest(MLP_BY_HAND, solutions.mlp_gradients_by_hand, mlp_cases, rtol=1e-6,
               atol=1e-10),
    HiddenTest(MLP_TAPE, solutions.mlp_gradients_tape, mlp_cases, rtol=1e-6, atol=1e-10),
    HiddenTest(TRAIN_MLP, solutions.train_mlp, train_cases, rtol=1e-6, atol=1e-10),
]


class Value:
    """The right Value; its operations make nodes of ``type(self)``."""

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.op = op
        self._backward = lambda: None

    def _wrap(self, other):
        return other if isinstance(other, Value) else type(self)(other)

    def __add__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")
        out._backward = self._add_rule(other, out)
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")
        out._backward = self._mul_rule(other, out)
        return out

    def __pow__(self, n):
        out = type(self)(self.data ** n, (self,), f"**{n:g}")
        out._backward = self._pow_rule(n, out)
        return out

    __radd__ = __add__
    __rmul__ = __mul__

    def _add_rule(self, other, out):
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        return _backward

    def _mul_rule(self, other, out):
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        return _backward

    def _pow_rule(self, n, out):
        def _backward():
            self.grad += n * self.data ** (n - 1) * out.grad
        return _backward

    def _order(self):
        order, seen = [], set()

        def visit(node):
            if node not in seen:
                seen.add(node)
                for parent in node.parents:
                    visit(parent)
                order.append(node)

        visit(self)
        return order

    def backward(self):
        order = self._order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


class ValueOverwrites(Value):
    def _add_rule(self, other, out):
        def _backward():
            self.grad = out.grad
            other.grad = out.grad
        return _backward

    def _mul_rule(self, other, out):
        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad
        return _backward

    def _pow_rule(self, n, out):
        def _backward():
            self.grad = n * self.data ** (n - 1) * out.grad
        return _backward


class ValueMulOwnValue(Value):
    def _mul_rule(self, other, out):
        def _backward():
            self.grad += self.data * out.grad
            other.grad += other.data * out.grad
        return _backward


class ValueIgnoresOutGrad(Value):
    def _add_rule(self, other, out):
        def _backward():
            self.grad += 1.0
            other.grad += 1.0
        return _backward

    def _mul_rule(self, other, out):
        def _backward():
            self.grad += other.data
            other.grad += self.data
        return _backward

    def _pow_rule(self, n, out):
        def _backward():
            self.grad += n * self.data ** (n - 1)
        return _backward


class ValuePowWithoutMinusOne(Value):
    def _pow_rule(self, n, out):
        def _backward():
            self.grad += n * self.data ** n * out.grad
        return _backward


class ValueForwardOrder(Value):
    def backward(self):
        order = self._order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in order:
            node._backward()


class ValueNoVisitedSet(Value):
    def _order(self):
        order = []

        def visit(node):
            for parent in node.parents:
                visit(parent)
            order.append(node)

        visit(self)
        return order


class ValueNotReset(Value):
    def backward(self):
        self.grad = 1.0
        for node in reversed(self._order()):
            node._backward()


class ValueBreadthFirst(Value):
    def backward(self):
        order = self._order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        queue, seen = [self], {self}
        while queue:
            node = queue.pop(0)
            node._backward()
            for parent in node.parents:
                if parent not in seen:
                    seen.add(parent)
                    queue.append(parent)


class ValueRootNotSet(Value):
    def backward(self):
        order = self._order()
        for node in order:
            node.grad = 0.0
        for node in reversed(order):
            node._backward()


class ValueRecursive(Value):
    def backward(self):
        for node in self._order():
            node.grad = 0.0
        self.grad = 1.0

        def send(node):
            node._backward()
            for parent in node.parents:
                send(parent)

        send(self)


# --------------------------------------------------------------------------------------
# add
# --------------------------------------------------------------------------------------


def _add_with(reduce):
    def add(a, b):
        a, b = as_tensors(a, b)

        def backward(dout):
            return reduce(dout, a.shape), reduce(dout, b.shape)

        return Tensor(a.value + b.value, (a, b), backward)
    return add


add_no_reduction = _add_with(lambda dout, shape: dout)
add_summed_over_everything = _add_with(
    lambda dout, shape: dout if dout.shape == shape else np.sum(dout))
add_axis_0 = _add_with(lambda dout, shape: dout if dout.shape == shape else np.sum(dout, axis=0))
add_mean = _add_with(
    lambda dout, shape: sum_to_shape(dout, shape) * (np.prod(shape, dtype=int) / dout.size))


def _leading_axes_only(dout, shape):
    extra = dout.ndim - len(shape)
    return np.sum(dout, axis=tuple(range(extra))) if extra else dout


add_leading_axes_only = _add_with(_leading_axes_only)


# --------------------------------------------------------------------------------------
# matmul
# --------------------------------------------------------------------------------------


def _matmul_with(rule):
    def matmul(a, b):
        a, b = as_tensors(a, b)

        def backward(dout):
            return rule(a.value, b.value, dout)

        return Tensor(a.value @ b.value, (a, b), backward)
    return matmul


matmul_no_transposes = _matmul_with(lambda a, b, dout: (dout @ b, a @ dout))
matmul_swapped = _matmul_with(lambda a, b, dout: (a.T @ dout, dout @ b.T))
matmul_da_transposed = _matmul_with(lambda a, b, dout: (b @ dout.T, a.T @ dout))
matmul_elementwise = _matmul_with(lambda a, b, dout: (dout * b, a * dout))


# --------------------------------------------------------------------------------------
# sigmoid, log, mean
# --------------------------------------------------------------------------------------


def sigmoid_naive(x):
    x = as_tensor(x)
    s = 1 / (1 + np.exp(-x.value))

    def backward(dout):
        return (dout * s * (1 - s),)

    return Tensor(s, (x,), backward)


def _sigmoid_with(rule):
    def sigmoid(x):
        x = as_tensor(x)
        out = autodiff.sigmoid(x)
        s = out.value

        def backward(dout):
            return (rule(x.value, s, dout),)

        return Tensor(s, (x,), backward)
    return sigmoid


sigmoid_backward_from_input = _sigmoid_with(lambda x, s, dout: dout * x * (1 - x))
sigmoid_without_one_minus = _sigmoid_with(lambda x, s, dout: dout * s)
sigmoid_ignores_dout = _sigmoid_with(lambda x, s, dout: s * (1 - s))
sigmoid_recomputed = _sigmoid_with(
    lambda x, s, dout: dout * autodiff.sigmoid(x).value * (1 - autodiff.sigmoid(x).value))


def _log_with(rule):
    def log(x):
        x = as_tensor(x)
        y = np.log(x.value)

        def backward(dout):
            return (rule(x.value, y, dout),)

        return Tensor(y, (x,), backward)
    return log


log_ignores_dout = _log_with(lambda x, y, dout: 1 / x)
log_times_log = _log_with(lambda x, y, dout: dout * y)
log_divided_by_output = _log_with(lambda x, y, dout: dout / y)
log_times_input = _log_with(lambda x, y, dout: dout * x)


def _mean_with(rule, forward=np.mean):
    def mean(x):
        x = as_tensor(x)

        def backward(dout):
            return (rule(x.value, dout),)

        return Tensor(forward(x.value), (x,), backward)
    return mean


mean_without_one_over_n = _mean_with(lambda x, dout: np.ones_like(x) * dout)
mean_over_rows = _mean_with(lambda x, dout: np.ones_like(x) * (dout / x.shape[0]))
mean_scalar_gradient = _mean_with(lambda x, dout: dout / x.size)
mean_axis_0 = _mean_with(lambda x, dout: np.ones_like(x) * (dout / x.shape[0]),
                         forward=lambda v: np.mean(v, axis=0))


# --------------------------------------------------------------------------------------
# Tape.gradient
# --------------------------------------------------------------------------------------


class TapeForward(Tape):
    def gradient(self, target, sources):
        grads = {id(target): np.ones_like(target.value)}
        for out in self.records:
            dout = grads.get(id(out))
            if dout is None:
                continue
            for parent, g in zip(out.parents, out.backward(dout)):
                key = id(parent)
                grads[key] = g if key not in grads else grads[key] + g
        return [grads[id(s)] if id(s) in grads else np.zeros_like(s.value) for s in sources]


class TapeOverwrites(Tape):
    def gradient(self, target, sources):
        grads = {id(target): np.ones_like(target.value)}
        for out in reversed(self.records):
            dout = grads.get(id(out))
            if dout is None:
                continue
            for parent, g in zip(out.parents, out.backward(dout)):
                grads[id(parent)] = g
        return [grads[id(s)] if id(s) in grads else np.zeros_like(s.value) for s in sources]


class TapeInPlace(Tape):
    def gradient(self, target, sources):
        grads = {id(target): np.ones_like(target.value)}
        for out in reversed(self.records):
            dout = grads.get(id(out))
            if dout is None:
                continue
            for parent, g in zip(out.parents, out.backward(dout)):
                key = id(parent)
                if key in grads:
                    grads[key] += g
                else:
                    grads[key] = g
        return [grads[id(s)] if id(s) in grads else np.zeros_like(s.value) for s in sources]


class TapeStartsAtLastRecord(Tape):
    def gradient(self, target, sources):
        if not self.records:
            return [np.zeros_like(s.value) for s in sources]
        last = self.records[-1]
        grads = {id(last): np.ones_like(last.value)}
        for out in reversed(self.records):
            dout = grads.get(id(out))
            if dout is None:
                continue
            for parent, g in zip(out.parents, out.backward(dout)):
                key = id(parent)
                grads[key] = g if key not in grads else grads[key] + g
        return [grads[id(s)] if id(s) in grads else np.zeros_like(s.value) for s in sources]


class TapeNoneForUnused(Tape):
    def gradient(self, target, sources):
        grads = {id(target): np.ones_like(target.value)}
        for out in reversed(self.records):
            dout = grads.get(id(out))
            if dout is None:
                continue
            for parent, g in zip(out.parents, out.backward(dout)):
                key = id(parent)
                grads[key] = g if key not in grads else grads[key] + g
        return [grads.get(id(s)) for s in sources]


class TapeKeepsGradients(Tape):
    def __init__(self):
        super().__init__()
        self.grads = {}

    def gradient(self, target, sources):
        grads = self.grads
        grads[id(target)] = grads.get(id(target), 0) + np.ones_like(target.value)
        for out in reversed(self.records):
            dout = grads.get(id(out))
            if dout is None:
                continue
            for parent, g in zip(out.parents, out.backward(dout)):
                key = id(parent)
                grads[key] = g if key not in grads else grads[key] + g
        return [grads[id(s)] if id(s) in grads else np.zeros_like(s.value) for s in sources]


class TapeGradOnTensors(Tape):
    def gradient(self, target, sources):
        target.grad = getattr(target, "grad", 0) + np.ones_like(target.value)
        for out in reversed(self.records):
            if not hasattr(out, "grad"):
                continue
            for parent, g in zip(out.parents, out.backward(out.grad)):
                parent.grad = getattr(parent, "grad", 0) + g
        return [getattr(s, "grad", np.zeros_like(s.value)) for s in sources]


# --------------------------------------------------------------------------------------
# The model's gradients, by hand and by the tape
# --------------------------------------------------------------------------------------


def _sigmoid(z):
    return autodiff.sigmoid(z).value


def _by_hand(x, y, W1, b1, W2, b2, n_divides=True, hidden_derivative=True,
             transpose_W2=True, db_axis=0, dz2_chain=False, derivative_from_z=False):
    z1 = x @ W1 + b1
    h = _sigmoid(z1)
    z2 = h @ W2 + b2
    a = _sigmoid(z2)
    loss = float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))
    n = x.shape[0] if n_divides else 1
    if dz2_chain:
        dz2 = (a - y) / (a * (1 - a)) / n * a * (1 - a)
    else:
        dz2 = (a - y) / n
    dW2 = h.T @ dz2
    db2 = np.sum(dz2, axis=db_axis)
    dh = dz2 @ (W2.T if transpose_W2 else W2)
    if derivative_from_z:
        dz1 = dh * z1 * (1 - z1)
    else:
        dz1 = dh * h * (1 - h) if hidden_derivative else dh
    dW1 = x.T @ dz1
    db1 = np.sum(dz1, axis=db_axis)
    return loss, [dW1, db1, dW2, db2]


def by_hand_without_one_over_n(x, y, W1, b1, W2, b2):
    return _by_hand(x, y, W1, b1, W2, b2, n_divides=False)


def by_hand_without_hidden_derivative(x, y, W1, b1, W2, b2):
    return _by_hand(x, y, W1, b1, W2, b2, hidden_derivative=False)


def by_hand_W2_not_transposed(x, y, W1, b1, W2, b2):
    return _by_hand(x, y, W1, b1, W2, b2, transpose_W2=False)


def by_hand_db_summed_over_everything(x, y, W1, b1, W2, b2):
    return _by_hand(x, y, W1, b1, W2, b2, db_axis=None)


def by_hand_derivative_from_z(x, y, W1, b1, W2, b2):
    return _by_hand(x, y, W1, b1, W2, b2, derivative_from_z=True)


def by_hand_dz2_through_da(x, y, W1, b1, W2, b2):
    return _by_hand(x, y, W1, b1, W2, b2, dz2_chain=True)


def _tape(x, y, W1, b1, W2, b2, loss_of=None, of_prediction=False, hidden_sigmoid=True,
          outside=False):
    params = [Tensor(W1), Tensor(b1), Tensor(W2), Tensor(b2)]
    loss_of = loss_of or (lambda a: -autodiff.mean(y * autodiff.log(a)
                                                   + (1 - y) * autodiff.log(1 - a)))

    def forward():
        z1 = x @ params[0] + params[1]
        h = autodiff.sigmoid(z1) if hidden_sigmoid else z1
        a = autodiff.sigmoid(h @ params[2] + params[3])
        return a, loss_of(a)

    if outside:
        a, loss = forward()
        tape = Tape()
    else:
        with Tape() as tape:
            a, loss = forward()
    grads = tape.gradient(a if of_prediction else loss, params)
    return float(loss.value), grads


def tape_gradient_of_prediction(x, y, W1, b1, W2, b2):
    return _tape(x, y, W1, b1, W2, b2, of_prediction=True)


def tape_forward_outside(x, y, W1, b1, W2, b2):
    return _tape(x, y, W1, b1, W2, b2, outside=True)


def tape_linear_hidden_layer(x, y, W1, b1, W2, b2):
    return _tape(x, y, W1, b1, W2, b2, hidden_sigmoid=False)


def tape_loss_sign(x, y, W1, b1, W2, b2):
    return _tape(x, y, W1, b1, W2, b2, loss_of=lambda a: autodiff.mean(
        -y * autodiff.log(a) + (1 - y) * autodiff.log(1 - a)))


def tape_loss_summed(x, y, W1, b1, W2, b2):
    n = x.shape[0]
    return _tape(x, y, W1, b1, W2, b2, loss_of=lambda a: -autodiff.mean(
        y * autodiff.log(a) + (1 - y) * autodiff.log(1 - a)) * n)


# --------------------------------------------------------------------------------------
# train_mlp
# --------------------------------------------------------------------------------------


def train_rebinding(x, y, W1, b1, W2, b2, learning_rate, steps):
    losses = []
    for _ in range(steps):
        loss, grads = autodiff.mlp_gradients_tape(x, y, W1, b1, W2, b2)
        for W, grad in zip((W1, b1, W2, b2), grads):
            W = W - learning_rate * grad  # noqa: F841 (the notes' update, file 002)
        losses.append(loss)
    return np.array(losses)


def train_copies(x, y, W1, b1, W2, b2, learning_rate, steps):
    losses = []
    for _ in range(steps):
        loss, (dW1, db1, dW2, db2) = autodiff.mlp_gradients_tape(x, y, W1, b1, W2, b2)
        W1 = W1 - learning_rate * dW1
        b1 = b1 - learning_rate * db1
        W2 = W2 - learning_rate * dW2
        b2 = b2 - learning_rate * db2
        losses.append(loss)
    return np.array(losses)


def train_ascent(x, y, W1, b1, W2, b2, learning_rate, steps):
    losses = []
    for _ in range(steps):
        loss, grads = autodiff.mlp_gradients_tape(x, y, W1, b1, W2, b2)
        for W, grad in zip((W1, b1, W2, b2), grads):
            W += learning_rate * grad
        losses.append(loss)
    return np.array(losses)


def train_gradients_once(x, y, W1, b1, W2, b2, learning_rate, steps):
    losses = []
    _, grads = autodiff.mlp_gradients_tape(x, y, W1, b1, W2, b2)
    for _ in range(steps):
        loss, _ = autodiff.mlp_gradients_tape(x, y, W1, b1, W2, b2)
        for W, grad in zip((W1, b1, W2, b2), grads):
            W -= learning_rate * grad
        losses.append(loss)
    return np.array(losses)


def train_loss_after_update(x, y, W1, b1, W2, b2, learning_rate, steps):
    losses = []
    for _ in range(steps):
        _, grads = autodiff.mlp_gradients_tape(x, y, W1, b1, W2, b2)
        for W, grad in zip((W1, b1, W2, b2), grads):
            W -= learning_rate * grad
        losses.append(autodiff.mlp_gradients_tape(x, y, W1, b1, W2, b2)[0])
    return np.array(losses)


ORDER_CATALOG_HINT = (
    "you call each node's _backward in the order of the list, inputs first: when the "
    "root's turn comes, everything before it has already passed on a gradient of 0. Call "
    "them in the *reverse* topological order: for node in reversed(order).")

MISTAKES = [
    # value_ops
    Mistake(VALUE_OPS_EXERCISE, "grad overwritten, not accumulated", ValueOverwrites,
            ACCUMULATE_HINT),
    Mistake(VALUE_OPS_EXERCISE, "each input gets its own value", ValueMulOwnValue,
            "in out = self * other, d out/d self is other.data (and d out/d other is "
            "self.data): self.grad += other.data * out.grad, other.grad += self.data * "
            "out.grad. Each input gets out.grad times the *other* input."),
    Mistake(VALUE_OPS_EXERCISE, "out.grad left out", ValueIgnoresOutGrad,
            "the local derivative alone (1 for +, the other input for *) is d out/d self; "
            "the chain rule multiplies it by out.grad, the gradient arriving from above: "
            "self.grad += (local derivative) * out.grad."),
    Mistake(VALUE_OPS_EXERCISE, "power rule without the - 1", ValuePowWithoutMinusOne,
            "d(xⁿ)/dx = n·xⁿ⁻¹: self.grad += n * self.data ** (n - 1) * out.grad (you have "
            "n * self.data ** n)."),
    # value_backward
    Mistake(VALUE_BACKWARD, "nodes called in forward order", ValueForwardOrder,
            ORDER_CATALOG_HINT),
    Mistake(VALUE_BACKWARD, "no set of visited nodes", ValueNoVisitedSet,
            "a node reached along two paths (u in u * (u + c), or a in a * a * a) is put in "
            "the list twice, so its _backward runs twice and its gradient is sent on twice. "
            + SEEN_HINT),
    Mistake(VALUE_BACKWARD, "gradients not reset", ValueNotReset,
            "the first backward() is right, the second adds to it. " + RESET_HINT),
    Mistake(VALUE_BACKWARD, "breadth first from the root", ValueBreadthFirst,
            "breadth first from the root (a queue) is not a topological order: in "
            "f = u + u * c, u is a parent of f and is reached before u * c has sent u its "
            "share, so u passes on only part of its gradient. Order the nodes depth first "
            "(a node after all its parents) and walk that list in reverse."),
    Mistake(VALUE_BACKWARD, "root grad never set to 1", ValueRootNotSet,
            "every gradient is a multiple of the root's, and the root's grad is still 0: set "
            "self.grad = 1 (after resetting the others to 0, before the sweep)."),
    Mistake(VALUE_BACKWARD, "recursive sweep without an order", ValueRecursive,
            "calling a node's _backward and then recursing into its parents sends a shared "
            "node's gradient on before its other uses have added their share, and again "
            "after they have. List the nodes once, in topological order, and call _backward "
            "in reverse."),
    # tape_add
    Mistake(TAPE_ADD, "dout for both, not summed down", add_no_reduction, BROADCAST_HINT),
    Mistake(TAPE_ADD, "summed over every axis", add_summed_over_everything,
            "np.sum(dout) adds every element into one number: right only for an input that "
            "was a single number. Sum only over the axes broadcasting repeated: for b of "
            "shape (M,) next to (N, M), over axis 0. " + BROADCAST_HINT),
    Mistake(TAPE_ADD, "always summed over axis 0", add_axis_0,
            "summing over axis 0 is right for a bias of shape (M,) next to (N, M), and for no "
            "other broadcast: (1, M) must keep its axis (keepdims=True), (N, 1) was repeated "
            "along axis 1, and a single number along every axis. " + BROADCAST_HINT),
    Mistake(TAPE_ADD, "averaged instead of summed", add_mean,
            "a bias added to N rows moves the output in N places; its gradient is the sum of "
            "the N shares, not their mean (the 1/N of a mean loss is already inside dout). "
            + BROADCAST_HINT),
    Mistake(TAPE_ADD, "leading axes only", add_leading_axes_only,
            "you sum over the axes broadcasting added in front, but not over the axes where "
            "the input has size 1: b of shape (1, M) or (N, 1) gets a gradient of dout's "
            "shape. Sum those too, with keepdims=True. " + BROADCAST_HINT),
    # tape_matmul
    Mistake(TAPE_MATMUL, "no transposes", matmul_no_transposes, MATMUL_HINT),
    Mistake(TAPE_MATMUL, "da and db swapped", matmul_swapped,
            "the first gradient belongs to a, the first parent: return (dout @ b.value.T, "
            "a.value.T @ dout), in the order of the parents (a, b)."),
    Mistake(TAPE_MATMUL, "da transposed", matmul_da_transposed,
            "b @ doutᵀ is (K, N), da transposed: da = dout @ b.value.T, (N, M)·(M, K). "
            + MATMUL_HINT),
    Mistake(TAPE_MATMUL, "element-wise * instead of @", matmul_elementwise,
            "* multiplies element by element; the gradients of a matrix product are matrix "
            "products. " + MATMUL_HINT),
    # tape_sigmoid
    Mistake(TAPE_SIGMOID, "1/(1 + exp(-x)) overflows", sigmoid_naive,
            "the notes' Sigmoid computed 1/(1 + np.exp(-x)) (file 001, problem 217). "
            + OVERFLOW_HINT, seed="001"),
    Mistake(TAPE_SIGMOID, "derivative from the input", sigmoid_backward_from_input,
            "s (1 - s) takes the sigmoid's *output* s, not its input x: dout * x * (1 - x) "
            "is another function. Keep s from forward: (dout * s * (1 - s),)."),
    Mistake(TAPE_SIGMOID, "(1 - s) left out", sigmoid_without_one_minus,
            "dσ/dx = σ(x)(1 - σ(x)), the derivation of the notes (files 000 and 002): "
            "(dout * s * (1 - s),)."),
    Mistake(TAPE_SIGMOID, "dout left out", sigmoid_ignores_dout,
            "s (1 - s) is the local derivative; the chain rule multiplies it by dout, the "
            "gradient arriving from above: (dout * s * (1 - s),)."),
    Mistake(TAPE_SIGMOID, "sigmoid recomputed in backward", sigmoid_recomputed,
            "computing σ(x) again in backward gives the right numbers; keeping s from forward "
            "saves the second exp (the course's Sigmoid layers keep their output for that).",
            harmless=True),
    # tape_log
    Mistake(TAPE_LOG, "dout left out", log_ignores_dout,
            "1/x is the local derivative; the chain rule multiplies it by dout: "
            "(dout / x.value,)."),
    Mistake(TAPE_LOG, "times the log", log_times_log,
            "log(x) is the forward value, not the derivative: d log(x)/dx = 1/x, so "
            "(dout / x.value,)."),
    Mistake(TAPE_LOG, "divided by the output", log_divided_by_output,
            "d log(x)/dx = 1/x with the *input* x; you divide by log(x), the output: "
            "(dout / x.value,)."),
    Mistake(TAPE_LOG, "times the input", log_times_input,
            "d log(x)/dx = 1/x: divide by x, do not multiply: (dout / x.value,)."),
    # tape_mean
    Mistake(TAPE_MEAN, "1/n left out", mean_without_one_over_n, MEAN_BACKWARD_HINT),
    Mistake(TAPE_MEAN, "divided by the number of rows", mean_over_rows,
            "n is the number of elements the mean adds up, x.value.size: for x of shape "
            "(N, M) that is N·M, not N = x.shape[0]. " + MEAN_BACKWARD_HINT),
    Mistake(TAPE_MEAN, "one number, not x's shape", mean_scalar_gradient,
            "each parent's gradient has that parent's shape: dout/n at *every* element of x, "
            "np.ones_like(x.value) * (dout / n), not the single number dout/n."),
    Mistake(TAPE_MEAN, "mean over axis 0", mean_axis_0,
            "the loss is one number: the mean of every element, np.mean(x.value) (no axis), "
            "not one mean per column."),
    # tape_gradient
    Mistake(TAPE_GRADIENT, "records walked forward", TapeForward,
            "you walk the records in the order they were written; only the target has a "
            "gradient at first, so every record before it is skipped. Walk them from the "
            "last to the first: reversed(self.records)."),
    Mistake(TAPE_GRADIENT, "gradients overwritten, not added", TapeOverwrites,
            "a Tensor used twice (x in x * x + x) gets a gradient from each use; "
            "grads[id(parent)] = g keeps only the last. " + "Add them: " + (
                "grads[k] = grads[k] + g when k is already there.")),
    Mistake(TAPE_GRADIENT, "added in place into a shared array", TapeInPlace,
            "grads[k] += g changes the array stored at k, and that array may be dout itself, "
            "given to two parents by an add: the other parent's gradient changes too. Write "
            "grads[k] = grads[k] + g, a new array."),
    Mistake(TAPE_GRADIENT, "started from the last record", TapeStartsAtLastRecord,
            TARGET_HINT),
    Mistake(TAPE_GRADIENT, "None for an unused source", TapeNoneForUnused, UNUSED_HINT),
    Mistake(TAPE_GRADIENT, "gradients kept on the tape", TapeKeepsGradients,
            "a second call of gradient on the same tape adds to the first: the dict of "
            "gradients lives on the tape (self.grads). " + FRESH_HINT),
    Mistake(TAPE_GRADIENT, "gradients kept on the Tensors", TapeGradOnTensors,
            "the gradients live on the Tensors (tensor.grad) and are never reset: the next "
            "call, and the next training step, which uses the same weights, add to them. "
            + FRESH_HINT),
    # mlp_by_hand
    Mistake(MLP_BY_HAND, "1/N left out", by_hand_without_one_over_n,
            "the loss is the mean over the batch, so dE/dz2 = (a - y)/N; without the 1/N "
            "every gradient is N times too large (the gradient of the summed loss)."),
    Mistake(MLP_BY_HAND, "hidden sigmoid's derivative left out",
            by_hand_without_hidden_derivative,
            "between dh and the hidden layer's weights stands the hidden sigmoid: "
            "dz1 = dh ⊙ h(1 - h) (do1/dz1 in the notes' chain dE/dW1 = dE/do1 · do1/dz1 · "
            "dz1/dW1, file 002), then dW1 = xᵀ dz1.", seed="002"),
    Mistake(MLP_BY_HAND, "dh = dz2 W2, without the transpose", by_hand_W2_not_transposed,
            "the shapes decide: dz2 is (N, 1) and W2 (H, 1); dh must be (N, H) = (N, 1)·(1, H), "
            "so dh = dz2 @ W2.T. (The notes' author lost a week to shapes that did not "
            "match, file 002: write the shape under every factor.)", seed="002"),
    Mistake(MLP_BY_HAND, "db summed over every axis", by_hand_db_summed_over_everything,
            "b1 has H entries, one per hidden unit, each used by all N examples: sum dz1 "
            "over the batch only, np.sum(dz1, axis=0), shape (H,); the same for db2, "
            "shape (1,)."),
    Mistake(MLP_BY_HAND, "sigmoid's derivative from z", by_hand_derivative_from_z,
            "σ'(z) = σ(z)(1 - σ(z)) = h(1 - h), with h the sigmoid's *output*: "
            "dz1 = dh * h * (1 - h), not dh * z1 * (1 - z1)."),
    Mistake(MLP_BY_HAND, "dz2 through dE/da and da/dz2", by_hand_dz2_through_da,
            "dE/da · da/dz2 = (a - y)/(a(1 - a)) · a(1 - a) is the same number as a - y while "
            "a is strictly between 0 and 1, so this passes. Where the sigmoid rounds to "
            "exactly 1 (z ≳ 37 in float64) it is 0/0 = NaN; a - y stays right, which is why "
            "the course writes dz2 = (a - y)/N directly.", harmless=True),
    # mlp_tape
    Mistake(MLP_TAPE, "gradient of the prediction, not the loss",
            tape_gradient_of_prediction,
            "tape.gradient(a, params) differentiates the model's output (the sum of its "
            "predictions), not the error: the notes wrote ys = model(xs) and then "
            "tape.gradient(ys, w) (file 002). Take the gradient of the loss: "
            "tape.gradient(loss, params).", seed="002"),
    Mistake(MLP_TAPE, "forward outside the with block", tape_forward_outside,
            "every gradient is 0: the forward ran before the tape was open, so nothing was "
            "recorded. Compute h, a and the loss inside `with Tape() as tape:`, and call "
            "tape.gradient after it."),
    Mistake(MLP_TAPE, "hidden layer without its sigmoid", tape_linear_hidden_layer,
            "the hidden layer is h = sigmoid(x @ W1 + b1). The notes' Keras code gave "
            "Dense(10) no activation (a linear layer, file 002) while their derivation uses "
            "a sigmoid at every layer; this notebook follows the derivation.", seed="002"),
    Mistake(MLP_TAPE, "the loss's sign", tape_loss_sign,
            "the minus sign covers both terms: loss = -mean(y * log(a) + (1 - y) * "
            "log(1 - a)). Written -y * log(a) + (1 - y) * log(1 - a) (as in the notes, file "
            "000), the second term is subtracted instead of added.", seed="000"),
    Mistake(MLP_TAPE, "summed over the batch", tape_loss_summed,
            "the loss is the mean over the batch (mean), not the sum: with the sum, the loss "
            "and every gradient grow with N."),
    # train_mlp
    Mistake(TRAIN_MLP, "W = W - learning_rate * grad", train_rebinding, REBINDING_HINT,
            seed="002"),
    Mistake(TRAIN_MLP, "new arrays under the old names", train_copies, COPIES_HINT),
    Mistake(TRAIN_MLP, "gradient ascent", train_ascent,
            "the losses rise: W += learning_rate * grad climbs the loss. Step against the "
            "gradient: W -= learning_rate * grad."),
    Mistake(TRAIN_MLP, "gradients computed once", train_gradients_once,
            "the gradients must be those of the current weights: compute them again at every "
            "step (a new tape each time), not once before the loop."),
    Mistake(TRAIN_MLP, "loss after the update", train_loss_after_update,
            "losses[k] is the loss of step k *before* its update (the number the tape's "
            "forward computed, returned with the gradients), not the loss after it."),
]
