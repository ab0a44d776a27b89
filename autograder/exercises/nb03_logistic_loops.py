"""The instructor's half of notebook 03's exercises: hidden tests and known mistakes.

Hidden tests of notebook 03: logistic regression on one example, the for-loop over m
examples and gradient descent with it, on inputs drawn at grading time.

Known mistakes of notebook 03: logistic regression on one example, the for-loop over m
examples, and gradient descent with it.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake
from course.exercises.nb03_logistic_loops import (
    B_FROZEN_HINT,
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
    LOSS_SIGN_HINT,
    NO_RATE_HINT,
    NOTES_DLOSS_HINT,
    PER_EXAMPLE_HINT,
    REBIND_HINT,
    RESET,
    ROWS_HINT,
    SATURATED_DZ_HINT,
    SATURATED_LOSS_HINT,
    STALE_HINT,
    UPHILL_HINT,
    W_TIMES_DZ_HINT,
)


def reference_descent(w, b, X, Y, learning_rate, iterations):
    return solutions.gradient_descent(w, b, X, Y, learning_rate, iterations,
                                      gradients=solutions.logistic_gradients_loop)


def _labels(rng, m, dtype=np.float64):
    """m labels 0/1 with both classes present when m >= 2."""
    Y = (rng.random(m) < 0.5).astype(dtype)
    if m >= 2:
        Y[rng.permutation(m)[:2]] = [0, 1]
    return Y


def _problem(rng, m, n, dtype=np.float64):
    """X (m, n), Y (m,), w (n,), b: moderate values, so that no a is exactly 0 or 1."""
    return {"w": (rng.normal(size=n) * 0.6).astype(dtype), "b": float(rng.normal() * 0.5),
            "X": rng.normal(size=(m, n)).astype(dtype), "Y": _labels(rng, m, dtype)}


def one_example_cases(rng):
    cases = []
    for n, y in [(1, 0.0), (1, 1.0), (2, 0.0), (2, 1.0), (4, 1.0), (7, 0.0)]:
        cases.append({"w": rng.normal(size=n) * 0.6, "b": float(rng.normal() * 0.5),
                      "x": rng.normal(size=n), "y": y})
    cases.append({"w": (rng.normal(size=3) * 0.6).astype(np.float32), "b": 0.25,
                  "x": rng.normal(size=3).astype(np.float32), "y": 1.0})
    return cases


def loop_cases(rng):
    cases = [_problem(rng, m, n) for m, n in [(1, 1), (1, 4), (2, 2), (5, 3), (3, 5), (8, 2),
                                              (4, 4)]]
    cases.append(_problem(rng, 6, 3, np.float32))
    return cases


def descent_cases(rng):
    cases = []
    for (m, n), learning_rate, iterations in [((1, 2), 0.5, 3), ((4, 3), 0.3, 10),
                                              ((6, 2), 1.0, 15), ((3, 3), 0.1, 1),
                                              ((5, 4), 0.2, 6)]:
        cases.append({**_problem(rng, m, n), "learning_rate": learning_rate,
                      "iterations": iterations})
    cases.append({**_problem(rng, 5, 2, np.float32), "learning_rate": 0.5, "iterations": 8})
    return cases


HIDDEN = [
    HiddenTest(LOGISTIC_ONE_EXAMPLE, solutions.logistic_gradients_one_example,
               one_example_cases,
               rtol=1e-5, atol=1e-6, check_dtype=False),
    HiddenTest(LOGISTIC_LOOP, solutions.logistic_gradients_loop, loop_cases,
               rtol=1e-5, atol=1e-6,
               check_dtype=False),
    HiddenTest(LOGISTIC_DESCENT, reference_descent, descent_cases, rtol=1e-5, atol=1e-6,
               check_dtype=False),
]


def sigmoid(z):
    """The notebook's sigmoid."""
    return np.exp(-np.logaddexp(0, -z))


def _loss(a, y):
    """The loss as the notebook computes it: a clipped for the logarithm."""
    a = np.clip(a, 1e-7, 1 - 1e-7)
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


# --------------------------------------------------------------------------------------
# logistic_one_example
# --------------------------------------------------------------------------------------


