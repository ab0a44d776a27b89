"""The instructor's half of notebook 02's exercises: hidden tests and known mistakes.

Hidden tests of notebook 02: sigmoid, the chain of sigmoid units, the Sigmoid and Relu
layers, binary cross-entropy and its derivative, and the squared error at a sigmoid output,
on inputs drawn at grading time (extreme values and float32 included).

Known mistakes of notebook 02: sigmoid, the chain of sigmoid units, the Sigmoid and Relu
layers, binary cross-entropy and its derivative, and the squared error at a sigmoid output.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import math

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake
from course.exercises.nb02_sigmoid import (
    BINARY_CROSS_ENTROPY,
    BINARY_CROSS_ENTROPY_DERIVATIVE,
    EXP_OVERFLOW_HINT,
    FLOAT32_HINT,
    INF_OVER_INF_HINT,
    LOG_ZERO_HINT,
    PER_EXAMPLE_HINT,
    RELU_LAYER,
    SIGMOID,
    SIGMOID_CHAIN,
    SIGMOID_LAYER,
    SIGMOID_SQUARED_ERROR,
    SIGN_HINT,
    SQUARED_DZ_HINT,
    SQUARED_PER_ELEMENT_HINT,
)

# Shapes for element-wise functions: one example, a column, a batch, a 3-d array.
SHAPES = [(1,), (1, 1), (1, 5), (4, 3), (6, 1), (2, 3, 4)]
# Inputs far out on both sides: exp(-x) overflows float64 below -709 and float32 below -88.
EXTREMES = [-1000.0, -800.0, -710.0, -100.0, -40.0, 40.0, 100.0, 710.0, 800.0, 1000.0]


def with_extremes(rng, shape, dtype=np.float64):
    """Normal values with about half of the entries replaced by extreme ones."""
    x = rng.normal(size=shape) * 3
    mask = rng.random(size=shape) < 0.5
    x[mask] = rng.choice(EXTREMES, size=int(mask.sum()))
    return x.astype(dtype)


def sigmoid_cases(rng):
    cases = [{"x": float(rng.normal() * 3)}, {"x": float(rng.choice([-1000.0, 1000.0]))}]
    cases += [{"x": rng.normal(size=shape) * 4} for shape in SHAPES]
    cases += [{"x": with_extremes(rng, (3, 5))}, {"x": with_extremes(rng, (1, 8))},
              {"x": np.array(EXTREMES)}]
    cases += [{"x": (rng.normal(size=(4, 3)) * 4).astype(np.float32)},
              {"x": with_extremes(rng, (2, 6), np.float32)},
              {"x": np.array(EXTREMES, dtype=np.float32)}]
    return cases


LAYER_SHAPES = [((1, 1), np.float64), ((1, 4), np.float64), ((3, 5), np.float64),
                ((6, 2), np.float64), ((2, 3, 4), np.float64), ((4, 3), np.float32),
                ((1, 7), np.float32)]


def sigmoid_layer_cases(rng):
    """Random batches, then batches with extreme inputs, where a forward that does not use
    the stable sigmoid overflows."""
    cases = [{"x": (rng.normal(size=shape) * 3).astype(dtype),
              "dout": rng.normal(size=shape).astype(dtype)} for shape, dtype in LAYER_SHAPES]
    for shape, dtype in [((3, 4), np.float64), ((1, 6), np.float64), ((2, 5), np.float32)]:
        cases.append({"x": with_extremes(rng, shape, dtype),
                      "dout": rng.normal(size=shape).astype(dtype)})
    return cases


def relu_layer_cases(rng):
    """Random batches with about a quarter of the inputs exactly 0. ReLU has no derivative
    at 0, and both masks, x <= 0 and x < 0, are right: dout is 0 there, so that either
    gives the reference's dx, while the forward is still graded at 0."""
    cases = []
    for shape, dtype in LAYER_SHAPES:
        x = rng.normal(size=shape) * 3
        x[rng.random(size=shape) < 0.25] = 0.0
        dout = np.where(x == 0, 0.0, rng.normal(size=shape))
        cases.append({"x": x.astype(dtype), "dout": dout.astype(dtype)})
    return cases


def probabilities(rng, shape, dtype=np.float64, low=0.02, high=0.98):
    a = rng.uniform(low, high, size=shape).astype(dtype)
    y = rng.integers(0, 2, size=shape).astype(dtype)
    return a, y


