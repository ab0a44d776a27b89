"""The instructor's half of notebook 04's exercises: hidden tests and known mistakes.

Hidden tests of notebook 04: vectorized logistic regression, one-hot targets and the
notes' Zoo classifier with a sigmoid per class, on inputs drawn at grading time.

Known mistakes of notebook 04: logistic regression without loops, one-hot targets by
broadcasting, and the notes' Zoo classifier with a sigmoid per class.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake
from course.exercises.nb04_vectorization import (
    BOOLEAN_HINT,
    BROADCAST_HINT,
    COLUMNS_HINT,
    DZ_SIGN_HINT,
    FLAT_AGAINST_ROW_HINT,
    FLOAT32_HINT,
    FLOAT_INDEX_HINT,
    LOG_GUARD_HINT,
    LOGISTIC_VECTORIZED,
    LOSS_SIGN_HINT,
    NO_TRANSPOSE_HINT,
    NOTES_BIAS_HINT,
    NOTES_COLUMN_HINT,
    NOTES_D_LOSS_HINT,
    ONE_HOT,
    ONE_TERM_HINT,
    PER_CLASS_SIGMOID,
    SIGMOID_LOSS_SIGN_HINT,
    SIGMOID_MEAN_ALL_HINT,
    SIGMOID_SIGN_HINT,
    SIGMOID_SUM_HINT,
    SQUEEZE_HINT,
    SUM_NOT_MEAN_HINT,
    TRANSPOSED_T_HINT,
    WHY_TRANSPOSE,
    _confident,
)


def _labels(rng, m, dtype=np.float64):
    """m labels 0/1 with both classes present when m >= 2."""
    Y = (rng.random(m) < 0.5).astype(dtype)
    if m >= 2:
        Y[rng.permutation(m)[:2]] = [0, 1]
    return Y


def logistic_cases(rng):
    cases = []
    for (m, n), dtype in [((1, 1), np.float64), ((1, 5), np.float64), ((3, 3), np.float64),
                          ((7, 2), np.float64), ((2, 7), np.float64), ((50, 10), np.float64),
                          ((9, 4), np.float32), ((1, 3), np.float32)]:
        cases.append({"w": (rng.normal(size=n) * 0.5).astype(dtype),
                      "b": float(rng.normal() * 0.5),
                      "X": rng.normal(size=(m, n)).astype(dtype), "Y": _labels(rng, m, dtype)})
    cases.append({"w": rng.normal(size=3) * 0.5, "b": 0.0, "X": rng.normal(size=(6, 3)),
                  "Y": _labels(rng, 6).astype(np.int64)})
    return cases


def one_hot_cases(rng):
    """Labels flat (m,) and as the notes' column (m, 1); integers and whole floats; one
    example, m == classes, and the Zoo's 101 animals of 7 classes."""
    cases = []
    for m, classes, column, dtype in [(1, 2, False, np.int64), (1, 7, True, np.float32),
                                      (3, 3, False, np.int64), (4, 4, True, np.float64),
                                      (6, 10, False, np.int32), (9, 2, True, np.int64),
                                      (101, 7, True, np.float32), (101, 7, False, np.int64),
                                      (20, 5, False, np.float64)]:
        labels = rng.integers(0, classes, size=m).astype(dtype)
        cases.append({"labels": labels.reshape(-1, 1) if column else labels,
                      "classes": classes})
    return cases


def per_class_sigmoid_cases(rng):
    """Moderate scores (|Z| of a few units, so that np.maximum(A, 1e-7) and A + 1e-7 in the
    logs agree), Zoo-like tables, float32, and confident right answers far from 0."""
    cases = []
    for (m, n, C), dtype, zoo in [((1, 3, 4), np.float64, False), ((5, 4, 3), np.float64, False),
                                  ((4, 4, 4), np.float64, False), ((3, 1, 2), np.float64, False),
                                  ((12, 16, 7), np.float64, True), ((6, 5, 3), np.float32, False),
                                  ((1, 16, 7), np.float32, True)]:
        if zoo:   # like the Zoo table: features 0/1, one column of legs 0..8
            X = (rng.random((m, n)) < 0.4).astype(dtype)
            X[:, 12] = rng.choice([0, 2, 4, 6, 8], size=m)
            W = (rng.normal(size=(n, C)) * 0.2).astype(dtype)
        else:
            X = rng.normal(size=(m, n)).astype(dtype)
            W = (rng.normal(size=(n, C)) * 0.5).astype(dtype)
        b = (rng.normal(size=C) * 0.5).astype(dtype)
        T = np.eye(C, dtype=dtype)[rng.integers(0, C, size=m)]
        cases.append({"W": W, "b": b, "X": X, "T": T})
    confident = _confident(int(rng.integers(2, 7)), int(rng.integers(2, 6)),
                           float(rng.uniform(300, 900)))
    order = rng.permutation(len(confident["X"]))
    cases.append({**confident, "X": confident["X"][order], "T": confident["T"][order]})
    return cases


