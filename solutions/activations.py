"""The sigmoid, ReLU and binary cross-entropy (notebook 02)."""

import numpy as np


def _float_array(x) -> np.ndarray:
    """``x`` as a floating array: floats keep their dtype, integers become float64."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def sigmoid(x):
    """Logistic sigmoid ``1 / (1 + exp(-x))``, element-wise, any shape.

    Stable for any input: ``exp`` is only ever taken of ``-|x|``, so it never overflows,
    and both branches of the formula are exact in their half of the line.
    """
    x = _float_array(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


def sigmoid_derivative(x):
    """``sigmoid'(x) = s (1 - s)`` with ``s = sigmoid(x)``; at most 1/4, at ``x = 0``."""
    s = sigmoid(x)
    return s * (1 - s)


def sigmoid_chain(x, w, b):
    """A chain of n one-unit sigmoid layers, forward and backward.

    ``h_0 = x``, ``z_k = w[k-1] * h_{k-1} + b[k-1]``, ``h_k = sigmoid(z_k)`` for k = 1..n.
    ``x``: a number; ``w``, ``b``: (n,). Returns ``(out, dx, dw)``: ``out = h_n``,
    ``dx = d out / dx`` and ``dw`` (n,), ``dw[k] = d out / d w[k]``. Each layer multiplies
    the gradient by ``w_k sigmoid'(z_k)``: the sigmoid's factor (at most 1/4) and the weight's.
    """
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    h = [np.float64(x)]                  # h[k]: the input of layer k + 1
    for w_k, b_k in zip(w, b):
        h.append(sigmoid(w_k * h[-1] + b_k))
    dw = np.zeros_like(w)
    grad = np.float64(1.0)               # d out / d h_n
    for k in reversed(range(len(w))):
        dz = grad * h[k + 1] * (1 - h[k + 1])
        dw[k] = dz * h[k]
        grad = dz * w[k]
    return h[-1], grad, dw


def sigmoid_squared_error(z, y):
    """The squared error at a sigmoid output, per element: ``L = (sigmoid(z) - y)**2 / 2``.

    ``z``: any shape; ``y``: labels of the same shape. Returns ``(L, dz)``, both of z's shape
    and float dtype, with ``dz = dL/dz = (a - y) a (1 - a)``: unlike the cross-entropy's
    ``a - y``, it keeps the sigmoid's factor, which vanishes where ``a`` saturates.
    """
    a = sigmoid(z)
    y = np.asarray(y, dtype=a.dtype)
    return (a - y) ** 2 / 2, (a - y) * a * (1 - a)


class Sigmoid:
    """Sigmoid layer. ``forward(x)``: any shape; keeps its output for ``backward``.

    ``backward(dout)`` returns ``dout * out * (1 - out)``, the same shape as ``dout``.
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class Relu:
    """ReLU layer: ``max(x, 0)``. Keeps the mask ``x <= 0`` of its own last input.

    ``forward(x)``: any shape -> a new array of that shape and dtype. ``backward(dout)``
    returns a new array, ``dout`` with the masked entries set to 0; the caller's ``dout``
    is left as it was. At ``x == 0`` the gradient taken is 0.

    ``forward`` computes ``np.maximum(x, 0)`` in one pass. Copying ``x`` and then assigning
    ``out[mask] = 0`` gives the same numbers, but the boolean assignment makes it three times
    as slow on a batch of 100 rows and six times on 10,000 (benchmarks/train_mnist.py).
    ``backward`` keeps the copy and the assignment: a ``dout`` whose shape is not the mask's
    (the sign of a layer used in two places) must fail with NumPy's "boolean index did not
    match", the message the course's hints recognise.
    """

    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.maximum(x, 0)

    def backward(self, dout):
        dx = np.array(dout, copy=True)
        dx[self.mask] = 0
        return dx


def _clip_probability(a: np.ndarray) -> np.ndarray:
    """Keep probabilities away from 0 and 1 so that ``log`` and division stay finite."""
    eps = max(1e-7, float(np.finfo(a.dtype).eps))
    return np.clip(a, eps, 1 - eps)


def binary_cross_entropy(a, y):
    """Per-example loss ``L(a, y) = -(y log a + (1 - y) log(1 - a))``.

    ``a``: predicted probabilities, any shape; ``y``: labels 0 or 1, the same shape.
    Returns an array of that shape (average it yourself to get the cost ``J``).
    ``a`` is clipped to ``[eps, 1 - eps]`` so that ``log(0)`` never happens.
    """
    a = _clip_probability(_float_array(a))
    y = np.asarray(y, dtype=a.dtype)
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def binary_cross_entropy_derivative(a, y):
    """``dL/da = -y/a + (1 - y)/(1 - a) = (a - y) / (a (1 - a))``, element-wise, as ``a``."""
    a = _clip_probability(_float_array(a))
    y = np.asarray(y, dtype=a.dtype)
    return (a - y) / (a * (1 - a))
