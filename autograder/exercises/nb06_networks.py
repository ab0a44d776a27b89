"""The instructor's half of notebook 06's exercises: hidden tests and known mistakes.

Hidden tests of notebook 06: init_params against ``solutions.init_params`` on the same
random numbers, LayerNet (forward, backprop, numerical gradients) against
``solutions.LayerNet`` on identical weights, and sgd_epoch against ``solutions.sgd_epoch``,
on inputs drawn at grading time.

Known mistakes of notebook 06: init_params, LayerNet (its layers, predict, loss,
accuracy), its gradient by backprop and by central differences, and sgd_epoch.

Each mistake is an edit of the source notebook's answer (``autograder.answers``): its
LayerNet runs on the notebook's own layers (section 0), as a learner's does, and a
mistake in those layers (the notes' summed cross-entropy) is an edit of that cell. Hints
that the public checks also give are imported from the exercise module; each hint says
first what is wrong and where, then (its second step) the rule in words.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course.exercises.nb06_networks import (
    ACTIVATIONS,
    COPIES_HINT,
    DRAW_HINT,
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
    NUMERICAL_HINT,
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


class GradientReference(solutions.LayerNet):
    """``solutions.LayerNet`` as the hidden test of layer_net_gradient runs it. That exercise
    withholds the name ``numerical_gradient`` from the answer's module (the learner may not
    call course.gradcheck's); the reference's own module has a helper of that name, so the
    reference is declared here, where no such name is, and reaches it through the package."""

    def numerical_gradient(self, x, t):
        return solutions.LayerNet.numerical_gradient(self, x, t)


HIDDEN = [
    HiddenTest(INIT_PARAMS, solutions.init_params, init_params_cases, rtol=1e-6, atol=1e-9),
    HiddenTest(LAYER_NET, solutions.LayerNet, layer_net_cases, rtol=1e-5, atol=1e-6),
    HiddenTest(LAYER_NET_GRADIENT, GradientReference, layer_net_gradient_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest(SGD_EPOCH, solutions.sgd_epoch, sgd_epoch_cases, rtol=1e-5, atol=1e-7),
]


# --------------------------------------------------------------------------------------
# Known mistakes: edits of the source notebook's answers
# --------------------------------------------------------------------------------------

# The source's LayerNet answer, as the edits below quote it.
ACTIVATION_LINE = 'self.layers[f"{activation.capitalize()}{i}"] = activation_layer()'
AFFINE_LINE = 'Affine(self.params[f"W{i}"], self.params[f"b{i}"])'
BACKWARD_LOOP = "for layer in reversed(self.layers.values()):"
COLLECT = ('        for i in range(1, len(self.sizes)):\n'
           '            grads[f"W{i}"] = self.layers[f"Affine{i}"].dW\n'
           '            grads[f"b{i}"] = self.layers[f"Affine{i}"].db\n')
GRADIENT_BODY = ("        self.loss(x, t)\n"
                 "        dout = self.last_layer.backward(1)\n"
                 "        for layer in reversed(self.layers.values()):\n"
                 "            dout = layer.backward(dout)\n"
                 "        grads = {}\n" + COLLECT + "        return grads\n")
NUDGE_LOOP = ("            grad = np.zeros_like(param)\n"
              "            for idx in np.ndindex(param.shape):\n"
              "                original = param[idx]\n"
              "                param[idx] = original + h\n"
              "                f_plus = self.loss(x, t)\n"
              "                param[idx] = original - h\n"
              "                f_minus = self.loss(x, t)\n"
              "                param[idx] = original\n"
              "                grad[idx] = (f_plus - f_minus) / (2 * h)\n")
# The layers the learner pastes into section 0 (SoftmaxWithLoss and Relu).
CROSS_ENTROPY = "self.loss = -np.sum(np.log(np.maximum(picked, 1e-7))) / n"
# The source's init_params and sgd_epoch answers.
SCALE = 'np.sqrt((2.0 if activation == "relu" else 1.0) / fan_in)'
DRAW = "rng.standard_normal((fan_in, fan_out))"
WEIGHTS = f"(scale * {DRAW}).astype(dtype)"
ZERO_BIASES = "np.zeros(fan_out, dtype=dtype)"
ORDER = "order = rng.permutation(len(x))\n"
NO_ORDER = (ORDER + "    losses = []", "losses = []")
BATCH = "batch = order[start:start + batch_size]"
STEP = "net.params[key] -= learning_rate * grad"

SCALE_RULE = INIT_SCALE_HINT[1]

SHARED_RELU = edits((ACTIVATION_LINE, 'self.layers[f"{activation.capitalize()}{i}"] = shared'),
                    ("n_affine = len(sizes) - 1\n",
                     "n_affine = len(sizes) - 1\n        shared = activation_layer()\n"))
SUMMED_LOSS = edit(CROSS_ENTROPY, "self.loss = -np.sum(np.log(np.maximum(picked, 1e-7)))")
STRICT_MASK = edit("self.mask = x <= 0", "self.mask = x < 0")

MISTAKES = [
    # init_params
    Mistake(INIT_PARAMS, "weights all zero",
            edit(WEIGHTS, "np.zeros((fan_in, fan_out), dtype)"), SYMMETRY_HINT),
    Mistake(INIT_PARAMS, "weights all equal",
            edit(f"scale * {DRAW}", "np.full((fan_in, fan_out), scale)"),
            ("every weight of a layer has the same value: every unit of the layer then computes "
             "the same output and gets the same gradient, and the units stay copies however "
             "long the network trains.",
             "the scale is the standard deviation of random weights, not the weights "
             "themselves: draw them from rng, then scale them.")),
    Mistake(INIT_PARAMS, "the notes' scale 0.01", edit(SCALE, "0.01"),
            ("every weight has the standard deviation 0.01, as in the notes (file 001), "
             "whatever the layer's size: for 784 inputs He's is 0.0505, five times more, and "
             "with 0.01 the signal shrinks layer after layer.", SCALE_RULE), seed="001"),
    Mistake(INIT_PARAMS, "the scale from fan_out",
            edit(SCALE, 'np.sqrt((2.0 if activation == "relu" else 1.0) / fan_out)'),
            ("the scale was computed from the layer's number of outputs, sizes[i]; it depends "
             "on the number of inputs each unit adds up.", SCALE_RULE)),
    Mistake(INIT_PARAMS, "He's scale for sigmoid too", edit(SCALE, "np.sqrt(2.0 / fan_in)"),
            ("the sigmoid layers got He's scale, which is for ReLU (it makes up for the half "
             "of its inputs that ReLU zeroes).",
             "sigmoid layers take LeCun's rule, ReLU layers He's: the scale depends on the "
             "activation argument.")),
    Mistake(INIT_PARAMS, "LeCun's scale for ReLU too", edit(SCALE, "np.sqrt(1.0 / fan_in)"),
            ("the ReLU layers got LeCun's scale: ReLU zeroes half of its inputs, so each ReLU "
             "layer would halve the signal's mean square.",
             "ReLU layers take He's rule, which doubles the variance, sigmoid layers LeCun's: "
             "the scale depends on the activation argument.")),
    Mistake(INIT_PARAMS, "Glorot's scale for sigmoid",
            edit(SCALE, 'np.sqrt(2.0 / fan_in if activation == "relu" else '
                        '2.0 / (fan_in + fan_out))'),
            ("the sigmoid layers got Glorot's scale, from fan-in and fan-out: a good choice "
             "too, but this exercise asks for LeCun's, so that the checks can compare values.",
             SCALE_RULE)),
    Mistake(INIT_PARAMS, "the variance as the scale",
            edit(SCALE, '(2.0 if activation == "relu" else 1.0) / fan_in'),
            ("the weights were multiplied by the variance of the rule, not by its standard "
             "deviation: they are far too small.",
             "rng.standard_normal has standard deviation 1: multiply it by the standard "
             "deviation you want, the square root of the variance.")),
    Mistake(INIT_PARAMS, "the first layer's fan_in for every layer",
            edit(SCALE, 'np.sqrt((2.0 if activation == "relu" else 1.0) / sizes[0])'),
            ("every layer took its scale from sizes[0], the first layer's fan-in.",
             SCALE_RULE)),
    Mistake(INIT_PARAMS, "W<i> of shape (out, in)",
            edit(DRAW, "rng.standard_normal((fan_out, fan_in))"),
            ("W<i> was created as (sizes[i], sizes[i-1]), outputs by inputs.",
             "the input of Affine<i> is (N, sizes[i-1]) and its output (N, sizes[i]): the "
             "product of the input with W<i> needs W<i> with one row per input and one column "
             "per output.")),
    Mistake(INIT_PARAMS, "random biases",
            edit(ZERO_BIASES, "(0.1 * rng.standard_normal(fan_out)).astype(dtype)"),
            ZERO_BIAS_HINT),
    Mistake(INIT_PARAMS, "the biases in float64", edit(ZERO_BIASES, "np.zeros(fan_out)"),
            ("the biases are float64 whatever dtype asks for, and one float64 array turns "
             "every result of the network float64.", FLOAT32_HINT[1])),
    Mistake(INIT_PARAMS, "weights drawn in float32",
            edit(DRAW, "rng.standard_normal((fan_in, fan_out), dtype=dtype)"),
            ("your float32 weights are other numbers than the reference's: rng.standard_normal "
             "with a float32 dtype draws from another random stream.", DRAW_HINT[1])),
    Mistake(INIT_PARAMS, "rng.normal with a scale",
            edit(f"scale * {DRAW}", "rng.normal(0.0, scale, size=(fan_in, fan_out))"),
            "rng.normal(0, scale, size) draws scale * rng.standard_normal(size): the same "
            "numbers.", harmless=True),
    # layer_net
    Mistake(LAYER_NET, "one Relu shared by all layers", SHARED_RELU, SHARED_HINT, seed="001"),
    Mistake(LAYER_NET, "one key for every activation",
            edit(ACTIVATION_LINE, "self.layers[activation] = activation_layer()"),
            DUPLICATE_KEY_HINT, seed="001"),
    Mistake(LAYER_NET, "an activation after the last Affine",
            edit("if i < n_affine:", "if i <= n_affine:"), LAST_ACTIVATION_HINT),
    Mistake(LAYER_NET, "layers hold copies of the parameters",
            edit(AFFINE_LINE, 'Affine(self.params[f"W{i}"].copy(), self.params[f"b{i}"].copy())'),
            COPIES_HINT),
    Mistake(LAYER_NET, "always Relu", edit(ACTIVATION_LINE, 'self.layers[f"Relu{i}"] = Relu()'),
            ("the activation layers are Relu even for activation='sigmoid'.",
             "the class of the activation layers, and their keys, follow the activation "
             "argument (the given activation_layer).")),
    Mistake(LAYER_NET, "always Sigmoid",
            edit(ACTIVATION_LINE, 'self.layers[f"Sigmoid{i}"] = Sigmoid()'),
            ("the activation layers are Sigmoid even for activation='relu'.",
             "the class of the activation layers follows the activation argument (the given "
             "activation_layer).")),
    Mistake(LAYER_NET, "softmax in predict",
            edit("            x = layer.forward(x)\n        return x\n",
                 "            x = layer.forward(x)\n"
                 "        e = np.exp(x - np.max(x, axis=1, keepdims=True))\n"
                 "        return e / np.sum(e, axis=1, keepdims=True)\n"),
            ("predict returns probabilities: they would go through softmax a second time in "
             "SoftmaxWithLoss.",
             "predict returns the scores of the last Affine, before any softmax; the softmax "
             "belongs to self.last_layer only.")),
    Mistake(LAYER_NET, "the loss of the inputs",
            edit("self.last_layer.forward(self.predict(x), t)", "self.last_layer.forward(x, t)"),
            ("loss hands x itself to the last layer instead of the network's scores.",
             "the last layer's input is the output of the last Affine, (N, sizes[-1]).")),
    Mistake(LAYER_NET, "accuracy against one-hot t",
            edit("labels = np.argmax(t, axis=1) if np.ndim(t) == 2 else t", "labels = t"),
            ("with one-hot t (N, C), the predicted classes (N,) were compared with rows of 0s "
             "and 1s.",
             "turn one-hot targets into class labels first: an example's class is where its "
             "row of t holds the 1.")),
    Mistake(LAYER_NET, "argmax over the batch axis",
            edit("np.argmax(self.predict(x), axis=1)", "np.argmax(self.predict(x), axis=0)"),
            ("the argmax ran over the batch axis: it picked, for each class, the example with "
             "the highest score.",
             "each row is one example: take the highest score along each row.")),
    Mistake(LAYER_NET, "the loss summed over the batch", SUMMED_LOSS, MEAN_HINT, seed="001"),
    Mistake(LAYER_NET, "Relu mask x < 0", STRICT_MASK,
            "a Relu whose mask is x < 0 instead of x <= 0 differs only where an input is "
            "exactly 0, and there ReLU has no derivative: either choice (0 or the gradient "
            "passed on) is fine.", harmless=True),
    # layer_net_gradient
    Mistake(LAYER_NET_GRADIENT, "backward in forward order",
            edit(BACKWARD_LOOP, "for layer in self.layers.values():"), REVERSE_HINT, demo=True),
    Mistake(LAYER_NET_GRADIENT, "list.reverse() returns None",
            edit(BACKWARD_LOOP, "layers = list(self.layers.values()).reverse()\n"
                                "        for layer in layers:"),
            ("the list of layers to walk is None: list.reverse() reverses a list in place and "
             "returns None.",
             "reverse the list in one statement and use it in the next, or walk the dict's "
             "values with reversed().")),
    Mistake(LAYER_NET_GRADIENT, "reversed over the keys",
            edit(BACKWARD_LOOP, "for layer in reversed(self.layers):"),
            ("backward walked the keys of the OrderedDict, the strings 'Affine2', 'Relu1', "
             "..., not the layers.",
             "a dict's values are its layers; reversed() walks them last first.")),
    Mistake(LAYER_NET_GRADIENT, "dout not passed on",
            edit("dout = layer.backward(dout)", "layer.backward(dout)"),
            ("every layer got the gradient of the scores, (N, sizes[-1]), instead of the "
             "gradient of its own output.",
             "each layer's backward returns the gradient for the layer before it: that result "
             "is what the next layer of the walk must receive.")),
    Mistake(LAYER_NET_GRADIENT, "no forward pass in gradient",
            edit("        self.loss(x, t)\n        dout", "        dout"),
            ("gradient ran backward without a forward pass of this x and t: backward uses what "
             "forward kept (the softmax y, the masks, the inputs), from nothing or from the "
             "previous batch.",
             "gradient starts with its own forward pass, through the loss.")),
    Mistake(LAYER_NET_GRADIENT, "gradients numbered in backward order",
            edit(COLLECT,
                 "        affines = [layer for layer in reversed(self.layers.values())\n"
                 "                   if isinstance(layer, Affine)]\n"
                 "        for i, affine in enumerate(affines, start=1):\n"
                 '            grads[f"W{i}"] = affine.dW\n'
                 '            grads[f"b{i}"] = affine.db\n'),
            ("grads['W1'] got the last Affine's dW: the layers were numbered in the order "
             "backward visits them.",
             "take each gradient from the Affine layer of the same number, by its key: the "
             "gradient of W<i> has W<i>'s shape, (sizes[i-1], sizes[i]).")),
    Mistake(LAYER_NET_GRADIENT, "dW and db swapped",
            edits(('grads[f"W{i}"] = self.layers[f"Affine{i}"].dW',
                   'grads[f"W{i}"] = self.layers[f"Affine{i}"].db'),
                  ('grads[f"b{i}"] = self.layers[f"Affine{i}"].db',
                   'grads[f"b{i}"] = self.layers[f"Affine{i}"].dW')),
            ("grads['W<i>'] holds a bias gradient and grads['b<i>'] a weight gradient.",
             "each gradient has the shape of its parameter: W<i>'s is the Affine's dW, b<i>'s "
             "its db.")),
    Mistake(LAYER_NET_GRADIENT, "one Relu shared by all layers", SHARED_RELU, SHARED_HINT,
            seed="001"),
    Mistake(LAYER_NET_GRADIENT, "the loss summed over the batch", SUMMED_LOSS,
            ("your loss is N times what your backward differentiates: the loss is summed over "
             "the batch.", MEAN_HINT), seed="001"),
    Mistake(LAYER_NET_GRADIENT, "a float64 one-hot",
            edit("dx[np.arange(n), self.t] -= 1", "dx = dx - np.eye(dx.shape[1])[self.t]"),
            ("SoftmaxWithLoss's backward turned float32 gradients float64: the one-hot rows "
             "it subtracts are float64 (np.eye's default).",
             "subtract 1 at each example's label from y itself, or build the one-hot rows in "
             "y's dtype. " + FLOAT32_HINT[1])),
    Mistake(LAYER_NET_GRADIENT, "numerical gradient nudges a copy",
            edit("for key, param in self.params.items():\n",
                 "for key, param in self.params.items():\n            param = param.copy()\n"),
            ("numerical_gradient nudged a copy of the parameter: the loss reads the arrays of "
             "self.params through the layers, so every difference is 0.",
             "nudge the entries of the arrays of self.params themselves, and put each one "
             "back.")),
    Mistake(LAYER_NET_GRADIENT, "numerical gradient does not restore",
            edit("                param[idx] = original\n", ""), RESTORE_HINT),
    Mistake(LAYER_NET_GRADIENT, "numerical gradient divided by h",
            edit("(f_plus - f_minus) / (2 * h)", "(f_plus - f_minus) / h"),
            ("your numerical gradient is twice the right one.",
             "divide the difference of the two losses by the distance between the two points "
             "at which they were taken.")),
    Mistake(LAYER_NET_GRADIENT, "gradient by central differences",
            edit(GRADIENT_BODY, "        return self.numerical_gradient(x, t)\n"),
            ("gradient returns central differences: that is the numerical gradient, and the "
             "exercise asks for backprop (in float32 the hidden tests' tolerance is out of its "
             "reach).",
             "one forward pass, then one backward pass through the layers last first, then "
             "each Affine's dW and db.")),
    Mistake(LAYER_NET_GRADIENT, "numerical_gradient of course.gradcheck",
            edit(NUDGE_LOOP,
                 "            from course.gradcheck import numerical_gradient\n\n"
                 "            def loss_at(value, param=param):\n"
                 "                saved = param.copy()\n"
                 "                param[...] = value\n"
                 "                loss = self.loss(x, t)\n"
                 "                param[...] = saved\n"
                 "                return loss\n\n"
                 "            grad = numerical_gradient(loss_at, param).astype(param.dtype)\n"),
            ("numerical_gradient calls the course's numerical_gradient, which is withheld in "
             "this exercise: the exercise asks you to write the central differences "
             "yourself.", NUMERICAL_HINT[1])),
    Mistake(LAYER_NET_GRADIENT, "Relu mask x < 0", STRICT_MASK,
            "a Relu whose mask is x < 0 instead of x <= 0 differs only where an input is "
            "exactly 0, where ReLU has no derivative: either choice is a right subgradient.",
            harmless=True),
    Mistake(LAYER_NET_GRADIENT, "list reversed in place",
            edit(BACKWARD_LOOP, "layers = list(self.layers.values())\n"
                                "        layers.reverse()\n"
                                "        for layer in layers:"),
            "reversing a list of the layers in place, then walking it, visits the layers in "
            "the same order as reversed(self.layers.values()).", harmless=True),
    # sgd_epoch
    Mistake(SGD_EPOCH, "a local name rebound",
            edit(f"for key, grad in grads.items():\n            {STEP}",
                 "for key, W in net.params.items():\n"
                 "            W = W - learning_rate * grads[key]"),
            REBIND_HINT, seed="002"),
    Mistake(SGD_EPOCH, "a new array in the dict",
            edit(STEP, "net.params[key] = net.params[key] - learning_rate * grad"),
            NEW_ARRAY_HINT),
    Mistake(SGD_EPOCH, "x and t shuffled apart",
            edits((ORDER, "order, t_order = rng.permutation(len(x)), rng.permutation(len(t))\n"),
                  ("net.gradient(x[batch], t[batch])",
                   "net.gradient(x[batch], t[t_order[start:start + batch_size]])")),
            PAIRS_HINT),
    Mistake(SGD_EPOCH, "batches drawn with replacement",
            edits(NO_ORDER, (BATCH, "batch = rng.choice(len(x), batch_size)")),
            ("each batch was drawn at random from all the examples, as the notes do with "
             "np.random.choice(train_size, batch_size) (file 001, problem 238): fine SGD, but "
             "not an epoch, where every example comes exactly once.", EPOCH_HINT[1]),
            seed="001"),
    Mistake(SGD_EPOCH, "the last, smaller batch dropped",
            edits(("for start in range(0, len(x), batch_size):",
                   "for step in range(len(x) // batch_size):"),
                  (BATCH, "batch = order[step * batch_size:(step + 1) * batch_size]")),
            ("the last len(x) % batch_size examples of the order were left out: only full "
             "batches were taken.", EPOCH_HINT[1])),
    Mistake(SGD_EPOCH, "range stops one batch short",
            edit("range(0, len(x), batch_size)", "range(0, len(x) - batch_size, batch_size)"),
            ("the loop over the batches stopped one batch early: a range's stop is exclusive.",
             "a batch starts at every multiple of batch_size below len(x).")),
    Mistake(SGD_EPOCH, "not shuffled", edit(ORDER, "order = np.arange(len(x))\n"),
            ("the batches went through x in its own order, the same every epoch.",
             ORDER_HINT[1])),
    Mistake(SGD_EPOCH, "a new order for every batch",
            edits(NO_ORDER, (BATCH, "order = rng.permutation(len(x))\n"
                                       "        batch = order[start:start + batch_size]")),
            ("a new order was drawn for every batch, so the batches come from different "
             "orders and overlap.",
             "draw the order once, before the loop over the batches.")),
    Mistake(SGD_EPOCH, "a step uphill",
            edit(STEP, "net.params[key] += learning_rate * grad"),
            ("the parameters moved along the gradient, uphill, where the loss grows.",
             "step against the gradient.")),
    Mistake(SGD_EPOCH, "the loss after the step",
            edit("losses.append(net.last_layer.loss)",
                 "losses.append(net.loss(x[batch], t[batch]))"),
            ("the losses are those of the batches after their steps, from a second forward "
             "pass (as the notes record them): one extra forward pass per batch.",
             LOSSES_HINT[1])),
    Mistake(SGD_EPOCH, "x and t shuffled in place",
            edits((ORDER, ORDER + "    x[...] = x[order]\n    t[...] = t[order]\n"),
                  (BATCH, "batch = slice(start, start + batch_size)")),
            ("the caller's x and t were reordered in place: the data set of the caller "
             "changed.",
             "leave x and t as they are and select each batch's rows by index: that copies "
             "just the rows of the batch.")),
    Mistake(SGD_EPOCH, "shuffled copies of x and t",
            edits((ORDER, ORDER + "    x, t = x[order], t[order]\n"),
                  (BATCH, "batch = slice(start, start + batch_size)")),
            "shuffled copies of x and t, then consecutive slices of them, give the same "
            "batches as indexing with the order; it copies the whole data set once per epoch, "
            "which is slower for MNIST but right.", harmless=True),
]
