"""Notebook 08, training well: optimizers as objects (``Momentum``, ``AdaGrad``, ``Adam``),
L2 ``weight_decay``, ``Dropout``, ``BatchNorm`` forward and backward, ``early_stopping`` on
validation losses and ``choose_setting`` from a small search.

Conventions: ``params`` and ``grads`` are dicts of arrays with the same keys; an optimizer's
``step(params, grads)`` changes the arrays of ``params`` in place and leaves ``grads`` alone.
A batch is ``x`` of shape (N, D). The public checks compare with the right outputs stored
at release (``run.example``) and with properties (expectations, gradient checks against
the learner's own forward pass); the learner's package computes no answer.
"""

import numpy as np

from course.checking import (
    CheckFailed,
    Exercise,
    expect_close,
    expect_dtype,
    expect_gradient,
    expect_shape,
    unpack,
)
from course.gradcheck import layer_numerical_gradient


def words(hint) -> str:
    """A hint's steps as one message, for a public check that gives it at once."""
    return hint if isinstance(hint, str) else " ".join(hint)


FLOAT32_HINT = ("float32 parameters became float64: a float64 array entered the update. "
                "Create state arrays with np.zeros_like(the parameter) and keep the "
                "hyperparameters Python floats.")
IN_PLACE_HINT = (
    "params holds new arrays after step: the layers of a network still hold the old ones, "
    "and the network would not change.",
    "update each array of params itself, in place (-=, +=, or [...] =), as the SGD "
    "example does.")
GRADS_KEPT_HINT = (
    "step changed the gradients it was given.",
    "the gradients are the caller's: compute with them, and keep what the optimizer "
    "remembers in arrays of its own.")


# --------------------------------------------------------------------------------------
# Optimizers: Momentum, AdaGrad, Adam
# --------------------------------------------------------------------------------------

def _optimizer_driver(hyper_names):
    def drive(Optimizer, W, b, gW, gb, **hyper):
        """``Optimizer(**hyper)`` then ``step(params, grads)`` once per row of gW and gb,
        on params {'W': W, 'b': b}. Returns W and b after each step (one row per step),
        ``in_place`` (1 when params still holds its arrays) and ``grads_kept`` (1 when no
        step changed the gradients it was given)."""
        optimizer = Optimizer(**{name: float(hyper[name]) for name in hyper_names})
        params = {"W": W.copy(), "b": b.copy()}
        arrays = dict(params)
        W_steps, b_steps, kept = [], [], True
        for g_W, g_b in zip(gW, gb):
            grads = {"W": g_W.copy(), "b": g_b.copy()}
            optimizer.step(params, grads)
            kept = kept and np.array_equal(grads["W"], g_W) and np.array_equal(grads["b"], g_b)
            W_steps.append(np.array(params["W"], copy=True))
            b_steps.append(np.array(params["b"], copy=True))
        return {"W": np.array(W_steps), "b": np.array(b_steps),
                "in_place": float(all(params[k] is v for k, v in arrays.items())),
                "grads_kept": float(kept)}
    return drive


def _optimizer_case(seed, steps=3, shape=(2, 3), dtype=np.float64, scale=1.0, **hyper):
    rng = np.random.default_rng(seed)
    return {"W": rng.normal(size=shape).astype(dtype),
            "b": rng.normal(size=shape[-1:]).astype(dtype),
            "gW": (scale * rng.normal(size=(steps, *shape))).astype(dtype),
            "gb": (scale * rng.normal(size=(steps, shape[-1]))).astype(dtype), **hyper}


def _public_optimizer(what, rule):
    def public(run):
        for name in run.exercise.examples:
            case = run.exercise.examples[name]
            out, right = run.example(name)
            label = f"{what} on the example '{name}'"
            if out["in_place"] != 1:
                raise CheckFailed(f"{label}: params holds other arrays after step.",
                                  words(IN_PLACE_HINT))
            if out["grads_kept"] != 1:
                raise CheckFailed(f"{label}: step changed the gradients it was given.",
                                  words(GRADS_KEPT_HINT))
            steps = len(case["gW"])
            expect_shape(f"{label}: W after each step", out["W"], (steps, *case["W"].shape))
            for s in range(steps):
                for key in ("W", "b"):
                    expect_close(f"{label}: {key} after step {s + 1}", out[key][s],
                                 right[key][s], rtol=1e-6, atol=1e-9, hint=rule)
            if case["W"].dtype == np.float32:
                for key in ("W", "b"):
                    expect_dtype(f"{label}: {key}", out[key], np.float32, hint=FLOAT32_HINT)
    return public


