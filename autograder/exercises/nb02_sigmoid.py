"""The instructor's half of notebook 02's exercises: hidden tests and known mistakes.

Hidden tests: sigmoid, the chain of sigmoid units, the Sigmoid and Relu layers, binary
cross-entropy and its derivative, and the squared error at a sigmoid output, on inputs
drawn at grading time (extreme values and float32 included). The chain's gradient is worked
out by hand: its cases include vanishing gradients and its tolerance (relative 1e-10) is
one that central differences cannot meet, whatever their step.

Known mistakes: each is the edit of the source notebook's answer that it is
(``edit(right text, what the learner wrote)``); the few given as code are shortcuts around
the skill (the numerical gradient, central differences), whose structure is not the
answer's. Hints shared with the public checks are imported from the exercise module, so
that each piece of advice is written once.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course import gradcheck
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
    WEIGHTS_HINT,
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
    """Chains of 1 to 12 layers with small, medium and large weights; long chains of small
    weights, whose gradient vanishes (there central differences, of any step, are far from
    a relative 1e-10: the difference of two nearly equal outputs loses the digits); one
    whose z stays at 0 (the gradient explodes); one with saturated units on both sides."""
    cases = []
    for n, scale in [(1, 1.0), (2, 2.0), (3, 0.5), (5, 4.0), (8, 2.0), (12, 1.0), (6, 8.0)]:
        cases.append({"x": float(rng.normal()), "w": rng.normal(size=n) * scale,
                      "b": rng.normal(size=n)})
    for n in (10, 12):
        cases.append({"x": float(rng.normal()), "w": rng.uniform(0.3, 1.0, size=n)
                      * rng.choice([-1.0, 1.0], size=n), "b": rng.normal(size=n)})
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
               rtol=1e-10, atol=1e-14, check_dtype=False),
    HiddenTest(SIGMOID_LAYER, solutions.Sigmoid, sigmoid_layer_cases, rtol=1e-5, atol=1e-7),
    HiddenTest(RELU_LAYER, solutions.Relu, relu_layer_cases, rtol=1e-6, atol=1e-9),
    HiddenTest(BINARY_CROSS_ENTROPY, solutions.binary_cross_entropy, loss_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest(BINARY_CROSS_ENTROPY_DERIVATIVE, solutions.binary_cross_entropy_derivative,
               loss_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(SIGMOID_SQUARED_ERROR, solutions.sigmoid_squared_error, squared_error_cases,
               rtol=1e-5, atol=1e-7),
]


# --------------------------------------------------------------------------------------
# Shortcuts around the skill, as code: their structure is not the answer's.
# --------------------------------------------------------------------------------------


def _chain_forward(x, w, b):
    h = x
    for w_k, b_k in zip(w, b):
        h = solutions.sigmoid(w_k * h + b_k)
    return h


def chain_by_numerical_gradient(x, w, b):
    """dx and dw from course.gradcheck.numerical_gradient of the forward: withheld."""
    w = np.asarray(w, dtype=np.float64)
    dx = gradcheck.numerical_gradient(lambda p: _chain_forward(p[0], w, b), [x])[0]
    dw = gradcheck.numerical_gradient(lambda p: _chain_forward(x, p, b), w)
    return _chain_forward(x, w, b), dx, dw


def chain_by_central_differences(x, w, b, h=1e-5):
    """dx and dw by the learner's own central differences of the forward: refused by the
    hidden test's tolerance."""
    w = np.asarray(w, dtype=np.float64)
    dx = (_chain_forward(x + h, w, b) - _chain_forward(x - h, w, b)) / (2 * h)
    dw = np.zeros_like(w)
    for k in range(len(w)):
        up, down = w.copy(), w.copy()
        up[k] += h
        down[k] -= h
        dw[k] = (_chain_forward(x, up, b) - _chain_forward(x, down, b)) / (2 * h)
    return _chain_forward(x, w, b), dx, dw


