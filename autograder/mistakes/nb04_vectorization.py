"""Known mistakes of notebook 04: logistic regression without loops, gradient descent for
any parameter shapes, and softmax regression.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import numpy as np

from autograder.mistakes import Mistake
from course.exercises.nb04_vectorization import (
    ARGMAX_HINT,
    B_FROZEN_HINT,
    B_WITH_DW_HINT,
    BROADCAST_HINT,
    COLUMNS_HINT,
    COST_AFTER_HINT,
    DZ_SIGN_HINT,
    FLOAT32_HINT,
    IN_PLACE_HINT,
    LOSS_SIGN_HINT,
    NO_TRANSPOSE_HINT,
    REBIND_HINT,
    ROW_MAX_HINT,
    SEED_BIAS_HINT,
    SIGMOID_PER_CLASS_HINT,
    SOFTMAX_MEAN_HINT,
    SOFTMAX_NO_TRANSPOSE_HINT,
    SOFTMAX_SIGN_HINT,
    STALE_HINT,
    SUM_NOT_MEAN_HINT,
    UPHILL_HINT,
    WHY_TRANSPOSE,
)


def sigmoid(z):
    """The notebook's sigmoid."""
    return np.exp(-np.logaddexp(0, -z))


def softmax(Z):
    """The notebook's softmax, row by row."""
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return E / np.sum(E, axis=1, keepdims=True)


# --------------------------------------------------------------------------------------
# logistic_vectorized
# --------------------------------------------------------------------------------------


def logistic_sum_not_mean(w, b, X, Y):
    A = sigmoid(X @ w + b)
    J = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return J, X.T @ dZ, np.sum(dZ)


