"""Notebook 06, layered networks: ``init_params`` (the initial weights), ``LayerNet`` of any
depth (its forward pass, then backprop through its layers in reverse, checked against
numerical gradients) and ``sgd_epoch`` (one epoch of minibatch SGD).

Shapes: ``x`` (N, D), one example per row; ``t`` one-hot (N, C) or labels (N,);
``sizes = [D, H1, ..., C]``; ``params`` holds ``W<i>`` (sizes[i-1], sizes[i]) and ``b<i>``
(sizes[i],) for i = 1 .. len(sizes) - 1. Notebook 06 also re-checks, for no points, the layers
of notebooks 02 and 05 that the learner brings, under their own exercise names
(``relu_layer``, ``sigmoid_layer``, ``affine``, ``softmax_with_loss``).

The network drivers build the learner's ``LayerNet(sizes, activation=..., dtype=...)`` and
then write the weights given as inputs into ``net.params`` *in place*, so that the learner's
network and the reference are compared on identical weights (and so that layers which do not
hold the arrays of ``params`` themselves are caught, as SGD would not train them).
"""

import dataclasses

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    CheckFailed,
    Exercise,
    Runner,
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


# Hints say what is wrong and where; a tuple's next step, shown when the same mistake is
# checked again, states the rule in words. None of them is a line of the answer.
SHARED_HINT = (
    "two places of net.layers hold the same activation object. A Relu keeps the mask of its "
    "last forward: the second place overwrites the mask the first one needs in backward (the "
    "notes, file 001, problem 229: NumPy said \"boolean index did not match\"; with equal "
    "sizes the gradients would be silently wrong).",
    "every place in the network needs an activation object of its own: create a new one for "
    "each place, as you create a new Affine for each.")
REVERSE_HINT = (
    "backward ran through the layers in the order of forward: the gradient that comes back "
    "from SoftmaxWithLoss has the shape of the scores, (N, sizes[-1]), and only the last "
    "Affine's backward fits it.",
    "backward visits the layers last first, each handing the gradient of its input to the "
    "layer before it. The OrderedDict remembers the order of forward; Python's reversed() "
    "walks a dict's values backwards.")
FORWARD_CHAIN_HINT = (
    "the output of each layer is the input of the next, in the order of self.layers: "
    "Affine<i> takes (N, sizes[i-1]) to (N, sizes[i]), its W<i> being (sizes[i-1], sizes[i]).")
MEAN_HINT = ("your loss is the sum over the batch, N times the mean: the loss is "
             "SoftmaxWithLoss's mean cross-entropy, divided by the batch size N.")
DUPLICATE_KEY_HINT = (
    "net.layers holds fewer layers than the network has: a key used twice replaces the first "
    "entry, and one activation silently disappears (the notes' 'relu', file 001).",
    "each layer needs a key of its own: number the keys as the instructions name them, "
    "Relu1, Relu2, ...")
LAST_ACTIVATION_HINT = (
    "net.layers holds one layer too many: an activation after the last Affine.",
    "the last Affine's scores go straight to SoftmaxWithLoss, which is kept apart in "
    "self.last_layer, not in self.layers.")
COPIES_HINT = (
    "your layers do not hold the arrays of self.params: writing new weights into net.params, "
    "in place, did not change what the network computes.",
    "give each Affine the very arrays stored in self.params, not copies (and create "
    "self.params before the layers): SGD changes those arrays in place, and the layers must "
    "see it.")
NUMERICAL_HINT = (
    "numerical_gradient(x, t) differs from central differences of your own loss(x, t).",
    "for each entry of each array of self.params: the loss with the entry at original + h, "
    "the loss at original - h, their difference over the distance between the two points, "
    "and the entry put back. Nudge the arrays of self.params themselves: the layers read "
    "them.")
RESTORE_HINT = (
    "numerical_gradient changed net.params: an entry was not put back after its nudges.",
    "keep each entry's value before you nudge it, and put that value back after the two "
    "losses.")
NEW_ARRAY_HINT = (
    "net.params holds new arrays after the update: the Affine layers still hold the old ones, "
    "and the network did not change.",
    "update each array of net.params itself, in place (NumPy's in-place operators write into "
    "an existing array), instead of putting a new array into the dict.")
REBIND_HINT = (
    "the parameters did not change: the update made new arrays and bound a local name to "
    "them, and the arrays in net.params were left as they were (the mistake of the notes, "
    "file 002).",
    "write into the arrays of net.params themselves, in place.")
ZERO_BIAS_HINT = (
    "a bias is not zero.",
    "the biases start at zero, one per output of the layer, in the given dtype: the random "
    "weights already make the units differ, random biases only add noise.")