class SigmoidByNumericalGradient:
    """backward from course.gradcheck.layer_numerical_gradient of forward: withheld."""

    def forward(self, x):
        self.x = x
        return solutions.sigmoid(x)

    def backward(self, dout):
        return gradcheck.layer_numerical_gradient(solutions.sigmoid, self.x, dout)


# --------------------------------------------------------------------------------------
# The catalog: each mistake as the edit of the source answer it is
# --------------------------------------------------------------------------------------

# Text of the source notebook's answers that the edits change.
STABLE = "return np.where(x >= 0, 1 / (1 + e), e / (1 + e))"
CHAIN_DZ = "dz = grad * h[k + 1] * (1 - h[k + 1])"
LAYER_DX = "dx = dout * self.out * (1 - self.out)"
CLIP = "a = np.clip(a, 1e-7, 1 - 1e-7)"
BCE = "return -(y * np.log(a) + (1 - y) * np.log(1 - a))"
DBCE = "return (a - y) / (a * (1 - a))"
SQ_DZ = "dz = (a - y) * a * (1 - a)"
SQ_L = "L = (a - y) ** 2 / 2"
SQ_A = "a = sigmoid(z)\n    L"  # the docstring has "a = sigmoid(z)" too

ONE_MINUS_SIGMOID = ("your sigmoid gives 1 - sigmoid(x): sigmoid(2) should be 0.8808, above "
                     "1/2, since the sigmoid rises with x.")
NOTES_D_LOSS_HINT = (
    "that is the notes' d_loss (file 000): its denominator has lost the factor a (their y).",
    "the two fractions of dL/da, brought onto one denominator, keep both a and 1 - a in it.")
NUMERICAL_HINT = ("this is the numerical gradient: the exercise asks for the derivation, "
                  "and the numerical gradient is not available while it is graded.",
                  "work the gradient out with the chain rule, node by node, as the cells "
                  "above derive it.")

