"""The instructor's half of notebook 05's exercises: hidden tests and known mistakes.

Hidden tests of notebook 05: Affine, two Affine layers forward and backward, softmax,
cross-entropy, SoftmaxWithLoss and numerical_gradient, on inputs drawn at grading time.
Affine and two_layer_backprop certify a derivation: their float64 cases include large
biases (1e8), whose outputs round off by about 1e-8, which central differences divide by
2h (h = 1e-4): their gradients are off by about 1e-4, while the tolerance (1e-10) is one
that the derived formulas meet; their float32 cases
hold small integers, on which every right answer is exact whatever the order of its sums.
SoftmaxWithLoss's cases include rows of scores near 1e13, where a nudge of 1e-4 is lost in
rounding and central differences see no change at all.

Known mistakes of notebook 05: each is the edit of the source notebook's answer that it is
(``edit``), or code where it is a different answer altogether: a numerical gradient in
place of a derivation. Hints that the public checks also give are imported from the
exercise module, so that each piece of advice is written once.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course import gradcheck
from course.exercises.nb05_affine_softmax import (
    AFFINE,
    CHAIN_HINT,
    CROSS_ENTROPY,
    DH_AS_DX_HINT,
    GRADIENT_FUNCTIONS,
    KEEPDIMS_HINT,
    LABELS_HINT,
    LABELS_MINUS_HINT,
    LOG_ZERO_HINT,
    MEAN_HINT,
    NOT_RESTORED_HINT,
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
LARGE_BIAS = 1e8  # central differences (h = 1e-4) of such outputs are off by about 1e-4


def small_integers(rng, shape):
    """float32 arrays of integers in -3..3: sums and products of them are exact."""
    return rng.integers(-3, 4, size=shape).astype(np.float32)


def affine_cases(rng):
    cases = [{"W": rng.normal(size=(d, m)), "b": rng.normal(size=m),
              "x": rng.normal(size=(n, d)), "dout": rng.normal(size=(n, m))}
             for n, d, m in AFFINE_SHAPES]
    for n, d, m in [(3, 4, 2), (1, 5, 3)]:
        cases.append({"W": rng.normal(size=(d, m)), "b": rng.normal(size=m) * LARGE_BIAS,
                      "x": rng.normal(size=(n, d)), "dout": rng.normal(size=(n, m))})
    for n, d, m in [(5, 4, 3), (1, 6, 6)]:
        cases.append({"W": small_integers(rng, (d, m)), "b": small_integers(rng, (m,)),
                      "x": small_integers(rng, (n, d)), "dout": small_integers(rng, (n, m))})
    return cases


def two_layer_cases(rng):
    def draw(n, d, h, m, draw_one=rng.normal):
        shapes = {"x": (n, d), "W1": (d, h), "b1": (h,), "W2": (h, m), "b2": (m,),
                  "dout": (n, m)}
        return {key: draw_one(size=shape) for key, shape in shapes.items()}

    cases = [draw(*sizes) for sizes in [(1, 2, 3, 2), (5, 4, 6, 3), (3, 3, 3, 3),
                                        (1, 1, 1, 1), (6, 2, 7, 4)]]
    for sizes in [(4, 3, 5, 2), (1, 2, 3, 3)]:
        case = draw(*sizes)
        case["b2"] = case["b2"] * LARGE_BIAS
        cases.append(case)
    cases.append(draw(2, 8, 5, 10, lambda size: small_integers(rng, size)))
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
    # Rows near 1e13, where 1e13 + 1e-4 == 1e13: central differences see no change there.
    for n, c, one_hot in [(3, 4, False), (2, 5, True)]:
        x = rng.normal(size=(n, c))
        x[0] += 1e13
        cases.append({"x": x, "t": targets(likely_labels(rng, x), c, np.float64, one_hot),
                      "dout": float(rng.choice([1.0, 2.0]))})
    return cases


def numerical_gradient_cases(rng):
    return [{"x": rng.uniform(-2, 2, size=shape), "which": which}
            for which in range(len(GRADIENT_FUNCTIONS))
            for shape in [(1,), (4,), (2, 3), (3, 1), (2, 2, 2)]]


HIDDEN = [
    HiddenTest(AFFINE, solutions.Affine, affine_cases, rtol=1e-10, atol=1e-10),
    HiddenTest(TWO_LAYER_BACKPROP, solutions.two_layer_backprop, two_layer_cases,
               rtol=1e-10, atol=1e-10),
    HiddenTest(SOFTMAX, solutions.softmax, softmax_cases, rtol=1e-5, atol=1e-7),
    HiddenTest(CROSS_ENTROPY, solutions.cross_entropy_error, cross_entropy_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest(SOFTMAX_WITH_LOSS, solutions.SoftmaxWithLoss, softmax_with_loss_cases,
               rtol=1e-5, atol=1e-5),
    HiddenTest(NUMERICAL_GRADIENT, solutions.numerical_gradient, numerical_gradient_cases,
               rtol=1e-5, atol=1e-6),
]


# --------------------------------------------------------------------------------------
# Shortcuts: a numerical gradient where the exercise asks for a derivation, or the
# course's numerical gradient where it asks for one written by hand. Not edits of the
# answer: a different answer altogether.
# --------------------------------------------------------------------------------------


def central_differences(f, x, h=1e-4):
    """What a learner writes instead of deriving: f's central differences at x, nudging x
    itself and putting each entry back exactly."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        up = f()
        x[idx] = original - h
        down = f()
        x[idx] = original
        grad[idx] = (up - down) / (2 * h)
    return grad