SYMMETRY_HINT = (
    "two units of a layer have the same incoming weights (equal columns of W<i>): they compute "
    "the same output, get the same gradient, and stay copies of each other however long the "
    "network trains.",
    "draw the weights at random from the rng you are given, one matrix per layer, scaled to "
    "the layer's standard deviation.")
INIT_SCALE_HINT = (
    "the weights do not have the standard deviation He's rule (ReLU) or LeCun's rule "
    "(sigmoid) gives for the layer's own fan-in.",
    "the fan-in of W<i> is sizes[i-1], the number of inputs each of its units adds up; the "
    "section 'How large?' gives the variance of each rule, and rng.standard_normal has "
    "standard deviation 1, so multiply it by the square root of that variance.")
FLOAT32_HINT = (
    "float32 inputs gave a float64 result: a float64 array entered the computation.",
    "create every array in the given dtype (or convert it to that dtype): NumPy keeps float32 "
    "unless a float64 array is mixed in.")
DRAW_HINT = (
    "your weights have the right shapes and scale but are other numbers than the reference's, "
    "drawn from the same rng: the hidden tests compare the numbers.",
    "draw W1 first, then W2, ..., each with one call of rng.standard_normal in float64 (its "
    "default: no dtype argument), scaled, and only then converted to dtype; nothing else may "
    "draw from rng.")


def first(hint):
    """The first step of a hint (a public check shows the first step)."""
    return hint if isinstance(hint, str) else hint[0]


def words(hint):
    """A hint's steps as one message, for a public check that names no known mistake."""
    return hint if isinstance(hint, str) else " ".join(hint)


def _layer_count(sizes):
    """Affine layers and activation layers between them: 2 (len(sizes) - 1) - 1."""
    return 2 * (len(sizes) - 1) - 1


def _affine_numbers(sizes):
    """1, 2, ..., the number of each Affine layer of a network of ``sizes``."""
    return range(1, len(sizes))


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
                          hint="the parameters live in a dict, self.params, with one weight "
                               "matrix and one bias per Affine layer.")
    keys = _expected_keys(sizes)
    if sorted(params) != sorted(keys):
        raise CheckFailed(f"LayerNet({sizes}): net.params has the keys {sorted(params)}, "
                          f"expected {keys}.",
                          hint="one weight matrix W<i> and one bias b<i> per Affine layer, "
                               f"i = 1 .. len(sizes) - 1 = {len(sizes) - 1}.")
    for i in _affine_numbers(sizes):
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
                          hint="the layers live in an OrderedDict, self.layers, in the "
                               "order of forward.")
    expected = _layer_count(sizes)
    names = ", ".join(f"'{k}'" for k in layers)
    if len(layers) < expected:
        raise CheckFailed(
            f"LayerNet({sizes}, activation='{name}'): net.layers holds {len(layers)} layers "
            f"({names}), expected {expected}: {len(sizes) - 1} Affine layers with an "
            f"activation layer between each two.",
            hint=words(DUPLICATE_KEY_HINT))
    if len(layers) > expected:
        raise CheckFailed(
            f"LayerNet({sizes}, activation='{name}'): net.layers holds {len(layers)} layers "
            f"({names}), expected {expected}: {len(sizes) - 1} Affine layers with an "
            f"activation layer between each two.",
            hint=words(LAST_ACTIVATION_HINT))
    seen = {}
    for key, layer in layers.items():
        if id(layer) in seen:
            raise CheckFailed(f"LayerNet({sizes}): net.layers['{seen[id(layer)]}'] and "
                              f"net.layers['{key}'] are the same object.", words(SHARED_HINT))
        seen[id(layer)] = key


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
            hint=words(COPIES_HINT))
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
                          hint="gradient returns a dict with the keys of self.params, each "
                               "holding the gradient of that parameter.")
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


def drive_layer_net_gradient(LayerNet, sizes, activation, x, t, numerical=0, loss_only=0,
                             **params):
    """As drive_layer_net; returns loss(x, t), the gradient dict as 'dW1', 'db1', ... and,
    if ``numerical``, the numerical_gradient dict as 'numerical_W1', ...; with ``loss_only``,
    just loss(x, t) (the public check's central differences read nothing else).

    gradient is called first, before any loss: it must make its own forward pass."""
    net, _, _ = _build(LayerNet, sizes, activation, x, params)
    if loss_only:
        return {"loss": _call("net.loss(x, t)", None, net.loss, x, t)}
    grads = _call("net.gradient(x, t)", words(REVERSE_HINT), net.gradient, x, t)
    out = _gradient_dict("net.gradient(x, t)", grads, params, "d")
    _unchanged(net, params, "net.gradient(x, t)",
               "gradient computes the gradients and returns them; updating the parameters "
               "is the optimizer's job (sgd_epoch).")
    out["loss"] = _call("net.loss(x, t)", None, net.loss, x, t)
    if numerical:
        grads = _call("net.numerical_gradient(x, t)", None, net.numerical_gradient, x, t)
        out.update(_gradient_dict("net.numerical_gradient(x, t)", grads, params,
                                  "numerical_"))
        _unchanged(net, params, "net.numerical_gradient(x, t)", words(RESTORE_HINT))
    return out