MOMENTUM_RULE = ("at each step the velocity of a parameter is momentum times its old value "
                 "minus lr times the gradient, and the parameter moves by the new velocity; "
                 "the velocities start at zero and are kept from one step to the next, one "
                 "per parameter.")
MOMENTUM_EXAMPLES = {
    "3 steps": _optimizer_case(1, lr=0.1, momentum=0.9),
    "float32, 4 steps": _optimizer_case(2, steps=4, dtype=np.float32, lr=0.05, momentum=0.5),
}
MOMENTUM_PROBES = (
    _optimizer_case(11, lr=0.1, momentum=0.9),
    _optimizer_case(12, steps=4, shape=(3, 2), lr=0.3, momentum=0.5),
    _optimizer_case(13, steps=2, dtype=np.float32, lr=0.05, momentum=0.8),
)

ADAGRAD_RULE = ("h of each entry adds up the squares of all its gradients so far, and the "
                "step of the entry is lr times its gradient divided by (the square root of h "
                "plus eps).")
ADAGRAD_EXAMPLES = {
    "3 steps": _optimizer_case(3, lr=0.1, eps=1e-7),
    "tiny gradients": _optimizer_case(4, scale=1e-4, lr=0.1, eps=1e-7),
    "float32, 4 steps": _optimizer_case(5, steps=4, dtype=np.float32, lr=0.05, eps=1e-7),
}
ADAGRAD_PROBES = (
    _optimizer_case(21, lr=0.1, eps=1e-7),
    _optimizer_case(22, steps=4, shape=(3, 2), scale=1e-4, lr=0.5, eps=1e-7),
    _optimizer_case(23, steps=2, dtype=np.float32, lr=0.05, eps=1e-7),
)

ADAM_RULE = ("t counts the steps from 1; m and v are moving averages of the gradient and of "
             "its square, both starting at zero; each is divided by 1 minus its beta to the "
             "power t before the step lr · m_hat / (sqrt(v_hat) + eps).")
ADAM_EXAMPLES = {
    "3 steps": _optimizer_case(6, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8),
    "10 steps": _optimizer_case(7, steps=10, lr=0.01, beta1=0.8, beta2=0.99, eps=1e-8),
    "float32, 4 steps": _optimizer_case(8, steps=4, dtype=np.float32, lr=0.01, beta1=0.9,
                                        beta2=0.999, eps=1e-8),
}
ADAM_PROBES = (
    _optimizer_case(31, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8),
    _optimizer_case(32, steps=6, shape=(3, 2), scale=1e-3, lr=0.01, beta1=0.8, beta2=0.99,
                    eps=1e-8),
    _optimizer_case(33, steps=2, dtype=np.float32, lr=0.05, beta1=0.9, beta2=0.999, eps=1e-8),
)


# --------------------------------------------------------------------------------------
# weight_decay
# --------------------------------------------------------------------------------------

NEW_DICT_HINT = (
    "weight_decay changed the caller's dict of gradients (or returned that very dict).",
    "build a new dict for the new gradients and leave the given one as it was.")
DECAY_RULE = ("the penalty is lam / 2 times the sum of the squares of every entry of every "
              "weight matrix; its gradient adds lam times the weights to each weight "
              "gradient; biases are not decayed.")


def drive_weight_decay(weight_decay, W1, b1, W2, b2, dW1, db1, dW2, db2, lam):
    """``weight_decay(params, grads, lam)`` on a two-layer network's params and grads.
    Returns the penalty, the new gradients under their keys, and ``new_dict`` (1 when the
    result is a new dict and the given one still holds its arrays)."""
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    given = dict(grads)
    penalty, new = unpack(weight_decay(params, grads, float(lam)), 2,
                          "weight_decay(params, grads, lam)")
    if not isinstance(new, dict) or sorted(new) != sorted(grads):
        raise CheckFailed("weight_decay should return (penalty, new_grads), new_grads a dict "
                          f"with the keys {sorted(grads)}.")
    kept = new is not grads and all(grads.get(k) is v for k, v in given.items())
    return {"penalty": float(penalty), **{k: new[k] for k in grads}, "new_dict": float(kept)}