class AffineByCentralDifferences(solutions.Affine):
    def backward(self, dout):
        def loss():
            return np.sum(self.forward_only() * dout)
        self.dW = central_differences(loss, self.W)
        self.db = central_differences(loss, self.b)
        return central_differences(loss, self.x)

    def forward_only(self):
        return self.x @ self.W + self.b


class AffineByTheCoursesGradient(solutions.Affine):
    def backward(self, dout):
        self.dW = gradcheck.layer_numerical_gradient(lambda W: self.x @ W + self.b,
                                                     self.W, dout)
        self.db = gradcheck.layer_numerical_gradient(lambda b: self.x @ self.W + b,
                                                     self.b, dout)
        return gradcheck.layer_numerical_gradient(lambda x: x @ self.W + self.b, self.x, dout)


def _two_layer_forward(x, W1, b1, W2, b2):
    return (x @ W1 + b1) @ W2 + b2


def two_layer_by_central_differences(x, W1, b1, W2, b2, dout):
    arrays = {"x": x, "W1": W1, "b1": b1, "W2": W2, "b2": b2}

    def loss():
        return np.sum(_two_layer_forward(**arrays) * dout)
    grads = {name: central_differences(loss, array) for name, array in arrays.items()}
    return (_two_layer_forward(**arrays), grads["x"], grads["W1"], grads["b1"], grads["W2"],
            grads["b2"])


def two_layer_by_the_courses_gradient(x, W1, b1, W2, b2, dout):
    arrays = {"x": x, "W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = {name: gradcheck.layer_numerical_gradient(
        lambda value, name=name: _two_layer_forward(**{**arrays, name: value}), array, dout)
        for name, array in arrays.items()}
    return (_two_layer_forward(**arrays), grads["x"], grads["W1"], grads["b1"], grads["W2"],
            grads["b2"])


class SoftmaxWithLossByCentralDifferences(solutions.SoftmaxWithLoss):
    def forward(self, x, t):
        self.x, self.t = x, t
        return super().forward(x, t)

    def backward(self, dout=1):
        def loss():
            return solutions.SoftmaxWithLoss().forward(self.x, self.t)
        return dout * central_differences(loss, self.x)