# --------------------------------------------------------------------------------------
# The cases of the public checks
# --------------------------------------------------------------------------------------


def _network_case(sizes, activation, n, seed, dtype=np.float64, one_hot=False):
    """Weights about as large as He/Xavier initialisation makes them, small biases."""
    rng = np.random.default_rng(seed)
    case = {"sizes": np.array(sizes), "activation": ACTIVATIONS.index(activation),
            "x": rng.normal(size=(n, sizes[0])).astype(dtype)}
    for i in _affine_numbers(sizes):
        scale = np.sqrt(2.0 / sizes[i - 1])
        case[f"W{i}"] = (scale * rng.normal(size=(sizes[i - 1], sizes[i]))).astype(dtype)
        case[f"b{i}"] = (0.1 * rng.normal(size=sizes[i])).astype(dtype)
    labels = rng.integers(0, sizes[-1], size=n)
    case["t"] = np.eye(sizes[-1], dtype=dtype)[labels] if one_hot else labels
    return case


def _params(case):
    return {k: v for k, v in case.items() if k[0] in "Wb"}


# The three-layer ReLU network of the notes (file 001, problem 229): forward gives
# [[888, 1192, 1496]].
NOTES_NETWORK = {
    "sizes": np.array([2, 3, 2, 3]), "activation": 0,
    "x": np.array([[1.0, 2.0]]), "t": np.array([2]),
    "W1": np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]), "b1": np.array([1.0, 2.0, 3.0]),
    "W2": np.array([[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]), "b2": np.array([1.0, 2.0]),
    "W3": np.array([[5.0, 6.0, 7.0], [2.0, 3.0, 4.0]]), "b3": np.array([1.0, 1.0, 1.0]),
}
NOTES_SCORES = np.array([[888.0, 1192.0, 1496.0]])

# The hand-picked XOR network of the notes (file 003), as a 2-2-2 sigmoid LayerNet: the
# first hidden unit is s(5 x1 + 5 x2 - 8), the second s(-7 x1 - 7 x2 + 3); class 1 scores
# -11 y1 - 11 y2 + 6 against 0 for class 0, so that P(class 1) = s(-11 y1 - 11 y2 + 6).
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


def _check_forward(label, out, right):
    """The learner's predict, loss and accuracy against the reference's, as stored."""
    n, classes = right["scores"].shape
    expect_shape(f"{label}: predict(x)", out["scores"], (n, classes),
                 hint="predict returns the scores of the last Affine, one row per example: "
                      "(N, sizes[-1]).")
    expect_close(f"{label}: predict(x)", out["scores"], right["scores"], rtol=1e-5, atol=1e-6,
                 hint="predict(x) differs from the right scores: look at the layers it runs "
                      "through (all of self.layers, in order, each output the next one's "
                      "input), at what follows the last Affine (nothing: no activation, no "
                      "softmax), and at the activation chosen.")
    expect_shape(f"{label}: loss(x, t)", out["loss"], (),
                 hint="loss returns one number: SoftmaxWithLoss's mean over the batch.")
    expect_close(f"{label}: loss(x, t)", out["loss"], right["loss"], rtol=1e-5, atol=1e-6,
                 hint="the scores are right but loss(x, t) is not. The loss is what "
                      "self.last_layer gives for the scores of x and the targets t.")
    expect_close(f"{label}: accuracy(x, t)", out["accuracy"], right["accuracy"],
                 hint="the scores are right but accuracy(x, t) is not. It is the fraction of "
                      "rows (examples) whose highest score is at their class; when t is "
                      "one-hot, an example's class is where its row of t holds the 1.")


LAYER_NET_EXAMPLES = {
    "xor": XOR_NETWORK,
    "relu, one-hot t": _network_case([4, 5, 3], "relu", 3, seed=1, one_hot=True),
    "sigmoid, a batch of one": _network_case([3, 6, 4, 2], "sigmoid", 1, seed=2),
    "relu, four Affine layers": _network_case([5, 4, 3, 4, 3], "relu", 4, seed=3),
    "float32": _network_case([5, 4, 3], "relu", 2, seed=4, dtype=np.float32),
}
"""The inputs of the public checks whose right outputs are stored (``run.example``)."""


