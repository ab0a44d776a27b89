"""Hidden tests of notebook 05: Affine, two Affine layers forward and backward, softmax,
cross-entropy, SoftmaxWithLoss and numerical_gradient, on inputs drawn at grading time."""

import numpy as np

import solutions
from autograder.hidden import HiddenTest
from course.exercises.nb05_affine_softmax import GRADIENT_FUNCTIONS

# (N, D, M): a batch of one, square W, square x (N == D), everything square, wide and tall.
AFFINE_SHAPES = [(1, 3, 2), (1, 1, 4), (4, 3, 3), (3, 3, 5), (3, 3, 3), (6, 5, 2), (2, 7, 9)]


def affine_cases(rng):
    cases = []
    for (n, d, m), dtype in zip(AFFINE_SHAPES + [(5, 4, 3), (1, 6, 6)],
                                [np.float64] * len(AFFINE_SHAPES) + [np.float32] * 2):
        cases.append({"W": rng.normal(size=(d, m)).astype(dtype),
                      "b": rng.normal(size=m).astype(dtype),
                      "x": rng.normal(size=(n, d)).astype(dtype),
                      "dout": rng.normal(size=(n, m)).astype(dtype)})
    return cases


def two_layer_cases(rng):
    cases = []
    for (n, d, h, m), dtype in [((1, 2, 3, 2), np.float64), ((5, 4, 6, 3), np.float64),
                                ((3, 3, 3, 3), np.float64), ((1, 1, 1, 1), np.float64),
                                ((6, 2, 7, 4), np.float64), ((2, 8, 5, 10), np.float32)]:
        shapes = {"x": (n, d), "W1": (d, h), "b1": (h,), "W2": (h, m), "b2": (m,),
                  "dout": (n, m)}
        cases.append({key: rng.normal(size=shape).astype(dtype)
                      for key, shape in shapes.items()})
    return cases


def extreme_scores(rng, n, c, dtype=np.float64):
    """Rows near +1e4, near -1e4, of small scores, and spanning -1e4..1e4, mixed in a batch."""
    offsets = rng.choice([1e4, -1e4, 0.0, 5e3], size=(n, 1))
    x = offsets + rng.normal(size=(n, c))
    x[0] = np.linspace(-1e4, 1e4, c)[rng.permutation(c)]
    return x.astype(dtype)


def softmax_cases(rng):
    cases = [{"x": rng.normal(size=shape) * 3} for shape in [(1, 5), (4, 10), (3, 3), (2, 1)]]
    cases.append({"x": rng.normal(size=(5, 4)).astype(np.float32)})
    cases.append({"x": extreme_scores(rng, 6, 5)})
    cases.append({"x": extreme_scores(rng, 4, 3, np.float32)})
    return cases


def likely_labels(rng, scores):
    """A label per row whose softmax probability is at least 0.05.

    A probability of 1e-6 would be read differently by ``np.log(y + 1e-7)`` (the notes'
    guard) and by the reference's ``np.log(np.maximum(y, 1e-7))``; both are right.
    """
    y = solutions.softmax(scores.astype(np.float64))
    return np.array([rng.choice(np.flatnonzero(row >= 0.05)) for row in y])


def targets(labels, classes, dtype, one_hot):
    return np.eye(classes, dtype=dtype)[labels] if one_hot else labels.astype(np.int64)


def cross_entropy_cases(rng):
    cases = []
    for (n, c), dtype, one_hot in [((1, 4), np.float64, False), ((1, 4), np.float64, True),
                                   ((5, 10), np.float64, False), ((5, 10), np.float64, True),
                                   ((3, 3), np.float64, False), ((4, 6), np.float32, False),
                                   ((4, 6), np.float32, True)]:
        scores = rng.normal(size=(n, c))
        labels = likely_labels(rng, scores)
        cases.append({"y": solutions.softmax(scores).astype(dtype),
                      "t": targets(labels, c, dtype, one_hot)})
    # Probabilities of exactly 0, at other classes and at the right one.
    y = np.array([[0.0, 0.3, 0.7, 0.0], [0.5, 0.0, 0.0, 0.5], [0.0, 1.0, 0.0, 0.0]])
    for one_hot in (False, True):
        cases.append({"y": y, "t": targets(np.array([2, 1, 1]), 4, np.float64, one_hot)})
    return cases


def softmax_with_loss_cases(rng):
    cases = []
    for (n, c), dtype, one_hot, extreme in [
            ((1, 3), np.float64, False, False), ((1, 10), np.float64, True, False),
            ((6, 10), np.float64, False, False), ((4, 4), np.float64, True, False),
            ((5, 3), np.float32, False, False), ((5, 3), np.float32, True, False),
            ((7, 5), np.float64, False, True), ((6, 5), np.float64, True, True),
            ((4, 6), np.float32, False, True)]:
        x = extreme_scores(rng, n, c, dtype) if extreme else rng.normal(size=(n, c)).astype(dtype)
        labels = likely_labels(rng, x)
        cases.append({"x": x, "t": targets(labels, c, dtype, one_hot),
                      "dout": float(rng.choice([1.0, 1.0, 0.5, 3.0]))})
    return cases


def numerical_gradient_cases(rng):
    return [{"x": rng.uniform(-2, 2, size=shape), "which": which}
            for which in range(len(GRADIENT_FUNCTIONS))
            for shape in [(1,), (4,), (2, 3), (3, 1), (2, 2, 2)]]


HIDDEN = [
    HiddenTest("affine", solutions.Affine, affine_cases, rtol=1e-5, atol=1e-5),
    HiddenTest("two_layer_backprop", solutions.two_layer_backprop, two_layer_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest("softmax", solutions.softmax, softmax_cases, rtol=1e-5, atol=1e-7),
    HiddenTest("cross_entropy", solutions.cross_entropy_error, cross_entropy_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest("softmax_with_loss", solutions.SoftmaxWithLoss, softmax_with_loss_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest("numerical_gradient", solutions.numerical_gradient, numerical_gradient_cases,
               rtol=1e-5, atol=1e-6),
]
