"""The reference engines of notebook 07 (solutions.autodiff): Value and the tape against
numerical gradients, broadcasting, deep graphs, extreme inputs and dtypes."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.gradcheck import numerical_gradient, relative_error
from solutions import autodiff
from solutions.autodiff import Tape, Tensor, Value


def test_the_notes_graphs():
    a, b, c = Value(5), Value(3), Value(2)
    J = 3 * (a + b * c)
    J.backward()
    assert (J.data, a.grad, b.grad, c.grad) == (33.0, 3.0, 6.0, 9.0)
    apple, apple_num, orange, orange_num, tax = map(Value, (100, 2, 150, 3, 1.1))
    price = (apple * apple_num + orange * orange_num) * tax
    price.backward()
    printed = [str(v) for v in (price.data, apple_num.grad, apple.grad, orange.grad,
                                orange_num.grad, tax.grad)]
    assert printed == ["715.0000000000001", "110.00000000000001", "2.2", "3.3000000000000003",
                       "165.0", "650.0"]


def test_shared_nodes_and_repeated_calls():
    a, b, c = Value(1.5), Value(-2.0), Value(0.5)
    u = a * b
    f = u * (u + c) + a
    f.backward()
    first = [a.grad, b.grad, c.grad]
    numerical = numerical_gradient(lambda p: (p[0] * p[1]) * (p[0] * p[1] + p[2]) + p[0],
                                   [1.5, -2.0, 0.5])
    assert relative_error(first, numerical) < 1e-8
    f.backward()
    assert [a.grad, b.grad, c.grad] == first


def test_a_deep_graph_does_not_hit_the_recursion_limit():
    x = Value(1.0)
    y = x
    for _ in range(5000):
        y = y + x
    y.backward()
    assert x.grad == 5001.0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([(), (1,), (3,), (1, 3), (2, 1), (2, 3)]), min_size=2,
                max_size=2))
def test_add_and_mul_gradients_have_their_inputs_shapes(shapes):
    rng = np.random.default_rng(0)
    a, b = (rng.normal(size=s) for s in shapes)
    for op, plain in ((autodiff.add, np.add), (autodiff.mul, np.multiply)):
        A, B = Tensor(a), Tensor(b)
        with Tape() as tape:
            out = op(A, B)
            loss = autodiff.mean(out * out)
        da, db = tape.gradient(loss, [A, B])
        assert da.shape == a.shape and db.shape == b.shape
        assert relative_error(da, numerical_gradient(
            lambda v, f=plain: np.mean(f(v, b) ** 2), a)) < 1e-7
        assert relative_error(db, numerical_gradient(
            lambda v, f=plain: np.mean(f(a, v) ** 2), b)) < 1e-7


def test_the_tape_matches_the_derivation_and_numerical_gradients():
    rng = np.random.default_rng(1)
    x, y = rng.uniform(size=(7, 5)), rng.integers(0, 2, size=(7, 1)).astype(float)
    weights = [rng.normal(size=(5, 4)) / 2, rng.normal(size=4), rng.normal(size=(4, 1)),
               rng.normal(size=1)]
    loss_tape, by_tape = autodiff.mlp_gradients_tape(x, y, *weights)
    loss_hand, by_hand = autodiff.mlp_gradients_by_hand(x, y, *weights)
    assert loss_tape == pytest.approx(loss_hand, rel=1e-12)
    for i, (t, h) in enumerate(zip(by_tape, by_hand)):
        numerical = numerical_gradient(lambda v, i=i: autodiff.mlp_gradients_by_hand(
            x, y, *[v if j == i else w for j, w in enumerate(weights)])[0], weights[i])
        assert relative_error(t, h) < 1e-12 and relative_error(t, numerical) < 1e-7


def test_training_changes_the_callers_arrays_and_lowers_the_loss():
    rng = np.random.default_rng(2)
    x = rng.uniform(size=(40, 6))
    y = (x[:, :3].sum(axis=1) > x[:, 3:].sum(axis=1)).astype(float)[:, None]
    weights = [rng.normal(size=(6, 3)), np.zeros(3), rng.normal(size=(3, 1)), np.zeros(1)]
    W1 = weights[0]
    losses = autodiff.train_mlp(x, y, *weights, learning_rate=1.0, steps=50)
    assert weights[0] is W1 and losses.shape == (50,) and losses[-1] < losses[0]


def test_extreme_inputs_and_float32():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = autodiff.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
        assert s.value.tolist() == [0.0, 0.5, 1.0]
        x32 = np.array([[-200.0, 3.0]], dtype=np.float32)
        for op in (autodiff.sigmoid, autodiff.mean, lambda t: autodiff.add(t, 1.0),
                   lambda t: autodiff.matmul(t, np.ones((2, 2), np.float32))):
            out = op(x32)
            assert out.value.dtype == np.float32
            (grad, *_) = out.backward(np.ones_like(out.value))
            assert grad.dtype == np.float32


# --------------------------------------------------------------------------------------
# -, /, relu, tanh and exp, and the engine against a framework
# --------------------------------------------------------------------------------------

AGREEMENT = Path(__file__).parent / "data" / "engine_agreement.json"


def _evaluate(value_class, expression, point):
    inputs = [value_class(v) for v in point]
    out = eval(expression, {}, dict(zip("abc", inputs)))
    out.backward()
    return out.data, [v.grad for v in inputs]


def _disagreements(value_class):
    """(expression, point) of each stored case where value_class differs from the framework
    by more than rounding."""
    stored = json.loads(AGREEMENT.read_text(encoding="utf-8"))
    wrong = []
    for case in stored["cases"]:
        value, grads = _evaluate(value_class, case["expression"], case["point"])
        if not np.allclose([value, *grads], [case["value"], *case["grads"]], rtol=1e-12,
                           atol=1e-14):
            wrong.append((case["expression"], case["point"]))
    return wrong


def test_the_engine_agrees_with_the_framework_results_stored_in_tests_data():
    stored = json.loads(AGREEMENT.read_text(encoding="utf-8"))
    assert stored["framework"] in ("torch", "jax") and stored["version"]
    assert stored["made_by"].startswith("benchmarks/engine_agreement.py")
    ops = {"+", "-", "*", "/", "**", ".relu()", ".tanh()", ".exp()"}
    texts = " ".join(case["expression"] for case in stored["cases"])
    assert all(op in texts for op in ops) and "-(" in texts and "(-" in texts
    assert len(stored["cases"]) >= 50
    assert _disagreements(Value) == []


class _TanhFromInput(Value):
    """A Value whose tanh rule uses the input instead of the output (a known mistake)."""

    def tanh(self):
        out = Value(float(np.tanh(self.data)), (self,), "tanh")

        def _backward():
            self.grad += (1 - self.data ** 2) * out.grad

        out._backward = _backward
        return out


def test_the_stored_comparison_fails_a_wrong_rule():
    assert _disagreements(_TanhFromInput) != []


@pytest.mark.parametrize("which, point", [
    ("-a", 1.5), ("a - 2.5", 0.3), ("2.5 - a", 0.3), ("a / 4", -1.2), ("4 / a", -1.2),
    ("a.relu()", 0.8), ("a.relu()", -0.8), ("a.tanh()", 0.6), ("a.tanh()", -3.0),
    ("a.exp()", 1.1), ("a - a", 2.0), ("a / a", 2.0), ("(a * a).tanh() / a.exp()", 0.9)])
def test_new_operations_against_central_differences(which, point):
    value, (grad, *_) = _evaluate(Value, which, (point, 0.0, 0.0))

    def plain(v):
        return float(eval(which, {}, {"a": _Plain(float(v[0]))}).x)

    assert value == pytest.approx(plain([point]), rel=1e-15, abs=1e-15)
    assert relative_error([grad], numerical_gradient(plain, [point])) < 1e-8


class _Plain:
    """A float with relu(), tanh() and exp() methods, for the central differences."""

    def __init__(self, x):
        self.x = x

    def relu(self):
        return _Plain(max(self.x, 0.0))

    def tanh(self):
        return _Plain(math.tanh(self.x))

    def exp(self):
        return _Plain(math.exp(self.x))


def _plain_binary(name):
    def method(self, other):
        other = other.x if isinstance(other, _Plain) else other
        return _Plain(getattr(self.x, name)(other))
    return method


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__truediv__", "__rtruediv__", "__pow__"):
    setattr(_Plain, _name, _plain_binary(_name))
_Plain.__neg__ = lambda self: _Plain(-self.x)


def test_relu_at_zero_and_extreme_inputs():
    z = Value(0.0)
    z.relu().backward()
    assert z.grad == 0.0                         # PyTorch's choice at the kink
    big = Value(800.0)
    with np.errstate(all="raise"):
        big.tanh().backward()                    # math.tanh: finite, no warning
    assert big.grad == 0.0
    with pytest.raises(OverflowError):
        Value(710.0).exp()                       # e^710 is beyond float64: said, not inf
