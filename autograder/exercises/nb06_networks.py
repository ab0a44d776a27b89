"""The instructor's half of notebook 06's exercises: hidden tests and known mistakes.

Hidden tests of notebook 06: init_params against ``solutions.init_params`` on the same
random numbers, LayerNet (forward, backprop, numerical gradients) against
``solutions.LayerNet`` on identical weights, and sgd_epoch against ``solutions.sgd_epoch``,
on inputs drawn at grading time.

Known mistakes of notebook 06: init_params, LayerNet (its layers, predict, loss,
accuracy), its gradient by backprop and by central differences, and sgd_epoch.

Each variant is the right answer but for the lines its name describes. The LayerNet
variants subclass one right ``LayerNet`` below and override one small piece of it; they use
the reference layers, as a learner's LayerNet uses the layers pasted into section 0 of the
notebook. Hints that the public checks also give are imported from the exercise module.
"""

from collections import OrderedDict

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake
from course.exercises.nb06_networks import (
    ACTIVATIONS,
    COPIES_HINT,
    DUPLICATE_KEY_HINT,
    EPOCH_HINT,
    FLOAT32_HINT,
    INIT_PARAMS,
    INIT_SCALE_HINT,
    LAST_ACTIVATION_HINT,
    LAYER_NET,
    LAYER_NET_GRADIENT,
    LOSSES_HINT,
    MEAN_HINT,
    NEW_ARRAY_HINT,
    ORDER_HINT,
    PAIRS_HINT,
    REBIND_HINT,
    RESTORE_HINT,
    REVERSE_HINT,
    SGD_EPOCH,
    SHARED_HINT,
    SYMMETRY_HINT,
    ZERO_BIAS_HINT,
)
from solutions import Affine, Relu, Sigmoid, SoftmaxWithLoss

# (number of Affine layers, activation, batch size, dtype, one-hot t, numerical gradient):
# two, three and four Affine layers, ReLU and Sigmoid, a batch of one, float32. Numerical
# gradients only where the loss is smooth (Sigmoid) and float64, so that no ReLU kink and no
# float32 rounding can make a right answer differ from the reference.
NETWORKS = [
    (2, "relu", 1, np.float64, False, 0),
    (2, "sigmoid", 4, np.float64, True, 1),
    (3, "relu", 3, np.float64, False, 0),
    (3, "sigmoid", 1, np.float64, False, 1),
    (4, "relu", 5, np.float64, True, 0),
    (4, "sigmoid", 2, np.float64, False, 0),
    (3, "relu", 6, np.float32, True, 0),
    (2, "sigmoid", 1, np.float32, False, 0),
]


def likely_labels(rng, scores):
    """A label per row whose softmax probability is at least 0.05: a loss of -log(1e-6)
    would be read differently by log(y + 1e-7) and by log(max(y, 1e-7)), and both are right."""
    y = solutions.softmax(scores.astype(np.float64))
    return np.array([rng.choice(np.flatnonzero(row >= min(0.05, row.max()))) for row in y])


def network_case(rng, depth, activation, n, dtype, one_hot, numerical):
    """Random sizes (hidden sizes differ from each other where possible), He-sized weights."""
    sizes = [int(rng.integers(2, 7))] + [int(s) for s in rng.choice(np.arange(2, 9), depth - 1,
                                                                    replace=False)]
    sizes.append(int(rng.integers(2, 6)))
    case = {"sizes": np.array(sizes), "activation": ACTIVATIONS.index(activation),
            "x": rng.normal(size=(n, sizes[0])).astype(dtype)}
    for i in range(1, len(sizes)):
        scale = np.sqrt(2.0 / sizes[i - 1])
        case[f"W{i}"] = (scale * rng.normal(size=(sizes[i - 1], sizes[i]))).astype(dtype)
        case[f"b{i}"] = (0.1 * rng.normal(size=sizes[i])).astype(dtype)
    net = solutions.LayerNet(sizes, activation=activation, dtype=dtype)
    for key in net.params:
        net.params[key][...] = case[key]
    labels = likely_labels(rng, net.predict(case["x"]))
    case["t"] = np.eye(sizes[-1], dtype=dtype)[labels] if one_hot else labels.astype(np.int64)
    case["numerical"] = numerical
    return case


def layer_net_cases(rng):
    cases = [network_case(rng, *spec) for spec in NETWORKS]
    for case in cases:
        del case["numerical"]
    return cases


def layer_net_gradient_cases(rng):
    return [network_case(rng, *spec) for spec in NETWORKS]


