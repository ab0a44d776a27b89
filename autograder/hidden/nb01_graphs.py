"""Hidden tests of notebook 01."""

import numpy as np

import solutions
from autograder.hidden import HiddenTest
from course.exercises.nb01_graphs import TEST_FUNCTIONS


def reference_j_graph(a, b, c):
    u = b * c
    v = a + u
    J = 3 * v
    dJ = 1.0
    dv = 3 * dJ
    da, du = dv * 1, dv * 1
    db, dc = du * c, du * b
    return J, (da, db, dc)


def reference_apple_graph(apple, apple_num, tax):
    mul_apple, mul_tax = solutions.MulLayer(), solutions.MulLayer()
    price = mul_tax.forward(mul_apple.forward(apple, apple_num), tax)
    dapple_price, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    return price, (dapple, dapple_num, dtax)


def reference_fruit_graph(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange = solutions.MulLayer(), solutions.MulLayer()
    add, mul_tax = solutions.AddLayer(), solutions.MulLayer()
    total = add.forward(mul_apple.forward(apple, apple_num), mul_orange.forward(orange, orange_num))
    price = mul_tax.forward(total, tax)
    dtotal, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add.backward(dtotal)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    return price, (dapple, dapple_num, dorange, dorange_num, dtax)


def numerical_derivative_cases(rng):
    """Each function at two random points with the default h, and x**3 and sin with an h
    of their own (for x**3 the central difference is 3x² + h², so h must be used)."""
    cases = [{"x": float(rng.uniform(-2, 2)), "which": which}
             for which in range(len(TEST_FUNCTIONS)) for _ in range(2)]
    cases += [{"x": float(rng.uniform(-2, 2)), "which": which, "h": float(h)}
              for which in (0, 1) for h in (1e-2, rng.uniform(1e-3, 1e-2))]
    return cases


def j_graph_cases(rng):
    cases = [{"a": float(rng.integers(-9, 10)), "b": float(rng.integers(-9, 10)),
              "c": float(rng.integers(-9, 10))}]
    cases += [{"a": float(rng.normal() * 3), "b": float(rng.normal() * 3),
               "c": float(rng.normal() * 3)} for _ in range(3)]
    return cases


def binary_node_cases(rng):
    cases = [{"x": float(rng.normal()), "y": float(rng.normal()), "dout": float(rng.normal())}]
    for shape in [(1,), (1, 3), (4, 2), (2, 3, 2)]:
        x, y, dout = (rng.normal(size=shape) for _ in range(3))
        cases.append({"x": x, "y": y, "dout": dout})
    x, y, dout = (rng.normal(size=(3, 2)).astype(np.float32) for _ in range(3))
    cases.append({"x": x, "y": y, "dout": dout})  # float32 in, float32 out
    return cases


def div_cases(rng):
    """Like binary_node_cases, with divisors away from 0 (and of both signs)."""
    def divisor(size=None):
        return rng.choice([-1.0, 1.0], size=size) * rng.uniform(0.5, 3.0, size=size)

    cases = [{"x": float(rng.normal() * 3), "y": float(divisor()),
              "dout": float(rng.normal())}]
    for shape in [(1,), (1, 3), (4, 2), (2, 3, 2)]:
        cases.append({"x": rng.normal(size=shape) * 3, "y": divisor(shape),
                      "dout": rng.normal(size=shape)})
    cases.append({"x": rng.normal(size=(3, 2)).astype(np.float32),
                  "y": divisor((3, 2)).astype(np.float32),
                  "dout": rng.normal(size=(3, 2)).astype(np.float32)})
    return cases


def purchase_cases(rng, fruits):
    cases = []
    for _ in range(3):
        case = {}
        for fruit in fruits:
            case[fruit] = float(rng.integers(50, 500))
            case[f"{fruit}_num"] = float(rng.integers(1, 9))
        case["tax"] = float(rng.uniform(1.0, 1.3))
        cases.append(case)
    return cases


HIDDEN = [
    HiddenTest("numerical_derivative", solutions.numerical_derivative,
               numerical_derivative_cases, rtol=1e-6, atol=1e-6),
    HiddenTest("j_graph", reference_j_graph, j_graph_cases, check_dtype=False),
    HiddenTest("mul_layer", solutions.MulLayer, binary_node_cases),
    HiddenTest("div_layer", solutions.DivLayer, div_cases),
    HiddenTest("apple_graph", reference_apple_graph, lambda rng: purchase_cases(rng, ["apple"])),
    HiddenTest("fruit_graph", reference_fruit_graph,
               lambda rng: purchase_cases(rng, ["apple", "orange"])),
]