def loss_cases(rng):
    cases = []
    for shape in [(1,), (1, 1), (5,), (4, 3), (6, 1)]:
        a, y = probabilities(rng, shape)
        cases.append({"a": a, "y": y})
    a, y = probabilities(rng, (3, 4))
    cases.append({"a": a, "y": y.astype(np.int64)})
    for shape in [(4, 3), (1, 5)]:
        a, y = probabilities(rng, shape, np.float32)
        cases.append({"a": a, "y": y})
    # Probabilities of exactly 0 and 1, right and wrong, among ordinary ones.
    a = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0])
    order = rng.permutation(len(a))
    cases.append({"a": a[order], "y": y[order]})
    return cases


def sigmoid_chain_cases(rng):
    """Chains of 1 to 12 layers with small, medium and large weights; one whose z stays at 0
    (the gradient explodes); one with saturated units on both sides."""
    cases = []
    for n, scale in [(1, 1.0), (2, 2.0), (3, 0.5), (5, 4.0), (8, 2.0), (12, 1.0), (6, 8.0)]:
        cases.append({"x": float(rng.normal()), "w": rng.normal(size=n) * scale,
                      "b": rng.normal(size=n)})
    n = int(rng.integers(3, 9))
    weight = float(rng.uniform(4.5, 8.0))
    cases.append({"x": 0.5, "w": np.full(n, weight), "b": np.full(n, -weight / 2)})
    w = rng.normal(size=5) * 2
    w[rng.permutation(5)[:2]] = [1000.0, -1000.0]
    cases.append({"x": float(rng.uniform(0.5, 2.0)), "w": w, "b": rng.normal(size=5)})
    return cases


def squared_error_cases(rng):
    cases = [{"z": float(rng.normal() * 3), "y": float(rng.integers(0, 2))}]
    for shape in [(1,), (5,), (4, 3), (6, 1), (2, 3, 2)]:
        cases.append({"z": rng.normal(size=shape) * 3,
                      "y": rng.integers(0, 2, size=shape).astype(np.float64)})
    cases.append({"z": rng.normal(size=(3, 4)) * 3, "y": rng.integers(0, 2, size=(3, 4))})
    cases.append({"z": with_extremes(rng, (3, 5)),
                  "y": rng.integers(0, 2, size=(3, 5)).astype(np.float64)})
    for shape in [(4, 3), (1, 6)]:
        cases.append({"z": (rng.normal(size=shape) * 3).astype(np.float32),
                      "y": rng.integers(0, 2, size=shape).astype(np.float32)})
    cases.append({"z": with_extremes(rng, (2, 6), np.float32),
                  "y": rng.integers(0, 2, size=(2, 6)).astype(np.float32)})
    return cases