def init_params_cases(rng):
    """Two to four Affine layers, ReLU and sigmoid, float64 and float32, and one layer big
    enough for a 1 % error of scale to show."""
    cases = []
    for depth, activation, dtype in [(1, 0, 0), (2, 1, 0), (3, 0, 0), (4, 1, 0), (2, 0, 1),
                                     (3, 1, 1)]:
        sizes = [int(s) for s in rng.integers(1, 12, size=depth + 1)]
        cases.append({"sizes": np.array(sizes), "activation": activation,
                      "seed": int(rng.integers(2**31)), "dtype": dtype})
    cases.append({"sizes": np.array([int(rng.integers(100, 300)), int(rng.integers(20, 40)), 10]),
                  "activation": int(rng.integers(2)), "seed": int(rng.integers(2**31))})
    return cases


def sgd_epoch_cases(rng):
    """Data sets of 1 to 13 examples; batches of one, of a few, and larger than the data
    set; float32."""
    cases = []
    for n, size, dtype in [(1, 1, np.float64), (7, 1, np.float64), (9, 4, np.float64),
                           (12, 5, np.float64), (6, 10, np.float64), (13, 3, np.float32)]:
        d, c = (int(v) for v in rng.integers(1, 5, size=2))
        cases.append({"x": rng.normal(size=(n, d)).astype(dtype),
                      "t": rng.normal(size=(n, c)).astype(dtype),
                      "W": (0.5 * rng.normal(size=(d, c))).astype(dtype),
                      "b": (0.1 * rng.normal(size=c)).astype(dtype),
                      "learning_rate": float(rng.choice([0.01, 0.1, 0.5, 1.0])),
                      "batch_size": size, "seed": int(rng.integers(2**31))})
    return cases


HIDDEN = [
    HiddenTest(INIT_PARAMS, solutions.init_params, init_params_cases, rtol=1e-6, atol=1e-9),
    HiddenTest(LAYER_NET, solutions.LayerNet, layer_net_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(LAYER_NET_GRADIENT, solutions.LayerNet, layer_net_gradient_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest(SGD_EPOCH, solutions.sgd_epoch, sgd_epoch_cases, rtol=1e-5, atol=1e-7),
]


ACTIVATION_LAYERS = {"relu": Relu, "sigmoid": Sigmoid}


def _scale(weight_init_std, activation, fan_in):
    """The right scale (init_params's, which the notebook's LayerNet calls)."""
    if weight_init_std == "auto":
        weight_init_std = "he" if activation == "relu" else "lecun"
    if weight_init_std == "he":
        return np.sqrt(2.0 / fan_in)
    if weight_init_std == "lecun":
        return np.sqrt(1.0 / fan_in)
    return float(weight_init_std)


# --------------------------------------------------------------------------------------
# The right LayerNet, in small pieces that the variants override
# --------------------------------------------------------------------------------------


class LayerNet:
    """Affine -> activation -> ... -> Affine -> SoftmaxWithLoss (see the notebook)."""

    def __init__(self, sizes, activation="relu", weight_init_std="auto", dtype=np.float64,
                 seed=None):
        self.rng = np.random.default_rng(seed)
        self.sizes, self.activation, self.dtype = list(sizes), activation, dtype
        self.params = {}
        self.layers = OrderedDict()
        self.last_layer = SoftmaxWithLoss()
        self.make_params(weight_init_std)
        self.make_layers()

    def make_params(self, weight_init_std):
        for i in range(1, len(self.sizes)):
            fan_in, fan_out = self.sizes[i - 1], self.sizes[i]
            std = _scale(weight_init_std, self.activation, fan_in)
            self.params[f"W{i}"] = (std * self.rng.standard_normal((fan_in, fan_out))).astype(
                self.dtype)
            self.params[f"b{i}"] = np.zeros(fan_out, dtype=self.dtype)

    def make_layers(self):
        n_affine = len(self.sizes) - 1
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n_affine:
                self.layers[f"{self.activation.capitalize()}{i}"] = ACTIVATION_LAYERS[
                    self.activation]()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        predicted = np.argmax(self.predict(x), axis=1)
        labels = np.argmax(t, axis=1) if np.ndim(t) == 2 else t
        return float(np.mean(predicted == labels))

    def gradient(self, x, t):
        self.loss(x, t)
        self.backward()
        return self.collect()

    def backward(self):
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)

    def collect(self):
        grads = {}
        for i in range(1, len(self.sizes)):
            grads[f"W{i}"] = self.layers[f"Affine{i}"].dW
            grads[f"b{i}"] = self.layers[f"Affine{i}"].db
        return grads

    def numerical_gradient(self, x, t, h=1e-4):
        return {key: self.nudge(param, x, t, h) for key, param in self.params.items()}

    def nudge(self, param, x, t, h):
        """Central differences of the loss for every entry of ``param``, in place."""
        grad = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            original = param[idx]
            param[idx] = original + h
            f_plus = self.loss(x, t)
            param[idx] = original - h
            f_minus = self.loss(x, t)
            param[idx] = original
            grad[idx] = (f_plus - f_minus) / (2 * h)
        return grad


# --------------------------------------------------------------------------------------
# LayerNet: building the layers, predict, loss, accuracy
# --------------------------------------------------------------------------------------


class OneReluForAll(LayerNet):
    def make_layers(self):
        n_affine = len(self.sizes) - 1
        activation = ACTIVATION_LAYERS[self.activation]()
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n_affine:
                self.layers[f"{self.activation.capitalize()}{i}"] = activation


class OneKeyForAllActivations(LayerNet):
    def make_layers(self):
        n_affine = len(self.sizes) - 1
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n_affine:
                self.layers[self.activation] = ACTIVATION_LAYERS[self.activation]()


class ActivationAfterTheLastAffine(LayerNet):
    def make_layers(self):
        for i in range(1, len(self.sizes)):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            self.layers[f"{self.activation.capitalize()}{i}"] = ACTIVATION_LAYERS[
                self.activation]()


class LayersHoldCopies(LayerNet):
    def make_layers(self):
        n_affine = len(self.sizes) - 1
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"].copy(),
                                               self.params[f"b{i}"].copy())
            if i < n_affine:
                self.layers[f"{self.activation.capitalize()}{i}"] = ACTIVATION_LAYERS[
                    self.activation]()


