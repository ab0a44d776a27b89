"""Notebook 01, computation graphs: the numerical derivative, J = 3(a + bc) by hand,
MulLayer, AddLayer, and the apple and apple-and-orange purchases."""

import numpy as np

from course.checking import (
    CheckFailed,
    Exercise,
    NotImplementedYet,
    expect_close,
    expect_gradient,
    unpack,
)
from course.gradcheck import numerical_gradient

# Functions the numerical-derivative exercise is tried on, with their exact derivatives.
# Inputs to drivers are numbers and arrays only, so a function is chosen by its index.
TEST_FUNCTIONS = [
    (lambda x: x ** 3, lambda x: 3 * x ** 2, "x**3"),
    (np.sin, np.cos, "sin(x)"),
    (np.exp, np.exp, "exp(x)"),
    (lambda a: 3 * (a + 3 * 2), lambda a: 3.0, "J(a) = 3(a + bc) with b=3, c=2"),
]

RIGHT_TO_LEFT = ("walk the graph right to left, one layer's backward at a time, in the "
                 "reverse order of forward, starting with dprice = 1. This uses your "
                 "MulLayer (and AddLayer): their checks must pass first.")


def _with_hint(run, patterns, hint, **inputs):
    """``run(**inputs)``; a failure whose message contains one of ``patterns`` gets ``hint``."""
    try:
        return run(**inputs)
    except NotImplementedYet:
        raise
    except CheckFailed as failure:
        if any(p in failure.message for p in patterns):
            raise CheckFailed(failure.message, hint) from None
        raise


# --------------------------------------------------------------------------------------
# numerical_derivative
# --------------------------------------------------------------------------------------


def drive_numerical_derivative(numerical_derivative, x, which):
    f = TEST_FUNCTIONS[int(which)][0]
    return {"derivative": numerical_derivative(f, float(x))}


def _derivative_hint(f, x, got, expected):
    """A hint naming the recognisable mistake behind ``got``, or None."""
    def near(value, rtol=1e-3):
        return abs(got - value) <= rtol * max(1e-8, abs(value))

    if near((f(x + 1e-4) - f(x)) / 1e-4, rtol=1e-7):
        return ("this looks like the one-sided difference (f(x + h) - f(x)) / h; the "
                "central difference (f(x + h) - f(x - h)) / (2h) is far more accurate.")
    if near(2 * expected):
        return ("your result is twice the derivative: the two points x - h and x + h are 2h "
                "apart, so divide by 2 * h.")
    if near(expected * 1e-8):
        return ("divide by (2 * h), with the parentheses: / 2 * h divides by 2 and then "
                "multiplies by h.")
    if near(expected):
        return ("close, but not close enough: use the central difference with the default "
                "h = 1e-4; its error shrinks like h**2.")
    return "nudge x by h both ways: (f(x + h) - f(x - h)) / (2 * h)."


def public_numerical_derivative(run):
    for which, x in [(3, 5.0), (0, 2.0), (1, 0.5), (2, 1.0)]:
        f, df, name = TEST_FUNCTIONS[which]
        got = float(run(x=x, which=which)["derivative"])
        expected = float(df(x))
        expect_close(f"numerical_derivative of {name} at x={x}", got, expected, rtol=1e-6,
                     hint=_derivative_hint(f, x, got, expected))


# --------------------------------------------------------------------------------------
# J = 3(a + bc), forward and backward by hand
# --------------------------------------------------------------------------------------


def drive_j_graph(j_graph, a, b, c):
    J, grads = unpack(j_graph(a, b, c), 2, "j_graph(a, b, c)")
    da, db, dc = unpack(grads, 3, "the gradients part of j_graph(a, b, c)")
    return {"J": J, "da": da, "db": db, "dc": dc}


