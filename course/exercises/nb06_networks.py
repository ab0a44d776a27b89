"""Notebook 06, layered networks: ``LayerNet`` of any depth (its forward pass, then backprop
through its layers in reverse, checked against numerical gradients) and ``sgd_step``.

Shapes: ``x`` (N, D), one example per row; ``t`` one-hot (N, C) or labels (N,);
``sizes = [D, H1, ..., C]``; ``params`` holds ``W<i>`` (sizes[i-1], sizes[i]) and ``b<i>``
(sizes[i],) for i = 1 .. len(sizes) - 1. Notebook 06 also re-checks the layers of notebooks
02 and 05 under their own exercise names (``relu_layer``, ``sigmoid_layer``, ``affine``,
``softmax_with_loss``).

The network drivers build the learner's ``LayerNet(sizes, activation=..., dtype=...)`` and
then write the weights given as inputs into ``net.params`` *in place*, so that the learner's
network and the reference are compared on identical weights (and so that layers which do not
hold the arrays of ``params`` themselves are caught, as SGD would not train them).
"""

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    CheckFailed,
    Exercise,
    _where,
    expect_close,
    expect_dtype,
    expect_gradient,
    expect_shape,
    fmt,
)
from course.gradcheck import numerical_gradient
from course.mistakes import SAID_THE_SAME_WAY

ACTIVATIONS = ("relu", "sigmoid")
"""Driver inputs are numbers and arrays: ``activation`` is an index into this tuple."""


SHARED_HINT = (
    "every activation layer must be an object of its own: net.layers['Relu1'] = Relu(), "
    "net.layers['Relu2'] = Relu(), ... A Relu keeps the mask of its *last* forward; shared by "
    "two places, the second forward overwrites the mask the first one needs in backward. The "
    "seed made one relu = Relu() and used it twice: with hidden layers of different sizes "
    "NumPy said \"boolean index did not match\", with equal sizes the gradients were silently "
    "wrong.")
REVERSE_HINT = (
    "backward must visit the layers in the reverse order of forward: the gradient that comes "
    "back from SoftmaxWithLoss has the shape of the last Affine's output, (N, sizes[-1]), and "
    "only the last Affine fits it: dout · W_lastᵀ, (N, sizes[-1])·(sizes[-1], sizes[-2]) → "
    "(N, sizes[-2]); the first Affine would need (N, sizes[1])·(sizes[1], sizes[0]). "
    "for layer in reversed(self.layers.values()): dout = layer.backward(dout) "
    "(or layers = list(self.layers.values()); layers.reverse()). This is why the layers live "
    "in an OrderedDict: it remembers the forward order.")
FORWARD_CHAIN_HINT = (
    "the output of each layer is the input of the next: for layer in self.layers.values(): "
    "x = layer.forward(x). Affine<i> takes (N, sizes[i-1]) to (N, sizes[i]): "
    "(N, sizes[i-1])·W<i> with W<i> of shape (sizes[i-1], sizes[i]).")
MEAN_HINT = ("that is the sum over the batch; the loss is the mean, divided by the batch size "
             "N, as SoftmaxWithLoss does.")
DUPLICATE_KEY_HINT = (
    "a key used twice: an OrderedDict keeps one entry per key, so a second "
    "self.layers['relu'] = Relu() replaces the first and one activation silently disappears "
    "(the seed's mistake). Number the keys: 'Relu1', 'Relu2', ...")
LAST_ACTIVATION_HINT = (
    "no activation after the last Affine: its scores go straight to SoftmaxWithLoss, which is "
    "kept apart in self.last_layer (not in self.layers).")
COPIES_HINT = (
    "give each Affine the very arrays of self.params: Affine(self.params['W1'], "
    "self.params['b1']), with no .copy(), and create self.params before self.layers. SGD "
    "changes self.params in place; layers holding copies would never learn.")
NUMERICAL_HINT = (
    "for each entry of self.params[key]: set it to original + h, take the loss, set it to "
    "original - h, take the loss, put the original back; (f_plus - f_minus) / (2 h). Nudge "
    "the array in self.params itself: the layers read it.")