class SoftmaxWithLossByTheCoursesGradient(SoftmaxWithLossByCentralDifferences):
    def backward(self, dout=1):
        return dout * gradcheck.numerical_gradient(
            lambda x: solutions.SoftmaxWithLoss().forward(x, self.t), self.x)


def numerical_gradient_from_the_course(f, x, h=1e-4):
    return gradcheck.numerical_gradient(f, x, h)


DERIVATION_ASKED = "this exercise asks for the gradients derived above"
NUMERICAL_INSTEAD = (
    "the gradients are central differences of forward: a numerical gradient, where "
    f"{DERIVATION_ASKED}. When the outputs are large (a bias of 1e8, say), their rounding "
    "makes central differences off by about 1e-4, and the hidden tests compare at 1e-10.",
    "each gradient follows from one element of the chain rule, as the cells above derive "
    "it; the numerical gradient only checks the result.")
HELPER_INSTEAD = (
    "the gradients come from course.gradcheck's numerical gradient, which is not available "
    f"while your answer runs: {DERIVATION_ASKED}.",
    NUMERICAL_INSTEAD[1])

# The exact text of the source notebook's answers that the mistakes below edit.
DB_LINE = "self.db = np.sum(dout, axis=0)"
ONE_HOT_TO_LABELS = ("if t.shape == y.shape:            # one-hot rows -> labels\n"
                     "        t = np.argmax(t, axis=1)\n    ")
CE_MEAN = "np.log(np.maximum(p, 1e-7))) / n"
ROW_MAX = "x - np.max(x, axis=1, keepdims=True)"
ROW_SUM = "np.sum(e, axis=1, keepdims=True)"

