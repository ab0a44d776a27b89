"""Layers with matrices: Affine, two of them in a row, softmax, cross-entropy, SoftmaxWithLoss
(notebook 05).

Shapes: ``N`` examples per batch, ``D`` inputs, ``M`` outputs, ``C`` classes.
"""

from collections.abc import Callable

import numpy as np

from solutions.activations import _float_array


class Affine:
    """Fully connected layer ``out = x @ W + b``.

    ``W``: (D, M), ``b``: (M,). ``forward(x)``: x (N, D) -> out (N, M); an input of shape
    (N, d1, d2, ...) is flattened to (N, D) first. ``backward(dout)``: dout (N, M) -> dx of
    x's shape, and it keeps ``dW = x.T @ dout`` (D, M) and ``db = dout.sum(axis=0)`` (M,).
    The layer holds ``W`` and ``b`` themselves, not copies, so that an optimizer updating
    them in place updates the layer.
    """

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b

    def backward(self, dout):
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dx.reshape(self.original_x_shape)


def two_layer_backprop(x, W1, b1, W2, b2, dout):
    """Two Affine layers in a row, forward and backward.

    x (N, D) -> Affine(W1, b1) -> h (N, H) -> Affine(W2, b2) -> out (N, M); then ``dout``
    (N, M) goes back through the second layer and then the first. W1: (D, H), b1: (H,),
    W2: (H, M), b2: (M,). Returns ``(out, dx, dW1, db1, dW2, db2)``, each gradient of the
    shape of its variable.
    """
    first, second = Affine(W1, b1), Affine(W2, b2)
    out = second.forward(first.forward(x))
    dx = first.backward(second.backward(dout))
    return out, dx, first.dW, first.db, second.dW, second.db


def softmax(x):
    """Row-wise softmax. ``x``: (N, C) scores or one score vector (C,); same shape out.

    Each row has its *own* maximum subtracted before ``exp``, so a row of scores near 1e4
    next to a row of small scores neither overflows nor underflows to 0/0.
    """
    x = _float_array(x)
    shifted = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def _as_batch(y, t):
    """``y`` as (N, C) and ``t`` as integer labels (N,), from one-hot or label targets."""
    y = _float_array(y)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    return y, t.astype(np.intp, copy=False)


def cross_entropy_error(y, t):
    """Mean cross-entropy ``-(1/N) sum log y[n, t_n]`` of a batch of probabilities.

    ``y``: (N, C) probabilities, or one vector (C,). ``t``: one-hot of ``y``'s shape, or
    integer labels (N,). A probability of exactly 0 is read as 1e-7, so the loss stays finite.
    Returns a scalar of ``y``'s dtype.
    """
    y, labels = _as_batch(y, t)
    n = y.shape[0]
    picked = y[np.arange(n), labels]
    return -np.sum(np.log(np.maximum(picked, 1e-7))) / n


class SoftmaxWithLoss:
    """Softmax followed by the mean cross-entropy, as one layer.

    ``forward(x, t)``: scores x (N, C), targets t one-hot (N, C) or labels (N,) -> the loss,
    a scalar. The loss is computed from the log-softmax, so huge scores never give log(0).
    ``backward(dout=1)`` -> dx (N, C) = dout * (softmax(x) - onehot(t)) / N.
    """

    def __init__(self):
        self.y = None
        self.labels = None
        self.loss = None

    def forward(self, x, t):
        x, self.labels = _as_batch(x, t)
        n = x.shape[0]
        shifted = x - np.max(x, axis=1, keepdims=True)
        log_sum = np.log(np.sum(np.exp(shifted), axis=1))
        self.y = np.exp(shifted - log_sum[:, None])
        self.loss = np.sum(log_sum - shifted[np.arange(n), self.labels]) / n
        return self.loss

    def backward(self, dout=1):
        n = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.labels] -= 1
        return dx * (dout / n)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4):
    """Central-difference gradient of the scalar ``f`` at the array ``x`` (any shape).

    Each entry of ``x`` is nudged by ``+h`` and ``-h`` in turn and put back exactly, so
    ``x`` holds its original values when this returns; ``f`` may read ``x`` itself (the
    network's parameters, say) rather than its argument. Returns an array of ``x``'s shape.
    """
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        idx = it.multi_index
        original = x[idx].copy()
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        f_minus = f(x)
        x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b) -> float:
    """``||a - b|| / (||a|| + ||b||)`` with Euclidean norms; 0 when both are all zeros.

    Arrays of any one shape. Below about 1e-7 in float64, two gradients agree; above
    1e-2, one of them is wrong.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
