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