HIDDEN = [
    HiddenTest(SIGMOID, solutions.sigmoid, sigmoid_cases, rtol=1e-5, atol=1e-7),
    HiddenTest(SIGMOID_CHAIN, solutions.sigmoid_chain, sigmoid_chain_cases,
               rtol=1e-6, atol=1e-12, check_dtype=False),
    HiddenTest(SIGMOID_LAYER, solutions.Sigmoid, sigmoid_layer_cases, rtol=1e-5, atol=1e-7),
    HiddenTest(RELU_LAYER, solutions.Relu, relu_layer_cases, rtol=1e-6, atol=1e-9),
    HiddenTest(BINARY_CROSS_ENTROPY, solutions.binary_cross_entropy, loss_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest(BINARY_CROSS_ENTROPY_DERIVATIVE, solutions.binary_cross_entropy_derivative,
               loss_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(SIGMOID_SQUARED_ERROR, solutions.sigmoid_squared_error, squared_error_cases,
               rtol=1e-5, atol=1e-7),
]


def _stable_sigmoid(x):
    """The right sigmoid, which the variants of the later exercises build on."""
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


# --------------------------------------------------------------------------------------
# sigmoid
# --------------------------------------------------------------------------------------


def sigmoid_naive(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_mirror_formula(x):
    return np.exp(x) / (1 + np.exp(x))


def sigmoid_where_of_both_formulas(x):
    x = np.asarray(x)
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


def sigmoid_sign_in_exponent(x):
    return 1 / (1 + np.exp(x))


def sigmoid_branches_swapped(x):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1 + e), 1 / (1 + e))


def sigmoid_math_exp(x):
    return 1 / (1 + math.exp(-x))


def sigmoid_as_float64(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_clipped_at_500(x):
    x = np.clip(x, -500, 500)
    return 1 / (1 + np.exp(-x))


# --------------------------------------------------------------------------------------
# sigmoid_chain
# --------------------------------------------------------------------------------------


def _chain(x, w, b, sigmoid=_stable_sigmoid, local=None, dw_of=None, next_grad=None,
           reverse_dw=False):
    """The right chain, or one of the slips its keyword arguments name.

    local(h_in, h_out, z): the sigmoid node's local derivative; dw_of(dz, grad, h_in, h_out,
    w_k): dw_k; next_grad(dz, grad, w_k): the gradient sent on to h_(k-1)."""
    hs, zs = [x], []
    for w_k, b_k in zip(w, b):
        zs.append(w_k * hs[-1] + b_k)
        hs.append(sigmoid(zs[-1]))
    dws = []
    grad = 1.0
    for k in reversed(range(len(w))):
        h_in, h_out = hs[k], hs[k + 1]
        slope = local(h_in, h_out, zs[k]) if local else h_out * (1 - h_out)
        dz = grad * slope
        dws.append(dw_of(dz, grad, h_in, h_out, w[k]) if dw_of else dz * h_in)
        grad = next_grad(dz, grad, w[k]) if next_grad else dz * w[k]
    dw = np.array(dws if reverse_dw else dws[::-1], dtype=np.float64)
    return hs[-1], grad, dw


def chain_without_weights(x, w, b):
    return _chain(x, w, b, next_grad=lambda dz, grad, w_k: dz)


def chain_without_sigmoid_prime(x, w, b):
    return _chain(x, w, b, local=lambda h_in, h_out, z: 1.0)


def chain_sigmoid_prime_of_the_input(x, w, b):
    return _chain(x, w, b, local=lambda h_in, h_out, z: h_in * (1 - h_in))


def chain_sigmoid_applied_twice(x, w, b):
    def local(h_in, h_out, z):
        s = _stable_sigmoid(h_out)
        return s * (1 - s)
    return _chain(x, w, b, local=local)


def chain_dw_with_the_weight(x, w, b):
    return _chain(x, w, b, dw_of=lambda dz, grad, h_in, h_out, w_k: dz * w_k)


def chain_dw_with_the_output(x, w, b):
    return _chain(x, w, b, dw_of=lambda dz, grad, h_in, h_out, w_k: dz * h_out)


def chain_dw_before_the_sigmoid(x, w, b):
    return _chain(x, w, b, dw_of=lambda dz, grad, h_in, h_out, w_k: grad * h_in)


def chain_dw_backwards(x, w, b):
    return _chain(x, w, b, reverse_dw=True)


def chain_naive_sigmoid(x, w, b):
    return _chain(x, w, b, sigmoid=lambda z: 1 / (1 + np.exp(-z)))


def chain_sigmoid_prime_recomputed(x, w, b):
    def local(h_in, h_out, z):
        s = _stable_sigmoid(z)
        return s * (1 - s)
    return _chain(x, w, b, local=local)


# --------------------------------------------------------------------------------------
# The Sigmoid layer
# --------------------------------------------------------------------------------------


class Sigmoid:
    """The right layer; each variant below overrides one method."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = _stable_sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


class SigmoidWithoutOneMinusOut(Sigmoid):
    def backward(self, dout):
        return dout * self.out


class SigmoidWithoutOut(Sigmoid):
    def backward(self, dout):
        return dout * (1 - self.out)


class SigmoidWithTheInput(Sigmoid):
    def forward(self, x):
        self.x = x
        self.out = _stable_sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.x * (1 - self.x)


class SigmoidWithoutDout(Sigmoid):
    def backward(self, dout):
        return self.out * (1 - self.out)


class SigmoidNegative(Sigmoid):
    def backward(self, dout):
        return -dout * self.out * (1 - self.out)


class SigmoidDerivativeOfTheOutput(Sigmoid):
    def backward(self, dout):
        s = _stable_sigmoid(self.out)  # sigmoid_derivative(self.out): sigmoid applied twice
        return dout * s * (1 - s)


_last_out = None


class SigmoidKeepsAGlobal(Sigmoid):
    def forward(self, x):
        global _last_out
        _last_out = _stable_sigmoid(x)
        return _last_out

    def backward(self, dout):
        return dout * _last_out * (1 - _last_out)


class SigmoidNaiveForward(Sigmoid):
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out


class SigmoidDoutInPlace(Sigmoid):
    def backward(self, dout):
        dout *= self.out * (1 - self.out)
        return dout


# --------------------------------------------------------------------------------------
# The Relu layer
# --------------------------------------------------------------------------------------


class Relu:
    """The right layer, as the notes write it (file 001); each variant overrides one method."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx


class ReluZeroesDoutInPlace(Relu):
    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx


class ReluZeroesXInPlace(Relu):
    def forward(self, x):
        self.mask = x <= 0
        x[self.mask] = 0
        return x


class ReluMaskFromDout(Relu):
    def backward(self, dout):
        dx = dout.copy()
        dx[dout <= 0] = 0
        return dx


class ReluDoutTimesOut(Relu):
    def forward(self, x):
        self.out = np.maximum(x, 0)
        return self.out

    def backward(self, dout):
        return dout * self.out


class ReluMaskReversed(Relu):
    def forward(self, x):
        self.mask = x > 0
        return np.maximum(x, 0)


class ReluMaskOnTheClass(Relu):
    def forward(self, x):
        Relu.shared_mask = x <= 0
        out = x.copy()
        out[Relu.shared_mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[Relu.shared_mask] = 0
        return dx


class ReluWithoutDout(Relu):
    def backward(self, dout):
        return (~self.mask).astype(dout.dtype)


class ReluMaskAsFloat64(Relu):
    def backward(self, dout):
        return dout * (~self.mask).astype(float)


class ReluMaskStrict(Relu):
    def forward(self, x):
        self.mask = x < 0
        out = x.copy()
        out[self.mask] = 0
        return out


# --------------------------------------------------------------------------------------
# binary_cross_entropy
# --------------------------------------------------------------------------------------


def _clip(a):
    return np.clip(a, 1e-7, 1 - 1e-7)


def bce_notes_sign(a, y):
    a = _clip(a)
    return -y * np.log(a) + (1 - y) * np.log(1 - a)


def bce_without_clipping(a, y):
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def bce_averaged(a, y):
    a = _clip(a)
    return np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a)))