def public_layer_net(run):
    label = ("LayerNet([2, 3, 2, 3], 'relu') with the W1, B1, W2, B2, W3, B3 of the notes "
             "(file 001, problem 229) on x = [[1, 2]]")
    out = run(**NOTES_NETWORK)
    expect_shape(f"{label}: predict(x)", out["scores"], (1, 3),
                 hint="(1, 2)·(2, 3) → (1, 3), (1, 3)·(3, 2) → (1, 2), (1, 2)·(2, 3) → (1, 3).")
    expect_close(f"{label}: predict(x)", out["scores"], NOTES_SCORES,
                 hint="Affine1 gives [[6, 13, 20]], Relu1 keeps it, Affine2 gives [[93, 211]], "
                      "Relu2 keeps it, Affine3 gives [[888, 1192, 1496]]: the layers in the "
                      "order of self.layers, each output the next one's input.")
    expect_close(f"{label}: loss(x, t) for t = [2]", out["loss"], 0.0, atol=1e-6,
                 hint="the score of class 2 is 304 above the others: softmax gives it "
                      "probability 1, and -log 1 = 0.")
    expect_close(f"{label}: accuracy(x, t) for t = [2]", out["accuracy"], 1.0)

    for name, case in LAYER_NET_EXAMPLES.items():
        label = _describe(case)
        if name == "xor":
            label = ("LayerNet([2, 2, 2], 'sigmoid') with the hand-picked XOR weights of the "
                     "notes (file 003)")
        out, right = run.example(name)
        _check_forward(label, out, right)
        if name == "xor":
            expect_close(f"{label}: accuracy on the four XOR points", out["accuracy"], 1.0)
        if case["x"].dtype == np.float32:
            for key in ("scores", "loss"):
                expect_dtype(f"{label}: {key}", out[key], np.float32, hint=words(FLOAT32_HINT))


# --------------------------------------------------------------------------------------
# LayerNet: gradient (backprop) and numerical_gradient
# --------------------------------------------------------------------------------------


def _numerical(run, case):
    """Central differences of the learner's own loss, one parameter at a time. Only the loss
    is read from these hundreds of calls, so they go through the driver without withholding
    names (which costs more than the call itself); the outputs checked come from ``run``."""
    loss_of = Runner(dataclasses.replace(run.exercise, withheld=()), run.answer)
    grads = {}
    for key, value in _params(case).items():
        def loss_at(p, key=key):
            return loss_of(**{**case, key: p, "numerical": 0, "loss_only": 1})["loss"]
        grads[key] = numerical_gradient(loss_at, value)
    return grads


def _check_gradient(run, label, case):
    out = run(**case)
    numerical = _numerical(run, case)
    for key, expected in numerical.items():
        hint = (f"gradient(x, t)['{key}'] differs from central differences of your own "
                f"loss(x, t). It is the d{key[0]} that Affine{key[1:]} keeps after one forward "
                "pass (the loss) and one backward pass, which starts at self.last_layer with "
                "dL/dL = 1 and hands each layer's result to the layer before it, last layer "
                "first.")
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
                        hint=words(NUMERICAL_HINT))

    case = _network_case([5, 4, 3], "relu", 2, seed=9, dtype=np.float32)
    label = _describe(case)
    out = run(**case)
    for key in _params(case):
        expect_dtype(f"{label}: gradient(x, t)['{key}']", out["d" + key], np.float32,
                     hint=words(FLOAT32_HINT))


# --------------------------------------------------------------------------------------
# init_params
# --------------------------------------------------------------------------------------

DTYPES = (np.float64, np.float32)
"""Driver inputs are numbers and arrays: ``dtype`` is an index into this tuple."""

INIT_SAMPLE = 2000
"""Weight matrices with at least this many entries get their scale checked: fan_in · Var(w)
is then within 6 % of the one they were drawn with (a factor 1.25² is allowed)."""

GAIN = {"relu": 2.0, "sigmoid": 1.0}
"""fan_in · Var(w), as the section 'How large?' derives it: 1 keeps the mean square of the
signal through a layer; a ReLU layer, which zeroes half of it, needs twice that."""

DEEP_SIZES = [256, 320, 256, 192, 256, 320, 256, 192, 256]
"""Eight ReLU layers for the check of the signal's size (fan_in differs from fan_out)."""


