"""Automatic differentiation in reverse mode (notebook 07).

Two small engines:

- ``Value``: one number that records the operation that made it. ``backward()`` lists the
  graph in topological order and calls each node's local rule in reverse, so that every
  node has received all of its gradient before it passes any on. A value used twice gets
  the sum of both gradients (the local rules add with ``+=``).
- ``Tensor`` and ``Tape``: arrays whose operations are written down, in the order they
  run, on every open ``Tape`` (``with Tape() as tape: ...``), in the spirit of
  TensorFlow's ``GradientTape``. The order of the tape is already topological, so
  ``tape.gradient(target, sources)`` walks it backwards; no graph search is needed.

Then the study notes' 100 -> 10 -> 1 model (sigmoid hidden and output layers, binary
cross-entropy), its gradients by hand and by the tape, and gradient descent on it.
Shapes: x (N, D), y (N, 1) labels 0 or 1, W1 (D, H), b1 (H,), W2 (H, 1), b2 (1,).
"""

import math

import numpy as np

# --------------------------------------------------------------------------------------
# A scalar engine
# --------------------------------------------------------------------------------------


class Value:
    """A number and the operation that made it.

    data: the number (float); grad: d(root)/d(this value) after ``root.backward()``;
    parents: the Values it was computed from; op: "+", "*", "**n", "neg", "-", "/",
    "relu", "tanh", "exp" or "" for an input;
    ``_backward()``: adds ``local derivative * self.grad`` to each parent's grad.
    """

    def __init__(self, data, parents=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.parents = tuple(parents)
        self.op = op
        self._backward = lambda: None

    def __repr__(self):
        return f"Value({self.data:g}, grad={self.grad:g})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, n):
        """self ** n for a plain number n (not a Value)."""
        out = Value(self.data ** n, (self,), f"**{n:g}")

        def _backward():
            self.grad += n * self.data ** (n - 1) * out.grad

        out._backward = _backward
        return out

    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        """-self; d(-x)/dx = -1."""
        out = Value(-self.data, (self,), "neg")

        def _backward():
            self.grad -= out.grad

        out._backward = _backward
        return out

    def __sub__(self, other):
        """self - other; d/dself = 1, d/dother = -1."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad

        out._backward = _backward
        return out

    def __rsub__(self, other):
        """other - self for a plain number other."""
        return Value(other) - self

    def __truediv__(self, other):
        """self / other; d/dself = 1/other, d/dother = -self/other**2."""
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data
            other.grad -= self.data / other.data ** 2 * out.grad

        out._backward = _backward
        return out

    def __rtruediv__(self, other):
        """other / self for a plain number other."""
        return Value(other) / self

    def relu(self):
        """max(0, self); the derivative is 1 where self > 0, else 0 (0 at 0, as PyTorch)."""
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            self.grad += (out.data > 0) * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        """tanh(self) (math.tanh: finite for every input); the derivative is 1 - out**2."""
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        """e ** self; the derivative is the output itself. OverflowError above ~709.78."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def backward(self):
        """d self / d node for every node this one depends on, into each node's grad.

        Every grad starts again from 0 (a second call gives the same numbers), this
        node's from 1; then each node's ``_backward`` runs in reverse topological order.
        The depth-first search is iterative: any depth of graph works.
        """
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents) if p not in seen)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()


# --------------------------------------------------------------------------------------
# Arrays on a tape
# --------------------------------------------------------------------------------------

OPEN_TAPES = []  # the tapes inside whose `with` block we are, innermost last