def bce_summed(a, y):
    a = _clip(a)
    return np.sum(-(y * np.log(a) + (1 - y) * np.log(1 - a)))


def bce_only_the_first_term(a, y):
    a = _clip(a)
    return -y * np.log(a)


def bce_a_and_y_swapped(a, y):
    a = _clip(a)
    return -(a * np.log(y) + (1 - a) * np.log(1 - y))


def bce_as_float64(a, y):
    a = _clip(np.asarray(a, dtype=float))
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))


def bce_epsilon_inside_the_logs(a, y):
    return -(y * np.log(a + 1e-7) + (1 - y) * np.log(1 - a + 1e-7))


# --------------------------------------------------------------------------------------
# binary_cross_entropy_derivative
# --------------------------------------------------------------------------------------


def dbce_notes_denominator(a, y):
    a = _clip(a)
    return (a - y) / ((1 - a) + 1e-7)


def dbce_gradient_at_z(a, y):
    a = _clip(a)
    return a - y


def dbce_sign(a, y):
    a = _clip(a)
    return (y - a) / (a * (1 - a))


def dbce_of_the_notes_loss(a, y):
    a = _clip(a)
    return -y / a - (1 - y) / (1 - a)


def dbce_epsilon_in_the_denominator(a, y):
    return (a - y) / (a * (1 - a) + 1e-7)


def dbce_without_clipping(a, y):
    return (a - y) / (a * (1 - a))


def dbce_as_float64(a, y):
    a = _clip(np.asarray(a, dtype=float))
    return (a - y) / (a * (1 - a))


def dbce_two_fractions(a, y):
    a = _clip(a)
    return -y / a + (1 - y) / (1 - a)


# --------------------------------------------------------------------------------------
# sigmoid_squared_error
# --------------------------------------------------------------------------------------


def squared_dz_is_a_minus_y(z, y):
    a = _stable_sigmoid(z)
    return (a - y) ** 2 / 2, a - y


def squared_sigmoid_prime_of_z(z, y):
    a = _stable_sigmoid(z)
    return (a - y) ** 2 / 2, (a - y) * z * (1 - z)


def squared_dz_sign(z, y):
    a = _stable_sigmoid(z)
    return (a - y) ** 2 / 2, (y - a) * a * (1 - a)


def squared_without_the_half(z, y):
    a = _stable_sigmoid(z)
    return (a - y) ** 2, (a - y) * a * (1 - a)


def squared_dz_twice(z, y):
    a = _stable_sigmoid(z)
    return (a - y) ** 2 / 2, 2 * (a - y) * a * (1 - a)


def squared_cross_entropy_slope(z, y):
    a = _stable_sigmoid(z)
    return (a - y) ** 2 / 2, (a - y) / (a * (1 - a) + 1e-7)