class AlwaysRelu(LayerNet):
    def make_layers(self):
        n_affine = len(self.sizes) - 1
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n_affine:
                self.layers[f"Relu{i}"] = Relu()


class AlwaysSigmoid(LayerNet):
    def make_layers(self):
        n_affine = len(self.sizes) - 1
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n_affine:
                self.layers[f"Sigmoid{i}"] = Sigmoid()


def _softmax(scores):
    e = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


class SoftmaxInPredict(LayerNet):
    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return _softmax(x)


class LossOfTheInputs(LayerNet):
    def loss(self, x, t):
        self.predict(x)
        return self.last_layer.forward(x, t)


class AccuracyAgainstOneHot(LayerNet):
    def accuracy(self, x, t):
        return float(np.mean(np.argmax(self.predict(x), axis=1) == t))


class AccuracyOverTheBatchAxis(LayerNet):
    def accuracy(self, x, t):
        predicted = np.argmax(self.predict(x), axis=0)
        labels = np.argmax(t, axis=1) if np.ndim(t) == 2 else t
        return float(np.mean(predicted == labels))


class SummedSoftmaxWithLoss(SoftmaxWithLoss):
    """The cross-entropy of the notes (file 001): summed over the batch (backward still
    divides by N)."""

    def forward(self, x, t):
        return super().forward(x, t) * np.shape(x)[0]


class LossSummed(LayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_layer = SummedSoftmaxWithLoss()


# --------------------------------------------------------------------------------------
# LayerNet: gradient and numerical_gradient
# --------------------------------------------------------------------------------------


class BackwardInForwardOrder(LayerNet):
    def backward(self):
        dout = self.last_layer.backward(1)
        for layer in self.layers.values():
            dout = layer.backward(dout)


class ReverseReturnsNone(LayerNet):
    def backward(self):
        dout = self.last_layer.backward(1)
        layers = list(self.layers.values()).reverse()
        for layer in layers:
            dout = layer.backward(dout)


class ReversedKeys(LayerNet):
    def backward(self):
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)


class DoutNotPassedOn(LayerNet):
    def backward(self):
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            layer.backward(dout)


class NoForwardInGradient(LayerNet):
    def gradient(self, x, t):
        self.backward()
        return self.collect()


class GradientsInBackwardOrder(LayerNet):
    def collect(self):
        grads = {}
        affines = [layer for layer in reversed(self.layers.values()) if isinstance(layer, Affine)]
        for i, affine in enumerate(affines, start=1):
            grads[f"W{i}"] = affine.dW
            grads[f"b{i}"] = affine.db
        return grads


