"""The instructor's half of notebook 08's exercises: hidden tests and known mistakes.

Hidden tests: each optimizer against ``solutions.training`` on the same starting point and
the same sequence of gradients (tiny gradients included, where eps matters), weight_decay,
Dropout (the same rng), BatchNorm (float64 at a tolerance that central differences cannot
meet, and float32), early_stopping on random validation curves with ties, and
choose_setting on random tables of results with ties; all drawn at grading time.

Known mistakes: the edits of the source notebook's answers that learners write: Adam
without its bias correction, dropout not rescaled, batch statistics at test time, decay on
the biases, a setting chosen by its test accuracy, and the usual slips.
"""

import numpy as np

from autograder.exercises import HiddenTest, Mistake, edit, edits
from course.exercises.nb08_training import (
    ADAGRAD,
    ADAM,
    BATCH_NORM,
    CHOOSE_SETTING,
    DROPOUT,
    EARLY_STOPPING,
    IN_PLACE_HINT,
    MOMENTUM,
    NEW_DICT_HINT,
    WEIGHT_DECAY,
)
from solutions import training


def _optimizer_cases(rng, hyper, max_steps, tiny=False):
    cases = []
    for dtype, scale in [(np.float64, 1.0), (np.float64, 10.0), (np.float32, 1.0),
                         (np.float64, 1e-5 if tiny else 0.1)]:
        shape = tuple(int(s) for s in rng.integers(1, 5, size=2))
        steps = int(rng.integers(2, max_steps + 1))
        cases.append({"W": rng.normal(size=shape).astype(dtype),
                      "b": rng.normal(size=shape[-1:]).astype(dtype),
                      "gW": (scale * rng.normal(size=(steps, *shape))).astype(dtype),
                      "gb": (scale * rng.normal(size=(steps, shape[-1]))).astype(dtype),
                      **hyper(rng)})
    return cases


def momentum_cases(rng):
    return _optimizer_cases(rng, lambda r: {"lr": float(r.choice([0.01, 0.1, 0.5])),
                                            "momentum": float(r.choice([0.5, 0.8, 0.9]))}, 8)


def adagrad_cases(rng):
    return _optimizer_cases(rng, lambda r: {"lr": float(r.choice([0.01, 0.1, 0.5])),
                                            "eps": 1e-7}, 6, tiny=True)


def adam_cases(rng):
    return _optimizer_cases(rng, lambda r: {"lr": float(r.choice([0.001, 0.01, 0.1])),
                                            "beta1": float(r.choice([0.8, 0.9])),
                                            "beta2": float(r.choice([0.99, 0.999])),
                                            "eps": 1e-8}, 12, tiny=True)


def weight_decay_cases(rng):
    cases = []
    for dtype in (np.float64, np.float64, np.float32):
        d, h, c = (int(s) for s in rng.integers(1, 6, size=3))
        case = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
                "W2": rng.normal(size=(h, c)), "b2": rng.normal(size=c)}
        case.update({f"d{k}": rng.normal(size=v.shape) for k, v in list(case.items())})
        cases.append({**{k: v.astype(dtype) for k, v in case.items()},
                      "lam": float(rng.choice([0.001, 0.1, 1.0]))})
    return cases


def dropout_cases(rng):
    cases = []
    for shape, dtype in [((1, 6), np.float64), ((5, 4), np.float64), ((8, 3), np.float32),
                         ((20, 10), np.float64)]:
        cases.append({"x": rng.normal(size=shape).astype(dtype),
                      "dout": rng.normal(size=shape).astype(dtype),
                      "ratio": float(rng.choice([0.1, 0.3, 0.5, 0.7])),
                      "seed": int(rng.integers(2**31))})
    return cases


def batch_norm_cases(rng):
    cases = []
    for n, dtype in [(2, np.float64), (5, np.float64), (8, np.float64), (4, np.float32),
                     (6, np.float32)]:
        d = int(rng.integers(1, 5))
        cases.append({"x": (rng.normal(size=d) + 3 * rng.normal(size=(n, d))).astype(dtype),
                      "dout": rng.normal(size=(n, d)).astype(dtype),
                      "x2": (1 + 2 * rng.normal(size=(n, d))).astype(dtype),
                      "x_test": (2 + 3 * rng.normal(size=(int(rng.integers(1, 4)), d))
                                 ).astype(dtype),
                      "gamma": (1 + 0.5 * rng.normal(size=d)).astype(dtype),
                      "beta": rng.normal(size=d).astype(dtype),
                      "momentum": float(rng.choice([0.5, 0.9, 0.99])),
                      "eps": float(rng.choice([1e-5, 1e-3]))})
    return cases


