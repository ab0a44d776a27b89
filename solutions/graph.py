"""Computation-graph nodes and the central-difference derivative (notebook 01)."""

from collections.abc import Callable


class MulLayer:
    """A multiply node: ``out = x * y``.

    Works on Python numbers and on NumPy arrays of one shape (element-wise).
    ``backward`` returns ``(dx, dy)``: each input's gradient is ``dout`` times the *other* input.
    """

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        dx = dout * self.y
        dy = dout * self.x
        return dx, dy


class AddLayer:
    """An add node: ``out = x + y``; ``backward`` passes ``dout`` on to both inputs."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1


class CopyLayer:
    """A branch node: one value ``x`` used twice. ``forward`` returns ``(x, x)``;
    ``backward(d1, d2)`` returns ``dx = d1 + d2``, the gradients of the two uses added
    (any shape, element-wise, dtype kept)."""

    def forward(self, x):
        return x, x

    def backward(self, d1, d2):
        return d1 + d2


class DivLayer:
    """A divide node: ``out = x / y`` (numbers, or NumPy arrays of one shape, element-wise).

    ``backward`` returns ``(dx, dy)`` with the local derivatives ``1 / y`` and ``-x / y**2``.
    """

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x / y

    def backward(self, dout):
        dx = dout / self.y
        dy = -dout * self.x / self.y ** 2
        return dx, dy


def numerical_derivative(f: Callable[[float], float], x: float, h: float = 1e-4) -> float:
    """Central difference ``(f(x + h) - f(x - h)) / 2h`` of a scalar function at ``x``.

    Its error shrinks like ``h**2``, where the one-sided ``(f(x + h) - f(x)) / h`` only
    shrinks like ``h``.
    """
    return (f(x + h) - f(x - h)) / (2 * h)