MISTAKES = [
    # sigmoid
    Mistake(SIGMOID, "the naive formula overflows",
            edit(STABLE, "return 1 / (1 + np.exp(-x))"), EXP_OVERFLOW_HINT),
    Mistake(SIGMOID, "exp(x) / (1 + exp(x)) overflows",
            edit(STABLE, "return np.exp(x) / (1 + np.exp(x))"), INF_OVER_INF_HINT),
    Mistake(SIGMOID, "np.where of both formulas",
            edit(STABLE, "return np.where(x >= 0, 1 / (1 + np.exp(-x)), "
                         "np.exp(x) / (1 + np.exp(x)))"),
            ("your np.where chooses between the two formulas, but np.where(cond, A, B) "
             "computes A and B for every element before choosing: the exp in one branch "
             "overflows for x = -1000, the other's for x = 1000, even though that side is "
             "thrown away.",
             "compute the one exponential that cannot overflow, of -|x|, once, and build "
             "both branches from it.")),
    Mistake(SIGMOID, "the sign in the exponent", edit(STABLE, "return 1 / (1 + np.exp(x))"),
            (ONE_MINUS_SIGMOID + " The minus sign in the exponent is lost.",
             "sigmoid(x) = 1 / (1 + e^(-x)), and the exponential of a large x overflows.")),
    Mistake(SIGMOID, "the two branches swapped",
            edit("1 / (1 + e), e / (1 + e)", "e / (1 + e), 1 / (1 + e)"),
            (ONE_MINUS_SIGMOID + " Your two branches are the wrong way round.",
             "with e = exp(-|x|), the fraction without e on top belongs to x >= 0.")),
    Mistake(SIGMOID, "math.exp on an array",
            edit(STABLE, "import math\n    return 1 / (1 + math.exp(-x))"),
            ("math.exp takes one number; x is an array.",
             "NumPy's functions work element by element on arrays of any shape, and on plain "
             "numbers.")),
    Mistake(SIGMOID, "float32 becomes float64",
            edit("x = np.asarray(x)", "x = np.asarray(x, dtype=float)"), FLOAT32_HINT),
    Mistake(SIGMOID, "x clipped to ±500",
            edit(STABLE, "x = np.clip(x, -500, 500)\n    return 1 / (1 + np.exp(-x))"),
            ("clipping x to [-500, 500] keeps np.exp in range for float64 (exp(500) = "
             "1.4e217), but float32 overflows above exp(88.7): the float32 input -100 still "
             "overflows.",) + EXP_OVERFLOW_HINT[1:]),
    # sigmoid_chain
    Mistake(SIGMOID_CHAIN, "the weights left out of backward",
            edit("grad = dz * w[k]", "grad = dz"),
            ("your gradient passes from layer to layer without the weights: that is the "
             "0.25-per-layer story, which forgets them.",) + WEIGHTS_HINT[1:]),
    Mistake(SIGMOID_CHAIN, "sigmoid' left out", edit(CHAIN_DZ, "dz = grad"),
            ("your backward multiplies by the weights only: the sigmoid node's local "
             "derivative is missing.",
             "each layer multiplies the gradient by its sigmoid's derivative, written with "
             "the layer's own output h_k, and then sends it on times w_k.")),
    Mistake(SIGMOID_CHAIN, "sigmoid' of the layer's input",
            edit(CHAIN_DZ, "dz = grad * h[k] * (1 - h[k])"),
            ("your sigmoid node's local derivative uses the layer's input h_(k-1).",
             "the derivative is written with the sigmoid's *output* h_k = sigmoid(z_k).")),
    Mistake(SIGMOID_CHAIN, "the sigmoid applied twice",
            edit(CHAIN_DZ, "dz = grad * sigmoid(h[k + 1]) * (1 - sigmoid(h[k + 1]))"),
            ("your backward applies the sigmoid to the layer's output h_k again: "
             "sigmoid'(z) takes z, not h_k.",
             "written with the output, the local derivative needs no sigmoid at all: "
             "h_k and 1 - h_k.")),
    Mistake(SIGMOID_CHAIN, "dw from the weight", edit("dw[k] = dz * h[k]", "dw[k] = dz * w[k]"),
            ("your dw_k uses the weight itself.",
             "in the multiply node w_k * h_(k-1), each input gets the gradient times the "
             "*other* one: w_k gets the layer's input.")),
    Mistake(SIGMOID_CHAIN, "dw from the layer's output",
            edit("dw[k] = dz * h[k]", "dw[k] = dz * h[k + 1]"),
            ("your dw_k uses the layer's output h_k.",
             "the weight multiplies the layer's *input*, z_k = w_k h_(k-1) + b_k: dw_k takes "
             "h_(k-1) (x for the first layer).")),
    Mistake(SIGMOID_CHAIN, "dw before the sigmoid",
            edit("dw[k] = dz * h[k]", "dw[k] = grad * h[k]"),
            ("your dw_k uses the gradient at h_k, before the sigmoid node.",
             "dw_k takes the gradient at z_k, after it has gone through the sigmoid node.")),
    Mistake(SIGMOID_CHAIN, "dw in backward order",
            edits(("dw = np.zeros(len(w))", "dw = []"),
                  ("dw[k] = dz * h[k]", "dw.append(dz * h[k])")),
            ("your dw lists the layers from the last to the first, the order in which "
             "backward visits them.",
             "dw[k] belongs to w[k]: put each layer's gradient at its own index (or reverse "
             "the list at the end).")),
    Mistake(SIGMOID_CHAIN, "the naive sigmoid",
            edit("h.append(sigmoid(w_k * h[-1] + b_k))",
                 "h.append(1 / (1 + np.exp(-(w_k * h[-1] + b_k))))"),
            ("the chain computes the sigmoid with its naive formula, which overflows for "
             "z = -1000.",
             "use your stable sigmoid from exercise 1.")),
    Mistake(SIGMOID_CHAIN, "sigmoid' recomputed from z",
            edit(CHAIN_DZ, "dz = grad * sigmoid(w[k] * h[k] + b[k]) "
                           "* (1 - sigmoid(w[k] * h[k] + b[k]))"),
            "fine: sigmoid(z_k) (1 - sigmoid(z_k)) is h_k (1 - h_k), computed again from z_k.",
            harmless=True),
    Mistake(SIGMOID_CHAIN, "the numerical gradient", chain_by_numerical_gradient,
            NUMERICAL_HINT),
    Mistake(SIGMOID_CHAIN, "central differences", chain_by_central_differences,
            ("your dx and dw are central differences of the forward: the exercise asks for "
             "the derivation, and the hidden tests compare to a relative 1e-10, which "
             "central differences cannot reach where the gradient vanishes.",
             "work the gradient out with the chain rule, node by node: the sigmoid node, "
             "then the add and multiply nodes of each layer, right to left.")),
    # sigmoid_layer
    Mistake(SIGMOID_LAYER, "dout * out", edit(LAYER_DX, "dx = dout * self.out"),
            ("your dx is dout times the output alone: a factor of the sigmoid's derivative "
             "is missing.",
             "the sigmoid's derivative, written with its output, has two factors "
             "(section 1): the output and one minus it.")),
    Mistake(SIGMOID_LAYER, "dout * (1 - out)", edit(LAYER_DX, "dx = dout * (1 - self.out)"),
            ("your dx is dout times one minus the output: the factor out is missing.",
             "the sigmoid's derivative, written with its output, has two factors "
             "(section 1): the output and one minus it.")),
    Mistake(SIGMOID_LAYER, "the input x instead of the output",
            edits(("self.out = sigmoid(x)", "self.x = x\n        self.out = sigmoid(x)"),
                  (LAYER_DX, "dx = dout * self.x * (1 - self.x)")),
            ("your backward uses the input x where the sigmoid's derivative needs the output.",
             "s (1 - s) is about s = sigmoid(x), the output that forward kept.")),
    Mistake(SIGMOID_LAYER, "dout forgotten", edit(LAYER_DX, "dx = self.out * (1 - self.out)"),
            ("your dx is the local derivative alone.",
             "the chain rule multiplies it by dout, the gradient that comes from the layer "
             "above.")),
    Mistake(SIGMOID_LAYER, "the sign", edit(LAYER_DX, "dx = -dout * self.out * (1 - self.out)"),
            ("your dx has the wrong sign.",
             "the sigmoid rises everywhere, so its derivative is positive: dx has dout's "
             "sign.")),
    Mistake(SIGMOID_LAYER, "sigmoid_derivative of the output",
            edit(LAYER_DX, "dx = dout * sigmoid(self.out) * (1 - sigmoid(self.out))"),
            ("your backward applies the sigmoid to the output again, as "
             "sigmoid_derivative(self.out) would: that function takes the input x.",
             "written with the output, the derivative needs no sigmoid at all.")),
    Mistake(SIGMOID_LAYER, "the output kept in a global",
            edits(("self.out = sigmoid(x)\n        return self.out",
                   "global last_out\n        last_out = sigmoid(x)\n        return last_out"),
                  (LAYER_DX, "dx = dout * last_out * (1 - last_out)")),
            ("your backward used the output of *another* Sigmoid object's forward (the "
             "driver runs a second layer in between).",
             "keep the output on the layer itself, on self, not in a global variable or on "
             "the class.")),
    Mistake(SIGMOID_LAYER, "the naive formula in forward",
            edit("self.out = sigmoid(x)", "self.out = 1 / (1 + np.exp(-x))"),
            ("forward computes the sigmoid with its naive formula, which overflows for "
             "x = -1000.",
             "call your stable sigmoid from exercise 1.")),
    Mistake(SIGMOID_LAYER, "dout multiplied in place",
            edit(LAYER_DX, "dout *= self.out * (1 - self.out)\n        dx = dout"),
            ("backward multiplied the caller's dout in place: the layer above may still "
             "need it.",
             "build a new array for dx; never assign into dout.")),
    Mistake(SIGMOID_LAYER, "the numerical gradient", SigmoidByNumericalGradient,
            NUMERICAL_HINT),
    # relu_layer
    Mistake(RELU_LAYER, "backward zeroes the caller's dout", edit("dx = dout.copy()", "dx = dout"),
            ("backward zeroed the caller's dout: like the notes' backward, it writes into "
             "the array it was given, which the layer above may still need.",
             "work on a copy of dout, or build a new array."),
            seed="001", demo=True),
    Mistake(RELU_LAYER, "forward zeroes the caller's x", edit("out = x.copy()", "out = x"),
            ("forward zeroed the caller's x: it wrote into the array it was given.",
             "copy first, as the notes' forward does, or build a new array.")),
    Mistake(RELU_LAYER, "the mask taken from dout", edit("dx[self.mask] = 0", "dx[dout <= 0] = 0"),
            ("your dx is zeroed where dout <= 0.",
             "the mask comes from forward's input x: a ReLU passes the gradient where x > 0, "
             "whatever its sign. Use the mask that forward kept.")),
    Mistake(RELU_LAYER, "dout * out",
            edits(("out[self.mask] = 0\n        return out",
                   "out[self.mask] = 0\n        self.out = out\n        return out"),
                  ("dx = dout.copy()\n        dx[self.mask] = 0", "dx = dout * self.out")),
            ("your dx is dout times the output.",
             "ReLU's derivative is 1 where x > 0 and 0 elsewhere, not the output: dx is dout "
             "where x > 0, 0 elsewhere.")),
    Mistake(RELU_LAYER, "the mask the wrong way round",
            edit("self.mask = x <= 0", "self.mask = x > 0"),
            ("the mask is the wrong way round: it marks where x is positive.",
             "zero out the entries where x <= 0, keep those where x > 0.")),
    Mistake(RELU_LAYER, "one mask shared by every Relu",
            edits(("self.mask = x <= 0", "Relu.mask = x <= 0"),
                  ("out[self.mask] = 0", "out[Relu.mask] = 0"),
                  ("dx[self.mask] = 0", "dx[Relu.mask] = 0")),
            ("your backward used the mask of *another* Relu's forward (the driver runs a "
             "second layer in between), as when the notes used one relu object for two "
             "layers.",
             "keep the mask on the layer itself, on self, not on the class or in a global, "
             "and use one Relu object per place in the network."),
            seed="001"),
    Mistake(RELU_LAYER, "dout forgotten", edit("dx = dout.copy()", "dx = np.ones_like(dout)"),
            ("your dx is the local derivative alone, 1 where x > 0 and 0 elsewhere.",
             "the chain rule multiplies it by dout: dx is dout with the masked entries set "
             "to 0.")),
    Mistake(RELU_LAYER, "the mask as float64",
            edit("dx = dout.copy()\n        dx[self.mask] = 0",
                 "dx = dout * (~self.mask).astype(float)"),
            ("your dx is float64 for a float32 dout: .astype(float) is float64, and so is "
             "dout times it.",) + FLOAT32_HINT[1:]),
    Mistake(RELU_LAYER, "mask x < 0 instead of x <= 0",
            edit("self.mask = x <= 0", "self.mask = x < 0"),
            "fine: the two masks differ only where x is exactly 0, where ReLU has a kink and "
            "no derivative; any slope between 0 and 1 is a valid choice there.",
            harmless=True),
    # binary_cross_entropy
    Mistake(BINARY_CROSS_ENTROPY, "the sign error of the notes",
            edit(BCE, "return -y * np.log(a) + (1 - y) * np.log(1 - a)"), SIGN_HINT, seed="000"),
    Mistake(BINARY_CROSS_ENTROPY, "no clipping", edit(CLIP + "\n    ", ""), LOG_ZERO_HINT),
    Mistake(BINARY_CROSS_ENTROPY, "averaged over the examples",
            edit(BCE, "return np.mean(-(y * np.log(a) + (1 - y) * np.log(1 - a)))"),
            ("np.mean gives one number for the whole batch.",) + PER_EXAMPLE_HINT[1:]),
    Mistake(BINARY_CROSS_ENTROPY, "summed over the examples",
            edit(BCE, "return np.sum(-(y * np.log(a) + (1 - y) * np.log(1 - a)))"),
            ("np.sum gives one number for the whole batch.",) + PER_EXAMPLE_HINT[1:]),
    Mistake(BINARY_CROSS_ENTROPY, "only the y log a term", edit(BCE, "return -y * np.log(a)"),
            ("your loss is 0 wherever y = 0: only the term for y = 1 is there.",
             "where y = 0 the loss is -log(1 - a): the loss has a second term, alive where "
             "y = 0.")),
    Mistake(BINARY_CROSS_ENTROPY, "a and y swapped",
            edit(BCE, "return -(a * np.log(y) + (1 - a) * np.log(1 - y))"),
            ("your loss takes the log of the label y, which is log(0) = -inf for a label 0.",
             "a is the prediction, the number you take the log of; y is the label 0 or 1. "
             "(The notes call the prediction y and the label t.)")),
    Mistake(BINARY_CROSS_ENTROPY, "float32 becomes float64",
            edit(CLIP, "a = np.clip(np.asarray(a, dtype=float), 1e-7, 1 - 1e-7)"),
            FLOAT32_HINT),
    Mistake(BINARY_CROSS_ENTROPY, "1e-7 inside the logs",
            edits((CLIP + "\n    ", ""),
                  (BCE, "return -(y * np.log(a + 1e-7) + (1 - y) * np.log(1 - a + 1e-7))")),
            "fine: np.log(a + 1e-7) and np.log(1 - a + 1e-7) keep log away from 0 as "
            "clipping does, and change ordinary losses by about 1e-7.", harmless=True),
    # binary_cross_entropy_derivative
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "the notes' denominator without a",
            edit(DBCE, "return (a - y) / ((1 - a) + 1e-7)"), NOTES_D_LOSS_HINT, seed="000"),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "a - y, the gradient at z",
            edit(DBCE, "return a - y"),
            ("that is dL/dz, the gradient *through* the sigmoid (section 6).",
             "dL/da is the step before the sigmoid: the derivative of the loss with respect "
             "to a itself, where nothing has cancelled yet.")),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "the sign",
            edit(DBCE, "return (y - a) / (a * (1 - a))"),
            ("your slope has the wrong sign.",
             "a prediction above its label (a > y) must get a positive slope, so that "
             "gradient descent pushes it down.")),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "the derivative of the notes' loss",
            edit(DBCE, "return -y / a - (1 - y) / (1 - a)"),
            ("that is the derivative of the notes' wrong loss, whose minus covers the first "
             "term only.",
             "differentiate minus the *whole* sum: the derivative of -log(1 - a) is "
             "positive.")),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "1e-7 in the denominator instead of clipping",
            edits((CLIP + "\n    ", ""), (DBCE, "return (a - y) / (a * (1 - a) + 1e-7)")),
            ("at a = 0, y = 0 your slope is 0: the loss -log(1 - a) has slope 1 there. "
             "Adding 1e-7 to the denominator gives 0 / 1e-7.",
             "clip a into [1e-7, 1 - 1e-7] first, then divide.")),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "no clipping", edit(CLIP + "\n    ", ""),
            ("at a = 0 or 1 the denominator is 0: your derivative divides by it.",
             "clip a into [1e-7, 1 - 1e-7] first, as in binary_cross_entropy.")),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "float32 becomes float64",
            edit(CLIP, "a = np.clip(np.asarray(a, dtype=float), 1e-7, 1 - 1e-7)"),
            FLOAT32_HINT),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "-y/a + (1 - y)/(1 - a), not simplified",
            edit(DBCE, "return -y / a + (1 - y) / (1 - a)"),
            "fine: the two fractions are (a - y) / (a (1 - a)) before simplifying.",
            harmless=True),
    Mistake(BINARY_CROSS_ENTROPY_DERIVATIVE, "central differences of binary_cross_entropy",
            edit(DBCE, "h = 1e-5\n    return (binary_cross_entropy(a + h, y) "
                       "- binary_cross_entropy(a - h, y)) / (2 * h)"),
            ("this is a numerical derivative of your binary_cross_entropy: the exercise asks "
             "for the derivation, and binary_cross_entropy is not available while it is "
             "graded.",
             "differentiate each term of the loss with respect to a, then bring the two "
             "fractions onto one denominator.")),
    # sigmoid_squared_error
    Mistake(SIGMOID_SQUARED_ERROR, "dz = a - y, the cross-entropy's shortcut",
            edit(SQ_DZ, "dz = a - y"),
            ("your dz is a - y, the cross-entropy's gradient at z: that simplification "
             "belongs to the cross-entropy, where a (1 - a) cancels.",) + SQUARED_DZ_HINT[1:]),
    Mistake(SIGMOID_SQUARED_ERROR, "sigmoid' of z instead of a",
            edit(SQ_DZ, "dz = (a - y) * z * (1 - z)"),
            ("your sigmoid's local derivative is written with z.",
             "it is written with the sigmoid's output a = sigmoid(z), not its input z.")),
    Mistake(SIGMOID_SQUARED_ERROR, "the sign", edit(SQ_DZ, "dz = (y - a) * a * (1 - a)"),
            ("your dz has the wrong sign.",
             "dL/da is prediction minus label, so a prediction above its label gets a "
             "positive slope.")),
    Mistake(SIGMOID_SQUARED_ERROR, "the 1/2 left out of L", edit(SQ_L, "L = (a - y) ** 2"),
            ("your L is twice the squared error of the exercise.",
             "L is *half* the square of a - y: the half makes dL/da exactly a - y.")),
    Mistake(SIGMOID_SQUARED_ERROR, "dz of (a - y)², not of (a - y)² / 2",
            edit(SQ_DZ, "dz = 2 * (a - y) * a * (1 - a)"),
            ("your dz is twice the slope of your L.",
             "the derivative of half a square: the 2 of the square cancels the half.")),
    Mistake(SIGMOID_SQUARED_ERROR, "the cross-entropy's dL/da",
            edit(SQ_DZ, "dz = (a - y) / (a * (1 - a) + 1e-7)"),
            ("your dz is the cross-entropy's dL/da: that is another loss.",) + SQUARED_DZ_HINT),
    Mistake(SIGMOID_SQUARED_ERROR, "the naive sigmoid overflows",
            edit(SQ_A, "a = 1 / (1 + np.exp(-z))\n    L"),
            ("a is computed with the naive sigmoid, which overflows for z = -1000.",
             "use your stable sigmoid from exercise 1.")),
    Mistake(SIGMOID_SQUARED_ERROR, "float32 becomes float64",
            edit(SQ_A, "a = sigmoid(np.asarray(z, dtype=float))\n    L"), FLOAT32_HINT),
    Mistake(SIGMOID_SQUARED_ERROR, "L averaged", edit(SQ_L, "L = np.mean((a - y) ** 2 / 2)"),
            ("np.mean gives one number.",) + SQUARED_PER_ELEMENT_HINT[1:]),
    Mistake(SIGMOID_SQUARED_ERROR, "1 - a written as sigmoid(-z)",
            edit(SQ_DZ, "dz = (a - y) * a * sigmoid(-z)"),
            "fine: sigmoid(-z) = 1 - sigmoid(z), and far from 0 it is even more accurate.",
            harmless=True),
    Mistake(SIGMOID_SQUARED_ERROR, "the numerical gradient",
            edit(SQ_DZ, "from course.gradcheck import numerical_gradient\n    dz = "
                        "numerical_gradient(lambda p: np.sum((sigmoid(p) - y) ** 2 / 2), z)"),
            NUMERICAL_HINT),
]