def early_stopping_cases(rng):
    cases = []
    for _ in range(8):
        n = int(rng.integers(1, 31))
        walk = 2.0 + np.cumsum(rng.choice([-0.2, -0.1, 0.0, 0.1], size=n))
        cases.append({"val_losses": np.round(walk, 1), "patience": int(rng.integers(1, 6))})
    return cases


def choose_setting_cases(rng):
    cases = []
    for _ in range(6):
        s = int(rng.integers(1, 13))
        cases.append({"train_accuracy": np.round(rng.uniform(0.9, 1.0, size=s), 2),
                      "val_accuracy": np.round(rng.uniform(0.9, 0.95, size=s), 2),
                      "test_accuracy": np.round(rng.uniform(0.9, 0.95, size=s), 2)})
    return cases


HIDDEN = [
    HiddenTest(MOMENTUM, training.Momentum, momentum_cases, rtol=1e-6, atol=1e-9,
               rtol32=1e-4, atol32=1e-6),
    HiddenTest(ADAGRAD, training.AdaGrad, adagrad_cases, rtol=1e-6, atol=1e-9,
               rtol32=1e-4, atol32=1e-6),
    HiddenTest(ADAM, training.Adam, adam_cases, rtol=1e-6, atol=1e-9, rtol32=1e-4,
               atol32=1e-6),
    HiddenTest(WEIGHT_DECAY, training.weight_decay, weight_decay_cases, rtol=1e-6,
               atol=1e-9, rtol32=1e-5, atol32=1e-6),
    HiddenTest(DROPOUT, training.Dropout, dropout_cases, rtol=1e-6, atol=1e-9,
               rtol32=1e-5, atol32=1e-6),
    HiddenTest(EARLY_STOPPING, training.early_stopping, early_stopping_cases, rtol=0,
               atol=0),
    HiddenTest(BATCH_NORM, training.BatchNorm, batch_norm_cases, rtol=1e-12, atol=1e-13,
               rtol32=1e-4, atol32=1e-5),
    HiddenTest(CHOOSE_SETTING, training.choose_setting, choose_setting_cases, rtol=0, atol=0),
]


MOMENTUM_UPDATE = ("            self.v[key] *= self.momentum\n"
                   "            self.v[key] -= self.lr * grad\n"
                   "            params[key] += self.v[key]")
ADAM_M_HAT = "m_hat = self.m[key] / (1 - self.beta1 ** self.t)"
ADAM_V_HAT = "v_hat = self.v[key] / (1 - self.beta2 ** self.t)"
BN_DX = "dx = dxhat - dxhat.mean(axis=0) - self.xhat * np.mean(dxhat * self.xhat, axis=0)"
DROP_TRAIN = "return x * self.mask / (1 - self.ratio)"
DROP_BACK = "return dout * self.mask / (1 - self.ratio)"