def public_j_graph(run):
    out = run(a=5.0, b=3.0, c=2.0)
    expect_close("J at a=5, b=3, c=2", out["J"], 33.0,
                 hint="forward, left to right: u = b * c = 6, v = a + u = 11, J = 3 * v = 33.")
    if np.isclose(out["da"], 1.0):
        raise CheckFailed("da at a=5, b=3, c=2 is 1, expected 3.",
                          hint="1 is dv/da, the local derivative of the add node. The chain "
                               "rule multiplies it by what comes from the right: "
                               "da = dv * 1 with dv = dJ/dv = 3.")
    expect_close("da at a=5, b=3, c=2", out["da"], 3.0, hint="da = dv * dv/da = 3 * 1.")
    if np.isclose(out["db"], 9.0) and np.isclose(out["dc"], 6.0):
        raise CheckFailed("db = 9 and dc = 6 at a=5, b=3, c=2: the two are swapped.",
                          hint="u = b * c, so du/db = c and du/dc = b: each input of a "
                               "multiply node gets the *other* input. db = du * c = 3 * 2.")
    if np.isclose(out["db"], 2.0) or np.isclose(out["dc"], 3.0):
        raise CheckFailed(f"db = {out['db']:g}, dc = {out['dc']:g} at a=5, b=3, c=2: those "
                          "are the local derivatives du/db = c and du/dc = b alone.",
                          hint="multiply each local derivative by du = dJ/du = 3, which comes "
                               "from the right: db = du * c = 6, dc = du * b = 9.")
    expect_close("db at a=5, b=3, c=2", out["db"], 6.0, hint="db = du * du/db = du * c = 3 * 2.")
    expect_close("dc at a=5, b=3, c=2", out["dc"], 9.0, hint="dc = du * du/dc = du * b = 3 * 3.")

    point = {"a": 1.0, "b": -2.0, "c": 0.5}
    out = run(**point)
    label = "j_graph at a=1, b=-2, c=0.5"
    expect_close(f"{label}: J", out["J"], 0.0, atol=1e-12,
                 hint="use the arguments a, b, c: J = 3 * (a + b * c) = 3 * (1 - 1) = 0.")
    analytic = np.array([out["da"], out["db"], out["dc"]], dtype=np.float64)

    def J_of(vector):
        return float(run(a=vector[0], b=vector[1], c=vector[2])["J"])

    numerical = numerical_gradient(J_of, [point["a"], point["b"], point["c"]])
    expect_gradient(f"{label}: (da, db, dc)", analytic, numerical,
                    hint="the numbers 3, 6 and 9 belong to a=5, b=3, c=2; in general "
                         "da = 3, db = 3 * c and dc = 3 * b.")


# --------------------------------------------------------------------------------------
# MulLayer and AddLayer
# --------------------------------------------------------------------------------------


def drive_mul_layer(MulLayer, x, y, dout):
    layer = MulLayer()
    out = layer.forward(x, y)
    dx, dy = unpack(layer.backward(dout), 2, "MulLayer.backward(dout)")
    return {"out": out, "dx": dx, "dy": dy}


def public_mul_layer(run):
    out = run(x=100.0, y=2.0, dout=1.1)
    expect_close("MulLayer().forward(100, 2)", out["out"], 200.0, hint="out = x * y.")
    if np.isclose(out["dx"], 1.1 * 100) and np.isclose(out["dy"], 1.1 * 2):
        raise CheckFailed("backward(1.1) after forward(100, 2) returned dx = 110, dy = 2.2: "
                          "the two gradients are swapped.",
                          hint="the gradient of x is dout times the *other* input: "
                               "dx = dout * y, dy = dout * x.")
    if np.isclose(out["dx"], 2.2) and np.isclose(out["dy"], 2.2):
        raise CheckFailed("backward(1.1) after forward(100, 2) returned dx = 2.2 and "
                          "dy = 2.2; dy should be 1.1 * 100 = 110.",
                          hint="dy = dout * self.x, so self.x must hold x. Look at forward: "
                               "the seed's MulLayer had `self.x = y` there, which keeps y twice.")
    expect_close("dx of backward(1.1) after forward(100, 2)", out["dx"], 2.2,
                 hint="dx = dout * y: the gradient of x is dout times the other input.")
    expect_close("dy of backward(1.1) after forward(100, 2)", out["dy"], 110.0,
                 hint="dy = dout * x. Did forward store both inputs (self.x = x, self.y = y)?")
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    y = np.array([[4.0, 5.0], [-1.0, 2.0]])
    dout = np.array([[1.0, 2.0], [3.0, 4.0]])
    out = run(x=x, y=y, dout=dout)
    expect_close("MulLayer on arrays: forward", out["out"], x * y)
    expect_close("MulLayer on arrays: dx", out["dx"], dout * y)
    expect_close("MulLayer on arrays: dy", out["dy"], dout * x)