class Tensor:
    """An array, the Tensors it was computed from, and how to send a gradient back.

    value: a float array (integers become float64; float32 stays float32);
    parents: tuple of Tensors (empty for an input or a constant);
    backward: ``backward(dout) -> tuple`` with one gradient per parent, each of its
    parent's shape (None for an input). A Tensor made from parents is written on every
    open tape. NumPy operators with arrays hand over to the Tensor's own (array @ W).
    """

    __array_ufunc__ = None

    def __init__(self, value, parents=(), backward=None):
        value = np.asarray(value)
        if value.dtype.kind != "f":
            value = value.astype(np.float64)
        self.value = value
        self.parents = tuple(parents)
        self.backward = backward
        if self.parents:
            for tape in OPEN_TAPES:
                tape.records.append(self)

    @property
    def shape(self):
        return self.value.shape

    @property
    def dtype(self):
        return self.value.dtype

    def __repr__(self):
        return f"Tensor(shape={self.shape}, dtype={self.dtype})"

    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return add(self, neg(other))

    def __rsub__(self, other):
        return add(other, neg(self))

    def __neg__(self):
        return neg(self)

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)


def as_tensor(x):
    """``x`` itself if it is a Tensor, else a constant Tensor holding it."""
    return x if isinstance(x, Tensor) else Tensor(x)


def as_tensors(*xs):
    """Each of ``xs`` as a Tensor; a plain Python number takes the dtype of the first float
    array or Tensor among them (as NumPy keeps float32 in ``float32_array + 1.0``)."""
    arrays = [x.value if isinstance(x, Tensor) else x for x in xs]
    like = next((a.dtype for a in arrays if isinstance(a, np.ndarray) and a.dtype.kind == "f"),
                None)
    return tuple(Tensor(np.asarray(x, dtype=like)) if like is not None and isinstance(
        x, (int, float)) else as_tensor(x) for x in xs)


