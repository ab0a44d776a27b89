"""A layered network of any depth and its minibatch SGD trainer (notebook 06).

Shapes: x (N, D) inputs, t one-hot (N, C) or labels (N,); ``sizes = [D, H1, ..., C]``.
"""

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from solutions.activations import Relu, Sigmoid
from solutions.layers import Affine, SoftmaxWithLoss, numerical_gradient

ACTIVATIONS = {"relu": Relu, "sigmoid": Sigmoid}


class LayerNet:
    """Affine -> activation -> ... -> Affine -> SoftmaxWithLoss, for any number of layers.

    ``sizes``: [input, hidden..., output], e.g. [784, 50, 10]. ``activation``: "relu" or
    "sigmoid". ``weight_init_std``: a number, or "he" (sqrt(2 / fan_in), for ReLU) or
    "xavier" (sqrt(1 / fan_in), for sigmoid); "auto" picks by activation.
    ``params`` holds W1 (D, H1), b1 (H1,), W2, b2, ...; ``layers`` is an OrderedDict
    ('Affine1', 'Relu1', 'Affine2', ...) whose order is the forward order, so that backward
    walks it in reverse. Every activation layer is an instance of its own: each keeps the
    state of its own last forward.
    """

    def __init__(self, sizes, activation="relu", weight_init_std="auto", dtype=np.float64,
                 seed=None):
        if len(sizes) < 2:
            raise ValueError(f"sizes needs an input and an output size, got {sizes!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        rng = np.random.default_rng(seed)
        self.sizes = list(sizes)
        self.params = {}
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            scale = _init_scale(weight_init_std, activation, fan_in)
            self.params[f"W{i}"] = (scale * rng.standard_normal((fan_in, fan_out))).astype(dtype)
            self.params[f"b{i}"] = np.zeros(fan_out, dtype=dtype)

        self.layers = OrderedDict()
        n_affine = len(sizes) - 1
        for i in range(1, n_affine + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if i < n_affine:
                self.layers[f"{activation.capitalize()}{i}"] = ACTIVATIONS[activation]()
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        """Scores before the softmax: x (N, D) -> (N, C)."""
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """Mean cross-entropy of the softmax of ``predict(x)`` against ``t``; a scalar."""
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t, batch_size=10_000) -> float:
        """Fraction of rows whose highest score is the true class (in chunks, to save memory)."""
        labels = np.argmax(t, axis=1) if np.ndim(t) == 2 else np.asarray(t)
        correct = 0
        for start in range(0, len(x), batch_size):
            scores = self.predict(x[start:start + batch_size])
            correct += int(np.sum(np.argmax(scores, axis=1) == labels[start:start + batch_size]))
        return correct / len(x)

    def gradient(self, x, t):
        """Backprop gradients of ``loss(x, t)``: a dict with the keys (and shapes) of params."""
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)
        grads = {}
        for i in range(1, len(self.sizes)):
            affine = self.layers[f"Affine{i}"]
            grads[f"W{i}"] = affine.dW
            grads[f"b{i}"] = affine.db
        return grads

    def numerical_gradient(self, x, t):
        """Central-difference gradients of ``loss(x, t)``; slow, for checking ``gradient``."""
        def loss_at(_):
            return self.loss(x, t)
        return {key: numerical_gradient(loss_at, param) for key, param in self.params.items()}


def _init_scale(weight_init_std, activation, fan_in):
    if weight_init_std == "auto":
        weight_init_std = "he" if activation == "relu" else "xavier"
    if weight_init_std == "he":
        return np.sqrt(2.0 / fan_in)
    if weight_init_std == "xavier":
        return np.sqrt(1.0 / fan_in)
    return float(weight_init_std)


@dataclass
class TrainingHistory:
    """What training reports: the loss of every step, and accuracies after every epoch."""

    loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    epoch_seconds: list = field(default_factory=list)


def train(network, x_train, t_train, x_test, t_test, learning_rate=0.1, batch_size=100,
          epochs=None, iterations=None, seed=0, on_epoch: Callable | None = None):
    """Minibatch SGD: each epoch visits the training set once in a fresh random order.

    Give ``epochs``, or ``iterations`` (steps; the last epoch may be partial, as in the
    seed's 10,000 iterations). After each epoch, train and test accuracies are measured and
    ``on_epoch(epoch, history)`` is called (to print or draw progress). Parameters are
    updated in place: ``params[key] -= learning_rate * grad``. Returns a TrainingHistory.
    """
    import time

    n = len(x_train)
    steps_per_epoch = max(n // batch_size, 1)
    if iterations is None:
        iterations = (epochs if epochs is not None else 1) * steps_per_epoch
    rng = np.random.default_rng(seed)
    history = TrainingHistory()
    step = 0
    epoch = 0
    while step < iterations:
        started = time.perf_counter()
        order = rng.permutation(n)
        for start in range(0, steps_per_epoch * batch_size, batch_size):
            if step == iterations:
                break
            batch = order[start:start + batch_size]
            grads = network.gradient(x_train[batch], t_train[batch])
            for key, grad in grads.items():
                network.params[key] -= learning_rate * grad
            history.loss.append(float(network.last_layer.loss))
            step += 1
        history.epoch_seconds.append(time.perf_counter() - started)
        history.train_accuracy.append(network.accuracy(x_train, t_train))
        history.test_accuracy.append(network.accuracy(x_test, t_test))
        epoch += 1
        if on_epoch is not None:
            on_epoch(epoch, history)
    return history
