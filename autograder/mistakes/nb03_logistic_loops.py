"""Known mistakes of notebook 03: logistic regression on one example, the for-loop over m
examples, and gradient descent with it.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import numpy as np

from autograder.mistakes import Mistake
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
    Mistake("logistic_one_example", "dz = y - a", one_example_dz_sign, DZ_SIGN_HINT),
    Mistake("logistic_one_example", "dz = da, sigmoid' forgotten", one_example_da_only,
            DA_ONLY_HINT),
    Mistake("logistic_one_example", "d_loss without the factor a", one_example_notes_d_loss,
            NOTES_DLOSS_HINT, seed="000"),
    Mistake("logistic_one_example", "sigmoid' without the upstream gradient",
            one_example_local_only, LOCAL_ONLY_HINT),
    Mistake("logistic_one_example", "dz = a", one_example_dz_is_a, DZ_IS_A_HINT),
    Mistake("logistic_one_example", "the loss sign", one_example_notes_loss_sign,
            LOSS_SIGN_HINT, seed="000"),
    Mistake("logistic_one_example", "dw = w * dz", one_example_dw_w_times_dz,
            W_TIMES_DZ_HINT),
    Mistake("logistic_one_example", "dw = dz, x forgotten", one_example_dw_is_dz,
            DW_IS_DZ_HINT),
    Mistake("logistic_one_example", "log10 instead of log", one_example_log10, LOG10_HINT),
    Mistake("logistic_one_example", "dz = da * a * (1 - a), NaN at a = 1",
            one_example_dz_through_da, SATURATED_DZ_HINT),
    Mistake("logistic_one_example", "the loss not clipped", one_example_loss_unclipped,
            SATURATED_LOSS_HINT),
    Mistake("logistic_one_example", "log(a + 1e-7)", one_example_log_guard,
            "np.log(a + 1e-7) guards against log(0) when a rounds to 0 or 1; it changes the "
            "loss by about 1e-7, far below what the checks notice, and the gradients not at "
            "all. Fine.", harmless=True),
    # logistic_loop
    Mistake("logistic_loop", "1/m forgotten", loop_without_1_over_m, FORGOT_M),
    Mistake("logistic_loop", "accumulators reset inside the loop", loop_reset_inside, RESET),
    Mistake("logistic_loop", "divided by m inside the loop", loop_divide_inside,
            DIVIDE_INSIDE),
    Mistake("logistic_loop", "divided by n", loop_divide_by_n, DIVIDE_BY_N),
    Mistake("logistic_loop", "dz = y - a", loop_dz_sign, DZ_SIGN_HINT),
    Mistake("logistic_loop", "dz = da, sigmoid' forgotten", loop_da_only, DA_ONLY_HINT),
    Mistake("logistic_loop", "d_loss without the factor a", loop_notes_d_loss, NOTES_DLOSS_HINT,
            seed="000"),
    Mistake("logistic_loop", "the loss sign", loop_notes_loss_sign, LOSS_SIGN_HINT,
            seed="000"),
    Mistake("logistic_loop", "X[j, i], examples as columns", loop_examples_as_columns,
            "dw[j] += X[j, i] * dz reads X as if examples were its columns. " + ROWS_HINT
            + " Write dw[j] += X[i, j] * dz."),
    Mistake("logistic_loop", "the whole row added for each feature",
            loop_whole_row_per_feature,
            "inside `for j in range(n)` you add the whole row, dw += X[i] * dz, so each "
            "example counts n times. Either the loop over j with dw[j] += X[i, j] * dz, or "
            "dw += X[i] * dz once per example, without the inner loop."),
    # logistic_descent
    Mistake("logistic_descent", "the update rebinds a loop name", descent_rebinds_loop_name,
            REBIND_HINT, seed="002"),
    Mistake("logistic_descent", "w updated in place", descent_in_place, IN_PLACE_HINT),
    Mistake("logistic_descent", "uphill", descent_uphill, UPHILL_HINT),
    Mistake("logistic_descent", "b never updated", descent_b_frozen, B_FROZEN_HINT),
    Mistake("logistic_descent", "the gradient computed once", descent_gradient_once,
            STALE_HINT),
    Mistake("logistic_descent", "the cost recorded after the update",
            descent_cost_after_update, COST_AFTER_HINT),
    Mistake("logistic_descent", "learning_rate forgotten", descent_without_learning_rate,
            NO_RATE_HINT),
    Mistake("logistic_descent", "an update after every example", descent_update_per_example,
            PER_EXAMPLE_HINT),
]