RESTORE_HINT = (
    "nudge each entry in place, but put it back exactly afterwards: save it (original = "
    "param[idx]) and restore it (param[idx] = original) after the two evaluations of the loss.")
NEW_ARRAY_HINT = (
    "params[key] = params[key] - learning_rate * grads[key] puts a new array into the dict; "
    "the Affine layers keep the old one and the network does not change. Update the array "
    "itself, in place: params[key] -= learning_rate * grads[key].")
REBIND_HINT = (
    "W = W - learning_rate * grad inside a loop makes a new array and binds the local name W "
    "to it; the array in params is untouched (seed 002's mistake). Write into the array: "
    "params[key] -= learning_rate * grads[key].")
ZERO_BIAS_HINT = (
    "the biases start at zero: self.params['b<i>'] = np.zeros(sizes[i], dtype=dtype). The "
    "random weights already make the units differ; random biases only add noise.")
SYMMETRY_HINT = (
    "weights that start all equal (all zero, say) make every unit of a layer compute the same "
    "thing and receive the same gradient, so the units stay copies of each other forever. "
    "Draw them at random: weight_scale(weight_init_std, activation, fan_in) * "
    "rng.standard_normal((fan_in, fan_out)).")
INIT_SCALE_HINT = (
    "the initial weights of a layer with fan_in inputs have the standard deviation "
    "weight_scale(weight_init_std, activation, fan_in): with 'auto', He's sqrt(2 / fan_in) for "
    "ReLU and Xavier's sqrt(1 / fan_in) for sigmoid. Multiply rng.standard_normal((fan_in, "
    "fan_out)) by it, with the layer's own fan_in = sizes[i-1].")
FLOAT32_HINT = (
    "float32 weights and inputs should give float32 results: create the parameters with the "
    "given dtype, e.g. (scale * rng.standard_normal((D, H))).astype(dtype) and "
    "np.zeros(H, dtype=dtype). NumPy keeps float32 unless a float64 array is mixed in.")


def _layer_count(sizes):
    """Affine layers and activation layers between them: 2 (len(sizes) - 1) - 1."""
    return 2 * (len(sizes) - 1) - 1


def _expected_keys(sizes):
    return [f"{p}{i}" for i in range(1, len(sizes)) for p in ("W", "b")]


def _call(what, shape_hint, function, *args):
    """``function(*args)``; an exception becomes CheckFailed naming ``what``, with
    ``shape_hint`` when the error is about shapes. Its first line, by which known mistakes
    are recognised, has the error's type, and its message only when that is worded the same
    however the code is written (not NumPy's shape errors: np.dot and @ word them apart)."""
    try:
        return function(*args)
    except (NotImplementedError, CheckFailed):
        raise
    except Exception as error:  # the learner's code may raise anything
        message = f"{type(error).__name__}: {error}"
        hint = shape_hint if any(p in message for p in SHAPE_ERRORS) else None
        newline = "" if isinstance(error, SAID_THE_SAME_WAY) else "\n "
        raise CheckFailed(f"LayerNet: {what} raised {type(error).__name__}:{newline} {error}"
                          f"{_where(error)}", hint) from None


