"""Hidden tests of notebook 06: LayerNet (forward, backprop, numerical gradients) against
``solutions.LayerNet`` on identical weights, and sgd_step, on inputs drawn at grading time."""

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


def reference_sgd_step(params, grads, learning_rate):
    for key in params:
        params[key] -= learning_rate * grads[key]


def sgd_step_cases(rng):
    cases = []
    for depth, dtype in [(1, np.float64), (2, np.float64), (3, np.float64), (2, np.float32)]:
        sizes = rng.integers(1, 6, size=depth + 1)
        case = {"learning_rate": float(rng.choice([0.01, 0.1, 0.5, 1.0]))}
        for i in range(1, depth + 1):
            for key, shape in ((f"W{i}", (sizes[i - 1], sizes[i])), (f"b{i}", (sizes[i],))):
                case[key] = rng.normal(size=shape).astype(dtype)
                case["d" + key] = rng.normal(size=shape).astype(dtype)
        cases.append(case)
    return cases


HIDDEN = [
    HiddenTest("layer_net", solutions.LayerNet, layer_net_cases, rtol=1e-5, atol=1e-6),
    HiddenTest("layer_net_gradient", solutions.LayerNet, layer_net_gradient_cases,
               rtol=1e-5, atol=1e-6),
    HiddenTest("sgd_step", reference_sgd_step, sgd_step_cases),
]
