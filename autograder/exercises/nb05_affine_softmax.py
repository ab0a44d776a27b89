"""The instructor's half of notebook 05's exercises: hidden tests and known mistakes.

Hidden tests of notebook 05: Affine, two Affine layers forward and backward, softmax,
cross-entropy, SoftmaxWithLoss and numerical_gradient, on inputs drawn at grading time.

Known mistakes of notebook 05: Affine, two_layer_backprop, softmax, cross-entropy,
SoftmaxWithLoss and numerical_gradient.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake
from course.exercises.nb05_affine_softmax import (
    AFFINE,
    CHAIN_HINT,
    CROSS_ENTROPY,
    DH_AS_DX_HINT,
    GRADIENT_FUNCTIONS,
    KEEPDIMS_HINT,
    LABELS_HINT,
    LOG_ZERO_HINT,
    MEAN_HINT,
    NOT_RESTORED_HINT,
    NOTES_AFFINE,
    NUMERICAL_GRADIENT,
    OVERFLOW_HINT,
    ROW_MAX_HINT,
    SAME_LAYER_HINT,
    SOFTMAX,
    SOFTMAX_WITH_LOSS,
    TWO_LAYER_BACKPROP,
)

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
    HiddenTest(AFFINE, solutions.Affine, affine_cases, rtol=1e-5, atol=1e-5),
    HiddenTest(TWO_LAYER_BACKPROP, solutions.two_layer_backprop, two_layer_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest(SOFTMAX, solutions.softmax, softmax_cases, rtol=1e-5, atol=1e-7),
    HiddenTest(CROSS_ENTROPY, solutions.cross_entropy_error, cross_entropy_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest(SOFTMAX_WITH_LOSS, solutions.SoftmaxWithLoss, softmax_with_loss_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest(NUMERICAL_GRADIENT, solutions.numerical_gradient, numerical_gradient_cases,
               rtol=1e-5, atol=1e-6),
]


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
    Mistake(AFFINE, "dx without the transpose", AffineNoTranspose,
            "dx = dout · Wᵀ, not dout · W: dout is (N, M) and W is (D, M), so only "
            "(N, M)·(M, D) → (N, D) gives x's shape. With a square W, dout · W fits but "
            "gives the wrong numbers. Look at the dx line of backward: np.dot(dout, self.W.T).",
            seed="001"),
    Mistake(AFFINE, "dx transposed", AffineDxTransposed,
            "W · doutᵀ is (D, M)·(M, N) → (D, N): dx transposed. dx must have x's shape "
            "(N, D): dx = dout · Wᵀ, np.dot(dout, self.W.T)."),
    Mistake(AFFINE, "dW = x · dout", AffineDwWithoutTranspose,
            "dW = xᵀ · dout, (D, N)·(N, M) → (D, M). x · dout is (N, D)·(N, M): it only fits "
            "when N == D, and then pairs the wrong numbers. Look at the dW line of backward: "
            "np.dot(self.x.T, dout)."),
    Mistake(AFFINE, "db = dout", AffineDbIsDout,
            "db = dout keeps one row per example, (N, M), but b is (M,) and shared by all N "
            "examples, so their gradients add up: np.sum(dout, axis=0)."),
    Mistake(AFFINE, "db summed over all axes", AffineDbSummedOverAll,
            "np.sum(dout) adds up every entry and gives one number; b has M entries, one per "
            "output. Sum over the batch axis only: np.sum(dout, axis=0), "
            "(N, M) → (M,)."),
    Mistake(AFFINE, "db averaged over the batch", AffineDbAveraged,
            "db = np.sum(dout, axis=0), not the mean: b is added to every example, so the "
            "gradients of all N examples add up. The loss has already divided by N."),
    Mistake(AFFINE, "db with keepdims", AffineDbKeepdims,
            "np.sum(dout, axis=0, keepdims=True) is (1, M); b is (M,). Drop keepdims: "
            "np.sum(dout, axis=0)."),
    Mistake(AFFINE, "the axit typo", AffineAxitTypo,
            "np.sum has no argument `axit`: the notes' typo (file 001). Write "
            "np.sum(dout, axis=0).",
            seed="001"),
    Mistake(AFFINE, "forward keeps the global X", AffineKeepsGlobalX,
            "forward stores the notebook's global X (self.x = X), as the notes' code did (file "
            "001): right for the notes' example only. Keep the argument of this call: "
            "self.x = x.",
            seed="001"),
    # two_layer_backprop
    Mistake(TWO_LAYER_BACKPROP, "backward in forward order",
            two_layer_backward_in_forward_order,
            "backward visits the layers in reverse order of forward: the second layer first "
            "(it is the one that produced out, so dout belongs to it), then the first. "
            + CHAIN_HINT),
    Mistake(TWO_LAYER_BACKPROP, "the first layer gets dout", two_layer_first_gets_dout,
            "the first layer's backward gets the gradient at its own output h, which the "
            "second layer's backward returns, not dout. " + CHAIN_HINT),
    Mistake(TWO_LAYER_BACKPROP, "fresh layers for backward",
            two_layer_fresh_layers_for_backward, SAME_LAYER_HINT),
    Mistake(TWO_LAYER_BACKPROP, "the second layer gets x", two_layer_second_gets_x,
            "the layers chain: the second Affine takes the first one's output, "
            "(N, D)·(D, H) → (N, H), then (N, H)·(H, M) → (N, M). Pass h = "
            "first.forward(x) to second.forward(h), not x; then the second layer keeps h "
            "for its dW2 = hᵀ · dout."),
    Mistake(TWO_LAYER_BACKPROP, "dh returned as dx", two_layer_returns_dh, DH_AS_DX_HINT),
    # softmax
    Mistake(SOFTMAX, "one max for the whole batch", softmax_one_max_for_the_batch,
            ROW_MAX_HINT + " (The notes' softmax did this, file 001: np.max(x) without an axis.)",
            seed="001"),
    Mistake(SOFTMAX, "no max subtracted", softmax_without_max, OVERFLOW_HINT),
    Mistake(SOFTMAX, "normalised over the batch axis", softmax_over_axis_0,
            "the columns sum to 1: the max and the sum run over axis 0, the batch. Each row "
            "is one example; use axis=1 (with keepdims=True) for both."),
    Mistake(SOFTMAX, "the sum without keepdims", softmax_without_keepdims, KEEPDIMS_HINT),
    Mistake(SOFTMAX, "normalised over the whole batch", softmax_over_everything,
            "the whole batch sums to 1: np.sum(e) adds every entry. Each row is one "
            "example; sum over its classes: np.sum(e, axis=1, keepdims=True)."),
    # cross_entropy
    Mistake(CROSS_ENTROPY, "summed, not averaged", cross_entropy_summed, MEAN_HINT,
            seed="001"),
    Mistake(CROSS_ENTROPY, "no guard against log(0)", cross_entropy_without_epsilon,
            LOG_ZERO_HINT),
    Mistake(CROSS_ENTROPY, "labels read as one-hot", cross_entropy_labels_as_one_hot,
            "t * np.log(y) assumes one-hot t of y's shape (N, C); with integer labels "
            "(N,) it multiplies the wrong numbers, or fails to broadcast. " + LABELS_HINT),
    Mistake(CROSS_ENTROPY, "one-hot read as labels", cross_entropy_one_hot_as_labels,
            "y[np.arange(N), t] needs labels (N,); a one-hot t (N, C) of 0s and 1s picks "
            "the wrong entries. " + LABELS_HINT),
    Mistake(CROSS_ENTROPY, "the sign", cross_entropy_sign_error,
            "the loss is minus the mean log-probability: -np.sum(np.log(...)) / N. Without "
            "the minus sign it is negative and gradient descent would make it worse."),
    Mistake(CROSS_ENTROPY, "the mean over every entry", cross_entropy_mean_over_entries,
            "np.mean over the (N, C) array divides by N · C; the loss divides by the batch "
            "size N only: -np.sum(t * np.log(y + 1e-7)) / N."),
    # softmax_with_loss
    Mistake(SOFTMAX_WITH_LOSS, "dx not divided by N", SoftmaxWithLossNotDividedByN,
            "the loss is the mean over the batch, so each example's gradient is divided by "
            "N = the batch size: dx = dout * (y - t) / N."),
    Mistake(SOFTMAX_WITH_LOSS, "dout ignored", SoftmaxWithLossIgnoresDout,
            "backward(dout) should multiply by dout, like every layer (the chain rule); at "
            "the end of a network dout = 1, so it is easy to forget."),
    Mistake(SOFTMAX_WITH_LOSS, "the loss summed, not averaged", SoftmaxWithLossSummed,
            MEAN_HINT, seed="001"),
    Mistake(SOFTMAX_WITH_LOSS, "one max for the whole batch", SoftmaxWithLossOneMax,
            ROW_MAX_HINT, seed="001"),
    Mistake(SOFTMAX_WITH_LOSS, "no max subtracted", SoftmaxWithLossWithoutMax,
            OVERFLOW_HINT),
    Mistake(SOFTMAX_WITH_LOSS, "y - t with labels", SoftmaxWithLossSubtractsLabels,
            "y - t only works for one-hot t of y's shape (N, C); labels (N,) broadcast "
            "against the wrong axis. Subtract 1 at each row's label from a copy of y: "
            "dx[np.arange(N), labels] -= 1."),
    # numerical_gradient
    Mistake(NUMERICAL_GRADIENT, "one-sided difference", numerical_gradient_one_sided,
            "(f(x + h) - f(x)) / h is the one-sided difference; the central difference "
            "(f(x + h) - f(x - h)) / (2h) is far more accurate."),
    Mistake(NUMERICAL_GRADIENT, "divided by h, not 2h", numerical_gradient_divided_by_h,
            "the two points x - h and x + h are 2h apart: divide by (2 * h). Your gradient "
            "is twice the right one."),
    Mistake(NUMERICAL_GRADIENT, "/ 2 * h", numerical_gradient_precedence,
            "/ 2 * h divides by 2 and then multiplies by h; write / (2 * h)."),
    Mistake(NUMERICAL_GRADIENT, "nudges a copy", numerical_gradient_on_a_copy,
            "this f ignores its argument and reads x itself, as a network's loss reads its "
            "own weights. Nudge the entries of x itself, in place (x[idx] = original + h), "
            "not of a copy, and put each back afterwards."),
    Mistake(NUMERICAL_GRADIENT, "x not put back exactly", numerical_gradient_not_restored,
            "x[idx] += h, then -= 2h, leaves x[idx] off by h. " + NOT_RESTORED_HINT),
    Mistake(NUMERICAL_GRADIENT, "only the first axis", numerical_gradient_first_axis_only,
            "for i in range(len(x)) nudges whole rows of a 2-D x at once. Visit every entry: "
            "for idx in np.ndindex(x.shape)."),
]
