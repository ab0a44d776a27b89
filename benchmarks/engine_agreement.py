"""The reference scalar engine (``solutions.autodiff.Value``) against a framework's autodiff.

Evaluates mixed expressions of every operation of the engine (+, -, *, /, **, negation,
relu, tanh, exp), their values and the gradients with respect to each input, once with
``Value`` and once with PyTorch (float64, ``torch.autograd``), or with JAX (``jax.grad``,
x64 enabled) where PyTorch is not installed, and prints the largest differences.

    PYTHONPATH=. python benchmarks/engine_agreement.py
    PYTHONPATH=. python benchmarks/engine_agreement.py --write tests/data/engine_agreement.json

``--write`` stores the framework's values and gradients, with the framework's name and
version, for ``tests/test_autodiff.py``, which compares the engine with them in CI, where
no framework is installed (PyTorch's wheel is gigabytes).
"""

import argparse
import json
import math
import platform
import sys
from pathlib import Path

import numpy as np

from solutions.autodiff import Value

# Each uses a, b, c and only operations that Values and torch tensors both have (as methods
# for relu, tanh and exp). Every operation of the engine appears several times; inputs are
# used more than once, so that gradients are sums of several paths.
EXPRESSIONS = [
    "a + b * c",
    "a - b - c",
    "-a * b + c / a",
    "(a * b - c / a).tanh() + (b - c).exp() / (1 + a ** 2)",
    "(a - b).relu() * c.exp() - (-c).relu() / b",
    "(a / (b * b + 1)).tanh() * (c - a).relu() + (-a).exp() ** 0.5",
    "1 / (1 + (-(a * b + c)).exp())",
    "(a.tanh() - b.tanh()) / (1 + c * c) + 2 - a / 3",
    "((a * c).relu() + (b * c).relu() - (a + b).relu()) * a.exp()",
    "(a ** 2 + b ** 2 + c ** 2) ** 0.5 - (a * b * c).tanh()",
    "a.exp() / (a.exp() + b.exp() + c.exp())",
    "(3 - a) * (b - 2) / (c - 5) + (-(a - b)).relu() ** 3",
    "(a * a - b).tanh().exp() - (c / b).relu() * a",
    "a / b / c - (a - (b - c)) * -2",
]

# Points with every sign pattern, and values where relu is on either side; none at a kink
# (relu at exactly 0), where frameworks and engine need not agree.
POINTS = [
    (0.7, -1.3, 0.4), (-0.5, 2.0, 1.5), (1.2, 0.3, -0.8), (-1.1, -0.6, -2.2),
    (2.5, 1.7, 0.9), (0.15, -0.25, 3.1),
]


def with_values(expression, point):
    inputs = [Value(v) for v in point]
    out = eval(expression, {}, dict(zip("abc", inputs)))
    out.backward()
    return out.data, [v.grad for v in inputs]


def with_torch(expression, point):
    import torch

    inputs = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in point]
    out = eval(expression, {}, dict(zip("abc", inputs)))
    out.backward()
    return out.item(), [v.grad.item() for v in inputs]


class _Jax:
    """A jax number with .relu(), .tanh() and .exp(), so that the same text evaluates."""

    def __init__(self, x):
        self.x = x

    def _wrap(self, y):
        return _Jax(y)

    def relu(self):
        import jax.numpy as jnp
        return _Jax(jnp.maximum(self.x, 0.0))

    def tanh(self):
        import jax.numpy as jnp
        return _Jax(jnp.tanh(self.x))

    def exp(self):
        import jax.numpy as jnp
        return _Jax(jnp.exp(self.x))


def _binary(name):
    def method(self, other):
        other = other.x if isinstance(other, _Jax) else other
        return _Jax(getattr(self.x, name)(other))
    return method


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__truediv__", "__rtruediv__", "__pow__"):
    setattr(_Jax, _name, _binary(_name))
_Jax.__neg__ = lambda self: _Jax(-self.x)


def with_jax(expression, point):
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)

    def f(a, b, c):
        inputs = {k: _Jax(jnp.asarray(v)) for k, v in zip("abc", (a, b, c))}
        return eval(expression, {}, inputs).x

    args = [np.float64(v) for v in point]
    value = float(f(*args))
    grads = [float(g) for g in jax.grad(f, argnums=(0, 1, 2))(*args)]
    return value, grads


def framework():
    """(name, version, evaluate) of the framework found: PyTorch, else JAX."""
    try:
        import torch
        return "torch", torch.__version__, with_torch
    except ImportError:
        pass
    import jax
    return "jax", jax.__version__, with_jax


def relative(x, y):
    return abs(x - y) / max(abs(x), abs(y), 1e-300)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="store the framework's results here (JSON)")
    args = parser.parse_args(argv)
    name, version, evaluate = framework()
    cases, worst_value, worst_grad = [], (0.0, None), (0.0, None)
    for expression in EXPRESSIONS:
        for point in POINTS:
            ours_value, ours_grads = with_values(expression, point)
            their_value, their_grads = evaluate(expression, point)
            if not (math.isfinite(their_value) and all(map(math.isfinite, their_grads))):
                raise SystemExit(f"{name} gave a non-finite result for {expression} at {point}")
            cases.append({"expression": expression, "point": list(point),
                          "value": their_value, "grads": their_grads})
            e = relative(ours_value, their_value)
            if e >= worst_value[0]:
                worst_value = (e, (expression, point))
            for g, t in zip(ours_grads, their_grads):
                e = relative(g, t)
                if e >= worst_grad[0]:
                    worst_grad = (e, (expression, point))
    print(f"{name} {version}, Python {platform.python_version()}: {len(EXPRESSIONS)} "
          f"expressions at {len(POINTS)} points, {len(cases)} values, {3 * len(cases)} "
          "gradients")
    print(f"largest relative difference of the values:    {worst_value[0]:.2e}  "
          f"({worst_value[1][0]} at {worst_value[1][1]})")
    print(f"largest relative difference of the gradients: {worst_grad[0]:.2e}  "
          f"({worst_grad[1][0]} at {worst_grad[1][1]})")
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(json.dumps({
            "made_by": f"benchmarks/engine_agreement.py with {name} {version}",
            "framework": name, "version": version, "dtype": "float64",
            "cases": cases}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
