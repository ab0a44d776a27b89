"""The instructor's half of notebook 03's exercises: hidden tests and known mistakes.

Hidden tests: logistic regression on one example, the for-loop over m examples and
gradient descent with it, on inputs drawn at grading time. The first two certify the
derivation (dz = a - y, dw = x dz) written out: ``numerical_gradient`` (and, for the loop,
``logistic_one_example``) are withheld, and the float64 cases include features of very
different scales, compared to 1e-6, where central differences fall short.

Known mistakes: each is an edit of the source notebook's answer, except the shortcuts
(central differences, a sibling answer), which are code: no edit of the answer says them.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course.exercises.nb03_logistic_loops import (
    B_FROZEN_HINT,
    COLUMNS_HINT,
    COST_AFTER_HINT,
    DA_ONLY_HINT,
    DIVIDE_BY_N,
    DIVIDE_INSIDE,
    DW_IS_DZ_HINT,
    DZ_IS_A_HINT,
    DZ_SIGN_HINT,
    FORGOT_M,
    IN_PLACE_HINT,
    LOCAL_ONLY_HINT,
    LOG10_HINT,
    LOGISTIC_DESCENT,
    LOGISTIC_LOOP,
    LOGISTIC_ONE_EXAMPLE,
    LOOP_CALLS_ONE_EXAMPLE_HINT,
    LOOP_NUMERICAL_HINT,
    LOSS_SIGN_HINT,
    NO_RATE_HINT,
    NOTES_DLOSS_HINT,
    ONE_EXAMPLE_NUMERICAL_HINT,
    PER_EXAMPLE_HINT,
    REBIND_HINT,
    RESET,
    SATURATED_DZ_HINT,
    SATURATED_LOSS_HINT,
    STALE_HINT,
    UPHILL_HINT,
    W_TIMES_DZ_HINT,
    WHOLE_ROW_HINT,
)
from course.gradcheck import numerical_gradient

# The reference's one-example answer under the notebook's name: a loop that calls it meets
# the withheld name, as a learner's does.
logistic_one_example = solutions.logistic_gradients_one_example


def reference_descent(w, b, X, Y, learning_rate, iterations):
    return solutions.gradient_descent(w, b, X, Y, learning_rate, iterations,
                                      gradients=solutions.logistic_gradients_loop)


def _labels(rng, z):
    """Labels 0/1 for the scores z (m,), each example's loss at least 0.2 (a confident and
    right example has a loss near 0, where a guard of 1e-7 inside the logarithm, which is
    fine, would be a large relative change): y = 0 above z = 1.2, 1 below -1.2, else at
    random."""
    Y = (rng.random(len(z)) < 0.5).astype(np.float64)
    Y[z > 1.2], Y[z < -1.2] = 0.0, 1.0
    return Y


def _scaled(rng, n, wide):
    """Feature scales (n,) and weights w (n,) with w_j x_j of order one: all of scale 1, or
    (``wide``) from 1e-4 to 1e4, the first from 3000 to 10000 and the last (n > 1) from 1e-4
    to 3e-4. No single step h of central differences gets both right to 1e-6: a step small
    enough for the large features' curvature drowns the small ones' gradients in rounding."""
    if not wide:
        return np.ones(n), rng.normal(size=n) * 0.6 / np.sqrt(n)
    scales = 10.0 ** rng.uniform(-4, 4, size=n)
    scales[0] = 10.0 ** rng.uniform(3.5, 4)
    if n > 1:
        scales[-1] = 10.0 ** rng.uniform(-4, -3.5)
    return scales, rng.normal(size=n) * 0.6 / np.sqrt(n) / scales


def _features(rng, shape, scales):
    """Features of the given scales: magnitudes from 0.5 to 1.5 times the scale, random signs."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 1.5, size=shape) * scales


def _problem(rng, m, n, wide=False):
    """X (m, n), Y (m,), w (n,), b: |z| of a few units, every loss at least 0.2."""
    scales, w = _scaled(rng, n, wide)
    X, b = _features(rng, (m, n), scales), float(rng.normal() * 0.5)
    return {"w": w, "b": b, "X": X, "Y": _labels(rng, X @ w + b)}