def _decay_case(seed, dtype=np.float64, lam=0.1, shapes=((3, 4), (4, 2))):
    rng = np.random.default_rng(seed)
    (d, h), (_, c) = shapes
    case = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
            "W2": rng.normal(size=(h, c)), "b2": rng.normal(size=c)}
    case.update({f"d{k}": rng.normal(size=v.shape) for k, v in list(case.items())})
    return {**{k: v.astype(dtype) for k, v in case.items()}, "lam": lam}


WEIGHT_DECAY_EXAMPLES = {
    "lam 0.1": _decay_case(1),
    "lam 0.01, float32": _decay_case(2, np.float32, lam=0.01),
}
WEIGHT_DECAY_PROBES = (
    _decay_case(41, lam=0.1),
    _decay_case(42, lam=0.5, shapes=((2, 3), (3, 3))),
    _decay_case(43, np.float32, lam=0.01),
)


def public_weight_decay(run):
    for name, case in WEIGHT_DECAY_EXAMPLES.items():
        out, right = run.example(name)
        label = f"weight_decay on the example '{name}'"
        if out["new_dict"] != 1:
            raise CheckFailed(f"{label}: the caller's grads dict was changed or returned.",
                              words(NEW_DICT_HINT))
        for key in ("W1", "b1", "W2", "b2"):
            expect_shape(f"{label}: new_grads['{key}']", out[key], case[key].shape)
        expect_close(f"{label}: the penalty", out["penalty"], right["penalty"], rtol=1e-5,
                     hint=DECAY_RULE)
        for key in ("W1", "b1", "W2", "b2"):
            expect_close(f"{label}: new_grads['{key}']", out[key], right[key], rtol=1e-5,
                         atol=1e-7, hint=DECAY_RULE)
            if case[key].dtype == np.float32:
                expect_dtype(f"{label}: new_grads['{key}']", out[key], np.float32,
                             hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# Dropout
# --------------------------------------------------------------------------------------

DROPOUT_RULE = ("in training, draw mask = rng.random(x.shape) >= ratio at every forward call "
                "and return x times the mask divided by (1 - ratio); backward passes dout "
                "through the same mask and the same factor; at test time the output is x.")


def drive_dropout(Dropout, x, dout, ratio, seed):
    """``Dropout(ratio, rng)``: a training forward of x, backward of dout, a second
    training forward of x and a test forward of x."""
    layer = Dropout(ratio=float(ratio), rng=np.random.default_rng(int(seed)))
    train = layer.forward(x, train=True)
    dx = layer.backward(dout)
    again = layer.forward(x, train=True)
    test = layer.forward(x, train=False)
    return {"train": train, "dx": dx, "again": again, "test": test}


def _dropout_case(seed, shape=(4, 5), ratio=0.5, dtype=np.float64):
    rng = np.random.default_rng(seed)
    return {"x": rng.normal(size=shape).astype(dtype),
            "dout": rng.normal(size=shape).astype(dtype), "ratio": ratio, "seed": seed}


DROPOUT_EXAMPLES = {
    "ratio 0.5": _dropout_case(1),
    "ratio 0.2, float32": _dropout_case(2, (3, 6), 0.2, np.float32),
}
DROPOUT_PROBES = (
    _dropout_case(51, (4, 5), 0.5),
    _dropout_case(52, (1, 7), 0.3),
    _dropout_case(53, (3, 4), 0.2, np.float32),
)
MEAN_CASE = {"x": np.ones((400, 50)), "dout": np.ones((400, 50)), "ratio": 0.3, "seed": 7}


def public_dropout(run):
    out = run(**MEAN_CASE)
    mean = float(np.mean(out["train"]))
    kept = float(np.mean(out["train"] != 0))
    label = "Dropout(ratio=0.3) on x of 20,000 ones"
    if not 0.67 < kept < 0.73:
        raise CheckFailed(f"{label}: {kept:.3f} of the units were kept in training, expected "
                          "about 1 - ratio = 0.7.", DROPOUT_RULE)
    if not 0.97 < mean < 1.03:
        raise CheckFailed(f"{label}: the mean training output is {mean:.3f}; its expectation "
                          "should be the input's, 1.", DROPOUT_RULE)
    expect_close(f"{label}: the test output", out["test"], MEAN_CASE["x"], hint=DROPOUT_RULE)
    for name, case in DROPOUT_EXAMPLES.items():
        out, right = run.example(name)
        label = f"Dropout on the example '{name}'"
        for key in ("train", "dx", "again", "test"):
            expect_shape(f"{label}: {key}", out[key], case["x"].shape)
        for key, what in (("train", "the training forward"), ("dx", "backward"),
                          ("again", "a second training forward"), ("test", "the test forward")):
            expect_close(f"{label}: {what}", out[key], right[key], hint=DROPOUT_RULE)
            if case["x"].dtype == np.float32:
                expect_dtype(f"{label}: {what}", out[key], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# BatchNorm
# --------------------------------------------------------------------------------------

BN_RULE = ("in training, normalize each column with the batch's mean and variance (the "
           "mean of squared deviations, divided by N), then scale by gamma and shift by beta; "
           "the running statistics move by momentum; at test time use them instead.")
BN_BACKWARD_HINT = (
    "dx does not match central differences of your own training forward.",
    "every row's xhat depends on all the rows of the batch, through the mean and through "
    "the variance: dx has three terms, dxhat, minus its column mean, minus xhat times the "
    "column mean of dxhat · xhat, all over the standard deviation.")
NUMERICAL_SHORTCUTS = ("numerical_gradient", "layer_numerical_gradient")


def drive_batch_norm(BatchNorm, x, dout, x2, x_test, gamma, beta, momentum, eps):
    """``BatchNorm(gamma, beta, momentum, eps)``: a training forward of x and backward of
    dout (dx, dgamma, dbeta), a second training forward of x2, then the running statistics
    and a test forward of x_test."""
    layer = BatchNorm(gamma.copy(), beta.copy(), momentum=float(momentum), eps=float(eps))
    out = layer.forward(x, train=True)
    dx = layer.backward(dout)
    dgamma, dbeta = np.array(layer.dgamma, copy=True), np.array(layer.dbeta, copy=True)
    out2 = layer.forward(x2, train=True)
    running_mean = np.array(layer.running_mean, copy=True)
    running_var = np.array(layer.running_var, copy=True)
    test = layer.forward(x_test, train=False)
    return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta, "out2": out2,
            "running_mean": running_mean, "running_var": running_var, "test": test}


def _bn_case(seed, n=4, d=3, dtype=np.float64, momentum=0.9, eps=1e-5, n_test=2):
    rng = np.random.default_rng(seed)
    return {"x": (2 + 3 * rng.normal(size=(n, d))).astype(dtype),
            "dout": rng.normal(size=(n, d)).astype(dtype),
            "x2": (1 + 2 * rng.normal(size=(n, d))).astype(dtype),
            "x_test": (2 + 3 * rng.normal(size=(n_test, d))).astype(dtype),
            "gamma": (1 + 0.5 * rng.normal(size=d)).astype(dtype),
            "beta": rng.normal(size=d).astype(dtype), "momentum": momentum, "eps": eps}


BATCH_NORM_EXAMPLES = {
    "4 rows, 3 columns": _bn_case(1),
    "6 rows, 2 columns, float32": _bn_case(2, 6, 2, np.float32, momentum=0.8),
}
BATCH_NORM_PROBES = (
    _bn_case(61),
    _bn_case(62, 5, 4, momentum=0.5, eps=1e-3, n_test=1),
    _bn_case(63, 3, 2, np.float32),
)
BN_KEYS = (("out", "the training forward"), ("dx", "dx"), ("dgamma", "dgamma"),
           ("dbeta", "dbeta"), ("out2", "a second training forward"),
           ("running_mean", "running_mean"), ("running_var", "running_var"),
           ("test", "the test forward"))


def public_batch_norm(run):
    case = BATCH_NORM_EXAMPLES["4 rows, 3 columns"]
    out = run(**case)
    label = "BatchNorm on x (4, 3)"
    for key, shape in (("out", (4, 3)), ("dx", (4, 3)), ("dgamma", (3,)), ("dbeta", (3,)),
                       ("running_mean", (3,)), ("running_var", (3,)), ("test", (2, 3))):
        expect_shape(f"{label}: {key}", out[key], shape)
    xhat = (out["out"] - case["beta"]) / case["gamma"]
    expect_close(f"{label}: the column means of (out - beta) / gamma", xhat.mean(axis=0),
                 np.zeros(3), atol=1e-7, hint=BN_RULE)
    expect_close(f"{label}: the column variances of (out - beta) / gamma", xhat.var(axis=0),
                 np.var(case["x"], axis=0) / (np.var(case["x"], axis=0) + case["eps"]),
                 rtol=1e-6, hint=BN_RULE)

    def forward(value):
        return run(**{**case, "x": value})["out"]

    numerical = layer_numerical_gradient(forward, case["x"], case["dout"])
    expect_gradient(f"{label}: dx", out["dx"], numerical, tolerance=1e-6,
                    hint=words(BN_BACKWARD_HINT))
    for name, case in BATCH_NORM_EXAMPLES.items():
        out, right = run.example(name)
        label = f"BatchNorm on the example '{name}'"
        for key, what in BN_KEYS:
            expect_close(f"{label}: {what}", out[key], right[key], rtol=1e-5, atol=1e-6,
                         hint=BN_RULE)
            if case["x"].dtype == np.float32:
                expect_dtype(f"{label}: {what}", out[key], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# early_stopping
# --------------------------------------------------------------------------------------

EARLY_RULE = ("an epoch improves when its loss is strictly below every loss before it; "
              "training stops at the epoch that makes patience epochs in a row without an "
              "improvement, and keeps the best epoch seen up to there.")


def drive_early_stopping(early_stopping, val_losses, patience):
    """``early_stopping(val_losses, patience) -> (best, stop)``, indices from 0."""
    best, stop = unpack(early_stopping(val_losses, int(patience)), 2,
                        "early_stopping(val_losses, patience)")
    return {"best": float(best), "stop": float(stop)}


NOTEBOOK_LOSSES = np.array([1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.69, 0.8, 0.9, 0.95])
EARLY_STOPPING_EXAMPLES = {
    "the notebook's curve, patience 3": {"val_losses": NOTEBOOK_LOSSES, "patience": 3},
    "the notebook's curve, patience 4": {"val_losses": NOTEBOOK_LOSSES, "patience": 4},
    "a tie, patience 2": {"val_losses": np.array([0.9, 0.5, 0.6, 0.5, 0.7, 0.4]),
                          "patience": 2},
    "never stops": {"val_losses": np.array([3.0, 2.0, 2.5, 1.0]), "patience": 2},
}
EARLY_STOPPING_PROBES = (
    {"val_losses": NOTEBOOK_LOSSES, "patience": 3},
    {"val_losses": np.array([0.9, 0.5, 0.6, 0.5, 0.7, 0.4, 0.3]), "patience": 2},
    {"val_losses": np.array([2.0, 1.5, 1.6, 1.4, 1.45, 1.3, 1.35, 1.36, 1.2]), "patience": 2},
    {"val_losses": np.array([3.0, 2.0, 2.5, 1.0]), "patience": 2},
    {"val_losses": np.array([1.0, 1.1, 1.2, 0.5, 0.6, 0.7]), "patience": 3},
)


def public_early_stopping(run):
    for name, case in EARLY_STOPPING_EXAMPLES.items():
        out, right = run.example(name)
        label = (f"early_stopping on {list(case['val_losses'])} with patience "
                 f"{case['patience']}")
        expect_close(f"{label}: stop", out["stop"], right["stop"], hint=EARLY_RULE)
        expect_close(f"{label}: best", out["best"], right["best"], hint=EARLY_RULE)


# --------------------------------------------------------------------------------------
# choose_setting
# --------------------------------------------------------------------------------------

CHOOSE_RULE = ("the setting is chosen by its validation accuracy alone, the highest (the "
               "first of equal ones); the test accuracy is read once, for the chosen "
               "setting, after the choice.")


def drive_choose_setting(choose_setting, train_accuracy, val_accuracy, test_accuracy):
    """``choose_setting(train_accuracy, val_accuracy, test_accuracy) -> index``."""
    return {"index": float(choose_setting(train_accuracy, val_accuracy, test_accuracy))}


CHOOSE_EXAMPLES = {
    "four settings": {"train_accuracy": np.array([0.99, 0.95, 0.97, 0.93]),
                      "val_accuracy": np.array([0.94, 0.95, 0.96, 0.92]),
                      "test_accuracy": np.array([0.95, 0.96, 0.955, 0.93])},
    "a tie": {"train_accuracy": np.array([0.90, 0.97, 0.98]),
              "val_accuracy": np.array([0.91, 0.95, 0.95]),
              "test_accuracy": np.array([0.90, 0.94, 0.95])},
}
CHOOSE_PROBES = (
    CHOOSE_EXAMPLES["four settings"],
    CHOOSE_EXAMPLES["a tie"],
    {"train_accuracy": np.array([0.8, 0.99, 0.9, 0.95, 0.85]),
     "val_accuracy": np.array([0.78, 0.90, 0.88, 0.91, 0.80]),
     "test_accuracy": np.array([0.79, 0.91, 0.92, 0.90, 0.95])},
)


def public_choose_setting(run):
    for name in CHOOSE_EXAMPLES:
        out, right = run.example(name)
        expect_close(f"choose_setting on the example '{name}'", out["index"], right["index"],
                     hint=CHOOSE_RULE)


# --------------------------------------------------------------------------------------
# The exercises
# --------------------------------------------------------------------------------------

MOMENTUM = Exercise(
    name="momentum", title="Momentum: an optimizer with a velocity", points=2,
    drive=_optimizer_driver(("lr", "momentum")),
    public=_public_optimizer("Momentum", MOMENTUM_RULE),
    still_hidden="other shapes, learning rates and momenta, up to 8 steps, and float32",
    probes=MOMENTUM_PROBES, examples=MOMENTUM_EXAMPLES)

ADAGRAD = Exercise(
    name="adagrad", title="AdaGrad: a learning rate per entry", points=2,
    drive=_optimizer_driver(("lr", "eps")),
    public=_public_optimizer("AdaGrad", ADAGRAD_RULE),
    still_hidden="other shapes and learning rates, gradients from 1e-5 to 10, and float32",
    probes=ADAGRAD_PROBES, examples=ADAGRAD_EXAMPLES)

ADAM = Exercise(
    name="adam", title="Adam, with its bias correction", points=3,
    drive=_optimizer_driver(("lr", "beta1", "beta2", "eps")),
    public=_public_optimizer("Adam", ADAM_RULE),
    still_hidden="other shapes, learning rates and betas, up to 12 steps, and float32",
    probes=ADAM_PROBES, examples=ADAM_EXAMPLES)

WEIGHT_DECAY = Exercise(
    name="weight_decay", title="weight_decay: the L2 penalty and its gradient", points=2,
    drive=drive_weight_decay, public=public_weight_decay,
    still_hidden="other shapes and values of lam, and float32",
    probes=WEIGHT_DECAY_PROBES, examples=WEIGHT_DECAY_EXAMPLES)

DROPOUT = Exercise(
    name="dropout", title="Dropout: training against test", points=3,
    drive=drive_dropout, public=public_dropout,
    still_hidden="other shapes and ratios, batches of one, other seeds, and float32",
    probes=DROPOUT_PROBES, examples=DROPOUT_EXAMPLES)

BATCH_NORM = Exercise(
    name="batch_norm", title="BatchNorm: forward, backward and test time", points=5,
    drive=drive_batch_norm, public=public_batch_norm,
    still_hidden=("batches of 2 to 8 rows, other momenta and eps, float32, and float64 cases "
                  "at a tolerance central differences cannot meet; course.gradcheck's "
                  "numerical gradients and the frameworks are not available while your "
                  "BatchNorm runs"),
    probes=BATCH_NORM_PROBES, examples=BATCH_NORM_EXAMPLES, withheld=NUMERICAL_SHORTCUTS)

EARLY_STOPPING = Exercise(
    name="early_stopping", title="early_stopping: when to stop, what to keep", points=2,
    drive=drive_early_stopping, public=public_early_stopping,
    still_hidden="random validation curves of 1 to 30 epochs, with ties, patience 1 to 5",
    probes=EARLY_STOPPING_PROBES, examples=EARLY_STOPPING_EXAMPLES)

CHOOSE_SETTING = Exercise(
    name="choose_setting", title="choose_setting: decided on the validation set", points=2,
    drive=drive_choose_setting, public=public_choose_setting,
    still_hidden="random results of 1 to 12 settings, with ties",
    probes=CHOOSE_PROBES, examples=CHOOSE_EXAMPLES)

EXERCISES = [MOMENTUM, ADAGRAD, ADAM, WEIGHT_DECAY, DROPOUT, EARLY_STOPPING, BATCH_NORM,
             CHOOSE_SETTING]