def drive_add_layer(AddLayer, x, y, dout):
    layer = AddLayer()
    out = layer.forward(x, y)
    dx, dy = unpack(layer.backward(dout), 2, "AddLayer.backward(dout)")
    return {"out": out, "dx": dx, "dy": dy}


def public_add_layer(run):
    out = run(x=200.0, y=450.0, dout=1.1)
    expect_close("AddLayer().forward(200, 450)", out["out"], 650.0, hint="out = x + y.")
    if np.isclose(out["dx"], 1.0) and np.isclose(out["dy"], 1.0):
        raise CheckFailed("backward(1.1) returned dx = dy = 1, expected 1.1 each.",
                          hint="1 is only the local derivative of x + y; the chain rule "
                               "multiplies it by dout: dx = dout * 1, dy = dout * 1.")
    expect_close("dx of backward(1.1)", out["dx"], 1.1,
                 hint="an add node passes dout on unchanged to both inputs.")
    expect_close("dy of backward(1.1)", out["dy"], 1.1,
                 hint="an add node passes dout on unchanged to both inputs.")
    dout = np.array([[1.0, -2.0, 0.5]])
    out = run(x=np.array([[1.0, 2.0, 3.0]]), y=np.array([[0.5, 0.5, 0.5]]), dout=dout)
    expect_close("AddLayer on arrays of shape (1, 3): forward", out["out"], [[1.5, 2.5, 3.5]])
    expect_close("AddLayer on arrays of shape (1, 3): dx", out["dx"], dout)
    expect_close("AddLayer on arrays of shape (1, 3): dy", out["dy"], dout)


# --------------------------------------------------------------------------------------
# The purchases
# --------------------------------------------------------------------------------------


def drive_apple_graph(apple_graph, apple, apple_num, tax):
    price, grads = unpack(apple_graph(apple, apple_num, tax), 2, "apple_graph(...)")
    dapple, dapple_num, dtax = unpack(grads, 3, "the gradients part of apple_graph(...)")
    return {"price": price, "dapple": dapple, "dapple_num": dapple_num, "dtax": dtax}


def public_apple_graph(run):
    out = run(apple=100.0, apple_num=2.0, tax=1.1)
    expect_close("price", out["price"], 220.0, hint="price = apple * apple_num * tax.")
    if np.isclose(out["dapple"], 2.0) and np.isclose(out["dapple_num"], 100.0):
        raise CheckFailed("dapple = 2 and dapple_num = 100: the tax is missing from both.",
                          hint="mul_apple_layer.backward needs what the tax node sends back, "
                               "dapple_price = dprice * tax = 1.1, not 1.")
    expect_close("dapple", out["dapple"], 2.2, hint=RIGHT_TO_LEFT)
    expect_close("dapple_num", out["dapple_num"], 110.0, hint=RIGHT_TO_LEFT)
    expect_close("dtax", out["dtax"], 200.0,
                 hint="dtax = dprice * apple_price = 1 * 200. " + RIGHT_TO_LEFT)
    out = run(apple=50.0, apple_num=4.0, tax=1.25)
    label = "apple_graph(50, 4, 1.25)"
    expect_close(f"{label}: price", out["price"], 250.0,
                 hint="use the arguments, not the seed's numbers 100, 2 and 1.1.")
    for key, value in [("dapple", 5.0), ("dapple_num", 62.5), ("dtax", 200.0)]:
        expect_close(f"{label}: {key}", out[key], value, hint=RIGHT_TO_LEFT)