def one_example_cases(rng):
    """float64 only (the tolerance is float64's). z is set: 0.6 to 1.2 on the label's side,
    or 0.6 to 2.5 on the other (a loss of at least 0.2, and z away from 0, where the third
    derivative that makes the error of central differences vanishes)."""
    cases = []
    for n, y, wide in [(1, 0.0, False), (1, 1.0, False), (2, 0.0, False), (2, 1.0, False),
                       (4, 1.0, False), (7, 0.0, False), (3, 1.0, True), (5, 0.0, True),
                       (2, 1.0, True), (1, 0.0, True)]:
        scales, w = _scaled(rng, n, wide)
        x = _features(rng, n, scales)
        toward = 1.0 if y == 1.0 else -1.0
        if rng.random() < 0.5:
            z = toward * rng.uniform(0.6, 1.2)
        else:
            z = -toward * rng.uniform(0.6, 2.5)
        cases.append({"w": w, "b": float(z - np.dot(w, x)), "x": x, "y": y})
    return cases


def loop_cases(rng):
    cases = [_problem(rng, m, n) for m, n in [(1, 1), (1, 4), (2, 2), (5, 3), (3, 5), (8, 2),
                                              (4, 4)]]
    cases += [_problem(rng, m, n, wide=True) for m, n in [(6, 3), (3, 5), (4, 2), (5, 4)]]
    return cases


def descent_cases(rng):
    cases = []
    for (m, n), learning_rate, iterations in [((1, 2), 0.5, 3), ((4, 3), 0.3, 10),
                                              ((6, 2), 1.0, 15), ((3, 3), 0.1, 1),
                                              ((5, 4), 0.2, 6)]:
        cases.append({**_problem(rng, m, n), "learning_rate": learning_rate,
                      "iterations": iterations})
    problem = _problem(rng, 5, 2)
    cases.append({**problem, "X": problem["X"].astype(np.float32),
                  "w": problem["w"].astype(np.float32), "learning_rate": 0.5, "iterations": 8})
    return cases


HIDDEN = [
    HiddenTest(LOGISTIC_ONE_EXAMPLE, solutions.logistic_gradients_one_example,
               one_example_cases, rtol=1e-6, atol=1e-12, check_dtype=False),
    HiddenTest(LOGISTIC_LOOP, solutions.logistic_gradients_loop, loop_cases,
               rtol=1e-6, atol=1e-12, check_dtype=False),
    HiddenTest(LOGISTIC_DESCENT, reference_descent, descent_cases, rtol=1e-5, atol=1e-6,
               check_dtype=False),
]


# --------------------------------------------------------------------------------------
# Shortcuts: no edit of the answer says them
# --------------------------------------------------------------------------------------


def sigmoid(z):
    """The notebook's sigmoid."""
    return np.exp(-np.logaddexp(0, -z))


def _loss(w, b, x, y):
    a = np.clip(sigmoid(np.dot(w, x) + b), 1e-7, 1 - 1e-7)
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def one_example_central_differences(w, b, x, y):
    """The gradient by the learner's own central differences of the loss (h = 1e-5)."""
    h = 1e-5
    dw = np.zeros(len(w))
    for j in range(len(w)):
        step = np.zeros(len(w))
        step[j] = h
        dw[j] = (_loss(w + step, b, x, y) - _loss(w - step, b, x, y)) / (2 * h)
    db = (_loss(w, b + h, x, y) - _loss(w, b - h, x, y)) / (2 * h)
    return _loss(w, b, x, y), dw, db


def loop_numerical_gradient(w, b, X, Y):
    """J by the loop, its gradient by the course's numerical_gradient (withheld)."""
    def cost(w, b):
        return np.mean([_loss(w, b, x, y) for x, y in zip(X, Y)])

    dw = numerical_gradient(lambda p: cost(p, b), w)
    db = numerical_gradient(lambda p: cost(w, p[0]), [b])[0]
    return cost(w, b), dw, db


def loop_calls_one_example(w, b, X, Y):
    """The loop over the examples around the sibling exercise's answer (withheld)."""
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        L, dw_i, db_i = logistic_one_example(w, b, X[i], Y[i])
        J, dw, db = J + L, dw + dw_i, db + db_i
    return J / m, dw / m, db / m