def _structure(net, sizes, name):
    """params has the right keys and shapes; layers has one layer per place, no layer twice."""
    params = getattr(net, "params", None)
    if not isinstance(params, dict):
        raise CheckFailed("LayerNet: net.params should be a dict of the parameters, "
                          f"got {type(params).__name__}.",
                          hint="self.params = {} in __init__, then self.params['W1'] = ..., "
                               "self.params['b1'] = ..., one pair per Affine layer.")
    keys = _expected_keys(sizes)
    if sorted(params) != sorted(keys):
        raise CheckFailed(f"LayerNet({sizes}): net.params has the keys {sorted(params)}, "
                          f"expected {keys}.",
                          hint="one weight matrix W<i> and one bias b<i> per Affine layer, "
                               f"i = 1 .. len(sizes) - 1 = {len(sizes) - 1}.")
    for i in range(1, len(sizes)):
        for key, shape in ((f"W{i}", (sizes[i - 1], sizes[i])), (f"b{i}", (sizes[i],))):
            value = params[key]
            if not isinstance(value, np.ndarray):
                raise CheckFailed(f"LayerNet({sizes}): net.params['{key}'] is a "
                                  f"{type(value).__name__}, expected a NumPy array.")
            expect_shape(f"LayerNet({sizes}): net.params['{key}']", value, shape,
                         hint=_param_shape_hint(sizes, i))
    layers = getattr(net, "layers", None)
    if not isinstance(layers, dict):
        raise CheckFailed("LayerNet: net.layers should be an OrderedDict of the layers in "
                          f"forward order, got {type(layers).__name__}.",
                          hint="self.layers = OrderedDict() in __init__, then "
                               "self.layers['Affine1'] = Affine(...), and so on.")
    expected = _layer_count(sizes)
    names = ", ".join(f"'{k}'" for k in layers)
    if len(layers) < expected:
        raise CheckFailed(
            f"LayerNet({sizes}, activation='{name}'): net.layers holds {len(layers)} layers "
            f"({names}), expected {expected}: {len(sizes) - 1} Affine layers with an "
            f"activation layer between each two.",
            hint=DUPLICATE_KEY_HINT)
    if len(layers) > expected:
        raise CheckFailed(
            f"LayerNet({sizes}, activation='{name}'): net.layers holds {len(layers)} layers "
            f"({names}), expected {expected}: {len(sizes) - 1} Affine layers with an "
            f"activation layer between each two.",
            hint=LAST_ACTIVATION_HINT)
    seen = {}
    for key, layer in layers.items():
        if id(layer) in seen:
            raise CheckFailed(f"LayerNet({sizes}): net.layers['{seen[id(layer)]}'] and "
                              f"net.layers['{key}'] are the same object.", SHARED_HINT)
        seen[id(layer)] = key


INIT_SAMPLE = 2000
"""Weight matrices with at least this many entries get their initial scale checked: their
standard deviation is then within 3 % of the one they were drawn with (20 % is allowed)."""


def _initial_scale(activation, fan_in):
    """The standard deviation weight_scale("auto", activation, fan_in) gives."""
    return float(np.sqrt((2.0 if activation == "relu" else 1.0) / fan_in))


def _check_initial(net, sizes, name):
    """The parameters as __init__ made them: biases zero, weights random, at He's scale for
    ReLU and Xavier's for sigmoid (where a layer is large enough to measure it). The first
    line of each failure names no measured number, so that a known mistake drawn with other
    random numbers is still recognised."""
    label = f"LayerNet({sizes}, activation='{name}')"
    for i in range(1, len(sizes)):
        W, b = net.params[f"W{i}"], net.params[f"b{i}"]
        if np.any(b != 0):
            raise CheckFailed(f"{label}: the initial net.params['b{i}'] is not zero.\n"
                              f"  got: {fmt(b)}", ZERO_BIAS_HINT)
        if W.size > 1 and np.all(W == W.flat[0]):
            raise CheckFailed(f"{label}: the initial net.params['W{i}'] has all its entries "
                              f"equal.\n  got: {fmt(W)}", SYMMETRY_HINT)
        if W.size >= INIT_SAMPLE:
            expected = _initial_scale(name, sizes[i - 1])
            std = float(np.std(W.astype(np.float64)))
            if not 0.8 < std / expected < 1.25:
                size = "small" if std < expected else "large"
                raise CheckFailed(
                    f"{label}: the initial weights in net.params['W{i}'] are too {size}.\n  their "
                    f"standard deviation is {std:.3g}, expected about {expected:.3g} = "
                    f"sqrt({2 if name == 'relu' else 1} / {sizes[i - 1]}) (fan_in = "
                    f"sizes[{i - 1}] = {sizes[i - 1]}).", INIT_SCALE_HINT)