def squared_naive_sigmoid(z, y):
    a = 1 / (1 + np.exp(-z))
    return (a - y) ** 2 / 2, (a - y) * a * (1 - a)


def squared_as_float64(z, y):
    a = _stable_sigmoid(np.asarray(z, dtype=float))
    return (a - y) ** 2 / 2, (a - y) * a * (1 - a)


def squared_averaged(z, y):
    a = _stable_sigmoid(z)
    return np.mean((a - y) ** 2 / 2), (a - y) * a * (1 - a)


def squared_with_sigmoid_of_minus_z(z, y):
    a = _stable_sigmoid(z)
    return (a - y) ** 2 / 2, (a - y) * a * _stable_sigmoid(-np.asarray(z))


# --------------------------------------------------------------------------------------
# The catalog
# --------------------------------------------------------------------------------------

NOTES_D_LOSS_HINT = ("that is the notes' d_loss (file 000) = (y - t) / ((1 - y) + 1e-7): the "
                     "factor a (their y) is missing from the denominator. dL/da = (a - y) / "
                     "(a (1 - a)).")
CHAIN_WEIGHTS = ("Between two sigmoids sits a multiply node, w_k * h_(k-1), which sends back "
                 "to h_(k-1) its incoming gradient times the other input, w_k (notebook 01). "
                 "Each layer multiplies the gradient by h_k (1 - h_k) and then by w_k.")
ONE_MINUS_SIGMOID = ("your sigmoid gives 1 - sigmoid(x): sigmoid(2) should be 0.8808, above "
                     "1/2, since the sigmoid rises with x.")