def sum_to_shape(grad, shape):
    """``grad`` summed down to ``shape``: the gradient of an input that broadcasting
    repeated. Sums over the leading axes broadcasting added and, keeping them, over the
    axes where ``shape`` has 1 and ``grad`` more. grad: an array whose shape ``shape``
    broadcasts to. Returns an array of ``shape``."""
    grad = np.asarray(grad)
    extra = grad.ndim - len(shape)
    if extra:
        grad = np.sum(grad, axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return np.sum(grad, axis=axes, keepdims=True) if axes else grad


def neg(x):
    """-x. backward(dout) -> (-dout,)."""
    x = as_tensor(x)

    def backward(dout):
        return (-dout,)

    return Tensor(-x.value, (x,), backward)


def add(a, b):
    """a + b with broadcasting; each gradient is dout summed down to its input's shape."""
    a, b = as_tensors(a, b)

    def backward(dout):
        return sum_to_shape(dout, a.shape), sum_to_shape(dout, b.shape)

    return Tensor(a.value + b.value, (a, b), backward)


def mul(a, b):
    """a * b element-wise with broadcasting: da = dout * b, db = dout * a (summed down)."""
    a, b = as_tensors(a, b)

    def backward(dout):
        return sum_to_shape(dout * b.value, a.shape), sum_to_shape(dout * a.value, b.shape)

    return Tensor(a.value * b.value, (a, b), backward)


def matmul(a, b):
    """a @ b: a (N, K), b (K, M) -> (N, M); da = dout @ b.T (N, K), db = a.T @ dout (K, M)."""
    a, b = as_tensors(a, b)

    def backward(dout):
        return dout @ b.value.T, a.value.T @ dout

    return Tensor(a.value @ b.value, (a, b), backward)


def sigmoid(x):
    """1 / (1 + exp(-x)) element-wise, exp only of -|x| (no overflow); dx = dout s (1 - s)."""
    x = as_tensor(x)
    e = np.exp(-np.abs(x.value))
    s = np.where(x.value >= 0, 1 / (1 + e), e / (1 + e))

    def backward(dout):
        return (dout * s * (1 - s),)

    return Tensor(s, (x,), backward)


def log(x):
    """Natural log element-wise (x > 0); dx = dout / x."""
    x = as_tensor(x)

    def backward(dout):
        return (dout / x.value,)

    return Tensor(np.log(x.value), (x,), backward)


def mean(x):
    """The mean of every element, shape (); dx = dout / x.size at every element."""
    x = as_tensor(x)
    n = x.value.size

    def backward(dout):
        return (np.ones_like(x.value) * (dout / n),)

    return Tensor(np.mean(x.value), (x,), backward)


class Tape:
    """Writes down every Tensor an operation makes while it is open:

        with Tape() as tape:
            loss = ...
        dW, db = tape.gradient(loss, [W, b])
    """

    def __init__(self):
        self.records = []

    def __enter__(self):
        OPEN_TAPES.append(self)
        return self

    def __exit__(self, *exception):
        OPEN_TAPES.remove(self)

    def gradient(self, target, sources):
        """d(sum of target)/d source for each source: a list of arrays of their shapes.

        Walks the records backwards (the tape's order is topological), adding each
        parent's gradient to what it has (never in place: a gradient array may be shared
        by two parents). A source the target does not depend on gets zeros. Each call
        starts afresh.
        """
        grads = {id(target): np.ones_like(target.value)}
        for out in reversed(self.records):
            dout = grads.get(id(out))
            if dout is None:
                continue
            for parent, g in zip(out.parents, out.backward(dout)):
                key = id(parent)
                grads[key] = g if key not in grads else grads[key] + g
        return [grads[id(s)] if id(s) in grads else np.zeros_like(s.value) for s in sources]


# --------------------------------------------------------------------------------------
# The notes' 100 -> 10 -> 1 model
# --------------------------------------------------------------------------------------


def mlp_loss(x, y, W1, b1, W2, b2):
    """The mean binary cross-entropy of sigmoid(sigmoid(x W1 + b1) W2 + b2) against y, as a
    Tensor (arguments: Tensors or arrays)."""
    h = sigmoid(x @ W1 + b1)
    a = sigmoid(h @ W2 + b2)
    return -mean(y * log(a) + (1 - y) * log(1 - a))


def mlp_gradients_tape(x, y, W1, b1, W2, b2):
    """(loss, [dW1, db1, dW2, db2]) of the model by the tape. Arrays in, arrays out."""
    params = [Tensor(W1), Tensor(b1), Tensor(W2), Tensor(b2)]
    with Tape() as tape:
        loss = mlp_loss(x, y, *params)
    return float(loss.value), tape.gradient(loss, params)


def _sigmoid_array(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def mlp_gradients_by_hand(x, y, W1, b1, W2, b2):
    """(loss, [dW1, db1, dW2, db2]) of the model by the chain rule written out.

    dz2 = (a - y) / N (N, 1); dW2 = h.T dz2; db2 = sum of dz2 over the batch;
    dh = dz2 W2.T (N, H); dz1 = dh h (1 - h); dW1 = x.T dz1; db1 = sum of dz1.
    The loss is computed from z2 (log sigmoid(z) = -logaddexp(0, -z)): the same number as
    the mean of -(y log a + (1 - y) log(1 - a)), and finite at any z.
    """
    z1 = x @ W1 + b1
    h = _sigmoid_array(z1)
    z2 = h @ W2 + b2
    a = _sigmoid_array(z2)
    loss = float(np.mean(y * np.logaddexp(0, -z2) + (1 - y) * np.logaddexp(0, z2)))
    n = x.shape[0]
    dz2 = (a - y) / n
    dW2 = h.T @ dz2
    db2 = np.sum(dz2, axis=0)
    dh = dz2 @ W2.T
    dz1 = dh * h * (1 - h)
    dW1 = x.T @ dz1
    db1 = np.sum(dz1, axis=0)
    return loss, [dW1, db1, dW2, db2]


def train_mlp(x, y, W1, b1, W2, b2, learning_rate, steps):
    """Gradient descent on the model with the tape's gradients, ``steps`` times.

    W1, b1, W2, b2: the model's arrays, changed in place (``W -= learning_rate * grad``).
    Returns the loss of each step before its update, an array (steps,).
    """
    losses = []
    for _ in range(int(steps)):
        loss, grads = mlp_gradients_tape(x, y, W1, b1, W2, b2)
        for W, grad in zip((W1, b1, W2, b2), grads):
            W -= learning_rate * grad
        losses.append(loss)
    return np.array(losses)