def _param_shape_hint(sizes, i):
    """How W<i> and b<i> get their shapes, with the product that needs them."""
    n_in, n_out = sizes[i - 1], sizes[i]
    return (f"the input of Affine{i} is (N, {n_in}) and its output (N, {n_out}): "
            f"(N, {n_in})·W{i} → (N, {n_out}) needs W{i} of shape (sizes[{i - 1}], sizes[{i}]) "
            f"= ({n_in}, {n_out}), not ({n_out}, {n_in}); b{i} has one entry per output, "
            f"({n_out},).")


def _build(LayerNet, sizes, activation, x, params):
    """The learner's network for ``sizes``, with ``params`` written into net.params in place."""
    sizes = [int(s) for s in np.asarray(sizes).reshape(-1)]
    name = ACTIVATIONS[int(activation)]
    dtype = params["W1"].dtype
    net = LayerNet(sizes, activation=name, dtype=dtype, seed=0)
    _structure(net, sizes, name)
    _check_initial(net, sizes, name)
    before = np.array(_call("net.predict(x)", FORWARD_CHAIN_HINT, net.predict, x),
                      dtype=np.float64, copy=True)
    for key, value in params.items():
        net.params[key][...] = value
    after = np.array(_call("net.predict(x)", FORWARD_CHAIN_HINT, net.predict, x),
                     dtype=np.float64, copy=True)
    if before.shape == after.shape and np.array_equal(before, after):
        raise CheckFailed(
            "LayerNet: the check wrote other weights into net.params (in place, "
            "net.params['W1'][...] = ...), but net.predict(x) gave the same scores as before: "
            "your layers do not use the arrays of self.params.",
            hint=COPIES_HINT)
    return net, sizes, name


def _unchanged(net, params, what, hint):
    for key, value in params.items():
        if not np.array_equal(net.params[key], value):
            raise CheckFailed(f"LayerNet: {what} changed net.params['{key}'].", hint)


def _gradient_dict(what, grads, params, prefix):
    """The gradients as outputs '<prefix><key>', after checking the dict's keys."""
    if not isinstance(grads, dict):
        raise CheckFailed(f"LayerNet: {what} should return a dict, got "
                          f"{type(grads).__name__}.",
                          hint="grads = {}; grads['W1'] = self.layers['Affine1'].dW; ... "
                               "return grads")
    if sorted(grads) != sorted(params):
        raise CheckFailed(f"LayerNet: {what} returned the keys {sorted(grads)}, expected the "
                          f"keys of net.params, {list(params)}.",
                          hint="one gradient per parameter, under the parameter's own key: "
                               "grads['W<i>'] and grads['b<i>'] from the i-th Affine's dW "
                               "and db.")
    out = {}
    for key in params:
        if grads[key] is None:
            raise CheckFailed(f"LayerNet: {what}['{key}'] is None.",
                              hint="read the Affine layers' dW and db after the backward "
                                   "pass has run through them.")
        out[prefix + key] = np.array(grads[key], copy=True)
    return out


def drive_layer_net(LayerNet, sizes, activation, x, t, **params):
    """Build ``LayerNet(sizes, activation=ACTIVATIONS[activation], dtype=W1.dtype)``, write
    ``params`` (W1, b1, W2, ...) into it; return predict(x), loss(x, t), accuracy(x, t)."""
    net, _, _ = _build(LayerNet, sizes, activation, x, params)
    scores = _call("net.predict(x)", FORWARD_CHAIN_HINT, net.predict, x)
    loss = _call("net.loss(x, t)", None, net.loss, x, t)
    accuracy = _call("net.accuracy(x, t)", None, net.accuracy, x, t)
    return {"scores": scores, "loss": loss,
            "accuracy": float(np.mean(np.asarray(accuracy, dtype=np.float64)))}