def drive_init_params(init_params, sizes, activation, seed, dtype=0):
    """``init_params(sizes, ACTIVATIONS[activation], np.random.default_rng(seed),
    DTYPES[dtype])``; returns the arrays of the dict it gives, 'W1', 'b1', 'W2', ..."""
    sizes = [int(s) for s in np.asarray(sizes).reshape(-1)]
    name = ACTIVATIONS[int(activation)]
    params = init_params(sizes, name, np.random.default_rng(int(seed)), DTYPES[int(dtype)])
    if not isinstance(params, dict):
        raise CheckFailed(f"init_params({sizes}, '{name}', rng, dtype) should return a dict, "
                          f"got {type(params).__name__}.",
                          hint="init_params returns a dict with one weight matrix and one "
                               "bias per Affine layer.")
    keys = _expected_keys(sizes)
    if sorted(params) != sorted(keys):
        raise CheckFailed(f"init_params({sizes}, ...) returned the keys {sorted(params)}, "
                          f"expected {keys}.",
                          hint="one weight matrix W<i> and one bias b<i> per Affine layer, "
                               f"i = 1 .. len(sizes) - 1 = {len(sizes) - 1}.")
    out = {}
    for i in _affine_numbers(sizes):
        for key, shape in ((f"W{i}", (sizes[i - 1], sizes[i])), (f"b{i}", (sizes[i],))):
            value = params[key]
            if not isinstance(value, np.ndarray):
                raise CheckFailed(f"init_params({sizes}, ...)['{key}'] is a "
                                  f"{type(value).__name__}, expected a NumPy array.")
            expect_shape(f"init_params({sizes}, ...)['{key}']", value, shape,
                         hint=_param_shape_hint(sizes, i))
            out[key] = np.array(value, copy=True)
    return out


def _relu_signal(params, depth, seed=0):
    """Mean square of the activations after the first and after the last of ``depth``
    ReLU layers, for inputs of mean square 1."""
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((400, params["W1"].shape[0]))
    squares = []
    for i in range(1, depth + 1):
        h = np.maximum(h @ params[f"W{i}"].astype(np.float64) + params[f"b{i}"], 0)
        squares.append(float(np.mean(h * h)))
    return squares[0], squares[-1]


def _check_init(label, params, sizes, activation):
    """Biases zero, no two units of a layer alike, the weights' scale He's or LeCun's
    (measured where a matrix is large enough)."""
    for i in _affine_numbers(sizes):
        W, b = params[f"W{i}"], params[f"b{i}"]
        if np.any(b != 0):
            raise CheckFailed(f"{label}: b{i} is not zero.\n  got: {fmt(b)}",
                              words(ZERO_BIAS_HINT))
        if W.shape[1] > 1 and np.unique(W, axis=1).shape[1] < W.shape[1]:
            alike = "all its units" if np.all(W == W[:, :1]) else "two of its units"
            raise CheckFailed(
                f"{label}: in W{i}, {alike} have the same incoming weights (the same "
                f"column): such units compute the same output for every input, get the same "
                f"gradient, and stay copies of each other however long the network trains.\n"
                f"  got: W{i} = {fmt(W)}", words(SYMMETRY_HINT))
        if W.size >= INIT_SAMPLE:
            fan_in = sizes[i - 1]
            gain = fan_in * float(np.mean(W.astype(np.float64) ** 2))
            if not 0.64 < gain / GAIN[activation] < 1.5625:
                size = "small" if gain < GAIN[activation] else "large"
                rule = "He's" if activation == "relu" else "LeCun's"
                raise CheckFailed(
                    f"{label}: the weights of W{i} are too {size}: fan_in · Var(w) = "
                    f"{fan_in} · {gain / fan_in:.3g} = {gain:.3g} (fan_in = sizes[{i - 1}]), "
                    f"where {rule} rule makes it {GAIN[activation]:g}.",
                    words(INIT_SCALE_HINT))


def public_init_params(run):
    for sizes, activation in (([784, 50, 10], "relu"), ([300, 16, 4], "sigmoid"),
                              ([4, 6, 3], "relu")):
        label = f"init_params({sizes}, '{activation}', rng, np.float64)"
        out = run(sizes=np.array(sizes), activation=ACTIVATIONS.index(activation), seed=0)
        _check_init(label, out, sizes, activation)
        for key in _expected_keys(sizes):
            expect_dtype(f"{label}['{key}']", out[key], np.float64)

    depth = len(DEEP_SIZES) - 1
    out = run(sizes=np.array(DEEP_SIZES), activation=0, seed=1)
    first, last = _relu_signal(out, depth)
    if not 0.5 < last / first < 2:
        way = "shrank" if last < first else "grew"
        raise CheckFailed(
            f"init_params({DEEP_SIZES}, 'relu', ...): the signal {way} through the "
            f"network: for inputs of mean square 1, the activations after the first ReLU "
            f"layer have mean square {first:.3g}, after the {depth}th {last:.3g}. With He's "
            "scale each layer keeps it: fan_in · Var(w) · 1/2 = 1.", words(INIT_SCALE_HINT))

    for name, case in INIT_PARAMS_EXAMPLES.items():
        sizes = [int(s) for s in case["sizes"]]
        dtype = np.dtype(DTYPES[case.get("dtype", 0)])
        label = (f"init_params({sizes}, '{ACTIVATIONS[case['activation']]}', "
                 f"np.random.default_rng({case['seed']}), np.{dtype})")
        out, right = run.example(name)
        for key in _expected_keys(sizes):
            expect_dtype(f"{label}['{key}']", out[key], dtype, hint=words(FLOAT32_HINT))
        for key in _expected_keys(sizes):
            expect_close(f"{label}['{key}']", out[key], right[key], rtol=1e-6, atol=1e-9,
                         hint=words(DRAW_HINT))


