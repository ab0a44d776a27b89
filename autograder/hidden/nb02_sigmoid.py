"""Hidden tests of notebook 02: sigmoid, the chain of sigmoid units, the Sigmoid and Relu
layers, binary cross-entropy and its derivative, and the squared error at a sigmoid output,
on inputs drawn at grading time (extreme values and float32 included)."""

import numpy as np

import solutions
from autograder.hidden import HiddenTest

# Shapes for element-wise functions: one example, a column, a batch, a 3-d array.
SHAPES = [(1,), (1, 1), (1, 5), (4, 3), (6, 1), (2, 3, 4)]
# Inputs far out on both sides: exp(-x) overflows float64 below -709 and float32 below -88.
EXTREMES = [-1000.0, -800.0, -710.0, -100.0, -40.0, 40.0, 100.0, 710.0, 800.0, 1000.0]


def with_extremes(rng, shape, dtype=np.float64):
    """Normal values with about half of the entries replaced by extreme ones."""
    x = rng.normal(size=shape) * 3
    mask = rng.random(size=shape) < 0.5
    x[mask] = rng.choice(EXTREMES, size=int(mask.sum()))
    return x.astype(dtype)


def sigmoid_cases(rng):
    cases = [{"x": float(rng.normal() * 3)}, {"x": float(rng.choice([-1000.0, 1000.0]))}]
    cases += [{"x": rng.normal(size=shape) * 4} for shape in SHAPES]
    cases += [{"x": with_extremes(rng, (3, 5))}, {"x": with_extremes(rng, (1, 8))},
              {"x": np.array(EXTREMES)}]
    cases += [{"x": (rng.normal(size=(4, 3)) * 4).astype(np.float32)},
              {"x": with_extremes(rng, (2, 6), np.float32)},
              {"x": np.array(EXTREMES, dtype=np.float32)}]
    return cases


LAYER_SHAPES = [((1, 1), np.float64), ((1, 4), np.float64), ((3, 5), np.float64),
                ((6, 2), np.float64), ((2, 3, 4), np.float64), ((4, 3), np.float32),
                ((1, 7), np.float32)]


def sigmoid_layer_cases(rng):
    """Random batches, then batches with extreme inputs, where a forward that does not use
    the stable sigmoid overflows."""
    cases = [{"x": (rng.normal(size=shape) * 3).astype(dtype),
              "dout": rng.normal(size=shape).astype(dtype)} for shape, dtype in LAYER_SHAPES]
    for shape, dtype in [((3, 4), np.float64), ((1, 6), np.float64), ((2, 5), np.float32)]:
        cases.append({"x": with_extremes(rng, shape, dtype),
                      "dout": rng.normal(size=shape).astype(dtype)})
    return cases


def relu_layer_cases(rng):
    """Random batches with about a quarter of the inputs exactly 0. ReLU has no derivative
    at 0, and both masks, x <= 0 and x < 0, are right: dout is 0 there, so that either
    gives the reference's dx, while the forward is still graded at 0."""
    cases = []
    for shape, dtype in LAYER_SHAPES:
        x = rng.normal(size=shape) * 3
        x[rng.random(size=shape) < 0.25] = 0.0
        dout = np.where(x == 0, 0.0, rng.normal(size=shape))
        cases.append({"x": x.astype(dtype), "dout": dout.astype(dtype)})
    return cases


def probabilities(rng, shape, dtype=np.float64, low=0.02, high=0.98):
    a = rng.uniform(low, high, size=shape).astype(dtype)
    y = rng.integers(0, 2, size=shape).astype(dtype)
    return a, y


def loss_cases(rng):
    cases = []
    for shape in [(1,), (1, 1), (5,), (4, 3), (6, 1)]:
        a, y = probabilities(rng, shape)
        cases.append({"a": a, "y": y})
    a, y = probabilities(rng, (3, 4))
    cases.append({"a": a, "y": y.astype(np.int64)})
    for shape in [(4, 3), (1, 5)]:
        a, y = probabilities(rng, shape, np.float32)
        cases.append({"a": a, "y": y})
    # Probabilities of exactly 0 and 1, right and wrong, among ordinary ones.
    a = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    order = rng.permutation(len(a))
    cases.append({"a": a[order], "y": y[order]})
    return cases


def sigmoid_chain_cases(rng):
    """Chains of 1 to 12 layers with small, medium and large weights; one whose z stays at 0
    (the gradient explodes); one with saturated units on both sides."""
    cases = []
    for n, scale in [(1, 1.0), (2, 2.0), (3, 0.5), (5, 4.0), (8, 2.0), (12, 1.0), (6, 8.0)]:
        cases.append({"x": float(rng.normal()), "w": rng.normal(size=n) * scale,
                      "b": rng.normal(size=n)})
    n = int(rng.integers(3, 9))
    weight = float(rng.uniform(4.5, 8.0))
    cases.append({"x": 0.5, "w": np.full(n, weight), "b": np.full(n, -weight / 2)})
    w = rng.normal(size=5) * 2
    w[rng.permutation(5)[:2]] = [1000.0, -1000.0]
    cases.append({"x": float(rng.uniform(0.5, 2.0)), "w": w, "b": rng.normal(size=5)})
    return cases


def squared_error_cases(rng):
    cases = [{"z": float(rng.normal() * 3), "y": float(rng.integers(0, 2))}]
    for shape in [(1,), (5,), (4, 3), (6, 1), (2, 3, 2)]:
        cases.append({"z": rng.normal(size=shape) * 3,
                      "y": rng.integers(0, 2, size=shape).astype(np.float64)})
    cases.append({"z": rng.normal(size=(3, 4)) * 3, "y": rng.integers(0, 2, size=(3, 4))})
    cases.append({"z": with_extremes(rng, (3, 5)),
                  "y": rng.integers(0, 2, size=(3, 5)).astype(np.float64)})
    for shape in [(4, 3), (1, 6)]:
        cases.append({"z": (rng.normal(size=shape) * 3).astype(np.float32),
                      "y": rng.integers(0, 2, size=shape).astype(np.float32)})
    cases.append({"z": with_extremes(rng, (2, 6), np.float32),
                  "y": rng.integers(0, 2, size=(2, 6)).astype(np.float32)})
    return cases


HIDDEN = [
    HiddenTest("sigmoid", solutions.sigmoid, sigmoid_cases, rtol=1e-5, atol=1e-7),
    HiddenTest("sigmoid_chain", solutions.sigmoid_chain, sigmoid_chain_cases,
               rtol=1e-6, atol=1e-12, check_dtype=False),
    HiddenTest("sigmoid_layer", solutions.Sigmoid, sigmoid_layer_cases, rtol=1e-5, atol=1e-7),
    HiddenTest("relu_layer", solutions.Relu, relu_layer_cases, rtol=1e-6, atol=1e-9),
    HiddenTest("binary_cross_entropy", solutions.binary_cross_entropy, loss_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest("binary_cross_entropy_derivative", solutions.binary_cross_entropy_derivative,
               loss_cases, rtol=1e-5, atol=1e-6),
    HiddenTest("sigmoid_squared_error", solutions.sigmoid_squared_error, squared_error_cases,
               rtol=1e-5, atol=1e-7),
]