def drive_layer_net_gradient(LayerNet, sizes, activation, x, t, numerical=0, **params):
    """As drive_layer_net; returns loss(x, t), the gradient dict as 'dW1', 'db1', ... and,
    if ``numerical``, the numerical_gradient dict as 'numerical_W1', ...

    gradient is called first, before any loss: it must make its own forward pass."""
    net, _, _ = _build(LayerNet, sizes, activation, x, params)
    grads = _call("net.gradient(x, t)", REVERSE_HINT, net.gradient, x, t)
    out = _gradient_dict("net.gradient(x, t)", grads, params, "d")
    _unchanged(net, params, "net.gradient(x, t)",
               "gradient computes the gradients and returns them; updating the parameters "
               "is the optimizer's job (sgd_step).")
    out["loss"] = _call("net.loss(x, t)", None, net.loss, x, t)
    if numerical:
        grads = _call("net.numerical_gradient(x, t)", None, net.numerical_gradient, x, t)
        out.update(_gradient_dict("net.numerical_gradient(x, t)", grads, params,
                                  "numerical_"))
        _unchanged(net, params, "net.numerical_gradient(x, t)", RESTORE_HINT)
    return out


# --------------------------------------------------------------------------------------
# The cases of the public checks
# --------------------------------------------------------------------------------------


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _scores(x, params, activation):
    """The scores the definition gives: Affine, activation, ..., Affine (float64)."""
    h = np.asarray(x, dtype=np.float64)
    depth = len(params) // 2
    for i in range(1, depth + 1):
        h = h @ params[f"W{i}"].astype(np.float64) + params[f"b{i}"].astype(np.float64)
        if i < depth:
            h = np.maximum(h, 0) if ACTIVATIONS[activation] == "relu" else _sigmoid(h)
    return h


def _labels(t):
    t = np.asarray(t)
    return np.argmax(t, axis=1) if t.ndim == 2 else t


def _mean_cross_entropy(scores, t):
    scores = np.asarray(scores, dtype=np.float64)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_sum = np.log(np.sum(np.exp(shifted), axis=1))
    labels = _labels(t)
    return float(np.mean(log_sum - shifted[np.arange(len(labels)), labels]))


def _network_case(sizes, activation, n, seed, dtype=np.float64, one_hot=False):
    """Weights about as large as He/Xavier initialisation makes them, small biases."""
    rng = np.random.default_rng(seed)
    case = {"sizes": np.array(sizes), "activation": ACTIVATIONS.index(activation),
            "x": rng.normal(size=(n, sizes[0])).astype(dtype)}
    for i in range(1, len(sizes)):
        scale = np.sqrt(2.0 / sizes[i - 1])
        case[f"W{i}"] = (scale * rng.normal(size=(sizes[i - 1], sizes[i]))).astype(dtype)
        case[f"b{i}"] = (0.1 * rng.normal(size=sizes[i])).astype(dtype)
    labels = rng.integers(0, sizes[-1], size=n)
    case["t"] = np.eye(sizes[-1], dtype=dtype)[labels] if one_hot else labels
    return case


def _params(case):
    return {k: v for k, v in case.items() if k[0] in "Wb"}


# The seed's three-layer ReLU network (problem 234): forward gives [[888, 1192, 1496]].
SEED_NETWORK = {
    "sizes": np.array([2, 3, 2, 3]), "activation": 0,
    "x": np.array([[1.0, 2.0]]), "t": np.array([2]),
    "W1": np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]), "b1": np.array([1.0, 2.0, 3.0]),
    "W2": np.array([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]), "b2": np.array([1.0, 2.0]),
    "W3": np.array([[5.0, 6.0, 7.0], [2.0, 3.0, 4.0]]), "b3": np.array([1.0, 1.0, 1.0]),
}
SEED_SCORES = np.array([[888.0, 1192.0, 1496.0]])

# Seed 003's hand-picked XOR network, as a 2-2-2 sigmoid LayerNet: the first hidden unit is
# s(5 x1 + 5 x2 - 8), the second s(-7 x1 - 7 x2 + 3); class 1 scores -11 y1 - 11 y2 + 6
# against 0 for class 0, so that P(class 1) = s(-11 y1 - 11 y2 + 6).
XOR_NETWORK = {
    "sizes": np.array([2, 2, 2]), "activation": 1,
    "x": np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
    "t": np.array([0, 1, 1, 0]),
    "W1": np.array([[5.0, -7.0], [5.0, -7.0]]), "b1": np.array([-8.0, 3.0]),
    "W2": np.array([[0.0, -11.0], [0.0, -11.0]]), "b2": np.array([0.0, 6.0]),
}