INIT_PARAMS_EXAMPLES = {
    "relu, float32": {"sizes": np.array([5, 4, 3]), "activation": 0, "seed": 2, "dtype": 1},
    "sigmoid, three layers": {"sizes": np.array([3, 4, 2, 2]), "activation": 1, "seed": 3},
}
"""Small cases whose right weights are stored: the hidden tests compare the numbers."""


# --------------------------------------------------------------------------------------
# sgd_epoch
# --------------------------------------------------------------------------------------

EPOCH_HINT = (
    "the batches did not use every example exactly once.",
    "one epoch goes through one random order of all N examples, drawn once, a batch of "
    "batch_size consecutive entries of that order at a time; the last batch holds what is "
    "left, which may be fewer.")
PAIRS_HINT = (
    "a batch's rows of t are not the targets of its rows of x: each image got another "
    "image's label.",
    "select the rows of x and the rows of t of a batch with the same indices, from one "
    "order.")
ORDER_HINT = (
    "the examples came in another order than the one the given rng draws.",
    "draw the order of the epoch once, before the first batch, with rng.permutation as the "
    "instructions say, and draw nothing else from rng: the hidden tests replay the same "
    "rng.")
UPDATE_HINT = (
    "the parameters after some step are not where one step against that batch's gradient "
    "leads from where the previous step left them.",
    "after each batch, every array of net.params moves once, in place, by the learning rate "
    "times its gradient, against the gradient.")
LOSSES_HINT = (
    "the losses returned are not those the batches' gradients computed.",
    "return a list with one loss per batch, in order: the loss that net.gradient left in "
    "net.last_layer.loss, read right after it, before the step.")


class _LastLayer:
    loss = None


class StandInNet:
    """What sgd_epoch needs of a network, and nothing of LayerNet's answer: one affine map
    x @ W + b with the squared error 0.5 · mean over the batch of ||x W + b - t||².

    params: 'W' (D, C), 'b' (C,). gradient(x, t): x (n, D), t (n, C) -> {'W': (D, C),
    'b': (C,)}, and last_layer.loss, the batch's loss. At each call it also records which
    rows of the x it was made with the batch holds (``batches``), whether the batch's t rows
    belong to the same examples (``pairs_kept``), the parameters it saw, the gradients it
    gave and the losses it computed, so that a check can follow the epoch step by step.
    """

    def __init__(self, x, t, W, b):
        self.params = {"W": W, "b": b}
        self.last_layer = _LastLayer()
        self._x, self._t = np.array(x, copy=True), np.array(t, copy=True)
        self._rows = {row.tobytes(): i for i, row in enumerate(self._x)}
        self.batches, self.seen, self.given, self.computed = [], [], [], []
        self.pairs_kept = True

    def flat(self, params):
        """W and b as one float64 row."""
        return np.concatenate([np.ravel(params["W"]), np.ravel(params["b"])]).astype(np.float64)

    def loss(self, x, t):
        r = np.asarray(x) @ self.params["W"] + self.params["b"] - t
        return float(0.5 * np.sum(r * r) / len(r))

    def gradient(self, x, t):
        x, t = np.asarray(x), np.asarray(t)
        rows = np.array([self._rows.get(np.asarray(row, dtype=self._x.dtype).tobytes(), -1)
                         for row in x.reshape(len(x), -1)], dtype=np.int64)
        self.batches.append(rows)
        if np.any(rows < 0) or t.shape != (len(rows),) + self._t.shape[1:] or not (
                np.array_equal(t, self._t[rows])):
            self.pairs_kept = False
        self.seen.append(self.flat(self.params))
        r = x @ self.params["W"] + self.params["b"] - t
        n = len(x)
        grads = {"W": x.T @ r / n, "b": np.sum(r, axis=0) / n}
        self.given.append(self.flat(grads))
        self.last_layer.loss = float(0.5 * np.sum(r * r) / n)
        self.computed.append(self.last_layer.loss)
        return grads


