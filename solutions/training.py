"""Training well (notebook 08): optimizers as objects, L2 weight decay, dropout, batch
normalization, early stopping and the choice of a setting on the validation set.

Conventions: ``params`` and ``grads`` are dicts of arrays with the same keys; an optimizer's
``step(params, grads)`` updates the arrays of ``params`` in place (the layers hold them) and
never changes ``grads``. A batch is ``x`` of shape (N, D). float32 in gives float32 out.
"""

import numpy as np


class SGD:
    """Plain gradient descent: ``p <- p - lr * g``."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def step(self, params, grads):
        for key, grad in grads.items():
            params[key] -= self.lr * grad


class Momentum:
    """A velocity per parameter, ``v <- momentum * v - lr * g``, then ``p <- p + v``.

    The velocities start at zero (arrays of the parameters' shapes and dtypes) at the
    first step."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def step(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key, grad in grads.items():
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grad
            params[key] += self.v[key]


class AdaGrad:
    """Per-entry learning rates: ``h <- h + g * g``, ``p <- p - lr * g / (sqrt(h) + eps)``.

    ``eps`` is added *after* the square root, so that an entry whose gradients have been
    zero so far is not divided by zero."""

    def __init__(self, lr=0.01, eps=1e-7):
        self.lr = lr
        self.eps = eps
        self.h = None

    def step(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key, grad in grads.items():
            self.h[key] += grad * grad
            params[key] -= self.lr * grad / (np.sqrt(self.h[key]) + self.eps)


class Adam:
    """Adam (Kingma and Ba, 2015), with its bias correction.

    At step t = 1, 2, ...: ``m <- beta1 m + (1 - beta1) g``, ``v <- beta2 v + (1 - beta2) g*g``,
    ``m_hat = m / (1 - beta1**t)``, ``v_hat = v / (1 - beta2**t)``,
    ``p <- p - lr * m_hat / (sqrt(v_hat) + eps)``. ``m`` and ``v`` start at zero, which is
    why they are too small in the first steps without the correction."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0
        self.m = None
        self.v = None

    def step(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(value) for key, value in params.items()}
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        self.t += 1
        correct1 = 1.0 - self.beta1 ** self.t
        correct2 = 1.0 - self.beta2 ** self.t
        for key, grad in grads.items():
            self.m[key] += (1.0 - self.beta1) * (grad - self.m[key])
            self.v[key] += (1.0 - self.beta2) * (grad * grad - self.v[key])
            m_hat = self.m[key] / correct1
            v_hat = self.v[key] / correct2
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def weight_decay(params, grads, lam):
    """L2 weight decay on the weight matrices (the keys that start with "W"), not the biases.

    Returns ``(penalty, new_grads)``: ``penalty = lam / 2 * sum over W of sum(W**2)``, a
    float to add to the loss, and a new dict whose weight gradients are ``grads[k] +
    lam * params[k]`` and whose other entries are ``grads[k]`` themselves. Nothing given is
    changed."""
    penalty = 0.0
    new_grads = {}
    for key, grad in grads.items():
        if key.startswith("W"):
            W = params[key]
            penalty += 0.5 * lam * float(np.sum(W.astype(np.float64) ** 2))
            new_grads[key] = grad + lam * W
        else:
            new_grads[key] = grad
    return penalty, new_grads


class Dropout:
    """Inverted dropout.

    ``forward(x, train=True)``: in training, ``mask = rng.random(x.shape) >= ratio`` (each
    unit kept with probability 1 - ratio, a new mask at every call) and the output is
    ``x * mask / (1 - ratio)``, so that its expectation is ``x``; at test time the output is
    ``x`` itself, unscaled. ``backward(dout)``: ``dout * mask / (1 - ratio)``."""

    def __init__(self, ratio=0.5, rng=None):
        self.ratio = ratio
        self.rng = np.random.default_rng() if rng is None else rng
        self.mask = None

    def forward(self, x, train=True):
        x = np.asarray(x)
        if not train:
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.ratio
        return x * self.mask / (1.0 - self.ratio)

    def backward(self, dout):
        return dout * self.mask / (1.0 - self.ratio)


class BatchNorm:
    """Batch normalization of each column of x (N, D).

    Training: ``mu``, ``var`` the batch's mean and (biased) variance per column,
    ``xhat = (x - mu) / sqrt(var + eps)``, ``out = gamma * xhat + beta``; the running
    statistics move ``running <- momentum * running + (1 - momentum) * batch's``. Test
    (``train=False``): the running statistics in place of the batch's. ``running_mean``
    starts at zeros, ``running_var`` at ones, both (D,) in gamma's dtype. ``gamma`` and
    ``beta`` (D,) are held, not copied.

    ``backward(dout)`` (after a training forward) returns dx (N, D) and keeps ``dgamma``,
    ``dbeta``: with ``dxhat = dout * gamma``,
    ``dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / sqrt(var + eps)``.
    """

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros_like(gamma)
        self.running_var = np.ones_like(gamma)
        self.xhat = None
        self.std = None
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train=True):
        x = np.asarray(x)
        if train:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc * xc, axis=0)
            self.std = np.sqrt(var + self.eps)
            self.xhat = xc / self.std
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
            xhat = self.xhat
        else:
            xhat = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return self.gamma * xhat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(dout * self.xhat, axis=0)
        dxhat = dout * self.gamma
        return (dxhat - dxhat.mean(axis=0)
                - self.xhat * np.mean(dxhat * self.xhat, axis=0)) / self.std


def early_stopping(val_losses, patience):
    """Where training on these validation losses stops, and which epoch it keeps.

    ``val_losses[i]``: the validation loss after epoch i (0-based). An epoch improves when
    its loss is strictly lower than every loss before it. Training stops at the first epoch
    that ends ``patience`` epochs in a row without an improvement (or at the last epoch).
    Returns ``(best, stop)``: the index of the lowest loss up to and including ``stop``
    (the first, on a tie), and ``stop``."""
    best, waited = 0, 0
    losses = [float(v) for v in np.asarray(val_losses).reshape(-1)]
    for epoch in range(1, len(losses)):
        if losses[epoch] < losses[best]:
            best, waited = epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best, epoch
    return best, len(losses) - 1


def choose_setting(train_accuracy, val_accuracy, test_accuracy):
    """The index of the setting with the highest validation accuracy (the first on a tie).

    All three arrays are (S,), one entry per setting tried. The test accuracies are not
    looked at: the test set measures the chosen setting once, after the choice."""
    return int(np.argmax(np.asarray(val_accuracy)))
