"""Logistic regression: one example, the for-loop over m examples, vectorized, and a sigmoid
per class with one-hot targets (notebooks 03-04).

Every function takes the parameters first, ``(w, b, X, Y)``, so that any of them can be
handed to ``gradient_descent``. Layout for the whole course: one example per row.
``X``: (m, n) for m examples of n features, ``Y``: (m,) labels 0/1, ``w``: (n,), ``b``: a
scalar. (The notes of file 004 write examples as columns, X of shape (n, m); rows match
how NumPy, the MNIST loader and ``Affine`` all work.)
"""

import numpy as np

from solutions.activations import binary_cross_entropy, sigmoid


def logistic_gradients_one_example(w, b, x, y):
    """Loss and gradients of logistic regression on one example.

    ``w``: (n,), ``b``: scalar, ``x``: (n,), ``y``: 0 or 1. Forward ``z = w·x + b``,
    ``a = sigmoid(z)``, ``L = -(y log a + (1 - y) log(1 - a))``; backward ``dz = a - y``,
    ``dw = x dz``, ``db = dz``. Returns ``(L, dw, db)`` with dw of shape (n,).
    """
    x = np.asarray(x)
    z = np.dot(w, x) + b
    a = sigmoid(z)
    loss = binary_cross_entropy(a, y)
    dz = a - y
    return loss, x * dz, dz


def logistic_gradients_loop(w, b, X, Y):
    """Cost and gradients over m examples with explicit loops, as the notes (file 004) write them.

    ``w``: (n,), ``b``: scalar, ``X``: (m, n), ``Y``: (m,). ``J``, ``dw`` and ``db`` start at
    zero *before* the loop, each example adds its share, and all three are divided by m
    once, after it. Returns ``(J, dw, db)`` with dw of shape (n,).
    """
    m, n = X.shape
    dtype = np.result_type(X.dtype, np.asarray(w).dtype, np.float16)
    J = dtype.type(0)
    dw = np.zeros(n, dtype=dtype)
    db = dtype.type(0)
    for i in range(m):
        z = np.dot(w, X[i]) + b
        a = sigmoid(z)
        J += binary_cross_entropy(a, Y[i])
        dz = a - Y[i]
        for j in range(n):
            dw[j] += X[i, j] * dz
        db += dz
    return J / m, dw / m, db / m


def logistic_propagate(w, b, X, Y):
    """Vectorized cost and gradients: the loop version without loops.

    ``X``: (m, n), ``Y``: (m,), ``w``: (n,), ``b``: scalar. ``A = sigmoid(X @ w + b)`` (m,),
    ``J = mean L(A, Y)``, ``dw = X.T @ (A - Y) / m`` (n,), ``db = mean(A - Y)``.
    Returns ``(J, dw, db)``; float32 inputs give float32 results.
    """
    m = X.shape[0]
    A = sigmoid(X @ w + b)
    J = np.mean(binary_cross_entropy(A, Y))
    dZ = A - Y
    return J, X.T @ dZ / m, np.sum(dZ) / m


def gradient_descent(w, b, X, Y, learning_rate=0.1, iterations=1000, gradients=logistic_propagate):
    """Run ``iterations`` steps of ``w -= lr dw``, ``b -= lr db`` from (w, b).

    ``gradients(w, b, X, Y) -> (J, dw, db)`` is the vectorized version by default; pass
    ``logistic_gradients_loop`` to train with loops. The caller's ``w`` is not changed:
    returns ``(w, b, costs)``, the trained parameters and the cost before each step.
    """
    w = np.array(w, copy=True)
    costs = []
    for _ in range(iterations):
        J, dw, db = gradients(w, b, X, Y)
        costs.append(float(J))
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return w, b, costs


def one_hot(labels, classes):
    """One-hot targets: ``labels`` (m,) or a column (m, 1) of class numbers 0..classes-1
    (integers, or whole numbers as floats, as ``np.loadtxt`` reads them) -> T (m, classes)
    float64, ``T[i, k] = 1`` when example i has label k, else 0. No loop: an (m, 1) column
    of labels against the (classes,) row ``np.arange(classes)`` broadcasts into the table.
    """
    column = np.reshape(labels, (-1, 1))
    return (column == np.arange(classes)).astype(np.float64)


def per_class_sigmoid_gradients(W, b, X, T):
    """Cost and gradients of C logistic regressions side by side: a sigmoid per class.

    ``X``: (m, n), ``T``: (m, C) targets 0/1 (one-hot), ``W``: (n, C), ``b``: (C,).
    ``A = sigmoid(X @ W + b)`` (m, C), each entry its own probability;
    ``J = -(1/m) sum over examples and classes of (T log A + (1 - T) log(1 - A))``, the
    binary cross-entropy summed over the classes and averaged over the examples, with
    ``A`` and ``1 - A`` read as at least 1e-7 in the logs. ``dZ = (A - T) / m``,
    ``dW = X.T @ dZ`` (n, C), ``db = dZ`` summed over the examples (C,).
    Returns ``(J, dW, db)``; float32 inputs give float32 results.
    """
    m = X.shape[0]
    A = sigmoid(X @ W + b)
    J = -np.sum(T * np.log(np.maximum(A, 1e-7))
                + (1 - T) * np.log(np.maximum(1 - A, 1e-7))) / m
    dZ = (A - T) / m
    return J, X.T @ dZ, np.sum(dZ, axis=0)