MISTAKES = [
    # sigmoid
    Mistake(SIGMOID, "the naive formula overflows", sigmoid_naive, EXP_OVERFLOW_HINT),
    Mistake(SIGMOID, "exp(x) / (1 + exp(x)) overflows", sigmoid_mirror_formula,
            INF_OVER_INF_HINT),
    Mistake(SIGMOID, "np.where of both formulas", sigmoid_where_of_both_formulas,
            "np.where(x >= 0, A, B) computes A and B for every element before choosing, so "
            "np.exp(-x) in A overflows for x = -1000 and np.exp(x) in B for x = 1000, even "
            "though the overflowing side is thrown away. Compute e = np.exp(-np.abs(x)) once "
            "and build both branches from it: 1 / (1 + e) and e / (1 + e)."),
    Mistake(SIGMOID, "the sign in the exponent", sigmoid_sign_in_exponent,
            ONE_MINUS_SIGMOID + " 1 / (1 + np.exp(x)) has lost the minus: sigmoid(x) = "
            "1 / (1 + exp(-x)). (And it overflows for x = 1000.)"),
    Mistake(SIGMOID, "the two branches swapped", sigmoid_branches_swapped,
            ONE_MINUS_SIGMOID + " With e = exp(-|x|), the branch for x >= 0 is 1 / (1 + e) "
            "and the one for x < 0 is e / (1 + e); yours are the other way round."),
    Mistake(SIGMOID, "math.exp on an array", sigmoid_math_exp,
            "math.exp takes one number; x is an array. Use np.exp, which works element by "
            "element on arrays of any shape (and on plain numbers)."),
    Mistake(SIGMOID, "float32 becomes float64", sigmoid_as_float64, FLOAT32_HINT),
    Mistake(SIGMOID, "x clipped to ±500", sigmoid_clipped_at_500,
            "clipping x to [-500, 500] keeps np.exp in range for float64 (exp(500) = 1.4e217), "
            "but float32 overflows above exp(88.7): the float32 input -100 still overflows. "
            "Instead of clipping, take exp only of -|x|: e = np.exp(-np.abs(x)), then "
            "1 / (1 + e) where x >= 0 and e / (1 + e) where x < 0."),
    # sigmoid_chain
    Mistake(SIGMOID_CHAIN, "the weights left out of backward", chain_without_weights,
            "your gradient passes from layer to layer without the weights: that is the "
            "0.25-per-layer story, which forgets them. " + CHAIN_WEIGHTS),
    Mistake(SIGMOID_CHAIN, "sigmoid' left out", chain_without_sigmoid_prime,
            "your backward multiplies by the weights only: the sigmoid node's local derivative "
            "is missing. Each layer multiplies the gradient by h_k (1 - h_k), with h_k the "
            "layer's own output, and then sends it on times w_k."),
    Mistake(SIGMOID_CHAIN, "sigmoid' of the layer's input", chain_sigmoid_prime_of_the_input,
            "sigmoid'(z_k) = h_k (1 - h_k) uses the layer's *output* h_k = sigmoid(z_k), not "
            "its input h_(k-1)."),
    Mistake(SIGMOID_CHAIN, "the sigmoid applied twice", chain_sigmoid_applied_twice,
            "your backward takes sigmoid_derivative of the layer's output h_k, which applies "
            "the sigmoid to it again. With the output, the local derivative is simply "
            "h_k (1 - h_k)."),
    Mistake(SIGMOID_CHAIN, "dw from the weight", chain_dw_with_the_weight,
            "dw_k = dz_k * w_k uses the weight itself. In the multiply node w_k * h_(k-1), "
            "each input gets the *other* one: dw_k = dz_k * h_(k-1), and h_(k-1) gets "
            "dz_k * w_k."),
    Mistake(SIGMOID_CHAIN, "dw from the layer's output", chain_dw_with_the_output,
            "dw_k = dz_k * h_k uses the layer's output. The weight multiplies the layer's "
            "*input*: z_k = w_k * h_(k-1) + b_k, so dw_k = dz_k * h_(k-1) (x for the first "
            "layer)."),
    Mistake(SIGMOID_CHAIN, "dw before the sigmoid", chain_dw_before_the_sigmoid,
            "your dw_k uses the gradient at h_k, before the sigmoid node: multiply by "
            "h_k (1 - h_k) first, dz_k = dh_k * h_k (1 - h_k), then dw_k = dz_k * h_(k-1)."),
    Mistake(SIGMOID_CHAIN, "dw in backward order", chain_dw_backwards,
            "your dw lists the layers from the last to the first, the order in which backward "
            "visits them. dw[k] belongs to w[k]: reverse the list, or write dw[k] = ... into "
            "an array made before the loop."),
    Mistake(SIGMOID_CHAIN, "the naive sigmoid", chain_naive_sigmoid,
            "the chain computes 1 / (1 + np.exp(-z)), which overflows for z = -1000: use your "
            "stable sigmoid from exercise 1."),
    Mistake(SIGMOID_CHAIN, "sigmoid' recomputed from z", chain_sigmoid_prime_recomputed,
            "fine: sigmoid(z_k) (1 - sigmoid(z_k)) is h_k (1 - h_k), computed again from z_k.",
            harmless=True),
    # sigmoid_layer
    Mistake(SIGMOID_LAYER, "dout * out", SigmoidWithoutOneMinusOut,
            "your dx is dout * out: the factor (1 - out) is missing. The notes' backward is "
            "dout * (1.0 - self.out) * self.out."),
    Mistake(SIGMOID_LAYER, "dout * (1 - out)", SigmoidWithoutOut,
            "your dx is dout * (1 - out): the factor out is missing; sigmoid' = "
            "out (1 - out)."),
    Mistake(SIGMOID_LAYER, "the input x instead of the output", SigmoidWithTheInput,
            "your dx is dout * x * (1 - x), with the input x. The formula needs the output: "
            "dout * out * (1 - out), with out = sigmoid(x) kept by forward (self.out)."),
    Mistake(SIGMOID_LAYER, "dout forgotten", SigmoidWithoutDout,
            "your dx is out * (1 - out) alone, the local derivative: multiply by dout, the "
            "gradient that comes from the layer above (the chain rule)."),
    Mistake(SIGMOID_LAYER, "the sign", SigmoidNegative,
            "the sign: dx = dout * out * (1 - out), with no minus; the sigmoid rises, so "
            "its derivative is positive."),
    Mistake(SIGMOID_LAYER, "sigmoid_derivative of the output",
            SigmoidDerivativeOfTheOutput,
            "your backward applies the sigmoid to out again, as sigmoid_derivative(self.out) "
            "does: sigmoid_derivative takes the input x. With the output, the derivative is "
            "simply out * (1 - out): dx = dout * self.out * (1 - self.out)."),
    Mistake(SIGMOID_LAYER, "the output kept in a global", SigmoidKeepsAGlobal,
            "your backward used the output of *another* Sigmoid object's forward (the "
            "driver runs a second layer in between). Keep the output on the layer itself, "
            "self.out = ..., not in a global variable or on the class."),
    Mistake(SIGMOID_LAYER, "the naive formula in forward", SigmoidNaiveForward,
            "forward computes 1 / (1 + np.exp(-x)), which overflows for x = -1000: call your "
            "stable sigmoid(x) from exercise 1 instead (self.out = sigmoid(x))."),
    Mistake(SIGMOID_LAYER, "dout multiplied in place", SigmoidDoutInPlace,
            "dout *= ... writes into the caller's array: the layer above may still need its "
            "dout. Build a new array: dx = dout * self.out * (1 - self.out)."),
    # relu_layer
    Mistake(RELU_LAYER, "backward zeroes the caller's dout", ReluZeroesDoutInPlace,
            "backward zeroed the caller's dout: the notes' `dout[self.mask] = 0` writes into "
            "the array it was given, which the layer above may still need. Work on a copy: "
            "dx = dout.copy(), then dx[self.mask] = 0 (or np.where(self.mask, 0, dout)).",
            seed="001"),
    Mistake(RELU_LAYER, "forward zeroes the caller's x", ReluZeroesXInPlace,
            "forward zeroed the caller's x. Copy first, out = x.copy(), then "
            "out[self.mask] = 0, as the notes' forward does (or np.maximum(x, 0), which "
            "builds a new array)."),
    Mistake(RELU_LAYER, "the mask taken from dout", ReluMaskFromDout,
            "your dx zeroes where dout <= 0. The mask comes from forward's input x: a ReLU "
            "passes the gradient where x > 0, whatever its sign. Keep self.mask = (x <= 0) "
            "in forward and use it in backward."),
    Mistake(RELU_LAYER, "dout * out", ReluDoutTimesOut,
            "your dx is dout * out. ReLU's derivative is 1 where x > 0 and 0 elsewhere, not "
            "the output: dx is dout where x > 0, 0 elsewhere."),
    Mistake(RELU_LAYER, "the mask the wrong way round", ReluMaskReversed,
            "the mask is the wrong way round: zero dout where x <= 0, keep it where x > 0."),
    Mistake(RELU_LAYER, "one mask shared by every Relu", ReluMaskOnTheClass,
            "your backward used the mask of *another* Relu's forward (the driver runs a "
            "second layer in between), as when the notes used one relu object for two "
            "layers. Keep the mask on the layer itself, self.mask = (x <= 0), not on the "
            "class or in a global, and use one Relu object per place in the network.",
            seed="001"),
    Mistake(RELU_LAYER, "dout forgotten", ReluWithoutDout,
            "your dx is the local derivative alone, 1 where x > 0 and 0 elsewhere: multiply "
            "by dout (the chain rule), that is, return dout with the masked entries set to 0."),
    Mistake(RELU_LAYER, "the mask as float64", ReluMaskAsFloat64,
            ".astype(float) is float64, and dout * a float64 array is float64 too. "
            + FLOAT32_HINT + " Here: dx = dout.copy(); dx[self.mask] = 0."),
    Mistake(RELU_LAYER, "mask x < 0 instead of x <= 0", ReluMaskStrict,
            "fine: the two masks differ only where x is exactly 0, where ReLU has a kink and "
            "no derivative; any slope between 0 and 1 is a valid choice there. The course "
            "(and the notes) take 0, with x <= 0; x < 0 takes 1, and the checks accept both.",
            harmless=True),
    # binary_cross_entropy
    Mistake(BINARY_CROSS_ENTROPY, "the sign error of the notes", bce_notes_sign, SIGN_HINT,
            seed="000"),
    Mistake(BINARY_CROSS_ENTROPY, "no clipping", bce_without_clipping, LOG_ZERO_HINT),
    Mistake(BINARY_CROSS_ENTROPY, "averaged over the examples", bce_averaged,
            "np.mean gives one number for the whole batch; " + PER_EXAMPLE_HINT),
    Mistake(BINARY_CROSS_ENTROPY, "summed over the examples", bce_summed,
            "np.sum gives one number for the whole batch; " + PER_EXAMPLE_HINT),
    Mistake(BINARY_CROSS_ENTROPY, "only the y log a term", bce_only_the_first_term,
            "-y log a is the whole loss only where y = 1; where y = 0 the loss is "
            "-log(1 - a), and your loss is 0 there. Add the second term: "
            "-(y log a + (1 - y) log(1 - a))."),
    Mistake(BINARY_CROSS_ENTROPY, "a and y swapped", bce_a_and_y_swapped,
            "a is the prediction, the number you take the log of; y is the label 0 or 1, and "
            "log(0) of a label is -inf. (The notes call the prediction y and the label t.) "
            "-(y log a + (1 - y) log(1 - a))."),
    Mistake(BINARY_CROSS_ENTROPY, "float32 becomes float64", bce_as_float64, FLOAT32_HINT),
    Mistake(BINARY_CROSS_ENTROPY, "1e-7 inside the logs", bce_epsilon_inside_the_logs,
            "fine: np.log(a + 1e-7) and np.log(1 - a + 1e-7) keep log away from 0 as "
            "clipping does, and change ordinary losses by about 1e-7.", harmless=True),
    # binary_cross_entropy_derivative
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "the notes' denominator without a",
            dbce_notes_denominator, NOTES_D_LOSS_HINT, seed="000"),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "a - y, the gradient at z", dbce_gradient_at_z,
            "that is dL/dz = a - y, the gradient *through* the sigmoid. dL/da is the step "
            "before it: (a - y) / (a (1 - a))."),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "the sign", dbce_sign,
            "the sign: dL/da = -y/a + (1 - y)/(1 - a) = (a - y) / (a (1 - a)); a too large "
            "(a > y) must give a positive slope."),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "the derivative of the notes' loss",
            dbce_of_the_notes_loss,
            "that is the derivative of the notes' wrong loss, -y log a + (1 - y) log(1 - a). "
            "Differentiate the right one: -y/a + (1 - y)/(1 - a)."),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "1e-7 in the denominator instead of clipping",
            dbce_epsilon_in_the_denominator,
            "at a = 0, y = 0 the loss is -log(1 - a), whose slope is 1/(1 - a) = 1, not 0. "
            "Adding 1e-7 to the denominator a (1 - a) gives 0 / 1e-7 = 0 there; clip a to "
            "[1e-7, 1 - 1e-7] instead, then divide."),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "no clipping", dbce_without_clipping,
            "clip a to [1e-7, 1 - 1e-7] first, as in binary_cross_entropy: at a = 0 or 1 the "
            "denominator a (1 - a) is 0. " + LOG_ZERO_HINT),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "float32 becomes float64", dbce_as_float64,
            FLOAT32_HINT),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "-y/a + (1 - y)/(1 - a), not simplified",
            dbce_two_fractions,
            "fine: the two fractions are (a - y) / (a (1 - a)) before simplifying.",
            harmless=True),
    # sigmoid_squared_error
    Mistake(SIGMOID_SQUARED_ERROR, "dz = a - y, the cross-entropy's shortcut",
            squared_dz_is_a_minus_y,
            "a - y is dL/da here, and dL/dz for the cross-entropy only, where the factor "
            "a (1 - a) cancels. The squared error keeps it: dz = (a - y) * a * (1 - a)."),
    Mistake(SIGMOID_SQUARED_ERROR, "sigmoid' of z instead of a", squared_sigmoid_prime_of_z,
            "the sigmoid's local derivative is a (1 - a) with a = sigmoid(z), its output: "
            "not z (1 - z)."),
    Mistake(SIGMOID_SQUARED_ERROR, "the sign", squared_dz_sign,
            "the sign: dL/da = a - y (prediction minus label), so dz = (a - y) * a * (1 - a); "
            "a prediction above its label must get a positive slope."),
    Mistake(SIGMOID_SQUARED_ERROR, "the 1/2 left out of L", squared_without_the_half,
            "L = (a - y)² / 2: the 1/2 makes dL/da = a - y. Your L is twice that."),
    Mistake(SIGMOID_SQUARED_ERROR, "dz of (a - y)², not of (a - y)² / 2", squared_dz_twice,
            "your dz is twice the slope of your L: the derivative of (a - y)² / 2 is a - y "
            "(the 2 of the square cancels the 1/2). " + SQUARED_DZ_HINT),
    Mistake(SIGMOID_SQUARED_ERROR, "the cross-entropy's dL/da", squared_cross_entropy_slope,
            "(a - y) / (a (1 - a)) is dL/da of the cross-entropy. Here L = (a - y)² / 2: "
            + SQUARED_DZ_HINT),
    Mistake(SIGMOID_SQUARED_ERROR, "the naive sigmoid overflows", squared_naive_sigmoid,
            "1 / (1 + np.exp(-z)) overflows for z = -1000: use your stable sigmoid from "
            "exercise 1. " + EXP_OVERFLOW_HINT),
    Mistake(SIGMOID_SQUARED_ERROR, "float32 becomes float64", squared_as_float64,
            FLOAT32_HINT),
    Mistake(SIGMOID_SQUARED_ERROR, "L averaged", squared_averaged,
            "np.mean gives one number; " + SQUARED_PER_ELEMENT_HINT),
    Mistake(SIGMOID_SQUARED_ERROR, "1 - a written as sigmoid(-z)",
            squared_with_sigmoid_of_minus_z,
            "fine: sigmoid(-z) = 1 - sigmoid(z), and far from 0 it is even more accurate.",
            harmless=True),
]