def drive_sgd_epoch(sgd_epoch, x, t, W, b, learning_rate, batch_size, seed):
    """``sgd_epoch(net, x, t, learning_rate, batch_size, np.random.default_rng(seed))`` on a
    StandInNet holding copies of W and b. Returns the values of those arrays afterwards
    (what layers holding them see), ``kept_arrays`` (1 if net.params still holds them),
    ``losses`` as returned; and what the stand-in recorded: the rows of x in the order the
    batches used them (``order``), each batch's size, ``pairs_kept`` (1 if every batch's t
    rows matched its x rows), and at each gradient call the parameters it saw, the gradient
    it gave and the loss it computed (``params_seen``, ``grads_given``, ``computed``)."""
    net = StandInNet(x, t, W.copy(), b.copy())
    originals = dict(net.params)
    losses = sgd_epoch(net, x, t, float(learning_rate), int(batch_size),
                       np.random.default_rng(int(seed)))
    if losses is None:
        raise CheckFailed("sgd_epoch returned None: did you forget `return losses`?",
                          hint=LOSSES_HINT)
    order = np.concatenate(net.batches) if net.batches else np.zeros(0, dtype=np.int64)
    size = W.size + b.size
    return {"W": originals["W"], "b": originals["b"],
            "kept_arrays": float(all(net.params.get(k) is v for k, v in originals.items())),
            "losses": np.asarray(losses, dtype=np.float64).reshape(-1),
            "order": order.astype(np.float64),
            "batch_sizes": np.array([len(rows) for rows in net.batches], dtype=np.float64),
            "pairs_kept": float(net.pairs_kept),
            "params_seen": np.array(net.seen).reshape(-1, size),
            "grads_given": np.array(net.given).reshape(-1, size),
            "computed": np.array(net.computed, dtype=np.float64)}


def _epoch_case(n, d, c, batch_size, seed, dtype=np.float64, learning_rate=0.1):
    rng = np.random.default_rng(seed)
    return {"x": rng.normal(size=(n, d)).astype(dtype), "t": rng.normal(size=(n, c)).astype(dtype),
            "W": (0.5 * rng.normal(size=(d, c))).astype(dtype),
            "b": (0.1 * rng.normal(size=c)).astype(dtype),
            "learning_rate": learning_rate, "batch_size": batch_size, "seed": seed}


def _check_epoch(case, out, right):
    """The epoch step by step, from what the stand-in recorded, against the right answer's
    record (stored): each example once, in the order of the rng, each batch with its own
    targets, the parameters after each step, and the losses of the batches returned."""
    n, size = len(case["x"]), case["batch_size"]
    label = f"sgd_epoch on N = {n} examples, batch_size = {size}"
    if out["kept_arrays"] != 1:
        raise CheckFailed(f"{label}: net.params holds new arrays afterwards; the layers still "
                          "hold the old ones.", words(NEW_ARRAY_HINT))
    used = out["order"].astype(np.int64)
    counts = np.bincount(used[(used >= 0) & (used < n)], minlength=n)
    if len(used) != n or np.any(counts != 1):
        missing = int(np.sum(counts == 0))
        repeated = int(np.sum(counts > 1))
        raise CheckFailed(
            f"{label}: the batches held {len(used)} examples in all; {missing} of the {n} "
            f"examples were never used and {repeated} were used more than once.\n"
            f"  batch sizes: {fmt(out['batch_sizes'])}, expected {fmt(right['batch_sizes'])}",
            words(EPOCH_HINT))
    if out["pairs_kept"] != 1:
        raise CheckFailed(f"{label}: a batch's t rows are not the targets of its x rows.",
                          words(PAIRS_HINT))
    expect_close(f"{label}: the batch sizes", out["batch_sizes"], right["batch_sizes"],
                 hint=words(EPOCH_HINT))
    expect_close(f"{label}: the order of the examples", used, right["order"],
                 hint=words(ORDER_HINT))
    if np.array_equal(out["W"], case["W"]) and np.array_equal(out["b"], case["b"]):
        raise CheckFailed(f"{label}: the parameters did not change.", words(REBIND_HINT))

    def after_each_step(record):
        final = np.concatenate([np.ravel(record["W"]), np.ravel(record["b"])])[None, :]
        return np.vstack([record["params_seen"][1:], final])

    expect_close(f"{label}: W and b after each step (one row per step)",
                 after_each_step(out), after_each_step(right), rtol=1e-5, atol=1e-6,
                 hint=words(UPDATE_HINT))
    expect_close(f"{label}: the losses returned", out["losses"], out["computed"], rtol=1e-5,
                 atol=1e-7, hint=words(LOSSES_HINT))


SGD_EPOCH_EXAMPLES = {
    "10 examples, batches of 4": _epoch_case(10, 3, 2, 4, seed=1),
    "6 examples, one batch": _epoch_case(6, 2, 3, 6, seed=2, learning_rate=0.5),
    "5 examples, batch_size 8": _epoch_case(5, 4, 1, 8, seed=3),
    "float32": _epoch_case(8, 3, 2, 4, seed=4, dtype=np.float32),
}
"""The inputs of the public checks whose right outputs are stored (``run.example``)."""


