"""Known mistakes of notebook 05: Affine, two_layer_backprop, softmax, cross-entropy,
SoftmaxWithLoss and numerical_gradient.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import numpy as np

from autograder.mistakes import Mistake
from course.exercises.nb05_affine_softmax import (
    CHAIN_HINT,
    DH_AS_DX_HINT,
    KEEPDIMS_HINT,
    LABELS_HINT,
    LOG_ZERO_HINT,
    MEAN_HINT,
    NOT_RESTORED_HINT,
    NOTES_AFFINE,
    OVERFLOW_HINT,
    ROW_MAX_HINT,
    SAME_LAYER_HINT,
)

# --------------------------------------------------------------------------------------
# Affine
# --------------------------------------------------------------------------------------


class Affine:
    """The right layer; each variant below overrides one method."""

    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


class AffineNoTranspose(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W)


class AffineDxTransposed(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(self.W, dout.T)


class AffineDwWithoutTranspose(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


class AffineDbIsDout(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = dout
        return np.dot(dout, self.W.T)


class AffineDbSummedOverAll(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout)
        return np.dot(dout, self.W.T)


class AffineDbAveraged(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.mean(dout, axis=0)
        return np.dot(dout, self.W.T)


class AffineDbKeepdims(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0, keepdims=True)
        return np.dot(dout, self.W.T)


class AffineAxitTypo(Affine):
    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axit=0)
        return np.dot(dout, self.W.T)


X = NOTES_AFFINE["x"]  # the notebook's global X, as in the notes' example


class AffineKeepsGlobalX(Affine):
    def forward(self, x):
        self.x = X
        return np.dot(x, self.W) + self.b


# --------------------------------------------------------------------------------------
# two_layer_backprop
# --------------------------------------------------------------------------------------


def two_layer_backward_in_forward_order(x, W1, b1, W2, b2, dout):
    first, second = Affine(W1, b1), Affine(W2, b2)
    out = second.forward(first.forward(x))
    dx = second.backward(first.backward(dout))
    return out, dx, first.dW, first.db, second.dW, second.db


def two_layer_first_gets_dout(x, W1, b1, W2, b2, dout):
    first, second = Affine(W1, b1), Affine(W2, b2)
    out = second.forward(first.forward(x))
    second.backward(dout)
    dx = first.backward(dout)
    return out, dx, first.dW, first.db, second.dW, second.db


def two_layer_fresh_layers_for_backward(x, W1, b1, W2, b2, dout):
    out = Affine(W2, b2).forward(Affine(W1, b1).forward(x))
    first, second = Affine(W1, b1), Affine(W2, b2)
    dx = first.backward(second.backward(dout))
    return out, dx, first.dW, first.db, second.dW, second.db


def two_layer_second_gets_x(x, W1, b1, W2, b2, dout):
    first, second = Affine(W1, b1), Affine(W2, b2)
    first.forward(x)
    out = second.forward(x)
    dx = first.backward(second.backward(dout))
    return out, dx, first.dW, first.db, second.dW, second.db


def two_layer_returns_dh(x, W1, b1, W2, b2, dout):
    first, second = Affine(W1, b1), Affine(W2, b2)
    out = second.forward(first.forward(x))
    dh = second.backward(dout)
    first.backward(dh)
    return out, dh, first.dW, first.db, second.dW, second.db


# --------------------------------------------------------------------------------------
# softmax
# --------------------------------------------------------------------------------------


def softmax_one_max_for_the_batch(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_without_max(x):
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def softmax_over_axis_0(x):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def softmax_without_keepdims(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1)


def softmax_over_everything(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e)


# --------------------------------------------------------------------------------------
# cross-entropy
# --------------------------------------------------------------------------------------


def _labels(y, t):
    return np.argmax(t, axis=1) if t.shape == y.shape else t


def cross_entropy_summed(y, t):
    t = _labels(y, t)
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7))


def cross_entropy_without_epsilon(y, t):
    t = _labels(y, t)
    return -np.sum(np.log(y[np.arange(y.shape[0]), t])) / y.shape[0]


def cross_entropy_labels_as_one_hot(y, t):
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]


def cross_entropy_one_hot_as_labels(y, t):
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]


def cross_entropy_sign_error(y, t):
    t = _labels(y, t)
    return np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7)) / y.shape[0]


def cross_entropy_mean_over_entries(y, t):
    t = _labels(y, t)
    one_hot = np.eye(y.shape[1])[t]
    return -np.mean(one_hot * np.log(y + 1e-7))


# --------------------------------------------------------------------------------------
# SoftmaxWithLoss
# --------------------------------------------------------------------------------------


def _softmax(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


class SoftmaxWithLoss:
    """The right layer, as the notes write it; each variant overrides one method."""

    def forward(self, x, t):
        self.t = _labels(x, t)
        self.y = _softmax(x)
        n = x.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), self.t] + 1e-7)) / n

    def backward(self, dout=1):
        n = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx * dout / n


class SoftmaxWithLossNotDividedByN(SoftmaxWithLoss):
    def backward(self, dout=1):
        dx = self.y.copy()
        dx[np.arange(self.y.shape[0]), self.t] -= 1
        return dx * dout


class SoftmaxWithLossIgnoresDout(SoftmaxWithLoss):
    def backward(self, dout=1):
        n = self.y.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx / n


class SoftmaxWithLossSummed(SoftmaxWithLoss):
    def forward(self, x, t):
        super().forward(x, t)
        return -np.sum(np.log(self.y[np.arange(x.shape[0]), self.t] + 1e-7))


class SoftmaxWithLossOneMax(SoftmaxWithLoss):
    def forward(self, x, t):
        self.t = _labels(x, t)
        self.y = softmax_one_max_for_the_batch(x)
        n = x.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), self.t] + 1e-7)) / n


class SoftmaxWithLossWithoutMax(SoftmaxWithLoss):
    def forward(self, x, t):
        self.t = _labels(x, t)
        self.y = softmax_without_max(x)
        n = x.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), self.t] + 1e-7)) / n


class SoftmaxWithLossSubtractsLabels(SoftmaxWithLoss):
    def forward(self, x, t):
        self.t = t
        self.y = _softmax(x)
        n = x.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), _labels(x, t)] + 1e-7)) / n

    def backward(self, dout=1):
        return (self.y - self.t) * dout / self.y.shape[0]


# --------------------------------------------------------------------------------------
# numerical_gradient
# --------------------------------------------------------------------------------------


def _each_index(x):
    return np.ndindex(x.shape)


def numerical_gradient_one_sided(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in _each_index(x):
        original = x[idx]
        f_x = f(x)
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original
        grad[idx] = (f_plus - f_x) / h
    return grad


def numerical_gradient_divided_by_h(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in _each_index(x):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        f_minus = f(x)
        x[idx] = original
        grad[idx] = (f_plus - f_minus) / h
    return grad


def numerical_gradient_precedence(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in _each_index(x):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        f_minus = f(x)
        x[idx] = original
        grad[idx] = (f_plus - f_minus) / 2 * h
    return grad


def numerical_gradient_on_a_copy(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in _each_index(x):
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad


def numerical_gradient_not_restored(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in _each_index(x):
        x[idx] += h
        f_plus = f(x)
        x[idx] -= 2 * h
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_first_axis_only(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for i in range(len(x)):
        original = x[i].copy()
        x[i] = original + h
        f_plus = f(x)
        x[i] = original - h
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


MISTAKES = [
    # Affine
    Mistake("affine", "dx without the transpose", AffineNoTranspose,
            "dx = dout · Wᵀ, not dout · W: dout is (N, M) and W is (D, M), so only "
            "(N, M)·(M, D) → (N, D) gives x's shape. With a square W, dout · W fits but "
            "gives the wrong numbers. Look at the dx line of backward: np.dot(dout, self.W.T).",
            seed="001"),
    Mistake("affine", "dx transposed", AffineDxTransposed,
            "W · doutᵀ is (D, M)·(M, N) → (D, N): dx transposed. dx must have x's shape "
            "(N, D): dx = dout · Wᵀ, np.dot(dout, self.W.T)."),
    Mistake("affine", "dW = x · dout", AffineDwWithoutTranspose,
            "dW = xᵀ · dout, (D, N)·(N, M) → (D, M). x · dout is (N, D)·(N, M): it only fits "
            "when N == D, and then pairs the wrong numbers. Look at the dW line of backward: "
            "np.dot(self.x.T, dout)."),
    Mistake("affine", "db = dout", AffineDbIsDout,
            "db = dout keeps one row per example, (N, M), but b is (M,) and shared by all N "
            "examples, so their gradients add up: np.sum(dout, axis=0)."),
    Mistake("affine", "db summed over all axes", AffineDbSummedOverAll,
            "np.sum(dout) adds up every entry and gives one number; b has M entries, one per "
            "output. Sum over the batch axis only: np.sum(dout, axis=0), "
            "(N, M) → (M,)."),
    Mistake("affine", "db averaged over the batch", AffineDbAveraged,
            "db = np.sum(dout, axis=0), not the mean: b is added to every example, so the "
            "gradients of all N examples add up. The loss has already divided by N."),
    Mistake("affine", "db with keepdims", AffineDbKeepdims,
            "np.sum(dout, axis=0, keepdims=True) is (1, M); b is (M,). Drop keepdims: "
            "np.sum(dout, axis=0)."),
    Mistake("affine", "the axit typo", AffineAxitTypo,
            "np.sum has no argument `axit`: the notes' typo (file 001). Write "
            "np.sum(dout, axis=0).",
            seed="001"),
    Mistake("affine", "forward keeps the global X", AffineKeepsGlobalX,
            "forward stores the notebook's global X (self.x = X), as the notes' code did (file "
            "001): right for the notes' example only. Keep the argument of this call: "
            "self.x = x.",
            seed="001"),
    # two_layer_backprop
    Mistake("two_layer_backprop", "backward in forward order",
            two_layer_backward_in_forward_order,
            "backward visits the layers in reverse order of forward: the second layer first "
            "(it is the one that produced out, so dout belongs to it), then the first. "
            + CHAIN_HINT),
    Mistake("two_layer_backprop", "the first layer gets dout", two_layer_first_gets_dout,
            "the first layer's backward gets the gradient at its own output h, which the "
            "second layer's backward returns, not dout. " + CHAIN_HINT),
    Mistake("two_layer_backprop", "fresh layers for backward",
            two_layer_fresh_layers_for_backward, SAME_LAYER_HINT),
    Mistake("two_layer_backprop", "the second layer gets x", two_layer_second_gets_x,
            "the layers chain: the second Affine takes the first one's output, "
            "(N, D)·(D, H) → (N, H), then (N, H)·(H, M) → (N, M). Pass h = "
            "first.forward(x) to second.forward(h), not x; then the second layer keeps h "
            "for its dW2 = hᵀ · dout."),
    Mistake("two_layer_backprop", "dh returned as dx", two_layer_returns_dh, DH_AS_DX_HINT),
    # softmax
    Mistake("softmax", "one max for the whole batch", softmax_one_max_for_the_batch,
            ROW_MAX_HINT + " (The notes' softmax did this, file 001: np.max(x) without an axis.)",
            seed="001"),
    Mistake("softmax", "no max subtracted", softmax_without_max, OVERFLOW_HINT),
    Mistake("softmax", "normalised over the batch axis", softmax_over_axis_0,
            "the columns sum to 1: the max and the sum run over axis 0, the batch. Each row "
            "is one example; use axis=1 (with keepdims=True) for both."),
    Mistake("softmax", "the sum without keepdims", softmax_without_keepdims, KEEPDIMS_HINT),
    Mistake("softmax", "normalised over the whole batch", softmax_over_everything,
            "the whole batch sums to 1: np.sum(e) adds every entry. Each row is one "
            "example; sum over its classes: np.sum(e, axis=1, keepdims=True)."),
    # cross_entropy
    Mistake("cross_entropy", "summed, not averaged", cross_entropy_summed, MEAN_HINT,
            seed="001"),
    Mistake("cross_entropy", "no guard against log(0)", cross_entropy_without_epsilon,
            LOG_ZERO_HINT),
    Mistake("cross_entropy", "labels read as one-hot", cross_entropy_labels_as_one_hot,
            "t * np.log(y) assumes one-hot t of y's shape (N, C); with integer labels "
            "(N,) it multiplies the wrong numbers, or fails to broadcast. " + LABELS_HINT),
    Mistake("cross_entropy", "one-hot read as labels", cross_entropy_one_hot_as_labels,
            "y[np.arange(N), t] needs labels (N,); a one-hot t (N, C) of 0s and 1s picks "
            "the wrong entries. " + LABELS_HINT),
    Mistake("cross_entropy", "the sign", cross_entropy_sign_error,
            "the loss is minus the mean log-probability: -np.sum(np.log(...)) / N. Without "
            "the minus sign it is negative and gradient descent would make it worse."),
    Mistake("cross_entropy", "the mean over every entry", cross_entropy_mean_over_entries,
            "np.mean over the (N, C) array divides by N · C; the loss divides by the batch "
            "size N only: -np.sum(t * np.log(y + 1e-7)) / N."),
    # softmax_with_loss
    Mistake("softmax_with_loss", "dx not divided by N", SoftmaxWithLossNotDividedByN,
            "the loss is the mean over the batch, so each example's gradient is divided by "
            "N = the batch size: dx = dout * (y - t) / N."),
    Mistake("softmax_with_loss", "dout ignored", SoftmaxWithLossIgnoresDout,
            "backward(dout) should multiply by dout, like every layer (the chain rule); at "
            "the end of a network dout = 1, so it is easy to forget."),
    Mistake("softmax_with_loss", "the loss summed, not averaged", SoftmaxWithLossSummed,
            MEAN_HINT, seed="001"),
    Mistake("softmax_with_loss", "one max for the whole batch", SoftmaxWithLossOneMax,
            ROW_MAX_HINT, seed="001"),
    Mistake("softmax_with_loss", "no max subtracted", SoftmaxWithLossWithoutMax,
            OVERFLOW_HINT),
    Mistake("softmax_with_loss", "y - t with labels", SoftmaxWithLossSubtractsLabels,
            "y - t only works for one-hot t of y's shape (N, C); labels (N,) broadcast "
            "against the wrong axis. Subtract 1 at each row's label from a copy of y: "
            "dx[np.arange(N), labels] -= 1."),
    # numerical_gradient
    Mistake("numerical_gradient", "one-sided difference", numerical_gradient_one_sided,
            "(f(x + h) - f(x)) / h is the one-sided difference; the central difference "
            "(f(x + h) - f(x - h)) / (2h) is far more accurate."),
    Mistake("numerical_gradient", "divided by h, not 2h", numerical_gradient_divided_by_h,
            "the two points x - h and x + h are 2h apart: divide by (2 * h). Your gradient "
            "is twice the right one."),
    Mistake("numerical_gradient", "/ 2 * h", numerical_gradient_precedence,
            "/ 2 * h divides by 2 and then multiplies by h; write / (2 * h)."),
    Mistake("numerical_gradient", "nudges a copy", numerical_gradient_on_a_copy,
            "this f ignores its argument and reads x itself, as a network's loss reads its "
            "own weights. Nudge the entries of x itself, in place (x[idx] = original + h), "
            "not of a copy, and put each back afterwards."),
    Mistake("numerical_gradient", "x not put back exactly", numerical_gradient_not_restored,
            "x[idx] += h, then -= 2h, leaves x[idx] off by h. " + NOT_RESTORED_HINT),
    Mistake("numerical_gradient", "only the first axis", numerical_gradient_first_axis_only,
            "for i in range(len(x)) nudges whole rows of a 2-D x at once. Visit every entry: "
            "for idx in np.ndindex(x.shape)."),
]
