"""Known mistakes of notebook 02: sigmoid, sigmoid_derivative, the Sigmoid and Relu layers,
binary cross-entropy and its derivative, and the seed's loss and d_loss to fix.

Each variant is the right answer but for the line its name describes. Hints that the
public checks also give on their own are imported from the exercise module, so that each
piece of advice is written once.
"""

import math

import numpy as np

from autograder.mistakes import Mistake
from course.exercises.nb02_sigmoid import (
    EXP_OVERFLOW_HINT,
    FIXED_ELEMENTWISE_HINT,
    FLOAT32_HINT,
    INF_OVER_INF_HINT,
    LOG_ZERO_HINT,
    PER_EXAMPLE_HINT,
    SIGN_HINT,
)


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
# sigmoid_derivative
# --------------------------------------------------------------------------------------


def derivative_of_the_input(x):
    return x * (1 - x)


def derivative_is_the_sigmoid(x):
    return _stable_sigmoid(x)


def derivative_one_minus_s(x):
    return 1 - _stable_sigmoid(x)


def derivative_negative(x):
    s = _stable_sigmoid(x)
    return -s * (1 - s)


def derivative_one_plus_s(x):
    s = _stable_sigmoid(x)
    return s * (1 + s)


def derivative_unsimplified_formula(x):
    return np.exp(-x) / (1 + np.exp(-x)) ** 2


def derivative_as_float64(x):
    s = _stable_sigmoid(np.asarray(x, dtype=float))
    return s * (1 - s)


def derivative_s_minus_s_squared(x):
    s = _stable_sigmoid(x)
    return s - s ** 2


def derivative_s_times_s_of_minus_x(x):
    return _stable_sigmoid(x) * _stable_sigmoid(-np.asarray(x))


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
    """The right layer, as the seed writes it; each variant overrides one method."""

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


def bce_seed_sign(a, y):
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


def dbce_seed_denominator(a, y):
    a = _clip(a)
    return (a - y) / ((1 - a) + 1e-7)


def dbce_gradient_at_z(a, y):
    a = _clip(a)
    return a - y


def dbce_sign(a, y):
    a = _clip(a)
    return (y - a) / (a * (1 - a))


def dbce_of_the_seed_loss(a, y):
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
# Find the bug: fixed_loss and fixed_d_loss
# --------------------------------------------------------------------------------------


def loss_seed_unchanged(y, t):
    return -t * np.log(y) + (1 - t) * np.log(1 - y)


def loss_without_minus(y, t):
    return t * np.log(y) + (1 - t) * np.log(1 - y)


def loss_summed(y, t):
    return np.sum(-(t * np.log(y) + (1 - t) * np.log(1 - y)))


def loss_averaged(y, t):
    return np.mean(-(t * np.log(y) + (1 - t) * np.log(1 - y)))


def loss_only_the_first_term(y, t):
    return -t * np.log(y)


def loss_logs_swapped(y, t):
    return -(t * np.log(1 - y) + (1 - t) * np.log(y))


def loss_minus_distributed(y, t):
    return -t * np.log(y) - (1 - t) * np.log(1 - y)


def d_loss_seed_unchanged(y, t):
    return (y - t) / ((1 - y) + 1e-7)


def d_loss_only_y(y, t):
    return (y - t) / (y + 1e-7)


def d_loss_of_the_seed_loss(y, t):
    return -t / y - (1 - t) / (1 - y)


def d_loss_gradient_at_z(y, t):
    return y - t


def d_loss_sign(y, t):
    return (t - y) / (y * (1 - y) + 1e-7)


def d_loss_without_parentheses(y, t):
    return (y - t) / y * (1 - y) + 1e-7


# --------------------------------------------------------------------------------------
# The catalog
# --------------------------------------------------------------------------------------

SEED_D_LOSS_HINT = ("that is the seed's d_loss = (y - t) / ((1 - y) + 1e-7): the factor a "
                    "(the seed's y) is missing from the denominator. dL/da = (a - y) / "
                    "(a (1 - a)).")
ONE_MINUS_SIGMOID = ("your sigmoid gives 1 - sigmoid(x): sigmoid(2) should be 0.8808, above "
                     "1/2, since the sigmoid rises with x.")