MISTAKES = [
    # Affine
    Mistake(AFFINE, "dx without the transpose",
            edit("dx = dout @ self.W.T", "dx = np.dot(dout, self.W)"),
            "dx has the wrong shape, or with a square W the wrong numbers: the dx line of "
            "backward multiplies dout by W as it is. dx must have x's shape (N, D), and dout "
            "(N, M) can only meet W (D, M) along their M axes, so W has to be turned around "
            "first (the notes' first Affine, file 001, forgot it).",
            seed="001", demo=True),
    Mistake(AFFINE, "dx transposed", edit("dx = dout @ self.W.T", "dx = self.W @ dout.T"),
            ("dx comes out transposed, (D, N) instead of x's shape (N, D): look at the order "
             "of the factors in the dx line of backward.",
             "a gradient has the shape of its variable; dout's rows are the examples, so dout "
             "is the left factor, and W is turned so that its M axis meets dout's.")),
    Mistake(AFFINE, "dW = x · dout", edit("self.dW = self.x.T @ dout", "self.dW = self.x @ dout"),
            ("dW pairs the wrong numbers, and has the right shape only when N == D: the dW "
             "line of backward multiplies x as it is by dout.",
             "dW[d, m] adds x[n, d] · dout[n, m] over the examples n: the batch axis of x has "
             "to meet the batch axis of dout, which takes x turned around.")),
    Mistake(AFFINE, "db = dout", edit(DB_LINE, "self.db = dout"),
            ("db has one row per example, dout's shape (N, M), and b has shape (M,): look at "
             "the db line of backward.",
             "b is added to every example, so the gradients of all N examples add up into "
             "one number per output.")),
    Mistake(AFFINE, "db summed over all axes", edit(DB_LINE, "self.db = np.sum(dout)"),
            "db is one number: the db line of backward adds up every entry of dout. b has "
            "one entry per output, so add up over the examples only, the batch axis, "
            "(N, M) → (M,)."),
    Mistake(AFFINE, "db averaged over the batch",
            edit(DB_LINE, "self.db = np.mean(dout, axis=0)"),
            ("db is N times too small: the db line of backward takes the mean over the "
             "batch.",
             "b is added to every example, so each example's gradient counts in full: add "
             "them up. The loss has already divided by N.")),
    Mistake(AFFINE, "db with keepdims",
            edit(DB_LINE, "self.db = np.sum(dout, axis=0, keepdims=True)"),
            ("db has shape (1, M) and b has shape (M,): the db line of backward keeps the "
             "summed axis.",
             "a gradient has the shape of its variable: the batch axis goes once it is added "
             "up.")),
    Mistake(AFFINE, "the axit typo", edit(DB_LINE, "self.db = np.sum(dout, axit=0)"),
            ("np.sum got a keyword it does not know, `axit`, in the db line of backward: the "
             "notes' typo (file 001).",
             "the keyword that names the axis to add up over is spelled like the word axis."),
            seed="001"),
    Mistake(AFFINE, "forward keeps the global X", edit("self.x = x", "self.x = X"),
            ("forward keeps the notebook's global X, not the x it received: right for the "
             "notes' example only, as in the notes' code (file 001).",
             "backward needs the input of the last forward call: keep forward's own "
             "argument."),
            seed="001"),
    Mistake(AFFINE, "backward by central differences", AffineByCentralDifferences,
            NUMERICAL_INSTEAD),
    Mistake(AFFINE, "backward by the course's numerical gradient", AffineByTheCoursesGradient,
            HELPER_INSTEAD),
    # two_layer_backprop
    Mistake(TWO_LAYER_BACKPROP, "backward in forward order",
            edits(("dh = layer_2.backward(dout)", "dh = layer_1.backward(dout)"),
                  ("dx = layer_1.backward(dh)", "dx = layer_2.backward(dh)")),
            ("the first layer's backward received dout, the gradient at the second layer's "
             "output: backward ran the layers in forward order.",
             "backward visits the layers in reverse: the layer that produced out takes dout "
             "first and hands the gradient at its input down to the layer below.")),
    Mistake(TWO_LAYER_BACKPROP, "the first layer gets dout",
            edit("dx = layer_1.backward(dh)", "dx = layer_1.backward(dout)"),
            ("the first layer's backward received dout, not the gradient at its own output "
             "h: dx, dW1 and db1 are wrong.", CHAIN_HINT)),
    Mistake(TWO_LAYER_BACKPROP, "fresh layers for backward",
            edit("out = layer_2.forward(layer_1.forward(x))",
                 "out = Affine(W2, b2).forward(Affine(W1, b1).forward(x))"),
            SAME_LAYER_HINT),
    Mistake(TWO_LAYER_BACKPROP, "the second layer gets x",
            edit("out = layer_2.forward(layer_1.forward(x))",
                 "h = layer_1.forward(x)\n    out = layer_2.forward(x)"),
            ("the second layer ran forward on x instead of the first layer's output h (the "
             "shapes fit only when D == H).",
             "the layers chain: each one's input is the previous one's output, and the "
             "second layer keeps h for its dW2.")),
    Mistake(TWO_LAYER_BACKPROP, "dh returned as dx",
            edit("return out, dx, layer_1.dW", "return out, dh, layer_1.dW"), DH_AS_DX_HINT),
    Mistake(TWO_LAYER_BACKPROP, "gradients by central differences",
            two_layer_by_central_differences, NUMERICAL_INSTEAD),
    Mistake(TWO_LAYER_BACKPROP, "gradients by the course's numerical gradient",
            two_layer_by_the_courses_gradient, HELPER_INSTEAD),
    # softmax
    Mistake(SOFTMAX, "one max for the whole batch", edit(ROW_MAX, "x - np.max(x)"),
            ROW_MAX_HINT, seed="001"),
    Mistake(SOFTMAX, "no max subtracted", edit(f"shifted = {ROW_MAX}", "shifted = x"),
            OVERFLOW_HINT),
    Mistake(SOFTMAX, "normalised over the batch axis",
            edits((ROW_MAX, "x - np.max(x, axis=0, keepdims=True)"),
                  (ROW_SUM, "np.sum(e, axis=0, keepdims=True)")),
            ("the columns sum to 1, not the rows: the max and the sum run over axis 0, the "
             "batch.",
             "each row is one example: the max and the sum both run over a row's own "
             "classes, the last axis.")),
    Mistake(SOFTMAX, "the sum without keepdims", edit(ROW_SUM, "np.sum(e, axis=1)"),
            KEEPDIMS_HINT),
    Mistake(SOFTMAX, "normalised over the whole batch", edit(ROW_SUM, "np.sum(e)"),
            ("the whole batch sums to 1: the sum in the denominator adds up every entry.",
             "each row is one example: its denominator adds up its own classes only, kept as "
             "a column.")),
    # cross_entropy
    Mistake(CROSS_ENTROPY, "summed, not averaged",
            edit(CE_MEAN, "np.log(np.maximum(p, 1e-7)))"), MEAN_HINT, seed="001"),
    Mistake(CROSS_ENTROPY, "no guard against log(0)",
            edit("np.log(np.maximum(p, 1e-7))", "np.log(p)"), LOG_ZERO_HINT),
    Mistake(CROSS_ENTROPY, "labels read as one-hot",
            edits((ONE_HOT_TO_LABELS, ""),
                  ("p = y[np.arange(n), t]            # each row's probability of the right "
                   "class\n    return -np.sum(np.log(np.maximum(p, 1e-7))) / n",
                   "return -np.sum(t * np.log(np.maximum(y, 1e-7))) / n")),
            ("with integer labels t (N,), the loss multiplies the logs by the class numbers "
             "(or fails to broadcast): the code reads every t as one-hot rows.", LABELS_HINT)),
    Mistake(CROSS_ENTROPY, "one-hot read as labels", edit(ONE_HOT_TO_LABELS, ""),
            ("a one-hot t (N, C) is used as if it held labels: its 0s and 1s are not class "
             "numbers.", LABELS_HINT)),
    Mistake(CROSS_ENTROPY, "the sign", edit("return -np.sum(", "return np.sum("),
            ("the loss is negative: the minus sign in front of the mean log-probability is "
             "missing.",
             "probabilities are at most 1, so their logs are at most 0; the loss is minus "
             "their mean, so that a better prediction gives a smaller loss.")),
    Mistake(CROSS_ENTROPY, "the mean over every entry",
            edit(CE_MEAN, "np.log(np.maximum(p, 1e-7))) / y.size"),
            ("the loss is C times too small: it is divided by the number of entries, N · C.",
             "the loss is a mean over the examples: divide by N, the number of rows, only.")),
    # softmax_with_loss
    Mistake(SOFTMAX_WITH_LOSS, "dx not divided by N",
            edit("return dx * dout / n", "return dx * dout"),
            ("dx is N times too large: backward does not divide by the batch size.",
             "the loss is the mean over the batch, so each example's gradient carries the "
             "factor 1/N.")),
    Mistake(SOFTMAX_WITH_LOSS, "dout ignored", edit("return dx * dout / n", "return dx / n"),
            ("dx does not change with dout: backward ignores its argument.",
             "like every layer, backward multiplies by the gradient arriving from above (the "
             "chain rule); at the end of a network it is 1, which is why it is easy to "
             "forget.")),
    # The next three are mistakes of the learner's cross_entropy or softmax, which forward
    # uses: the edit lands in that exercise's answer cell.
    Mistake(SOFTMAX_WITH_LOSS, "the loss summed, not averaged",
            edit(CE_MEAN, "np.log(np.maximum(p, 1e-7)))"), MEAN_HINT, seed="001"),
    Mistake(SOFTMAX_WITH_LOSS, "one max for the whole batch", edit(ROW_MAX, "x - np.max(x)"),
            ROW_MAX_HINT, seed="001"),
    Mistake(SOFTMAX_WITH_LOSS, "no max subtracted", edit(f"shifted = {ROW_MAX}", "shifted = x"),
            OVERFLOW_HINT),
    Mistake(SOFTMAX_WITH_LOSS, "y - t with labels",
            edit("if self.t.shape == self.y.shape:      # one-hot\n"
                 "            dx -= self.t\n"
                 "        else:                                 # labels\n"
                 "            dx[np.arange(n), self.t] -= 1",
                 "dx -= self.t"),
            LABELS_MINUS_HINT),
    Mistake(SOFTMAX_WITH_LOSS, "backward by central differences",
            SoftmaxWithLossByCentralDifferences,
            ("dx is central differences of forward: a numerical gradient, where this "
             "exercise asks for the gradient derived above. For a row of scores near 1e13, "
             "a nudge of 1e-4 is lost in rounding and the numerical gradient is 0.",
             "the derivation gives dx from the probabilities and the targets alone, with "
             "dout and the 1/N of the mean; the numerical gradient only checks it.")),
    Mistake(SOFTMAX_WITH_LOSS, "backward by the course's numerical gradient",
            SoftmaxWithLossByTheCoursesGradient,
            ("dx comes from course.gradcheck's numerical gradient, which is not available "
             "while your answer runs: this exercise asks for the gradient derived above.",
             "the derivation gives dx from the probabilities and the targets alone, with "
             "dout and the 1/N of the mean.")),
    # numerical_gradient
    Mistake(NUMERICAL_GRADIENT, "one-sided difference",
            edits(("x[idx] = original - h\n        f_minus", "x[idx] = original\n        f_minus"),
                  ("/ (2 * h)", "/ h")),
            ("a one-sided difference: the lower point is x itself, not x - h.",
             "the central difference evaluates f on both sides of x, which makes it far more "
             "accurate (an error of about h² instead of h).")),
    Mistake(NUMERICAL_GRADIENT, "divided by h, not 2h", edit("/ (2 * h)", "/ h"),
            ("the gradient is twice the right one: the difference is divided by h.",
             "the two points x - h and x + h are 2h apart; divide by that distance.")),
    Mistake(NUMERICAL_GRADIENT, "/ 2 * h", edit("/ (2 * h)", "/ 2 * h"),
            ("the gradient is h² times the right one: / 2 * h divides by 2 and then "
             "multiplies by h.",
             "divide by the distance between the two points, 2h, as one number: it needs "
             "parentheses.")),
    Mistake(NUMERICAL_GRADIENT, "nudges a copy",
            edit("grad = np.zeros_like(x)", "x = x.copy()\n    grad = np.zeros_like(x)"),
            ("the gradient is 0 for an f that reads x itself: the nudges go to a copy of x.",
             "this f ignores its argument and reads x itself, as a network's loss reads its "
             "own weights: nudge the entries of the caller's x, in place, and put each back "
             "afterwards.")),
    Mistake(NUMERICAL_GRADIENT, "x not put back exactly",
            edit("        x[idx] = original\n        grad[idx]", "        grad[idx]"),
            NOT_RESTORED_HINT),
    Mistake(NUMERICAL_GRADIENT, "only the first axis",
            edits(("for idx in np.ndindex(x.shape):", "for idx in range(len(x)):"),
                  ("original = x[idx]", "original = x[idx].copy()")),
            ("whole rows of a 2-D x are nudged at once: the loop visits the first axis only.",
             "visit every entry, one index per entry whatever the number of axes.")),
    Mistake(NUMERICAL_GRADIENT, "the course's numerical_gradient",
            numerical_gradient_from_the_course,
            ("numerical_gradient calls course.gradcheck's, which is not available while your "
             "answer runs: this exercise asks you to write the central differences yourself.",
             "loop over every index of x, nudge the entry both ways, evaluate f, and put the "
             "entry back.")),
]