class DwAndDbSwapped(LayerNet):
    def collect(self):
        grads = {}
        for i in range(1, len(self.sizes)):
            grads[f"W{i}"] = self.layers[f"Affine{i}"].db
            grads[f"b{i}"] = self.layers[f"Affine{i}"].dW
        return grads


class Float64OneHotSoftmaxWithLoss(SoftmaxWithLoss):
    """backward subtracts a one-hot built by np.eye, float64 whatever the scores are."""

    def backward(self, dout=1):
        n, classes = self.y.shape
        return (self.y - np.eye(classes)[self.labels]) * dout / n


class OneHotInFloat64(LayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_layer = Float64OneHotSoftmaxWithLoss()


class NumericalOnACopy(LayerNet):
    def numerical_gradient(self, x, t, h=1e-4):
        return {key: self.nudge(param.copy(), x, t, h) for key, param in self.params.items()}


class NumericalNotRestored(LayerNet):
    def nudge(self, param, x, t, h):
        grad = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            param[idx] += h
            f_plus = self.loss(x, t)
            param[idx] -= 2 * h
            f_minus = self.loss(x, t)
            grad[idx] = (f_plus - f_minus) / (2 * h)
        return grad


class NumericalDividedByH(LayerNet):
    def nudge(self, param, x, t, h):
        grad = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            original = param[idx]
            param[idx] = original + h
            f_plus = self.loss(x, t)
            param[idx] = original - h
            f_minus = self.loss(x, t)
            param[idx] = original
            grad[idx] = (f_plus - f_minus) / h
        return grad


class ReluMaskBelowZero(Relu):
    """mask x < 0 instead of x <= 0: differs only at exactly 0."""

    def forward(self, x):
        self.mask = np.asarray(x) < 0
        return np.maximum(x, 0)


class ReluWithStrictMask(LayerNet):
    def make_layers(self):
        n_affine = len(self.sizes) - 1
        layer = {"relu": ReluMaskBelowZero, "sigmoid": Sigmoid}[self.activation]
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n_affine:
                self.layers[f"{self.activation.capitalize()}{i}"] = layer()


class ListReversedInPlace(LayerNet):
    def backward(self):
        dout = self.last_layer.backward(1)
        layers = list(self.layers.values())
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)


# --------------------------------------------------------------------------------------
# init_params
# --------------------------------------------------------------------------------------


def _he_or_lecun(activation, fan_in):
    return np.sqrt((2.0 if activation == "relu" else 1.0) / fan_in)


def _init(sizes, dtype, weight, bias=None):
    """params with W<i> = weight(i, fan_in, fan_out) and zero biases (or bias(i, fan_out))."""
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = np.asarray(weight(i, fan_in, fan_out)).astype(dtype)
        params[f"b{i}"] = (np.zeros(fan_out, dtype=dtype) if bias is None
                           else np.asarray(bias(i, fan_out)).astype(dtype))
    return params


def init_weights_all_zero(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: np.zeros((n_in, n_out)))


def init_weights_all_equal(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: np.full(
        (n_in, n_out), _he_or_lecun(activation, n_in)))


def init_the_notes_scale(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: 0.01 * rng.standard_normal((n_in, n_out)))


def init_scale_from_fan_out(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: _he_or_lecun(activation, n_out)
                 * rng.standard_normal((n_in, n_out)))


def init_he_for_sigmoid_too(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: np.sqrt(2.0 / n_in)
                 * rng.standard_normal((n_in, n_out)))


def init_lecun_for_relu_too(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: np.sqrt(1.0 / n_in)
                 * rng.standard_normal((n_in, n_out)))


def init_glorot_for_sigmoid(sizes, activation, rng, dtype):
    def weight(i, n_in, n_out):
        var = 2.0 / n_in if activation == "relu" else 2.0 / (n_in + n_out)
        return np.sqrt(var) * rng.standard_normal((n_in, n_out))
    return _init(sizes, dtype, weight)


def init_variance_for_std(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: _he_or_lecun(activation, n_in) ** 2
                 * rng.standard_normal((n_in, n_out)))


def init_first_fan_in_everywhere(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: _he_or_lecun(activation, sizes[0])
                 * rng.standard_normal((n_in, n_out)))


def init_weights_out_by_in(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: _he_or_lecun(activation, n_in)
                 * rng.standard_normal((n_out, n_in)))


def init_random_biases(sizes, activation, rng, dtype):
    return _init(sizes, dtype,
                 lambda i, n_in, n_out: _he_or_lecun(activation, n_in)
                 * rng.standard_normal((n_in, n_out)),
                 lambda i, n_out: 0.1 * rng.standard_normal(n_out))