DZ = "dz = a - y"              # the line of logistic_one_example's answer that derives dz
LOSS = "L = -(y * np.log(a_clipped) + (1 - y) * np.log(1 - a_clipped))"
LOOP_DZ = "dz = a - Y[i]"
LOOP_LOSS = "J += -(Y[i] * np.log(a_clipped) + (1 - Y[i]) * np.log(1 - a_clipped))"
AVERAGE = "    J /= m\n    dw /= m\n    db /= m\n"
W_STEP, B_STEP = "w = w - learning_rate * dw", "b = b - learning_rate * db"
ITERATION = ("        J, dw, db = logistic_loop(w, b, X, Y)\n        costs.append(J)\n"
             "        w = w - learning_rate * dw\n        b = b - learning_rate * db\n")

MISTAKES = [
    # logistic_one_example
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = y - a", edit(DZ, "dz = y - a"), DZ_SIGN_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = da, sigmoid' forgotten",
            edit(DZ, "dz = -y / a + (1 - y) / (1 - a)"), DA_ONLY_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "d_loss without the factor a",
            edit(DZ, "da = (a - y) / ((1 - a) + 1e-7)\n    dz = da * a * (1 - a)"),
            NOTES_DLOSS_HINT, seed="000"),
    Mistake(LOGISTIC_ONE_EXAMPLE, "sigmoid' without the upstream gradient",
            edit(DZ, "dz = a * (1 - a)"), LOCAL_ONLY_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = a", edit(DZ, "dz = a"), DZ_IS_A_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "the loss sign",
            edit(LOSS, "L = -y * np.log(a_clipped) + (1 - y) * np.log(1 - a_clipped)"),
            LOSS_SIGN_HINT, seed="000"),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dw = w * dz", edit("dw = x * dz", "dw = w * dz"),
            W_TIMES_DZ_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dw = dz, x forgotten",
            edit("dw = x * dz", "dw = np.full(len(w), dz)"), DW_IS_DZ_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "log10 instead of log",
            edit(LOSS, "L = -(y * np.log10(a_clipped) + (1 - y) * np.log10(1 - a_clipped))"),
            LOG10_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = da * a * (1 - a), NaN at a = 1",
            edit(DZ, "da = -y / a + (1 - y) / (1 - a)\n    dz = da * a * (1 - a)"),
            SATURATED_DZ_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "the loss not clipped",
            edit(LOSS, "L = -(y * np.log(a) + (1 - y) * np.log(1 - a))"),
            SATURATED_LOSS_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "log(a + 1e-7)",
            edit(LOSS, "L = -(y * np.log(a + 1e-7) + (1 - y) * np.log(1 - a + 1e-7))"),
            "a guard of 1e-7 inside the logarithm keeps it away from log(0) as clipping does; "
            "it changes the loss by about 1e-7 (relative 3e-7 at most for |z| of a few "
            "units), below the tolerance of 1e-6, and the gradients not at all. Fine.",
            harmless=True),
    Mistake(LOGISTIC_ONE_EXAMPLE, "central differences instead of the derivation",
            one_example_central_differences, ONE_EXAMPLE_NUMERICAL_HINT),
    # logistic_loop
    Mistake(LOGISTIC_LOOP, "1/m forgotten", edit(AVERAGE, ""), FORGOT_M, demo=True),
    Mistake(LOGISTIC_LOOP, "accumulators reset inside the loop",
            edit("    J = 0.0\n    dw = np.zeros(n)\n    db = 0.0\n    for i in range(m):\n",
                 "    for i in range(m):\n        J = 0.0\n        dw = np.zeros(n)\n"
                 "        db = 0.0\n"), RESET),
    Mistake(LOGISTIC_LOOP, "divided by m inside the loop",
            edit("        db += dz\n" + AVERAGE,
                 "        db += dz\n        J /= m\n        dw /= m\n        db /= m\n"),
            DIVIDE_INSIDE),
    Mistake(LOGISTIC_LOOP, "divided by n", edit(AVERAGE, AVERAGE.replace("= m", "= n")),
            DIVIDE_BY_N),
    Mistake(LOGISTIC_LOOP, "dz = y - a", edit(LOOP_DZ, "dz = Y[i] - a"), DZ_SIGN_HINT),
    Mistake(LOGISTIC_LOOP, "dz = da, sigmoid' forgotten",
            edit(LOOP_DZ, "dz = -Y[i] / a + (1 - Y[i]) / (1 - a)"), DA_ONLY_HINT),
    Mistake(LOGISTIC_LOOP, "d_loss without the factor a",
            edit(LOOP_DZ, "da = (a - Y[i]) / ((1 - a) + 1e-7)\n        dz = da * a * (1 - a)"),
            NOTES_DLOSS_HINT, seed="000"),
    Mistake(LOGISTIC_LOOP, "the loss sign",
            edit(LOOP_LOSS,
                 "J += -Y[i] * np.log(a_clipped) + (1 - Y[i]) * np.log(1 - a_clipped)"),
            LOSS_SIGN_HINT, seed="000"),
    Mistake(LOGISTIC_LOOP, "X[j, i], examples as columns",
            edit("dw[j] += X[i, j] * dz", "dw[j] += X[j, i] * dz"), COLUMNS_HINT),
    Mistake(LOGISTIC_LOOP, "the whole row added for each feature",
            edit("dw[j] += X[i, j] * dz", "dw += X[i] * dz"), WHOLE_ROW_HINT),
    Mistake(LOGISTIC_LOOP, "the numerical gradient", loop_numerical_gradient,
            LOOP_NUMERICAL_HINT),
    Mistake(LOGISTIC_LOOP, "logistic_one_example called for each example",
            loop_calls_one_example, LOOP_CALLS_ONE_EXAMPLE_HINT),
    # logistic_descent
    Mistake(LOGISTIC_DESCENT, "the update rebinds a loop name",
            edit(f"        {W_STEP}\n        {B_STEP}\n",
                 "        for p, g in zip([w, b], [dw, db]):\n"
                 "            p = p - learning_rate * g\n"), REBIND_HINT, seed="002"),
    Mistake(LOGISTIC_DESCENT, "w updated in place",
            edits((W_STEP, "w -= learning_rate * dw"), (B_STEP, "b -= learning_rate * db")),
            IN_PLACE_HINT),
    Mistake(LOGISTIC_DESCENT, "uphill",
            edits((W_STEP, "w = w + learning_rate * dw"), (B_STEP, "b = b + learning_rate * db")),
            UPHILL_HINT),
    Mistake(LOGISTIC_DESCENT, "b never updated", edit(f"        {B_STEP}\n", ""),
            B_FROZEN_HINT),
    Mistake(LOGISTIC_DESCENT, "the gradient computed once",
            edit("    for _ in range(iterations):\n"
                 "        J, dw, db = logistic_loop(w, b, X, Y)\n",
                 "    J, dw, db = logistic_loop(w, b, X, Y)\n"
                 "    for _ in range(iterations):\n"), STALE_HINT),
    Mistake(LOGISTIC_DESCENT, "the cost recorded after the update",
            edits(("J, dw, db = logistic_loop(w, b, X, Y)\n        costs.append(J)\n",
                   "_, dw, db = logistic_loop(w, b, X, Y)\n"),
                  (f"{B_STEP}\n",
                   f"{B_STEP}\n        costs.append(logistic_loop(w, b, X, Y)[0])\n")),
            COST_AFTER_HINT),
    Mistake(LOGISTIC_DESCENT, "learning_rate forgotten",
            edits((W_STEP, "w = w - dw"), (B_STEP, "b = b - db")), NO_RATE_HINT),
    Mistake(LOGISTIC_DESCENT, "an update after every example",
            edit(ITERATION,
                 "        costs.append(logistic_loop(w, b, X, Y)[0])\n"
                 "        for i in range(X.shape[0]):\n"
                 "            _, dw, db = logistic_loop(w, b, X[i:i + 1], Y[i:i + 1])\n"
                 f"            {W_STEP}\n            {B_STEP}\n"), PER_EXAMPLE_HINT),
]