def _describe(case):
    sizes = [int(s) for s in case["sizes"]]
    n = case["x"].shape[0]
    t = "one-hot t" if np.ndim(case["t"]) == 2 else "labels t"
    dtype = "" if case["x"].dtype == np.float64 else f", {case['x'].dtype}"
    return (f"LayerNet({sizes}, activation='{ACTIVATIONS[case['activation']]}') on a batch "
            f"of {n}, {t}{dtype}")


# --------------------------------------------------------------------------------------
# LayerNet: forward, loss, accuracy
# --------------------------------------------------------------------------------------


def _check_forward(label, case, out):
    x, params, activation = case["x"], _params(case), case["activation"]
    n, classes = x.shape[0], int(case["sizes"][-1])
    expect_shape(f"{label}: predict(x)", out["scores"], (n, classes),
                 hint="predict returns the scores of the last Affine, one row per example: "
                      "(N, sizes[-1]).")
    expected = _scores(x, params, activation)
    got = out["scores"]
    expect_close(f"{label}: predict(x)", got, expected, rtol=1e-5, atol=1e-6,
                 hint=f"Affine, {ACTIVATIONS[activation].capitalize()}, Affine, ..., Affine: "
                      "for layer in self.layers.values(): x = layer.forward(x); no activation "
                      "after the last Affine, no softmax in predict.")
    loss = out["loss"]
    expect_shape(f"{label}: loss(x, t)", loss, (),
                 hint="loss returns one number: SoftmaxWithLoss's mean over the batch.")
    expected = _mean_cross_entropy(got, case["t"])
    expect_close(f"{label}: loss(x, t)", loss, expected, rtol=1e-5, atol=1e-6,
                 hint="loss(x, t) = self.last_layer.forward(self.predict(x), t), the mean "
                      "cross-entropy of the softmax of the scores.")
    right = float(np.mean(np.argmax(got, axis=1) == _labels(case["t"])))
    expect_close(f"{label}: accuracy(x, t)", out["accuracy"], right,
                 hint="the fraction of rows whose largest score is at the right class: "
                      "np.mean(np.argmax(scores, axis=1) == labels); when t is one-hot (N, C), "
                      "labels = np.argmax(t, axis=1).")


