"""A layered network of any depth and its minibatch SGD trainer (notebook 06).

Shapes: x (N, D) inputs, t one-hot (N, C) or labels (N,); ``sizes = [D, H1, ..., C]``.
"""

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from solutions.activations import Relu, Sigmoid
from solutions.layers import Affine, SoftmaxWithLoss, numerical_gradient

ACTIVATIONS = {"relu": Relu, "sigmoid": Sigmoid}


class FirstAffine(Affine):
    """The first Affine of a network, the one that reads the data: ``x @ W + b`` as ever.

    ``backward(dout)``: dout (N, M) -> None. It keeps ``dW = x.T @ dout`` (D, M) and
    ``db = dout.sum(axis=0)`` (M,) like any Affine, but does not compute
    ``dx = dout @ W.T``: that would be the gradient with respect to the images, which no
    layer below needs and nobody reads. For 784-50-10 on MNIST it is a (N, 50) x (50, 784)
    product, a third of the arithmetic of a training step. (PyTorch skips it for the same
    reason: the input of the first layer does not require a gradient.)
    """

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return None


class LayerNet:
    """Affine -> activation -> ... -> Affine -> SoftmaxWithLoss, for any number of layers.

    ``sizes``: [input, hidden..., output], e.g. [784, 50, 10]. ``activation``: "relu" or
    "sigmoid". ``weight_init_std``: a number, or "he" (sqrt(2 / fan_in), for ReLU) or
    "lecun" (sqrt(1 / fan_in), for sigmoid); "auto" picks by activation (see init_params).
    ``params`` holds W1 (D, H1), b1 (H1,), W2, b2, ...; ``layers`` is an OrderedDict
    ('Affine1', 'Relu1', 'Affine2', ...) whose order is the forward order, so that backward
    walks it in reverse. Every activation layer is an instance of its own: each keeps the
    state of its own last forward. 'Affine1' is a FirstAffine: its backward keeps dW1 and
    db1 but returns no gradient for the input data.
    """

    def __init__(self, sizes, activation="relu", weight_init_std="auto", dtype=np.float64,
                 seed=None):
        if len(sizes) < 2:
            raise ValueError(f"sizes needs an input and an output size, got {sizes!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        rng = np.random.default_rng(seed)
        self.sizes = list(sizes)
        self.params = init_params(self.sizes, activation, rng, dtype, weight_init_std)

        self.layers = OrderedDict()
        n_affine = len(sizes) - 1
        for i in range(1, n_affine + 1):
            affine = FirstAffine if i == 1 else Affine
            self.layers[f"Affine{i}"] = affine(self.params[f"W{i}"], self.params[f"b{i}"])
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
        """Fraction of rows whose highest score is the true class.

        x (N, D), t labels (N,) or one-hot (N, C). Scored in chunks of ``batch_size`` rows,
        so that the hidden activations of all 60,000 training images, (60000, H) per layer,
        never have to exist at once.
        """
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
            dout = layer.backward(dout)     # None after Affine1: see FirstAffine
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


def init_scale(weight_init_std, activation, fan_in):
    """The standard deviation of the initial weights of a layer with ``fan_in`` inputs:
    a number as given, or "he" sqrt(2 / fan_in) (for ReLU), "lecun" sqrt(1 / fan_in) (for
    sigmoid; "Deep Learning from Scratch" calls it Xavier's), "auto" picks by activation."""
    if weight_init_std == "auto":
        weight_init_std = "he" if activation == "relu" else "lecun"
    if weight_init_std == "he":
        return np.sqrt(2.0 / fan_in)
    if weight_init_std in ("lecun", "xavier"):
        return np.sqrt(1.0 / fan_in)
    return float(weight_init_std)


def init_params(sizes, activation="relu", rng=None, dtype=np.float64, weight_init_std="auto"):
    """The initial parameters of a network of ``sizes`` = [D, H1, ..., C] (notebook 06).

    For i = 1 .. len(sizes) - 1, in that order: ``W<i>`` (sizes[i-1], sizes[i]) is
    ``rng.standard_normal`` times ``init_scale(weight_init_std, activation, sizes[i-1])``,
    ``b<i>`` (sizes[i],) is zeros; all of ``dtype``. Random weights make the units of a
    layer differ (all-equal weights would keep them identical through training).
    """
    rng = np.random.default_rng() if rng is None else rng
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        scale = init_scale(weight_init_std, activation, fan_in)
        params[f"W{i}"] = (scale * rng.standard_normal((fan_in, fan_out))).astype(dtype)
        params[f"b{i}"] = np.zeros(fan_out, dtype=dtype)
    return params


def sgd_epoch(network, x, t, learning_rate, batch_size, rng, max_steps=None):
    """One epoch of minibatch SGD on ``network``, its parameters updated in place.

    x (N, D); t labels (N,) or targets (N, C), one row per example. The examples are
    visited in the order ``rng.permutation(N)``, ``batch_size`` at a time (the last batch
    holds what is left); each batch takes one step ``params[key] -= learning_rate *
    grads[key]``. Returns the batch losses, in order: ``network.last_layer.loss`` as the
    batch's gradient left it, before its step. ``max_steps`` stops the epoch early
    (``train``'s last, partial epoch).
    """
    order = rng.permutation(len(x))
    losses = []
    for start in range(0, len(x), batch_size):
        if max_steps is not None and len(losses) == max_steps:
            break
        batch = order[start:start + batch_size]
        grads = network.gradient(x[batch], t[batch])     # copies just these rows
        for key, grad in grads.items():
            network.params[key] -= learning_rate * grad
        losses.append(float(network.last_layer.loss))
    return losses


@dataclass
class TrainingHistory:
    """What training reports: the loss of every step, and after every epoch the accuracies,
    the seconds spent training (``epoch_seconds``) and measuring them (``eval_seconds``)."""

    loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    epoch_seconds: list = field(default_factory=list)
    eval_seconds: list = field(default_factory=list)


def train(network, x_train, t_train, x_test, t_test, learning_rate=0.1, batch_size=100,
          epochs=None, iterations=None, seed=0, on_epoch: Callable | None = None):
    """Minibatch SGD: each epoch visits the training set once in a fresh random order.

    x_train (N, D), t_train labels (N,) or one-hot (N, C); the same for the test set.
    Give ``epochs``, or ``iterations`` (steps; the last epoch may be partial, as in the
    seed's 10,000 iterations). After each epoch, train and test accuracies are measured and
    ``on_epoch(epoch, history)`` is called (to print or draw progress). Parameters are
    updated in place: ``params[key] -= learning_rate * grad``. Returns a TrainingHistory;
    its ``epoch_seconds`` count the training steps only, ``eval_seconds`` the accuracies.

    What makes it fast (measured in ``benchmarks/train_mnist.py``):

    - The images are converted once, up front, to the dtype of the parameters (float32
      stays float32: a float64 batch would silently turn every product into float64), and
      one-hot targets into labels. The caller's arrays are not changed.
    - One permutation per epoch; each step gathers its rows with ``x_train[batch]``, a
      (batch_size, D) copy that is still in the cache when the first layer reads it.
      Copying the whole shuffled set every epoch, ``x_train[order]``, measured slower: it
      writes 188 MB of fresh memory (MNIST in float32), and the batches then come back
      from main memory.
    - The network's first layer skips the gradient of the images (see FirstAffine).
    """
    dtype = next(iter(network.params.values())).dtype
    x_train, x_test = np.asarray(x_train, dtype=dtype), np.asarray(x_test, dtype=dtype)
    t_train, t_test = _labels(t_train), _labels(t_test)
    learning_rate = float(learning_rate)   # a NumPy float64 would upcast every update

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
        losses = sgd_epoch(network, x_train, t_train, learning_rate, batch_size, rng,
                           max_steps=min(steps_per_epoch, iterations - step))
        history.loss += losses
        step += len(losses)
        history.epoch_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        history.train_accuracy.append(network.accuracy(x_train, t_train))
        history.test_accuracy.append(network.accuracy(x_test, t_test))
        history.eval_seconds.append(time.perf_counter() - started)
        epoch += 1
        if on_epoch is not None:
            on_epoch(epoch, history)
    return history


def _labels(t):
    """Integer labels (N,) from labels (N,) or one-hot rows (N, C)."""
    t = np.asarray(t)
    return np.argmax(t, axis=1) if t.ndim == 2 else t
