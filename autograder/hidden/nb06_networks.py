"""Hidden tests of notebook 06: init_params against ``solutions.init_params`` on the same
random numbers, LayerNet (forward, backprop, numerical gradients) against
``solutions.LayerNet`` on identical weights, and sgd_epoch against ``solutions.sgd_epoch``,
on inputs drawn at grading time."""

import numpy as np

import solutions
from autograder.hidden import HiddenTest
from course.exercises.nb06_networks import ACTIVATIONS

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
    HiddenTest("init_params", solutions.init_params, init_params_cases, rtol=1e-6, atol=1e-9),
    HiddenTest("layer_net", solutions.LayerNet, layer_net_cases, rtol=1e-5, atol=1e-6),
    HiddenTest("layer_net_gradient", solutions.LayerNet, layer_net_gradient_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest("sgd_epoch", solutions.sgd_epoch, sgd_epoch_cases, rtol=1e-5, atol=1e-7),
]