MISTAKES = [
    # sigmoid
    Mistake("sigmoid", "the naive formula overflows", sigmoid_naive, EXP_OVERFLOW_HINT),
    Mistake("sigmoid", "exp(x) / (1 + exp(x)) overflows", sigmoid_mirror_formula,
            INF_OVER_INF_HINT),
    Mistake("sigmoid", "np.where of both formulas", sigmoid_where_of_both_formulas,
            "np.where(x >= 0, A, B) computes A and B for every element before choosing, so "
            "np.exp(-x) in A overflows for x = -1000 and np.exp(x) in B for x = 1000, even "
            "though the overflowing side is thrown away. Compute e = np.exp(-np.abs(x)) once "
            "and build both branches from it: 1 / (1 + e) and e / (1 + e)."),
    Mistake("sigmoid", "the sign in the exponent", sigmoid_sign_in_exponent,
            ONE_MINUS_SIGMOID + " 1 / (1 + np.exp(x)) has lost the minus: sigmoid(x) = "
            "1 / (1 + exp(-x)). (And it overflows for x = 1000.)"),
    Mistake("sigmoid", "the two branches swapped", sigmoid_branches_swapped,
            ONE_MINUS_SIGMOID + " With e = exp(-|x|), the branch for x >= 0 is 1 / (1 + e) "
            "and the one for x < 0 is e / (1 + e); yours are the other way round."),
    Mistake("sigmoid", "math.exp on an array", sigmoid_math_exp,
            "math.exp takes one number; x is an array. Use np.exp, which works element by "
            "element on arrays of any shape (and on plain numbers)."),
    Mistake("sigmoid", "float32 becomes float64", sigmoid_as_float64, FLOAT32_HINT),
    Mistake("sigmoid", "x clipped to ±500", sigmoid_clipped_at_500,
            "clipping x to [-500, 500] keeps np.exp in range for float64 (exp(500) = 1.4e217), "
            "but float32 overflows above exp(88.7): the float32 input -100 still overflows. "
            "Instead of clipping, take exp only of -|x|: e = np.exp(-np.abs(x)), then "
            "1 / (1 + e) where x >= 0 and e / (1 + e) where x < 0."),
    # sigmoid_derivative
    Mistake("sigmoid_derivative", "x (1 - x) with the input", derivative_of_the_input,
            "that is x (1 - x): the formula s (1 - s) takes s = sigmoid(x), not x itself. "
            "Compute s = sigmoid(x) first, then return s * (1 - s)."),
    Mistake("sigmoid_derivative", "the sigmoid itself", derivative_is_the_sigmoid,
            "that is sigmoid(x) itself; its derivative is s (1 - s) with s = sigmoid(x)."),
    Mistake("sigmoid_derivative", "only 1 - s", derivative_one_minus_s,
            "that is 1 - s; the derivative is s (1 - s), both factors."),
    Mistake("sigmoid_derivative", "the sign", derivative_negative,
            "the sign: s' = s (1 - s) is positive, the sigmoid only rises. The minus of "
            "-(1 + e^(-x))^(-2) cancels against the minus of the inner derivative -e^(-x)."),
    Mistake("sigmoid_derivative", "s (1 + s)", derivative_one_plus_s,
            "s (1 + s): the second factor is (1 - s)."),
    Mistake("sigmoid_derivative", "e^(-x) / (1 + e^(-x))² overflows",
            derivative_unsimplified_formula,
            "np.exp(-x) / (1 + np.exp(-x))**2 is the derivative before simplifying, and "
            "np.exp(-x) overflows for x = -1000 (inf / inf is NaN). Use the simplified form "
            "s * (1 - s) with s = sigmoid(x), your stable sigmoid."),
    Mistake("sigmoid_derivative", "float32 becomes float64", derivative_as_float64,
            FLOAT32_HINT),
    Mistake("sigmoid_derivative", "s - s²", derivative_s_minus_s_squared,
            "s - s**2 is s (1 - s) multiplied out: the same derivative.", harmless=True),
    Mistake("sigmoid_derivative", "sigmoid(x) · sigmoid(-x)", derivative_s_times_s_of_minus_x,
            "sigmoid(-x) = 1 - sigmoid(x), so this is s (1 - s), and far from 0 it is even "
            "more accurate than 1 - s, which rounds to 0 once s rounds to 1.", harmless=True),
    # sigmoid_layer
    Mistake("sigmoid_layer", "dout * out", SigmoidWithoutOneMinusOut,
            "your dx is dout * out: the factor (1 - out) is missing. The seed's backward is "
            "dout * (1.0 - self.out) * self.out."),
    Mistake("sigmoid_layer", "dout * (1 - out)", SigmoidWithoutOut,
            "your dx is dout * (1 - out): the factor out is missing; sigmoid' = "
            "out (1 - out)."),
    Mistake("sigmoid_layer", "the input x instead of the output", SigmoidWithTheInput,
            "your dx is dout * x * (1 - x), with the input x. The formula needs the output: "
            "dout * out * (1 - out), with out = sigmoid(x) kept by forward (self.out)."),
    Mistake("sigmoid_layer", "dout forgotten", SigmoidWithoutDout,
            "your dx is out * (1 - out) alone, the local derivative: multiply by dout, the "
            "gradient that comes from the layer above (the chain rule)."),
    Mistake("sigmoid_layer", "the sign", SigmoidNegative,
            "the sign: dx = dout * out * (1 - out), with no minus; the sigmoid rises, so "
            "its derivative is positive."),
    Mistake("sigmoid_layer", "sigmoid_derivative of the output",
            SigmoidDerivativeOfTheOutput,
            "your backward applies the sigmoid to out again, as sigmoid_derivative(self.out) "
            "does: sigmoid_derivative takes the input x. With the output, the derivative is "
            "simply out * (1 - out): dx = dout * self.out * (1 - self.out)."),
    Mistake("sigmoid_layer", "the output kept in a global", SigmoidKeepsAGlobal,
            "your backward used the output of *another* Sigmoid object's forward (the "
            "driver runs a second layer in between). Keep the output on the layer itself, "
            "self.out = ..., not in a global variable or on the class."),
    Mistake("sigmoid_layer", "the naive formula in forward", SigmoidNaiveForward,
            "forward computes 1 / (1 + np.exp(-x)), which overflows for x = -1000: call your "
            "stable sigmoid(x) from exercise 1 instead (self.out = sigmoid(x))."),
    Mistake("sigmoid_layer", "dout multiplied in place", SigmoidDoutInPlace,
            "dout *= ... writes into the caller's array: the layer above may still need its "
            "dout. Build a new array: dx = dout * self.out * (1 - self.out)."),
    # relu_layer
    Mistake("relu_layer", "backward zeroes the caller's dout", ReluZeroesDoutInPlace,
            "backward zeroed the caller's dout: the seed's `dout[self.mask] = 0` writes into "
            "the array it was given, which the layer above may still need. Work on a copy: "
            "dx = dout.copy(), then dx[self.mask] = 0 (or np.where(self.mask, 0, dout)).",
            seed="001"),
    Mistake("relu_layer", "forward zeroes the caller's x", ReluZeroesXInPlace,
            "forward zeroed the caller's x. Copy first, out = x.copy(), then "
            "out[self.mask] = 0, as the seed's forward does (or np.maximum(x, 0), which "
            "builds a new array)."),
    Mistake("relu_layer", "the mask taken from dout", ReluMaskFromDout,
            "your dx zeroes where dout <= 0. The mask comes from forward's input x: a ReLU "
            "passes the gradient where x > 0, whatever its sign. Keep self.mask = (x <= 0) "
            "in forward and use it in backward."),
    Mistake("relu_layer", "dout * out", ReluDoutTimesOut,
            "your dx is dout * out. ReLU's derivative is 1 where x > 0 and 0 elsewhere, not "
            "the output: dx is dout where x > 0, 0 elsewhere."),
    Mistake("relu_layer", "the mask the wrong way round", ReluMaskReversed,
            "the mask is the wrong way round: zero dout where x <= 0, keep it where x > 0."),
    Mistake("relu_layer", "one mask shared by every Relu", ReluMaskOnTheClass,
            "your backward used the mask of *another* Relu's forward (the driver runs a "
            "second layer in between), as when the seed used one relu object for two "
            "layers. Keep the mask on the layer itself, self.mask = (x <= 0), not on the "
            "class or in a global, and use one Relu object per place in the network.",
            seed="001"),
    Mistake("relu_layer", "dout forgotten", ReluWithoutDout,
            "your dx is the local derivative alone, 1 where x > 0 and 0 elsewhere: multiply "
            "by dout (the chain rule), that is, return dout with the masked entries set to 0."),
    Mistake("relu_layer", "the mask as float64", ReluMaskAsFloat64,
            ".astype(float) is float64, and dout * a float64 array is float64 too. "
            + FLOAT32_HINT + " Here: dx = dout.copy(); dx[self.mask] = 0."),
    Mistake("relu_layer", "mask x < 0 instead of x <= 0", ReluMaskStrict,
            "fine: the two masks differ only where x is exactly 0, where ReLU has a kink and "
            "no derivative; any slope between 0 and 1 is a valid choice there. The course "
            "(and the seed) take 0, with x <= 0; x < 0 takes 1, and the checks accept both.",
            harmless=True),
    # binary_cross_entropy
    Mistake("binary_cross_entropy", "the seed's sign error", bce_seed_sign, SIGN_HINT,
            seed="000"),
    Mistake("binary_cross_entropy", "no clipping", bce_without_clipping, LOG_ZERO_HINT),
    Mistake("binary_cross_entropy", "averaged over the examples", bce_averaged,
            "np.mean gives one number for the whole batch; " + PER_EXAMPLE_HINT),
    Mistake("binary_cross_entropy", "summed over the examples", bce_summed,
            "np.sum gives one number for the whole batch; " + PER_EXAMPLE_HINT),
    Mistake("binary_cross_entropy", "only the y log a term", bce_only_the_first_term,
            "-y log a is the whole loss only where y = 1; where y = 0 the loss is "
            "-log(1 - a), and your loss is 0 there. Add the second term: "
            "-(y log a + (1 - y) log(1 - a))."),
    Mistake("binary_cross_entropy", "a and y swapped", bce_a_and_y_swapped,
            "a is the prediction, the number you take the log of; y is the label 0 or 1, and "
            "log(0) of a label is -inf. (The seed calls the prediction y and the label t.) "
            "-(y log a + (1 - y) log(1 - a))."),
    Mistake("binary_cross_entropy", "float32 becomes float64", bce_as_float64, FLOAT32_HINT),
    Mistake("binary_cross_entropy", "1e-7 inside the logs", bce_epsilon_inside_the_logs,
            "fine: np.log(a + 1e-7) and np.log(1 - a + 1e-7) keep log away from 0 as "
            "clipping does, and change ordinary losses by about 1e-7.", harmless=True),
    # binary_cross_entropy_derivative
    Mistake("binary_cross_entropy_derivative", "the seed's denominator without a",
            dbce_seed_denominator, SEED_D_LOSS_HINT, seed="000"),
    Mistake("binary_cross_entropy_derivative", "a - y, the gradient at z", dbce_gradient_at_z,
            "that is dL/dz = a - y, the gradient *through* the sigmoid. dL/da is the step "
            "before it: (a - y) / (a (1 - a))."),
    Mistake("binary_cross_entropy_derivative", "the sign", dbce_sign,
            "the sign: dL/da = -y/a + (1 - y)/(1 - a) = (a - y) / (a (1 - a)); a too large "
            "(a > y) must give a positive slope."),
    Mistake("binary_cross_entropy_derivative", "the derivative of the seed's loss",
            dbce_of_the_seed_loss,
            "that is the derivative of the seed's wrong loss, -y log a + (1 - y) log(1 - a). "
            "Differentiate the right one: -y/a + (1 - y)/(1 - a)."),
    Mistake("binary_cross_entropy_derivative", "1e-7 in the denominator instead of clipping",
            dbce_epsilon_in_the_denominator,
            "at a = 0, y = 0 the loss is -log(1 - a), whose slope is 1/(1 - a) = 1, not 0. "
            "Adding 1e-7 to the denominator a (1 - a) gives 0 / 1e-7 = 0 there; clip a to "
            "[1e-7, 1 - 1e-7] instead, then divide."),
    Mistake("binary_cross_entropy_derivative", "no clipping", dbce_without_clipping,
            "clip a to [1e-7, 1 - 1e-7] first, as in binary_cross_entropy: at a = 0 or 1 the "
            "denominator a (1 - a) is 0. " + LOG_ZERO_HINT),
    Mistake("binary_cross_entropy_derivative", "float32 becomes float64", dbce_as_float64,
            FLOAT32_HINT),
    Mistake("binary_cross_entropy_derivative", "-y/a + (1 - y)/(1 - a), not simplified",
            dbce_two_fractions,
            "fine: the two fractions are (a - y) / (a (1 - a)) before simplifying.",
            harmless=True),
    # fixed_loss
    Mistake("fixed_loss", "still the seed's loss", loss_seed_unchanged,
            "still the seed's loss, negative where t = 0. " + SIGN_HINT, seed="000"),
    Mistake("fixed_loss", "no minus at all", loss_without_minus,
            "t log y + (1 - t) log(1 - y) is a sum of logs of numbers below 1: negative. "
            "The loss is minus the *whole* sum: -(t*log(y) + (1-t)*log(1-y))."),
    Mistake("fixed_loss", "summed like the seed's reduce_sum", loss_summed,
            "np.sum gives one number; " + FIXED_ELEMENTWISE_HINT),
    Mistake("fixed_loss", "averaged", loss_averaged,
            "np.mean gives one number; " + FIXED_ELEMENTWISE_HINT),
    Mistake("fixed_loss", "only the t log y term", loss_only_the_first_term,
            "-t log y is the loss only where t = 1; where t = 0 it is -log(1 - y). Keep both "
            "terms of the seed's line and put the minus in front of their sum."),
    Mistake("fixed_loss", "the two logs swapped", loss_logs_swapped,
            "t pairs with log(y) and (1 - t) with log(1 - y): for t = 1 the loss is -log y, "
            "small when y is near 1."),
    Mistake("fixed_loss", "the minus on each term", loss_minus_distributed,
            "fine: -t log y - (1 - t) log(1 - y) is -(t log y + (1 - t) log(1 - y)) with the "
            "minus multiplied out; the seed's bug was the + before the second term.",
            harmless=True),
    # fixed_d_loss
    Mistake("fixed_d_loss", "still the seed's d_loss", d_loss_seed_unchanged,
            "still the seed's d_loss = (y - t) / ((1 - y) + 1e-7): the factor y is missing "
            "from the denominator. dL/dy = -t/y + (1 - t)/(1 - y) = (y - t) / (y (1 - y)).",
            seed="000"),
    Mistake("fixed_d_loss", "only y in the denominator", d_loss_only_y,
            "the denominator has two factors, y and (1 - y): (y - t) / (y (1 - y))."),
    Mistake("fixed_d_loss", "the derivative of the seed's loss", d_loss_of_the_seed_loss,
            "that is the derivative of the seed's wrong loss -t log y + (1 - t) log(1 - y). "
            "Fix the sign first; the right loss gives -t/y + (1 - t)/(1 - y)."),
    Mistake("fixed_d_loss", "y - t, the gradient at z", d_loss_gradient_at_z,
            "y - t is dL/dz, after the sigmoid; d_loss is dL/dy, before it: "
            "(y - t) / (y (1 - y))."),
    Mistake("fixed_d_loss", "the sign", d_loss_sign,
            "the sign: dL/dy = (y - t) / (y (1 - y)); a prediction above its target must "
            "get a positive slope."),
    Mistake("fixed_d_loss", "/ y * (1 - y) without parentheses", d_loss_without_parentheses,
            "/ y * (1 - y) divides by y and then multiplies by (1 - y), and the 1e-7 is added "
            "to the result. Put the whole denominator in parentheses: "
            "(y - t) / (y * (1 - y) + 1e-7)."),
]
