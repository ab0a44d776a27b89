"""Numerical gradients and relative error, for checking a backward pass.

``numerical_gradient(f, x)`` nudges each entry of ``x`` by ``±h`` and returns the central
difference ``(f(x + h) - f(x - h)) / 2h``: slow, but needs nothing except ``f``. A backward
pass is right when ``relative_error(analytic, numerical)`` is tiny (below 1e-7 in float64).
"""

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x`` (any shape).

    ``f`` receives a float64 copy of ``x`` with one entry nudged; the caller's ``x`` is
    never touched. Returns a float64 array of ``x``'s shape.
    """
    point = np.array(x, dtype=np.float64)
    grad = np.zeros_like(point)
    flat_point = point.reshape(-1)
    flat_grad = grad.reshape(-1)
    for i in range(flat_point.size):
        original = flat_point[i]
        flat_point[i] = original + h
        f_plus = float(f(point.copy()))
        flat_point[i] = original - h
        f_minus = float(f(point.copy()))
        flat_point[i] = original
        flat_grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b) -> float:
    """``||a - b|| / (||a|| + ||b||)`` (Euclidean norms); 0.0 when both are all zeros.

    About 1e-7 or less: the gradients agree. 1e-4: suspicious. 1e-2 or more: one is wrong.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


def layer_numerical_gradient(forward: Callable[[np.ndarray], np.ndarray], x, dout,
                             h: float = 1e-5) -> np.ndarray:
    """What ``backward(dout)`` should return for ``forward`` at ``x``.

    The gradient of ``sum(forward(x) * dout)`` with respect to ``x``: for a layer
    ``out = forward(x)``, this is exactly ``dL/dx`` when ``dL/dout = dout``.
    ``x``: any shape; ``dout``: the shape of ``forward(x)``. Returns an array of x's shape.
    """
    dout = np.asarray(dout, dtype=np.float64)
    return numerical_gradient(lambda p: np.sum(np.asarray(forward(p)) * dout), x, h)