MISTAKES = [
    # Momentum
    Mistake(MOMENTUM, "momentum: a step uphill",
            edit("self.v[key] -= self.lr * grad", "self.v[key] += self.lr * grad"),
            ("the parameters move along the gradient, uphill: the velocity gathers +lr · g.",
             "the velocity is momentum times itself minus lr times the gradient; the "
             "parameter then moves by the velocity.")),
    Mistake(MOMENTUM, "velocity reset at every step",
            edit("if self.v is None:", "if True:"),
            ("the velocities start again from zero at every step: your Momentum is plain "
             "SGD.",
             "create the velocities once, at the first step, and keep them in self.v for "
             "the next steps.")),
    Mistake(MOMENTUM, "moved by the old velocity",
            edit(MOMENTUM_UPDATE, "            params[key] += self.v[key]\n"
                                  "            self.v[key] *= self.momentum\n"
                                  "            self.v[key] -= self.lr * grad"),
            ("the parameters move by the velocity of the previous step: the first step does "
             "not move them at all.",
             "update the velocity with this step's gradient first, then move the parameter "
             "by the new velocity.")),
    Mistake(MOMENTUM, "a new array in params",
            edit("params[key] += self.v[key]", "params[key] = params[key] + self.v[key]"),
            IN_PLACE_HINT),
    Mistake(MOMENTUM, "lr applied to the velocity",
            edits(("self.v[key] -= self.lr * grad", "self.v[key] -= grad"),
                  ("params[key] += self.v[key]", "params[key] += self.lr * self.v[key]")),
            "a velocity of gradients, multiplied by lr when the parameter moves, is lr "
            "times smaller and moves the parameters the same way, as long as lr is fixed.",
            harmless=True),
    # AdaGrad
    Mistake(ADAGRAD, "eps inside the square root",
            edit("np.sqrt(self.h[key]) + self.eps", "np.sqrt(self.h[key] + self.eps)"),
            ("eps is inside the square root: sqrt(1e-7) ≈ 3e-4 is larger than a small "
             "gradient, and shrinks the steps of entries with small gradients.",
             "eps only guards against a division by zero: add it after the square root.")),
    Mistake(ADAGRAD, "h not accumulated",
            edit("self.h[key] += grad * grad", "self.h[key] = grad * grad"),
            ("h holds only the last gradient's square: every step moves each entry by about "
             "lr, whatever its history.",
             "h adds up the squares of all the gradients so far.")),
    Mistake(ADAGRAD, "no square root",
            edit("np.sqrt(self.h[key]) + self.eps", "self.h[key] + self.eps"),
            ("the step divides by h itself, a squared gradient, instead of its square root: "
             "the step's size depends on the gradient's scale again.",
             "divide by the square root of h, plus eps.")),
    Mistake(ADAGRAD, "no eps",
            edit("(np.sqrt(self.h[key]) + self.eps)", "np.sqrt(self.h[key])"),
            ("the step divides by sqrt(h) without eps: an entry whose gradients have all "
             "been zero (a dead ReLU unit) gives 0/0.",
             "add eps after the square root.")),
    # Adam
    Mistake(ADAM, "Adam without bias correction",
            edits((ADAM_M_HAT, "m_hat = self.m[key]"), (ADAM_V_HAT, "v_hat = self.v[key]")),
            ("m and v are used as they are: they start at zero and are far too small in the "
             "first steps (the first step is about 3 times lr).",
             "divide m by 1 - beta1 to the power t and v by 1 - beta2 to the power t, t "
             "counting the steps from 1."), demo=True),
    Mistake(ADAM, "only m corrected", edit(ADAM_V_HAT, "v_hat = self.v[key]"),
            ("v is not divided by its own correction: v_hat is too small in the first steps "
             "and the steps too large.",
             "both averages start at zero and each needs its own correction: 1 - beta2 to "
             "the power t for v.")),
    Mistake(ADAM, "eps inside the square root",
            edit("np.sqrt(v_hat) + self.eps", "np.sqrt(v_hat + self.eps)"),
            ("eps is inside the square root: sqrt(1e-8) = 1e-4 is not small next to small "
             "gradients.", "add eps after the square root of v_hat.")),
    Mistake(ADAM, "the betas swapped",
            edits(("self.beta1 * self.m[key] + (1 - self.beta1) * grad",
                   "self.beta2 * self.m[key] + (1 - self.beta2) * grad"),
                  ("self.beta2 * self.v[key] + (1 - self.beta2) * grad * grad",
                   "self.beta1 * self.v[key] + (1 - self.beta1) * grad * grad")),
            ("m is averaged with beta2 and v with beta1.",
             "beta1 (0.9) is the gradient's average, m; beta2 (0.999) the squared "
             "gradient's, v.")),
    Mistake(ADAM, "the corrected averages stored",
            edits((ADAM_M_HAT, "m_hat = self.m[key] = self.m[key] / (1 - self.beta1 ** self.t)"),
                  (ADAM_V_HAT, "v_hat = self.v[key] = self.v[key] / (1 - self.beta2 ** self.t)")),
            ("the corrected m_hat and v_hat replace m and v: the correction is applied again "
             "at every step, on top of the last.",
             "keep m and v uncorrected from step to step; the corrected values are only "
             "for this step's update.")),
    # weight_decay
    Mistake(WEIGHT_DECAY, "weight decay on biases too", edit('if key.startswith("W"):', "if True:"),
            ("the biases were decayed too: the penalty and the gradients of b1 and b2 include "
             "lam · b.",
             "only the weight matrices, the keys that start with 'W', are decayed; a bias "
             "shifts a unit's output and is left alone.")),
    Mistake(WEIGHT_DECAY, "penalty without the half", edit("0.5 * lam * float", "lam * float"),
            ("the penalty is twice what its gradient, lam · W, is the derivative of.",
             "the penalty is lam / 2 times the sum of the squares: the half makes its "
             "derivative lam · W.")),
    Mistake(WEIGHT_DECAY, "gradient 2 lam W",
            edit("grad + lam * params[key]", "grad + 2 * lam * params[key]"),
            ("the weight gradients get 2 · lam · W: the derivative of lam / 2 · W² is lam · W.",
             "add lam times the weights to each weight gradient.")),
    Mistake(WEIGHT_DECAY, "the caller's gradients changed",
            edits(("new_grads = {}", "new_grads = grads"),
                  ("new_grads[key] = grad + lam * params[key]",
                   "new_grads[key] += lam * params[key]")),
            NEW_DICT_HINT),
    Mistake(WEIGHT_DECAY, "decay with the wrong sign",
            edit("grad + lam * params[key]", "grad - lam * params[key]"),
            ("lam · W is subtracted from the weight gradients: the step then makes the "
             "weights grow.",
             "the penalty grows with the weights, and its gradient, + lam · W, points "
             "the same way as W.")),
    # Dropout
    Mistake(DROPOUT, "dropout not rescaled",
            edits((DROP_TRAIN, "return x * self.mask"), (DROP_BACK, "return dout * self.mask")),
            ("the kept units are not divided by 1 - ratio: in training the layer's output is "
             "on average (1 - ratio) times its input, at test time the input itself.",
             "divide by the probability of keeping a unit, in forward and in backward.")),
    Mistake(DROPOUT, "scaled at test time instead",
            edits(("return x.copy()", "return x * (1 - self.ratio)"),
                  (DROP_TRAIN, "return x * self.mask"), (DROP_BACK, "return dout * self.mask")),
            ("this is the older dropout, scaled at test time; the exercise asks for inverted "
             "dropout, where the test forward returns x unchanged.",
             "scale the kept units by 1 / (1 - ratio) in training (forward and backward), "
             "and return x at test time.")),
    Mistake(DROPOUT, "dropout at test time too",
            edit("        if not train:\n            return x.copy()\n", ""),
            ("the test forward drops units too: at test time every unit is on.",
             "with train=False return x unchanged, without a mask.")),
    Mistake(DROPOUT, "backward without the mask", edit(DROP_BACK, "return dout / (1 - self.ratio)"),
            ("backward lets the gradient through units that forward dropped.",
             "a dropped unit's output does not depend on its input: multiply dout by the "
             "same mask and factor as forward.")),
    Mistake(DROPOUT, "keeps ratio instead of 1 - ratio", edit(">= self.ratio", "< self.ratio"),
            ("about a fraction ratio of the units is kept, not 1 - ratio.",
             "ratio is the fraction dropped: keep where rng.random(x.shape) >= ratio.")),
    Mistake(DROPOUT, "one mask for every call",
            edit("        self.mask = self.rng.random(x.shape) >= self.ratio\n",
                 "        if self.mask is None:\n"
                 "            self.mask = self.rng.random(x.shape) >= self.ratio\n"),
            ("the second training forward used the mask of the first: the same units are "
             "dropped at every step.",
             "draw a new mask at every training forward.")),
    # early_stopping
    Mistake(EARLY_STOPPING, "patience off by one",
            edit("if waited == patience:", "if waited > patience:"),
            ("training stopped one epoch late: it waited patience + 1 epochs without an "
             "improvement.",
             "stop at the epoch that makes patience epochs in a row without an improvement.")),
    Mistake(EARLY_STOPPING, "compared with the previous epoch",
            edit("if val_losses[epoch] < val_losses[best]:",
                 "if val_losses[epoch] < val_losses[epoch - 1]:"),
            ("an epoch lower than the one before it counted as an improvement, even when it "
             "is not the best so far.",
             "an epoch improves only when its loss is below every loss before it: compare "
             "with the best so far.")),
    Mistake(EARLY_STOPPING, "a tie counts as an improvement",
            edit("val_losses[epoch] < val_losses[best]", "val_losses[epoch] <= val_losses[best]"),
            ("an epoch that only equals the best loss counted as an improvement.",
             "an improvement is strictly lower; on a tie the earlier epoch stays the best.")),
    Mistake(EARLY_STOPPING, "the last epoch kept",
            edit("return best, epoch", "return epoch, epoch"),
            ("the epoch kept is the one training stopped at, patience epochs after the best.",
             "keep the best epoch's weights: return the index of the lowest loss up to the "
             "stop.")),
    Mistake(EARLY_STOPPING, "the best of the whole curve",
            edit("return best, epoch", "return int(np.argmin(val_losses)), epoch"),
            ("the epoch kept comes from the whole curve, including epochs after the stop "
             "that a stopped run never trains.",
             "best is the lowest loss up to and including stop.")),
    # BatchNorm
    Mistake(BATCH_NORM, "batch statistics at test time",
            edit("        if train:\n", "        if True:\n"),
            ("the test forward normalizes with the test batch's own statistics (and moves "
             "the running averages): a test image's output depends on the other images of "
             "its batch, and a batch of one gives 0.",
             "at test time (train=False) use running_mean and running_var, and leave them "
             "as they are.")),
    Mistake(BATCH_NORM, "backward without the mean term",
            edit(BN_DX, "dx = dxhat - self.xhat * np.mean(dxhat * self.xhat, axis=0)"),
            ("dx misses the path through the batch mean: its columns do not sum to zero.",
             "every row moves mu: subtract the column mean of dxhat as well.")),
    Mistake(BATCH_NORM, "backward without the variance term",
            edit(BN_DX, "dx = dxhat - dxhat.mean(axis=0)"),
            ("dx misses the path through the batch variance.",
             "every row moves sigma²: subtract also xhat times the column mean of "
             "dxhat · xhat.")),
    Mistake(BATCH_NORM, "backward as if mu and var were constants",
            edit(BN_DX, "dx = dxhat"),
            ("dx is dxhat over the standard deviation alone: the batch's mean and variance "
             "were treated as constants, but they depend on every row.",
             "dx has three terms: dxhat, minus its column mean, minus xhat times the column "
             "mean of dxhat · xhat, all over the standard deviation.")),
    Mistake(BATCH_NORM, "variance with N - 1",
            edit("var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)"),
            ("the batch variance divides by N - 1.",
             "batch normalization's variance is the mean of the squared deviations: divide "
             "by N.")),
    Mistake(BATCH_NORM, "running averages weighted the other way",
            edits(("self.momentum * self.running_mean + (1 - self.momentum) * mu",
                   "(1 - self.momentum) * self.running_mean + self.momentum * mu"),
                  ("self.momentum * self.running_var + (1 - self.momentum) * var",
                   "(1 - self.momentum) * self.running_var + self.momentum * var")),
            ("the running averages give the weight momentum to the new batch and 1 - momentum "
             "to their past.",
             "running = momentum · running + (1 - momentum) · this batch's.")),
    Mistake(BATCH_NORM, "dgamma without xhat",
            edit("np.sum(dout * self.xhat, axis=0)", "np.sum(dout, axis=0)"),
            ("dgamma equals dbeta: gamma multiplies xhat, so its gradient needs xhat.",
             "dgamma is the column sum of dout times xhat.")),
    Mistake(BATCH_NORM, "gamma forgotten in backward",
            edit("dxhat = dout * self.gamma", "dxhat = dout"),
            ("backward went through the scale gamma as if it were 1.",
             "the gradient of xhat is dout times gamma.")),
    Mistake(BATCH_NORM, "dx by central differences",
            edits(("            mu = x.mean(axis=0)\n",
                   "            self.x = x\n            mu = x.mean(axis=0)\n"),
                  ("        return dx / self.std",
                   "        from course.gradcheck import layer_numerical_gradient\n\n"
                   "        def normalized(p):\n"
                   "            return self.gamma * (p - p.mean(axis=0)) / np.sqrt(\n"
                   "                p.var(axis=0) + self.eps) + self.beta\n"
                   "        return layer_numerical_gradient(normalized, self.x, dout)")),
            ("dx is the numerical gradient, which is not available in this exercise: it asks "
             "for the derivation.",
             "write out dx's three terms, as the section derives them.")),
    # choose_setting
    Mistake(CHOOSE_SETTING, "chosen by test accuracy",
            edit("np.argmax(val_accuracy)", "np.argmax(test_accuracy)"),
            ("the setting was chosen by its test accuracy: the test set then no longer "
             "measures the choice honestly.",
             "decide on the validation accuracy alone; the test accuracy is read once, "
             "after the choice.")),
    Mistake(CHOOSE_SETTING, "chosen by training accuracy",
            edit("np.argmax(val_accuracy)", "np.argmax(train_accuracy)"),
            ("the setting was chosen by its training accuracy, which rewards overfitting.",
             "decide on the validation accuracy.")),
    Mistake(CHOOSE_SETTING, "validation and test added",
            edit("np.argmax(val_accuracy)", "np.argmax(val_accuracy + test_accuracy)"),
            ("the test accuracy took part in the choice, added to the validation accuracy.",
             "decide on the validation accuracy alone.")),
    Mistake(CHOOSE_SETTING, "the last of equal ones",
            edit("np.argmax(val_accuracy)",
                 "len(val_accuracy) - 1 - np.argmax(val_accuracy[::-1])"),
            ("of settings with equal validation accuracy, the last was chosen.",
             "on a tie keep the first, as np.argmax does.")),
]