def one_example_dz_sign(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    dz = y - a
    return L, x * dz, dz


def one_example_da_only(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    dz = -y / a + (1 - y) / (1 - a)
    return L, x * dz, dz


def one_example_notes_d_loss(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    da = (a - y) / ((1 - a) + 1e-7)
    dz = da * a * (1 - a)
    return L, x * dz, dz


def one_example_local_only(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    dz = a * (1 - a)
    return L, x * dz, dz


def one_example_dz_is_a(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    dz = a
    return L, x * dz, dz


def one_example_notes_loss_sign(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    c = np.clip(a, 1e-7, 1 - 1e-7)
    L = -y * np.log(c) + (1 - y) * np.log(1 - c)
    dz = a - y
    return L, x * dz, dz


def one_example_dw_w_times_dz(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    dz = a - y
    return L, w * dz, dz


def one_example_dw_is_dz(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    dz = a - y
    return L, np.full(len(w), dz), dz


def one_example_log10(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    c = np.clip(a, 1e-7, 1 - 1e-7)
    L = -(y * np.log10(c) + (1 - y) * np.log10(1 - c))
    dz = a - y
    return L, x * dz, dz


def one_example_dz_through_da(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = _loss(a, y)
    da = -y / a + (1 - y) / (1 - a)
    dz = da * a * (1 - a)
    return L, x * dz, dz


def one_example_loss_unclipped(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = -(y * np.log(a) + (1 - y) * np.log(1 - a))
    dz = a - y
    return L, x * dz, dz


def one_example_log_guard(w, b, x, y):
    a = sigmoid(np.dot(w, x) + b)
    L = -(y * np.log(a + 1e-7) + (1 - y) * np.log(1 - a + 1e-7))
    dz = a - y
    return L, x * dz, dz


# --------------------------------------------------------------------------------------
# logistic_loop
# --------------------------------------------------------------------------------------


def loop_without_1_over_m(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J, dw, db


def loop_reset_inside(w, b, X, Y):
    m, n = X.shape
    for i in range(m):
        J, dw, db = 0.0, np.zeros(n), 0.0
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / m, dw / m, db / m


def loop_divide_inside(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
        J /= m
        dw /= m
        db /= m
    return J, dw, db


def loop_divide_by_n(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / n, dw / n, db / n


def loop_dz_sign(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = Y[i] - a
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / m, dw / m, db / m


def loop_notes_loss_sign(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a)
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / m, dw / m, db / m


def loop_examples_as_columns(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[j, i] * dz
        db += dz
    return J / m, dw / m, db / m


def loop_whole_row_per_feature(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        for _ in range(n):
            dw += X[i] * dz
        db += dz
    return J / m, dw / m, db / m


def loop_da_only(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = -Y[i] / a + (1 - Y[i]) / (1 - a)
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / m, dw / m, db / m


def loop_notes_d_loss(w, b, X, Y):
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        da = (a - Y[i]) / ((1 - a) + 1e-7)
        dz = da * a * (1 - a)
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / m, dw / m, db / m


# --------------------------------------------------------------------------------------
# gradient_descent with the loop
# --------------------------------------------------------------------------------------


def logistic_loop(w, b, X, Y):
    """The right logistic_loop, which the notebook's gradient_descent calls."""
    m, n = X.shape
    J, dw, db = 0.0, np.zeros(n), 0.0
    for i in range(m):
        a = sigmoid(np.dot(w, X[i]) + b)
        J += -(Y[i] * np.log(a) + (1 - Y[i]) * np.log(1 - a))
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / m, dw / m, db / m


def descent_rebinds_loop_name(w, b, X, Y, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = logistic_loop(w, b, X, Y)
        costs.append(J)
        for p, g in zip([w, b], [dw, db]):
            p = p - learning_rate * g
    return w, b, costs


def descent_in_place(w, b, X, Y, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = logistic_loop(w, b, X, Y)
        costs.append(J)
        w -= learning_rate * dw
        b -= learning_rate * db
    return w, b, costs


def descent_uphill(w, b, X, Y, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = logistic_loop(w, b, X, Y)
        costs.append(J)
        w = w + learning_rate * dw
        b = b + learning_rate * db
    return w, b, costs


def descent_b_frozen(w, b, X, Y, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = logistic_loop(w, b, X, Y)
        costs.append(J)
        w = w - learning_rate * dw
    return w, b, costs


def descent_gradient_once(w, b, X, Y, learning_rate, iterations):
    costs = []
    J, dw, db = logistic_loop(w, b, X, Y)
    for _ in range(iterations):
        costs.append(J)
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return w, b, costs


def descent_cost_after_update(w, b, X, Y, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        _, dw, db = logistic_loop(w, b, X, Y)
        w = w - learning_rate * dw
        b = b - learning_rate * db
        costs.append(logistic_loop(w, b, X, Y)[0])
    return w, b, costs


def descent_without_learning_rate(w, b, X, Y, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = logistic_loop(w, b, X, Y)
        costs.append(J)
        w = w - dw
        b = b - db
    return w, b, costs


def descent_update_per_example(w, b, X, Y, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        costs.append(logistic_loop(w, b, X, Y)[0])
        for i in range(X.shape[0]):
            _, dw, db = logistic_loop(w, b, X[i:i + 1], Y[i:i + 1])
            w = w - learning_rate * dw
            b = b - learning_rate * db
    return w, b, costs


MISTAKES = [
    # logistic_one_example
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = y - a", one_example_dz_sign, DZ_SIGN_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = da, sigmoid' forgotten", one_example_da_only,
            DA_ONLY_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "d_loss without the factor a", one_example_notes_d_loss,
            NOTES_DLOSS_HINT, seed="000"),
    Mistake(LOGISTIC_ONE_EXAMPLE, "sigmoid' without the upstream gradient",
            one_example_local_only, LOCAL_ONLY_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = a", one_example_dz_is_a, DZ_IS_A_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "the loss sign", one_example_notes_loss_sign,
            LOSS_SIGN_HINT, seed="000"),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dw = w * dz", one_example_dw_w_times_dz,
            W_TIMES_DZ_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dw = dz, x forgotten", one_example_dw_is_dz,
            DW_IS_DZ_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "log10 instead of log", one_example_log10, LOG10_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "dz = da * a * (1 - a), NaN at a = 1",
            one_example_dz_through_da, SATURATED_DZ_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "the loss not clipped", one_example_loss_unclipped,
            SATURATED_LOSS_HINT),
    Mistake(LOGISTIC_ONE_EXAMPLE, "log(a + 1e-7)", one_example_log_guard,
            "np.log(a + 1e-7) guards against log(0) when a rounds to 0 or 1; it changes the "
            "loss by about 1e-7, far below what the checks notice, and the gradients not at "
            "all. Fine.", harmless=True),
    # logistic_loop
    Mistake(LOGISTIC_LOOP, "1/m forgotten", loop_without_1_over_m, FORGOT_M),
    Mistake(LOGISTIC_LOOP, "accumulators reset inside the loop", loop_reset_inside, RESET),
    Mistake(LOGISTIC_LOOP, "divided by m inside the loop", loop_divide_inside,
            DIVIDE_INSIDE),
    Mistake(LOGISTIC_LOOP, "divided by n", loop_divide_by_n, DIVIDE_BY_N),
    Mistake(LOGISTIC_LOOP, "dz = y - a", loop_dz_sign, DZ_SIGN_HINT),
    Mistake(LOGISTIC_LOOP, "dz = da, sigmoid' forgotten", loop_da_only, DA_ONLY_HINT),
    Mistake(LOGISTIC_LOOP, "d_loss without the factor a", loop_notes_d_loss, NOTES_DLOSS_HINT,
            seed="000"),
    Mistake(LOGISTIC_LOOP, "the loss sign", loop_notes_loss_sign, LOSS_SIGN_HINT,
            seed="000"),
    Mistake(LOGISTIC_LOOP, "X[j, i], examples as columns", loop_examples_as_columns,
            "dw[j] += X[j, i] * dz reads X as if examples were its columns. " + ROWS_HINT
            + " Write dw[j] += X[i, j] * dz."),
    Mistake(LOGISTIC_LOOP, "the whole row added for each feature",
            loop_whole_row_per_feature,
            "inside `for j in range(n)` you add the whole row, dw += X[i] * dz, so each "
            "example counts n times. Either the loop over j with dw[j] += X[i, j] * dz, or "
            "dw += X[i] * dz once per example, without the inner loop."),
    # logistic_descent
    Mistake(LOGISTIC_DESCENT, "the update rebinds a loop name", descent_rebinds_loop_name,
            REBIND_HINT, seed="002"),
    Mistake(LOGISTIC_DESCENT, "w updated in place", descent_in_place, IN_PLACE_HINT),
    Mistake(LOGISTIC_DESCENT, "uphill", descent_uphill, UPHILL_HINT),
    Mistake(LOGISTIC_DESCENT, "b never updated", descent_b_frozen, B_FROZEN_HINT),
    Mistake(LOGISTIC_DESCENT, "the gradient computed once", descent_gradient_once,
            STALE_HINT),
    Mistake(LOGISTIC_DESCENT, "the cost recorded after the update",
            descent_cost_after_update, COST_AFTER_HINT),
    Mistake(LOGISTIC_DESCENT, "learning_rate forgotten", descent_without_learning_rate,
            NO_RATE_HINT),
    Mistake(LOGISTIC_DESCENT, "an update after every example", descent_update_per_example,
            PER_EXAMPLE_HINT),
]