HIDDEN = [
    HiddenTest(LOGISTIC_VECTORIZED, solutions.logistic_propagate, logistic_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest(ONE_HOT, solutions.one_hot, one_hot_cases, rtol=0, atol=0),
    HiddenTest(PER_CLASS_SIGMOID, solutions.per_class_sigmoid_gradients,
               per_class_sigmoid_cases, rtol=1e-4, atol=1e-6),
]


def sigmoid(z):
    """The notebook's sigmoid."""
    return np.exp(-np.logaddexp(0, -z))


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


def logistic_notes_loss_sign(w, b, X, Y):
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
# one_hot
# --------------------------------------------------------------------------------------


def one_hot_eye_of_the_column(labels, classes):
    return np.eye(classes)[np.asarray(labels).astype(int)]


def one_hot_float_index(labels, classes):
    return np.eye(classes)[labels]


def one_hot_flat_against_the_row(labels, classes):
    return (labels == np.arange(classes)).astype(np.float64)


def one_hot_squeeze(labels, classes):
    return (np.squeeze(labels)[:, None] == np.arange(classes)).astype(np.float64)


def one_hot_booleans(labels, classes):
    return np.reshape(labels, (-1, 1)) == np.arange(classes)


def one_hot_transposed(labels, classes):
    return (np.arange(classes)[:, None] == np.reshape(labels, -1)).astype(np.float64)


def one_hot_ravel_and_index(labels, classes):
    return np.eye(classes)[np.ravel(labels).astype(int)]


# --------------------------------------------------------------------------------------
# per_class_sigmoid
# --------------------------------------------------------------------------------------


def _loss(A, T):
    """The binary cross-entropy of every entry, guarded: (m, C)."""
    return -(T * np.log(np.maximum(A, 1e-7)) + (1 - T) * np.log(np.maximum(1 - A, 1e-7)))


def sigmoid_notes_bias(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    dZ = (A - T) / m
    return np.sum(_loss(A, T)) / m, X.T @ dZ, np.sum(dZ)


def sigmoid_notes_loss_sign(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    J = np.sum(-T * np.log(np.maximum(A, 1e-7))
               + (1 - T) * np.log(np.maximum(1 - A, 1e-7))) / m
    dZ = (A - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_notes_d_loss(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    d_loss = (A - T) / ((1 - A) + 1e-7)
    dZ = d_loss * A * (1 - A) / m
    return np.sum(_loss(A, T)) / m, X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_summed_not_averaged(W, b, X, T):
    A = sigmoid(X @ W + b)
    dZ = A - T
    return np.sum(_loss(A, T)), X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_no_transpose(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    dZ = (A - T) / m
    return np.sum(_loss(A, T)) / m, X @ dZ, np.sum(dZ, axis=0)


def sigmoid_dw_transposed(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    dZ = (A - T) / m
    return np.sum(_loss(A, T)) / m, dZ.T @ X, np.sum(dZ, axis=0)


def sigmoid_dz_sign(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    dZ = (T - A) / m
    return np.sum(_loss(A, T)) / m, X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_db_over_classes(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    dZ = (A - T) / m
    return np.sum(_loss(A, T)) / m, X.T @ dZ, np.sum(dZ, axis=1)


def sigmoid_mean_over_everything(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    dZ = (A - T) / m
    return np.mean(_loss(A, T)), X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_one_term(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    dZ = (A - T) / m
    return -np.sum(T * np.log(np.maximum(A, 1e-7))) / m, X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_unguarded_log(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    J = -np.sum(T * np.log(A) + (1 - T) * np.log(1 - A)) / m
    dZ = (A - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_log_plus_epsilon(W, b, X, T):
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    J = -np.sum(T * np.log(A + 1e-7) + (1 - T) * np.log(1 - A + 1e-7)) / m
    dZ = (A - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


def sigmoid_loss_from_scores(W, b, X, T):
    m = X.shape[0]
    Z = X @ W + b
    J = np.sum(np.logaddexp(0, Z) - T * Z) / m
    dZ = (sigmoid(Z) - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)


MISTAKES = [
    # logistic_vectorized
    Mistake(LOGISTIC_VECTORIZED, "summed, not averaged", logistic_sum_not_mean,
            SUM_NOT_MEAN_HINT),
    Mistake(LOGISTIC_VECTORIZED, "dZ = Y - A", logistic_dz_sign, DZ_SIGN_HINT),
    Mistake(LOGISTIC_VECTORIZED, "dw = X @ dZ", logistic_no_transpose, NO_TRANSPOSE_HINT),
    Mistake(LOGISTIC_VECTORIZED, "examples as columns", logistic_examples_as_columns,
            COLUMNS_HINT),
    Mistake(LOGISTIC_VECTORIZED, "the loss sign", logistic_notes_loss_sign, LOSS_SIGN_HINT,
            seed="000"),
    Mistake(LOGISTIC_VECTORIZED, "w as a column (n, 1)", logistic_w_as_column,
            BROADCAST_HINT),
    Mistake(LOGISTIC_VECTORIZED, "labels turned into float64", logistic_labels_as_float64,
            "Y.astype(float) makes float64 labels, and A - Y then turns float32 into float64. "
            "Use Y.astype(X.dtype) if the labels need converting. " + FLOAT32_HINT),
    Mistake(LOGISTIC_VECTORIZED, "dZ @ X instead of X.T @ dZ", logistic_dz_times_x_first,
            "dZ @ X, (m,)·(m, n) → (n,), is the same sum over the examples as X.T @ dZ: "
            "for a 1-D dZ no transpose is needed. Fine.", harmless=True),
    # one_hot
    Mistake(ONE_HOT, "np.eye indexed by the column", one_hot_eye_of_the_column,
            NOTES_COLUMN_HINT, seed="000"),
    Mistake(ONE_HOT, "float labels as an index", one_hot_float_index, FLOAT_INDEX_HINT),
    Mistake(ONE_HOT, "flat labels against the row of classes", one_hot_flat_against_the_row,
            FLAT_AGAINST_ROW_HINT),
    Mistake(ONE_HOT, "np.squeeze for the column", one_hot_squeeze, SQUEEZE_HINT),
    Mistake(ONE_HOT, "booleans, not numbers", one_hot_booleans, BOOLEAN_HINT),
    Mistake(ONE_HOT, "T transposed", one_hot_transposed, TRANSPOSED_T_HINT),
    Mistake(ONE_HOT, "np.eye indexed by the flattened labels", one_hot_ravel_and_index,
            "np.eye(classes)[np.ravel(labels).astype(int)] picks row k of the identity for "
            "label k, after making any labels flat and whole. Fine.", harmless=True),
    # per_class_sigmoid
    Mistake(PER_CLASS_SIGMOID, "the notes' bias: one number for all classes",
            sigmoid_notes_bias, NOTES_BIAS_HINT, seed="000"),
    Mistake(PER_CLASS_SIGMOID, "the notes' loss sign", sigmoid_notes_loss_sign,
            SIGMOID_LOSS_SIGN_HINT, seed="000"),
    Mistake(PER_CLASS_SIGMOID, "the notes' d_loss without the factor y",
            sigmoid_notes_d_loss, NOTES_D_LOSS_HINT, seed="000"),
    Mistake(PER_CLASS_SIGMOID, "summed, not averaged", sigmoid_summed_not_averaged,
            SIGMOID_SUM_HINT, seed="000"),
    Mistake(PER_CLASS_SIGMOID, "dW = X @ dZ", sigmoid_no_transpose,
            "that is X @ dZ: the shapes fit only when X is square. " + WHY_TRANSPOSE),
    Mistake(PER_CLASS_SIGMOID, "dW transposed", sigmoid_dw_transposed,
            "dZ.T @ X is (C, m)·(m, n) → (C, n), dW transposed. " + WHY_TRANSPOSE),
    Mistake(PER_CLASS_SIGMOID, "dZ = T - A", sigmoid_dz_sign, SIGMOID_SIGN_HINT),
    Mistake(PER_CLASS_SIGMOID, "db summed over the classes", sigmoid_db_over_classes,
            "np.sum(dZ, axis=1) sums over the classes and gives one number per example, "
            "(m,); b has one entry per class, (C,): sum over the examples, "
            "np.sum(dZ, axis=0), (m, C) → (C,)."),
    Mistake(PER_CLASS_SIGMOID, "J averaged over the classes too",
            sigmoid_mean_over_everything, SIGMOID_MEAN_ALL_HINT),
    Mistake(PER_CLASS_SIGMOID, "the (1 - T) log(1 - A) term left out", sigmoid_one_term,
            ONE_TERM_HINT),
    Mistake(PER_CLASS_SIGMOID, "no guard against log(0)", sigmoid_unguarded_log,
            LOG_GUARD_HINT),
    Mistake(PER_CLASS_SIGMOID, "log(A + 1e-7)", sigmoid_log_plus_epsilon,
            "np.log(A + 1e-7) and np.log(1 - A + 1e-7) guard against log(0) as well as "
            "np.maximum(A, 1e-7) does; the two differ by about 1e-7 per term. Fine.",
            harmless=True),
    Mistake(PER_CLASS_SIGMOID, "the loss from the scores", sigmoid_loss_from_scores,
            "-(t log σ(z) + (1 - t) log(1 - σ(z))) = log(1 + e^z) - t z, and "
            "np.logaddexp(0, Z) computes log(1 + e^Z) without overflow: the same loss, "
            "exact even where the sigmoid rounds to 0 or 1. Fine.", harmless=True),
]