def init_biases_in_float64(sizes, activation, rng, dtype):
    params = init_params_right(sizes, activation, rng, dtype)
    for key in params:
        if key.startswith("b"):
            params[key] = np.zeros(len(params[key]))
    return params


def init_params_right(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: _he_or_lecun(activation, n_in)
                 * rng.standard_normal((n_in, n_out)))


def init_with_rng_normal(sizes, activation, rng, dtype):
    return _init(sizes, dtype, lambda i, n_in, n_out: rng.normal(
        0.0, _he_or_lecun(activation, n_in), size=(n_in, n_out)))


# --------------------------------------------------------------------------------------
# sgd_epoch
# --------------------------------------------------------------------------------------


def _step(net, grads, learning_rate):
    for key, grad in grads.items():
        net.params[key] -= learning_rate * grad


def sgd_epoch_rebinds_a_local_name(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    losses = []
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        grads = net.gradient(x[batch], t[batch])
        for key, W in net.params.items():
            W = W - learning_rate * grads[key]  # noqa: F841 (the mistake: W is never used)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_new_array_in_the_dict(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    losses = []
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        grads = net.gradient(x[batch], t[batch])
        for key in net.params:
            net.params[key] = net.params[key] - learning_rate * grads[key]
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_x_and_t_shuffled_apart(net, x, t, learning_rate, batch_size, rng):
    x_order, t_order = rng.permutation(len(x)), rng.permutation(len(t))
    losses = []
    for start in range(0, len(x), batch_size):
        grads = net.gradient(x[x_order[start:start + batch_size]],
                             t[t_order[start:start + batch_size]])
        _step(net, grads, learning_rate)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_with_replacement(net, x, t, learning_rate, batch_size, rng):
    losses = []
    for _ in range(0, len(x), batch_size):
        batch = rng.choice(len(x), batch_size)
        grads = net.gradient(x[batch], t[batch])
        _step(net, grads, learning_rate)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_last_batch_dropped(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    losses = []
    for step in range(len(x) // batch_size):
        batch = order[step * batch_size:(step + 1) * batch_size]
        grads = net.gradient(x[batch], t[batch])
        _step(net, grads, learning_rate)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_one_batch_short(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    losses = []
    for start in range(0, len(x) - batch_size, batch_size):
        batch = order[start:start + batch_size]
        grads = net.gradient(x[batch], t[batch])
        _step(net, grads, learning_rate)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_not_shuffled(net, x, t, learning_rate, batch_size, rng):
    losses = []
    for start in range(0, len(x), batch_size):
        grads = net.gradient(x[start:start + batch_size], t[start:start + batch_size])
        _step(net, grads, learning_rate)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_new_order_every_batch(net, x, t, learning_rate, batch_size, rng):
    losses = []
    for start in range(0, len(x), batch_size):
        order = rng.permutation(len(x))
        batch = order[start:start + batch_size]
        grads = net.gradient(x[batch], t[batch])
        _step(net, grads, learning_rate)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_uphill(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    losses = []
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        grads = net.gradient(x[batch], t[batch])
        for key in net.params:
            net.params[key] += learning_rate * grads[key]
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_loss_after_the_step(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    losses = []
    for start in range(0, len(x), batch_size):
        batch = order[start:start + batch_size]
        grads = net.gradient(x[batch], t[batch])
        _step(net, grads, learning_rate)
        losses.append(net.loss(x[batch], t[batch]))
    return losses


def sgd_epoch_shuffles_x_in_place(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    x[...] = x[order]
    t[...] = t[order]
    losses = []
    for start in range(0, len(x), batch_size):
        grads = net.gradient(x[start:start + batch_size], t[start:start + batch_size])
        _step(net, grads, learning_rate)
        losses.append(net.last_layer.loss)
    return losses


def sgd_epoch_shuffled_copies(net, x, t, learning_rate, batch_size, rng):
    order = rng.permutation(len(x))
    x, t = x[order], t[order]
    losses = []
    for start in range(0, len(x), batch_size):
        grads = net.gradient(x[start:start + batch_size], t[start:start + batch_size])
        for key in net.params:
            net.params[key][...] = net.params[key] - learning_rate * grads[key]
        losses.append(net.last_layer.loss)
    return losses


MISTAKES = [
    # init_params
    Mistake(INIT_PARAMS, "weights all zero", init_weights_all_zero, SYMMETRY_HINT),
    Mistake(INIT_PARAMS, "weights all equal", init_weights_all_equal,
            "every weight of a layer has the same value, the scale itself: then every unit of "
            "the layer computes the same output and gets the same gradient, and they stay "
            "copies however long the network trains. The scale is the standard deviation of "
            "random weights: multiply rng.standard_normal((fan_in, fan_out)) by it."),
    Mistake(INIT_PARAMS, "the notes' scale 0.01", init_the_notes_scale,
            "every weight drawn with standard deviation 0.01, as in the notes (file 001), "
            "whatever the layer's size: for 784 inputs He's scale is sqrt(2 / 784) = 0.0505, "
            "five times more, and with 0.01 the signal shrinks layer after layer. In "
            "general, " + INIT_SCALE_HINT, seed="001"),
    Mistake(INIT_PARAMS, "the scale from fan_out", init_scale_from_fan_out,
            "the scale was computed from the layer's number of outputs, sizes[i]; it depends "
            "on the number of inputs each unit adds up, fan_in = sizes[i-1]. In general, "
            + INIT_SCALE_HINT),
    Mistake(INIT_PARAMS, "He's scale for sigmoid too", init_he_for_sigmoid_too,
            "sqrt(2 / fan_in) is He's scale, for ReLU, which zeroes half of its inputs; "
            "sigmoid layers take LeCun's sqrt(1 / fan_in). In general, " + INIT_SCALE_HINT),
    Mistake(INIT_PARAMS, "LeCun's scale for ReLU too", init_lecun_for_relu_too,
            "sqrt(1 / fan_in) keeps the variance through a layer that passes all of it on; "
            "ReLU zeroes half of its inputs, so each ReLU layer would halve the signal: He's "
            "sqrt(2 / fan_in) makes up for it. In general, " + INIT_SCALE_HINT),
    Mistake(INIT_PARAMS, "Glorot's scale for sigmoid", init_glorot_for_sigmoid,
            "sqrt(2 / (fan_in + fan_out)) is Glorot's scale, a good choice too, which also "
            "keeps the gradients' size in backward; this exercise asks for LeCun's "
            "sqrt(1 / fan_in) for sigmoid, so that the checks can compare values. In "
            "general, " + INIT_SCALE_HINT),
    Mistake(INIT_PARAMS, "the variance as the scale", init_variance_for_std,
            "rng.standard_normal was multiplied by 2 / fan_in, the variance; "
            "rng.standard_normal has standard deviation 1, so multiply it by the standard "
            "deviation, the square root: np.sqrt(2 / fan_in)."),
    Mistake(INIT_PARAMS, "the first layer's fan_in for every layer",
            init_first_fan_in_everywhere,
            "every layer took its scale from sizes[0]; each layer has its own fan_in, "
            "sizes[i-1], the number of inputs its units add up. In general, "
            + INIT_SCALE_HINT),
    Mistake(INIT_PARAMS, "W<i> of shape (out, in)", init_weights_out_by_in,
            "W<i> was created as (sizes[i], sizes[i-1]), outputs by inputs. The input of "
            "Affine<i> is (N, sizes[i-1]), and (N, sizes[i-1])·W<i> → (N, sizes[i]) needs W<i> "
            "of shape (sizes[i-1], sizes[i]): rng.standard_normal((fan_in, fan_out))."),
    Mistake(INIT_PARAMS, "random biases", init_random_biases, ZERO_BIAS_HINT),
    Mistake(INIT_PARAMS, "the biases in float64", init_biases_in_float64,
            "np.zeros(fan_out) is float64 whatever dtype asks for, and one float64 array "
            "turns every result float64. " + FLOAT32_HINT),
    Mistake(INIT_PARAMS, "rng.normal with a scale", init_with_rng_normal,
            "rng.normal(0, scale, size) draws scale * rng.standard_normal(size): the same "
            "numbers.", harmless=True),
    # layer_net
    Mistake(LAYER_NET, "one Relu shared by all layers", OneReluForAll, SHARED_HINT,
            seed="001"),
    Mistake(LAYER_NET, "one key for every activation", OneKeyForAllActivations,
            DUPLICATE_KEY_HINT, seed="001"),
    Mistake(LAYER_NET, "an activation after the last Affine", ActivationAfterTheLastAffine,
            LAST_ACTIVATION_HINT),
    Mistake(LAYER_NET, "layers hold copies of the parameters", LayersHoldCopies,
            COPIES_HINT),
    Mistake(LAYER_NET, "always Relu", AlwaysRelu,
            "the activation layers are Relu even for activation='sigmoid': pick the class "
            "from the argument, {'relu': Relu, 'sigmoid': Sigmoid}[activation], and name the "
            "keys after it ('Sigmoid1', ...)."),
    Mistake(LAYER_NET, "always Sigmoid", AlwaysSigmoid,
            "the activation layers are Sigmoid even for activation='relu': pick the class "
            "from the argument, {'relu': Relu, 'sigmoid': Sigmoid}[activation]."),
    Mistake(LAYER_NET, "softmax in predict", SoftmaxInPredict,
            "predict returns the scores of the last Affine, before any softmax: "
            "probabilities from predict would go through softmax a second time in "
            "SoftmaxWithLoss. The softmax belongs to self.last_layer only."),
    Mistake(LAYER_NET, "the loss of the inputs", LossOfTheInputs,
            "loss hands x itself to the last layer: self.last_layer.forward(x, t). It must "
            "get the scores: self.last_layer.forward(self.predict(x), t), (N, sizes[-1])."),
    Mistake(LAYER_NET, "accuracy against one-hot t", AccuracyAgainstOneHot,
            "with one-hot t (N, C), argmax(scores) (N,) == t compares labels with rows of "
            "0s and 1s (or fails to broadcast). Turn one-hot t into labels first: "
            "labels = np.argmax(t, axis=1) if t.ndim == 2 else t."),
    Mistake(LAYER_NET, "argmax over the batch axis", AccuracyOverTheBatchAxis,
            "np.argmax(scores, axis=0) picks, for each class, the example with the highest "
            "score; each row is one example: np.argmax(scores, axis=1), (N, C) → (N,)."),
    Mistake(LAYER_NET, "the loss summed over the batch", LossSummed, MEAN_HINT, seed="001"),
    Mistake(LAYER_NET, "Relu mask x < 0", ReluWithStrictMask,
            "a Relu whose mask is x < 0 instead of x <= 0 differs only where an input is "
            "exactly 0, and there ReLU has no derivative: either choice (0 or the gradient "
            "passed on) is fine.", harmless=True),
    # layer_net_gradient
    Mistake(LAYER_NET_GRADIENT, "backward in forward order", BackwardInForwardOrder,
            REVERSE_HINT),
    Mistake(LAYER_NET_GRADIENT, "list.reverse() returns None", ReverseReturnsNone,
            "list(...).reverse() reverses the list in place and returns None, so `layers = "
            "list(self.layers.values()).reverse()` is None. Write layers = "
            "list(self.layers.values()); layers.reverse(), or use "
            "reversed(self.layers.values())."),
    Mistake(LAYER_NET_GRADIENT, "reversed over the keys", ReversedKeys,
            "iterating over an OrderedDict gives its keys, the strings 'Affine2', 'Relu1', ...: "
            "reversed(self.layers.values()) gives the layers."),
    Mistake(LAYER_NET_GRADIENT, "dout not passed on", DoutNotPassedOn,
            "each layer's backward returns the gradient for the layer before it: dout = "
            "layer.backward(dout). Without `dout =`, every layer gets the gradient of the "
            "scores, (N, sizes[-1]), instead of the gradient of its own output."),
    Mistake(LAYER_NET_GRADIENT, "no forward pass in gradient", NoForwardInGradient,
            "gradient must start with its own forward pass, self.loss(x, t): backward uses "
            "what the forward of this x and t kept (the softmax y, the masks, the inputs). "
            "Without it, backward runs on nothing, or on the previous batch."),
    Mistake(LAYER_NET_GRADIENT, "gradients numbered in backward order",
            GradientsInBackwardOrder,
            "grads['W1'] got the last Affine's dW: the layers were numbered in the order "
            "backward visits them. Take grads['W<i>'] = self.layers['Affine<i>'].dW, "
            "by name: its shape is W<i>'s, (sizes[i-1], sizes[i])."),
    Mistake(LAYER_NET_GRADIENT, "dW and db swapped", DwAndDbSwapped,
            "grads['W<i>'] is the Affine's dW, (sizes[i-1], sizes[i]), and grads['b<i>'] its "
            "db, (sizes[i],): each gradient has the shape of its parameter."),
    Mistake(LAYER_NET_GRADIENT, "one Relu shared by all layers", OneReluForAll, SHARED_HINT,
            seed="001"),
    Mistake(LAYER_NET_GRADIENT, "the loss summed over the batch", LossSummed,
            "your loss is N times what your backward differentiates: " + MEAN_HINT,
            seed="001"),
    Mistake(LAYER_NET_GRADIENT, "a float64 one-hot", OneHotInFloat64,
            "np.eye(C)[labels] is float64, and y - one_hot turns float32 gradients into "
            "float64. Subtract 1 at the labels from a copy of y (dx[np.arange(N), labels] "
            "-= 1), or build the one-hot with dtype=y.dtype. " + FLOAT32_HINT),
    Mistake(LAYER_NET_GRADIENT, "numerical gradient nudges a copy", NumericalOnACopy,
            "the loss reads the arrays of self.params through the layers; nudging a copy "
            "(param.copy()) changes nothing the loss sees, and every difference is 0. Nudge "
            "self.params[key] itself, and put each entry back."),
    Mistake(LAYER_NET_GRADIENT, "numerical gradient does not restore", NumericalNotRestored,
            RESTORE_HINT),
    Mistake(LAYER_NET_GRADIENT, "numerical gradient divided by h", NumericalDividedByH,
            "the two points original - h and original + h are 2h apart: divide by (2 * h). "
            "Your numerical gradient is twice the right one."),
    Mistake(LAYER_NET_GRADIENT, "Relu mask x < 0", ReluWithStrictMask,
            "a Relu whose mask is x < 0 instead of x <= 0 differs only where an input is "
            "exactly 0, where ReLU has no derivative: either choice is a right subgradient.",
            harmless=True),
    Mistake(LAYER_NET_GRADIENT, "list reversed in place", ListReversedInPlace,
            "layers = list(self.layers.values()); layers.reverse() visits the layers in the "
            "same order as reversed(self.layers.values()).", harmless=True),
    # sgd_epoch
    Mistake(SGD_EPOCH, "a local name rebound", sgd_epoch_rebinds_a_local_name, REBIND_HINT,
            seed="002"),
    Mistake(SGD_EPOCH, "a new array in the dict", sgd_epoch_new_array_in_the_dict,
            NEW_ARRAY_HINT),
    Mistake(SGD_EPOCH, "x and t shuffled apart", sgd_epoch_x_and_t_shuffled_apart,
            PAIRS_HINT),
    Mistake(SGD_EPOCH, "batches drawn with replacement", sgd_epoch_with_replacement,
            "each batch was drawn at random from all the examples, as the notes do with "
            "np.random.choice(train_size, batch_size) (file 001, problem 238): that is fine "
            "SGD, but it is not an epoch: some examples come twice and others never. " +
            EPOCH_HINT, seed="001"),
    Mistake(SGD_EPOCH, "the last, smaller batch dropped", sgd_epoch_last_batch_dropped,
            "len(x) // batch_size full batches leave out the len(x) % batch_size examples at "
            "the end of the order. " + EPOCH_HINT),
    Mistake(SGD_EPOCH, "range stops one batch short", sgd_epoch_one_batch_short,
            "range(0, len(x) - batch_size, batch_size) stops before the last batch: its stop is "
            "exclusive. range(0, len(x), batch_size) starts a batch at every multiple of "
            "batch_size below len(x)."),
    Mistake(SGD_EPOCH, "not shuffled", sgd_epoch_not_shuffled,
            "the batches go through x in its own order, the same every epoch. " + ORDER_HINT),
    Mistake(SGD_EPOCH, "a new order for every batch", sgd_epoch_new_order_every_batch,
            "rng.permutation(len(x)) was drawn again for every batch, so the batches come "
            "from different orders and overlap. Draw the order once, before the loop over "
            "the batches."),
    Mistake(SGD_EPOCH, "a step uphill", sgd_epoch_uphill,
            "the gradient points uphill, where the loss grows: step against it, "
            "net.params[key] -= learning_rate * grads[key], not +=."),
    Mistake(SGD_EPOCH, "the loss after the step", sgd_epoch_loss_after_the_step,
            "the losses are those of the batches after their steps, from a second forward "
            "pass (net.loss after the update, as the notes record it): an extra forward pass "
            "per batch. " + LOSSES_HINT),
    Mistake(SGD_EPOCH, "x and t shuffled in place", sgd_epoch_shuffles_x_in_place,
            "x[...] = x[order] (or rng.shuffle(x)) reorders the caller's data set: the "
            "caller's x and t change. Index with the order instead: x[batch], t[batch], "
            "which copies just the rows of the batch."),
    Mistake(SGD_EPOCH, "shuffled copies of x and t", sgd_epoch_shuffled_copies,
            "x, t = x[order], t[order] then slices of them gives the same batches as "
            "x[order[start:stop]]; it copies the whole data set once per epoch, which is "
            "slower for MNIST but right.", harmless=True),
]