def public_layer_net(run):
    label = "LayerNet([2, 3, 2, 3], 'relu') with the seed's W1, B1, W2, B2, W3, B3 on x = [[1, 2]]"
    out = run(**SEED_NETWORK)
    expect_shape(f"{label}: predict(x)", out["scores"], (1, 3),
                 hint="(1, 2)·(2, 3) → (1, 3), (1, 3)·(3, 2) → (1, 2), (1, 2)·(2, 3) → (1, 3).")
    expect_close(f"{label}: predict(x)", out["scores"], SEED_SCORES,
                 hint="Affine1 gives [[6, 13, 20]], Relu1 keeps it, Affine2 gives [[93, 211]], "
                      "Relu2 keeps it, Affine3 gives [[888, 1192, 1496]]: the layers in the "
                      "order of self.layers, each output the next one's input.")
    expect_close(f"{label}: loss(x, t) for t = [2]", out["loss"], 0.0, atol=1e-6,
                 hint="the score of class 2 is 304 above the others: softmax gives it "
                      "probability 1, and -log 1 = 0.")
    expect_close(f"{label}: accuracy(x, t) for t = [2]", out["accuracy"], 1.0)

    label = "LayerNet([2, 2, 2], 'sigmoid') with seed 003's hand-picked XOR weights"
    out = run(**XOR_NETWORK)
    _check_forward(label, XOR_NETWORK, out)
    expect_close(f"{label}: accuracy on the four XOR points", out["accuracy"], 1.0)

    cases = [_network_case([4, 5, 3], "relu", 3, seed=1, one_hot=True),
             _network_case([3, 6, 4, 2], "sigmoid", 1, seed=2),
             _network_case([5, 4, 3, 4, 3], "relu", 4, seed=3),
             _network_case([400, 20, 3], "relu", 2, seed=10),          # the initial scale
             _network_case([300, 16, 4], "sigmoid", 3, seed=11)]
    for case in cases:
        _check_forward(_describe(case), case, run(**case))

    case = _network_case([5, 4, 3], "relu", 2, seed=4, dtype=np.float32)
    label = _describe(case)
    out = run(**case)
    _check_forward(label, case, out)
    for key in ("scores", "loss"):
        expect_dtype(f"{label}: {key}", out[key], np.float32, hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# LayerNet: gradient (backprop) and numerical_gradient
# --------------------------------------------------------------------------------------


def _numerical(run, case):
    """Central differences of the learner's own loss, one parameter at a time."""
    grads = {}
    for key, value in _params(case).items():
        def loss_at(p, key=key):
            return run(**{**case, key: p, "numerical": 0})["loss"]
        grads[key] = numerical_gradient(loss_at, value)
    return grads


def _check_gradient(run, label, case):
    out = run(**case)
    numerical = _numerical(run, case)
    for key, expected in numerical.items():
        hint = (f"grads['{key}'] is self.layers['Affine{key[1:]}'].d{key[0]} after one "
                "backward pass: loss(x, t), then dout = self.last_layer.backward(1), then "
                "dout = layer.backward(dout) for every layer, last layer first.")
        expect_gradient(f"{label}: gradient(x, t)['{key}']", out["d" + key], expected,
                        hint=hint)
    return out, numerical


def public_layer_net_gradient(run):
    for case in (_network_case([4, 5, 3], "relu", 3, seed=5),
                 dict(XOR_NETWORK),
                 _network_case([3, 6, 4, 2], "relu", 2, seed=6, one_hot=True),
                 _network_case([4, 3, 5, 3, 2], "sigmoid", 3, seed=7)):
        _check_gradient(run, _describe(case), case)

    case = {**_network_case([2, 3, 2], "sigmoid", 1, seed=8), "numerical": 1}
    label = _describe(case)
    out, numerical = _check_gradient(run, label, case)
    for key, expected in numerical.items():
        expect_gradient(f"{label}: numerical_gradient(x, t)['{key}']",
                        out["numerical_" + key], expected,
                        hint=NUMERICAL_HINT)

    case = _network_case([5, 4, 3], "relu", 2, seed=9, dtype=np.float32)
    label = _describe(case)
    out = run(**case)
    for key in _params(case):
        expect_dtype(f"{label}: gradient(x, t)['{key}']", out["d" + key], np.float32,
                     hint=FLOAT32_HINT)


# --------------------------------------------------------------------------------------
# sgd_step
# --------------------------------------------------------------------------------------


def drive_sgd_step(sgd_step, learning_rate, **arrays):
    """``sgd_step(params, grads, learning_rate)`` on params {'W1': ..., 'b1': ...} (copies
    of the inputs of those names) and grads {'W1': dW1, ...} (the inputs 'dW1', ...).

    Returns the values of the *original* parameter arrays afterwards (what the layers,
    which hold those arrays, see) and ``kept_arrays``: 1 if params still holds them."""
    keys = [k for k in arrays if not k.startswith("d")]
    params = {k: arrays[k].copy() for k in keys}
    grads = {k: arrays["d" + k] for k in keys}
    originals = dict(params)
    sgd_step(params, grads, learning_rate)
    out = {k: originals[k] for k in keys}
    out["kept_arrays"] = float(all(params.get(k) is originals[k] for k in keys))
    return out


def _sgd_case(seed, dtype=np.float64, learning_rate=0.1):
    rng = np.random.default_rng(seed)
    case = {"learning_rate": learning_rate}
    for key, shape in (("W1", (2, 3)), ("b1", (3,)), ("W2", (3, 2)), ("b2", (2,))):
        case[key] = rng.normal(size=shape).astype(dtype)
        case["d" + key] = rng.normal(size=shape).astype(dtype)
    return case


def public_sgd_step(run):
    for case in (_sgd_case(1), _sgd_case(2, learning_rate=0.5)):
        label = f"sgd_step with learning_rate = {case['learning_rate']}"
        out = run(**case)
        keys = [k for k in case if k[0] in "Wb"]
        unchanged = all(np.array_equal(out[k], case[k]) for k in keys)
        if out["kept_arrays"] != 1:
            raise CheckFailed(
                f"{label}: params holds new arrays afterwards, the layers still hold the "
                "old ones.",
                hint=NEW_ARRAY_HINT)
        if unchanged:
            raise CheckFailed(
                f"{label}: the parameters did not change.",
                hint=REBIND_HINT)
        for key in keys:
            expect_close(f"{label}: params['{key}']", out[key],
                         case[key] - case["learning_rate"] * case["d" + key],
                         hint="W ← W - learning_rate · dL/dW, for every key of params: a step "
                              "against the gradient, downhill.")
    case = _sgd_case(3, dtype=np.float32)
    out = run(**case)
    for key in (k for k in case if k[0] in "Wb"):
        expect_dtype(f"sgd_step on float32 parameters: params['{key}']", out[key], np.float32)


# --------------------------------------------------------------------------------------
# Probes: fixed inputs on which the catalog's mistakes behave differently (course.mistakes)
# --------------------------------------------------------------------------------------

LAYER_NET_PROBES = (
    SEED_NETWORK,                                                       # 3 Affine, batch of 1
    XOR_NETWORK,                                                        # 2 Affine, sigmoid
    _network_case([4, 5, 3, 3], "sigmoid", 3, seed=21, one_hot=True),   # N == C, one-hot
    _network_case([3, 4, 2, 5], "relu", 2, seed=22, one_hot=True),      # N != C, one-hot
    _network_case([5, 4, 3], "relu", 2, seed=23, dtype=np.float32),
    _network_case([400, 20, 3], "relu", 2, seed=28),                    # the initial scale
    _network_case([300, 16, 4], "sigmoid", 1, seed=29),
)
LAYER_NET_GRADIENT_PROBES = (
    _network_case([3, 3, 3, 3], "relu", 2, seed=24),                    # square: no shape error
    {**_network_case([2, 3, 2], "sigmoid", 3, seed=25, one_hot=True), "numerical": 1},
    _network_case([4, 5, 3, 2], "relu", 1, seed=26),
    _network_case([4, 5, 3], "relu", 2, seed=27, dtype=np.float32),
)
SGD_STEP_PROBES = (_sgd_case(31), _sgd_case(32, dtype=np.float32, learning_rate=0.5))


EXERCISES = [
    Exercise("layer_net", "LayerNet: predict, loss and accuracy", drive_layer_net,
             public_layer_net,
             "random sizes and depths (two to four Affine layers), ReLU and Sigmoid, batches "
             "of one and more, one-hot and integer labels, and float32 (float32 scores and "
             "loss), against the reference network on the same weights",
             probes=LAYER_NET_PROBES),
    Exercise("layer_net_gradient", "LayerNet: gradient by backprop, and numerical_gradient",
             drive_layer_net_gradient, public_layer_net_gradient,
             "random sizes and depths (two to four Affine layers), ReLU and Sigmoid, batches "
             "of one and more, one-hot and integer labels, float32 gradients, gradient called "
             "on a fresh network before any loss, and numerical_gradient on Sigmoid networks, "
             "against the reference network on the same weights",
             probes=LAYER_NET_GRADIENT_PROBES),
    Exercise("sgd_step", "sgd_step(params, grads, learning_rate)", drive_sgd_step,
             public_sgd_step,
             "other shapes (one to three layers), learning rates from 0.01 to 1, and float32",
             probes=SGD_STEP_PROBES),
]
