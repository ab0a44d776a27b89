"""Hidden tests of notebook 07: the Value engine, the tape's operations and gradient, and the
100 -> 10 -> 1 model of the notes (file 002), on inputs drawn at grading time."""

import numpy as np

import solutions
from autograder.hidden import HiddenTest
from course.exercises.nb07_autodiff import TAPE_PROGRAMS, VALUE_OPS, VALUE_PROGRAMS, mlp_case
from solutions import autodiff

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
    HiddenTest("value_ops", solutions.Value, value_ops_cases, rtol=1e-9, atol=1e-12),
    HiddenTest("value_backward", solutions.Value, value_backward_cases, rtol=1e-9, atol=1e-12),
    HiddenTest("tape_add", autodiff.add, add_cases, rtol=1e-5, atol=1e-6),
    HiddenTest("tape_matmul", autodiff.matmul, matmul_cases, rtol=1e-5, atol=1e-6),
    HiddenTest("tape_sigmoid", autodiff.sigmoid, sigmoid_cases, rtol=1e-6, atol=1e-12),
    HiddenTest("tape_log", autodiff.log, log_cases, rtol=1e-6, atol=1e-12),
    HiddenTest("tape_mean", autodiff.mean, mean_cases, rtol=1e-6, atol=1e-12),
    HiddenTest("tape_gradient", autodiff.Tape, tape_gradient_cases, rtol=1e-9, atol=1e-12),
    HiddenTest("mlp_by_hand", solutions.mlp_gradients_by_hand, mlp_cases, rtol=1e-6,
               atol=1e-10),
    HiddenTest("mlp_tape", solutions.mlp_gradients_tape, mlp_cases, rtol=1e-6, atol=1e-10),
    HiddenTest("train_mlp", solutions.train_mlp, train_cases, rtol=1e-6, atol=1e-10),
]