def logistic_dz_sign(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(X @ w + b)
    J = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = Y - A
    return J, X.T @ dZ / m, np.sum(dZ) / m


def logistic_no_transpose(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(X @ w + b)
    J = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return J, X @ dZ / m, np.sum(dZ) / m


def logistic_examples_as_columns(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(np.dot(w.T, X) + b)
    J = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return J, np.dot(X, dZ.T) / m, np.sum(dZ) / m


def logistic_seed_loss_sign(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(X @ w + b)
    J = np.mean(-Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return J, X.T @ dZ / m, np.sum(dZ) / m


def logistic_w_as_column(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(X @ w.reshape(-1, 1) + b)
    J = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return J, X.T @ dZ / m, np.sum(dZ) / m


def logistic_labels_as_float64(w, b, X, Y):
    m = X.shape[0]
    Y = Y.astype(float)
    A = sigmoid(X @ w + b)
    J = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return J, X.T @ dZ / m, np.sum(dZ) / m


def logistic_dz_times_x_first(w, b, X, Y):
    m = X.shape[0]
    A = sigmoid(X @ w + b)
    J = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    return J, dZ @ X / m, np.sum(dZ) / m


# --------------------------------------------------------------------------------------
# vectorized_descent
# --------------------------------------------------------------------------------------


def descent_rebinds_loop_name(w, b, X, Y, gradients, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = gradients(w, b, X, Y)
        costs.append(J)
        for p, g in zip([w, b], [dw, db]):
            p = p - learning_rate * g
    return w, b, costs


def descent_in_place(w, b, X, Y, gradients, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = gradients(w, b, X, Y)
        costs.append(J)
        w -= learning_rate * dw
        b -= learning_rate * db
    return w, b, costs


def descent_uphill(w, b, X, Y, gradients, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = gradients(w, b, X, Y)
        costs.append(J)
        w = w + learning_rate * dw
        b = b + learning_rate * db
    return w, b, costs


def descent_b_frozen(w, b, X, Y, gradients, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = gradients(w, b, X, Y)
        costs.append(J)
        w = w - learning_rate * dw
    return w, b, costs


def descent_gradients_once(w, b, X, Y, gradients, learning_rate, iterations):
    costs = []
    J, dw, db = gradients(w, b, X, Y)
    for _ in range(iterations):
        costs.append(J)
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return w, b, costs


def descent_cost_after_update(w, b, X, Y, gradients, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        _, dw, db = gradients(w, b, X, Y)
        w = w - learning_rate * dw
        b = b - learning_rate * db
        costs.append(gradients(w, b, X, Y)[0])
    return w, b, costs


def descent_copies_as_float64(w, b, X, Y, gradients, learning_rate, iterations):
    w, b = np.array(w, dtype=float), np.array(b, dtype=float)
    costs = []
    for _ in range(iterations):
        J, dw, db = gradients(w, b, X, Y)
        costs.append(J)
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return w, b, costs


def descent_b_with_dw(w, b, X, Y, gradients, learning_rate, iterations):
    costs = []
    for _ in range(iterations):
        J, dw, db = gradients(w, b, X, Y)
        costs.append(J)
        w = w - learning_rate * dw
        b = b - learning_rate * dw
    return w, b, costs


# --------------------------------------------------------------------------------------
# softmax_regression
# --------------------------------------------------------------------------------------


def softmax_db_summed_over_all(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (P - T) / m
    return J, X.T @ dZ, np.sum(dZ)


def softmax_db_over_classes(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (P - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=1)


def softmax_no_transpose(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (P - T) / m
    return J, X @ dZ, np.sum(dZ, axis=0)


def softmax_dw_transposed(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (P - T) / m
    return J, dZ.T @ X, np.sum(dZ, axis=0)


def softmax_summed_not_averaged(W, b, X, T):
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7)))
    dZ = P - T
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def softmax_dz_sign(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (T - P) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def softmax_sigmoid_per_class(W, b, X, T):
    m = X.shape[0]
    P = sigmoid(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (P - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def softmax_one_max_for_the_batch(W, b, X, T):
    m = X.shape[0]
    Z = X @ W + b
    E = np.exp(Z - np.max(Z))
    P = E / np.sum(E, axis=1, keepdims=True)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (P - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def softmax_argmax_without_axis(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    labels = np.argmax(T)
    J = -np.mean(np.log(np.maximum(P[np.arange(m), labels], 1e-7)))
    dZ = (P - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def softmax_dw_in_float64_zeros(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(P, 1e-7))) / m
    dZ = (P - T) / m
    dW = np.zeros(W.shape)
    dW += X.T @ dZ
    return J, dW, np.sum(dZ, axis=0)


def softmax_log_plus_epsilon(W, b, X, T):
    m = X.shape[0]
    P = softmax(X @ W + b)
    J = -np.sum(T * np.log(P + 1e-7)) / m
    dZ = (P - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


MISTAKES = [
    # logistic_vectorized
    Mistake("logistic_vectorized", "summed, not averaged", logistic_sum_not_mean,
            SUM_NOT_MEAN_HINT),
    Mistake("logistic_vectorized", "dZ = Y - A", logistic_dz_sign, DZ_SIGN_HINT),
    Mistake("logistic_vectorized", "dw = X @ dZ", logistic_no_transpose, NO_TRANSPOSE_HINT),
    Mistake("logistic_vectorized", "examples as columns", logistic_examples_as_columns,
            COLUMNS_HINT),
    Mistake("logistic_vectorized", "the loss sign", logistic_seed_loss_sign, LOSS_SIGN_HINT,
            seed="000"),
    Mistake("logistic_vectorized", "w as a column (n, 1)", logistic_w_as_column,
            BROADCAST_HINT),
    Mistake("logistic_vectorized", "labels turned into float64", logistic_labels_as_float64,
            "Y.astype(float) makes float64 labels, and A - Y then turns float32 into float64. "
            "Use Y.astype(X.dtype) if the labels need converting. " + FLOAT32_HINT),
    Mistake("logistic_vectorized", "dZ @ X instead of X.T @ dZ", logistic_dz_times_x_first,
            "dZ @ X, (m,)·(m, n) → (n,), is the same sum over the examples as X.T @ dZ: "
            "for a 1-D dZ no transpose is needed. Fine.", harmless=True),
    # vectorized_descent
    Mistake("vectorized_descent", "the update rebinds a loop name", descent_rebinds_loop_name,
            REBIND_HINT, seed="002"),
    Mistake("vectorized_descent", "w updated in place", descent_in_place, IN_PLACE_HINT),
    Mistake("vectorized_descent", "uphill", descent_uphill, UPHILL_HINT),
    Mistake("vectorized_descent", "b never updated", descent_b_frozen, B_FROZEN_HINT),
    Mistake("vectorized_descent", "the gradients computed once", descent_gradients_once,
            STALE_HINT),
    Mistake("vectorized_descent", "the cost recorded after the update",
            descent_cost_after_update, COST_AFTER_HINT),
    Mistake("vectorized_descent", "parameters copied as float64", descent_copies_as_float64,
            "np.array(w, dtype=float) makes a float64 copy. To protect the caller's array "
            "w.copy() keeps its dtype; and w = w - learning_rate * dw already makes a new "
            "array. " + FLOAT32_HINT),
    Mistake("vectorized_descent", "b updated with dw", descent_b_with_dw, B_WITH_DW_HINT),
    # softmax_regression
    Mistake("softmax_regression", "db summed over all classes (reduce_sum)",
            softmax_db_summed_over_all, SEED_BIAS_HINT, seed="000"),
    Mistake("softmax_regression", "db summed over the classes", softmax_db_over_classes,
            "np.sum(dZ, axis=1) sums over the classes and gives one number per example, "
            "(m,); b has one entry per class, (C,): sum over the examples, "
            "np.sum(dZ, axis=0), (m, C) → (C,)."),
    Mistake("softmax_regression", "dW = X @ dZ", softmax_no_transpose,
            SOFTMAX_NO_TRANSPOSE_HINT),
    Mistake("softmax_regression", "dW transposed", softmax_dw_transposed,
            "dZ.T @ X is (C, m)·(m, n) → (C, n), dW transposed. " + WHY_TRANSPOSE),
    Mistake("softmax_regression", "summed, not averaged", softmax_summed_not_averaged,
            SOFTMAX_MEAN_HINT, seed="001"),
    Mistake("softmax_regression", "dZ = T - P", softmax_dz_sign, SOFTMAX_SIGN_HINT),
    Mistake("softmax_regression", "a sigmoid per class", softmax_sigmoid_per_class,
            SIGMOID_PER_CLASS_HINT, seed="000"),
    Mistake("softmax_regression", "one max for the whole batch",
            softmax_one_max_for_the_batch, ROW_MAX_HINT, seed="001"),
    Mistake("softmax_regression", "argmax without an axis", softmax_argmax_without_axis,
            ARGMAX_HINT),
    Mistake("softmax_regression", "dW accumulated in float64 zeros",
            softmax_dw_in_float64_zeros,
            "np.zeros(W.shape) is float64, so dW += ... comes back float64 for float32 "
            "inputs. np.zeros_like(W) keeps W's dtype; or simply dW = X.T @ dZ. "
            + FLOAT32_HINT),
    Mistake("softmax_regression", "log(P + 1e-7)", softmax_log_plus_epsilon,
            "np.log(P + 1e-7) guards against log(0) as well as np.maximum(P, 1e-7) does; "
            "the two differ by about 1e-7 in the loss. Fine.", harmless=True),
]