def public_sgd_epoch(run):
    for name, case in SGD_EPOCH_EXAMPLES.items():
        out, right = run.example(name)
        _check_epoch(case, out, right)
        if case["x"].dtype == np.float32:
            for key in ("W", "b"):
                expect_dtype(f"sgd_epoch on float32 parameters: net.params['{key}']", out[key],
                             np.float32, hint="the update turned float32 parameters float64: "
                                              "an update in place keeps the array's dtype.")


# --------------------------------------------------------------------------------------
# Probes: fixed inputs on which the catalog's mistakes behave differently (course.mistakes)
# --------------------------------------------------------------------------------------

INIT_PARAMS_PROBES = (
    {"sizes": np.array([40, 30, 3]), "activation": 0, "seed": 21},          # fan_in != fan_out
    {"sizes": np.array([30, 20, 4]), "activation": 1, "seed": 22},
    {"sizes": np.array([5, 4, 3]), "activation": 0, "seed": 23, "dtype": 1},
)
LAYER_NET_PROBES = (
    NOTES_NETWORK,                                                      # 3 Affine, batch of 1
    XOR_NETWORK,                                                        # 2 Affine, sigmoid
    _network_case([4, 5, 3, 3], "sigmoid", 3, seed=21, one_hot=True),   # N == C, one-hot
    _network_case([3, 4, 2, 5], "relu", 2, seed=22, one_hot=True),      # N != C, one-hot
    _network_case([5, 4, 3], "relu", 2, seed=23, dtype=np.float32),
)
LAYER_NET_GRADIENT_PROBES = (
    _network_case([3, 3, 3, 3], "relu", 2, seed=24),                    # square: no shape error
    {**_network_case([2, 3, 2], "sigmoid", 3, seed=25, one_hot=True), "numerical": 1},
    _network_case([4, 5, 3, 2], "relu", 1, seed=26),
    _network_case([4, 5, 3], "relu", 2, seed=27, dtype=np.float32),
)
SGD_EPOCH_PROBES = (
    _epoch_case(10, 3, 2, 4, seed=31),                                  # a smaller last batch
    _epoch_case(8, 2, 2, 4, seed=32, dtype=np.float32, learning_rate=0.5),
    _epoch_case(5, 3, 2, 8, seed=33),                                   # one batch, N < size
)


INIT_PARAMS = Exercise(
    name="init_params",
    title="init_params: the initial weights and biases",
    points=2,
    drive=drive_init_params,
    public=public_init_params,
    still_hidden=("random sizes and depths, ReLU and sigmoid, float32, the values themselves "
        "against the reference drawn from the same rng (in float64, then converted)"),
    probes=INIT_PARAMS_PROBES,
    examples=INIT_PARAMS_EXAMPLES)

LAYER_NET = Exercise(
    name="layer_net",
    title="LayerNet: predict, loss and accuracy",
    points=3,
    drive=drive_layer_net,
    public=public_layer_net,
    still_hidden=("random sizes and depths (two to four Affine layers), ReLU and Sigmoid, batches "
        "of one and more, one-hot and integer labels, and float32 (float32 scores and "
        "loss), against the reference network on the same weights"),
    probes=LAYER_NET_PROBES,
    examples=LAYER_NET_EXAMPLES)

LAYER_NET_GRADIENT = Exercise(
    name="layer_net_gradient",
    title="LayerNet: gradient by backprop, and numerical_gradient",
    points=4,
    drive=drive_layer_net_gradient,
    public=public_layer_net_gradient,
    still_hidden=("random sizes and depths (two to four Affine layers), ReLU and Sigmoid, batches "
        "of one and more, one-hot and integer labels, float32 gradients, gradient called "
        "on a fresh network before any loss, and numerical_gradient on Sigmoid networks, "
        "against the reference network on the same weights; in float32 central differences "
        "fall far short of the tolerance, so gradient must be backprop; course.gradcheck's "
        "numerical_gradient and the frameworks are not available while your LayerNet runs"),
    probes=LAYER_NET_GRADIENT_PROBES,
    withheld=("numerical_gradient",))

SGD_EPOCH = Exercise(
    name="sgd_epoch",
    title="sgd_epoch: one epoch of minibatch SGD",
    points=3,
    drive=drive_sgd_epoch,
    public=public_sgd_epoch,
    still_hidden=("other sizes of data set and batch (a batch of one, a batch larger than the data "
        "set), learning rates from 0.01 to 1, and float32"),
    probes=SGD_EPOCH_PROBES,
    examples=SGD_EPOCH_EXAMPLES)

EXERCISES = [INIT_PARAMS, LAYER_NET, LAYER_NET_GRADIENT, SGD_EPOCH]