def drive_fruit_graph(fruit_graph, apple, apple_num, orange, orange_num, tax):
    price, grads = unpack(fruit_graph(apple, apple_num, orange, orange_num, tax), 2,
                          "fruit_graph(...)")
    names = ["dapple", "dapple_num", "dorange", "dorange_num", "dtax"]
    values = unpack(grads, 5, "the gradients part of fruit_graph(...)")
    return {"price": price, **dict(zip(names, values))}


def public_fruit_graph(run):
    out = run(apple=100.0, apple_num=2.0, orange=150.0, orange_num=3.0, tax=1.1)
    expect_close("price", out["price"], 715.0,
                 hint="(apple * apple_num + orange * orange_num) * tax = 650 * 1.1.")
    if np.isclose(out["dapple_num"], 100.0) or np.isclose(out["dorange_num"], 150.0):
        raise CheckFailed("the tax is missing from the gradients of the counts (dapple_num "
                          f"= {out['dapple_num']:g}, dorange_num = {out['dorange_num']:g}).",
                          hint="the add node passes dall_price = dprice * tax = 1.1 on to both "
                               "multiply nodes: give each of their backward calls that 1.1.")
    if np.isclose(out["dapple"], 110.0) and np.isclose(out["dapple_num"], 2.2):
        raise CheckFailed("dapple = 110 and dapple_num = 2.2: the two are swapped.",
                          hint="return (dapple, dapple_num, dorange, dorange_num, dtax) in this "
                               "order (the seed prints dapple_num first). dapple = tax * "
                               "apple_num = 2.2.")
    if np.isclose(out["dapple"], 3.3) and np.isclose(out["dorange"], 2.2):
        raise CheckFailed("dapple = 3.3 and dorange = 2.2: the apples and the oranges are "
                          "swapped.",
                          hint="dapple comes from mul_apple_layer.backward, dorange from "
                               "mul_orange_layer.backward; keep the order of the returned tuple.")
    for key, value in [("dapple_num", 110.0), ("dapple", 2.2), ("dorange", 3.3),
                       ("dorange_num", 165.0), ("dtax", 650.0)]:
        expect_close(key, out[key], value, hint=RIGHT_TO_LEFT)
    out = run(apple=80.0, apple_num=5.0, orange=120.0, orange_num=2.0, tax=1.2)
    label = "fruit_graph(80, 5, 120, 2, 1.2)"
    expect_close(f"{label}: price", out["price"], 768.0,
                 hint="use the arguments, not the seed's numbers.")
    for key, value in [("dapple", 6.0), ("dapple_num", 96.0), ("dorange", 2.4),
                       ("dorange_num", 144.0), ("dtax", 640.0)]:
        expect_close(f"{label}: {key}", out[key], value, hint=RIGHT_TO_LEFT)


EXERCISES = [
    Exercise("numerical_derivative", "numerical_derivative(f, x)",
             drive_numerical_derivative, public_numerical_derivative,
             "more functions at more points, and that you used the central difference"),
    Exercise("j_graph", "j_graph(a, b, c), forward and backward by hand", drive_j_graph,
             public_j_graph, "random values of a, b and c"),
    Exercise("mul_layer", "MulLayer forward and backward", drive_mul_layer, public_mul_layer,
             "random numbers and arrays of several shapes, and a fresh layer for each"),
    Exercise("add_layer", "AddLayer forward and backward", drive_add_layer, public_add_layer,
             "random numbers and arrays of several shapes"),
    Exercise("apple_graph", "the apple purchase graph", drive_apple_graph, public_apple_graph,
             "other prices, counts and tax rates"),
    Exercise("fruit_graph", "the apple-and-orange purchase graph", drive_fruit_graph,
             public_fruit_graph, "other prices, counts and tax rates"),
]
