"""Notebook 01, computation graphs: the numerical derivative, J = 3(a + bc) by hand,
MulLayer, DivLayer (a node whose local derivatives the learner works out), and the apple and
apple-and-orange purchases (built with the notebook's AddLayer, which is given)."""

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    Exercise,
    expect_close,
    expect_gradient,
    expect_shape,
    run_with_hints,
    unpack,
)
from course.gradcheck import layer_numerical_gradient, numerical_gradient

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
                 "MulLayer: its check must pass first.")


# --------------------------------------------------------------------------------------
# numerical_derivative
# --------------------------------------------------------------------------------------


def drive_numerical_derivative(numerical_derivative, x, which, h=None):
    """numerical_derivative(f, x) for the test function number ``which``; with ``h`` given,
    numerical_derivative(f, x, h)."""
    f = TEST_FUNCTIONS[int(which)][0]
    if h is None:
        return {"derivative": numerical_derivative(f, float(x))}
    return {"derivative": numerical_derivative(f, float(x), float(h))}


CENTRAL_HINT = "nudge x by h both ways: (f(x + h) - f(x - h)) / (2 * h)."


def public_numerical_derivative(run):
    for which, x in [(3, 5.0), (0, 2.0), (1, 0.5), (2, 1.0)]:
        _, df, name = TEST_FUNCTIONS[which]
        got = float(run(x=x, which=which)["derivative"])
        expect_close(f"numerical_derivative of {name} at x={x}", got, float(df(x)),
                     rtol=1e-6, hint=CENTRAL_HINT)
    # For x**3 the central difference is exactly 3x² + h², whatever h is: h must be used.
    got = float(run(x=2.0, which=0, h=0.01)["derivative"])
    expect_close("numerical_derivative of x**3 at x=2 with h=0.01", got, 12.0001, rtol=1e-9,
                 hint="with h = 0.01 the central difference of x**3 at 2 is 12 + h² = "
                      "12.0001: use the h you are given, not a fixed 1e-4.")


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
    expect_close("da at a=5, b=3, c=2", out["da"], 3.0, hint="da = dv * dv/da = 3 * 1.")
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


ELEMENTWISE_HINT = (
    "a multiply node multiplies element by element: x and y of shape (N, D) give out = x * y "
    "of shape (N, D), and dx = dout * y, dy = dout * x keep that shape. np.dot(x, y) (or "
    "x @ y) is the matrix product, (N, D)·(D, M) → (N, M): it needs other shapes and gives "
    "other numbers. Use * everywhere in MulLayer.")
MUL_HINTS = [(SHAPE_ERRORS, ELEMENTWISE_HINT)]


def public_mul_layer(run):
    out = run_with_hints(run, MUL_HINTS, x=100.0, y=2.0, dout=1.1)
    expect_close("MulLayer().forward(100, 2)", out["out"], 200.0, hint="out = x * y.")
    expect_close("dx of backward(1.1) after forward(100, 2)", out["dx"], 2.2,
                 hint="dx = dout * y: the gradient of x is dout times the other input.")
    expect_close("dy of backward(1.1) after forward(100, 2)", out["dy"], 110.0,
                 hint="dy = dout * x. Did forward store both inputs (self.x = x, self.y = y)?")
    for shape in [(2, 2), (2, 3)]:
        size = int(np.prod(shape))
        x = np.linspace(-2.0, 3.0, size).reshape(shape)
        y = np.linspace(4.0, -1.5, size).reshape(shape)
        dout = np.arange(1.0, size + 1).reshape(shape)
        out = run_with_hints(run, MUL_HINTS, x=x, y=y, dout=dout)
        label = f"MulLayer on arrays of shape {shape}"
        expect_close(f"{label}: forward", out["out"], x * y, hint=ELEMENTWISE_HINT)
        expect_close(f"{label}: dx", out["dx"], dout * y, hint="dx = dout * self.y.")
        expect_close(f"{label}: dy", out["dy"], dout * x, hint="dy = dout * self.x.")


# --------------------------------------------------------------------------------------
# DivLayer: a node whose local derivatives the learner works out
# --------------------------------------------------------------------------------------


def drive_div_layer(DivLayer, x, y, dout):
    layer = DivLayer()
    out = layer.forward(x, y)
    dx, dy = unpack(layer.backward(dout), 2, "DivLayer.backward(dout)")
    return {"out": out, "dx": dx, "dy": dy}


DX_HINT = ("out = x / y moves by 1/y when x moves by 1 (y held fixed): dx = dout / y. "
           "Did forward keep y (self.y = y)?")
DY_HINT = ("hold x fixed: out = x * (1/y), and the derivative of 1/y is -1/y², so "
           "d(x/y)/dy = -x/y². The minus matters: more people, a smaller share. "
           "Check it by nudging y with your numerical_derivative.")
DIV_HINTS = [(("NoneType",), "backward needs the inputs of forward: keep them on self there.")]


def public_div_layer(run):
    out = run_with_hints(run, DIV_HINTS, x=220.0, y=4.0, dout=1.0)
    expect_close("DivLayer().forward(220, 4)", out["out"], 55.0, hint="out = x / y.")
    expect_close("dx of backward(1) after forward(220, 4)", out["dx"], 0.25, hint=DX_HINT)
    expect_close("dy of backward(1) after forward(220, 4)", out["dy"], -13.75, hint=DY_HINT)
    out = run_with_hints(run, DIV_HINTS, x=3.0, y=-1.5, dout=2.0)
    label = "DivLayer: backward(2) after forward(3, -1.5)"
    expect_close(f"{label}: dx", out["dx"], -4.0 / 3.0,
                 hint="dx = dout times the local derivative, here 2 * (1 / -1.5). " + DX_HINT)
    expect_close(f"{label}: dy", out["dy"], -8.0 / 3.0,
                 hint="dy = dout times the local derivative, here 2 * (-3 / 2.25). " + DY_HINT)
    for shape in [(2, 2), (2, 3)]:
        size = int(np.prod(shape))
        x = np.linspace(-2.0, 3.0, size).reshape(shape)
        y = np.linspace(0.5, 2.5, size).reshape(shape) * np.resize([1.0, -1.0], shape)
        dout = np.linspace(1.0, -1.5, size).reshape(shape)
        out = run_with_hints(run, DIV_HINTS, x=x, y=y, dout=dout)
        label = f"DivLayer on arrays of shape {shape}"
        expect_shape(f"{label}: forward", out["out"], shape,
                     hint="x / y works element by element, like x * y.")
        expect_close(f"{label}: forward", out["out"], x / y)

        def of_x(p, y=y, dout=dout):
            return run(x=p, y=y, dout=dout)["out"]

        def of_y(p, x=x, dout=dout):
            return run(x=x, y=p, dout=dout)["out"]

        expect_gradient(f"{label}: dx", out["dx"], layer_numerical_gradient(of_x, x, dout),
                        hint=DX_HINT)
        expect_gradient(f"{label}: dy", out["dy"], layer_numerical_gradient(of_y, y, dout),
                        hint=DY_HINT)


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
    expect_close("dapple", out["dapple"], 2.2, hint=RIGHT_TO_LEFT)
    expect_close("dapple_num", out["dapple_num"], 110.0, hint=RIGHT_TO_LEFT)
    expect_close("dtax", out["dtax"], 200.0,
                 hint="dtax = dprice * apple_price = 1 * 200. " + RIGHT_TO_LEFT)
    out = run(apple=50.0, apple_num=4.0, tax=1.25)
    label = "apple_graph(50, 4, 1.25)"
    expect_close(f"{label}: price", out["price"], 250.0,
                 hint="use the arguments, not the worked example's numbers 100, 2 and 1.1.")
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
    for key, value in [("dapple", 2.2), ("dapple_num", 110.0), ("dorange", 3.3),
                       ("dorange_num", 165.0), ("dtax", 650.0)]:
        expect_close(key, out[key], value, hint=RIGHT_TO_LEFT)
    out = run(apple=80.0, apple_num=5.0, orange=120.0, orange_num=2.0, tax=1.2)
    label = "fruit_graph(80, 5, 120, 2, 1.2)"
    expect_close(f"{label}: price", out["price"], 768.0,
                 hint="use the arguments, not the worked example's numbers.")
    for key, value in [("dapple", 6.0), ("dapple_num", 96.0), ("dorange", 2.4),
                       ("dorange_num", 144.0), ("dtax", 640.0)]:
        expect_close(f"{label}: {key}", out[key], value, hint=RIGHT_TO_LEFT)


# --------------------------------------------------------------------------------------
# Probes: fixed inputs on which the known mistakes are told apart (course.mistakes)
# --------------------------------------------------------------------------------------

NUMERICAL_DERIVATIVE_PROBES = (
    {"x": 2.0, "which": 0},             # x**3: one-sided and central differ in the 4th digit
    {"x": 2.0, "which": 0, "h": 0.01},  # the h argument is used
    {"x": 0.5, "which": 1})
J_GRAPH_PROBES = (
    {"a": 5.0, "b": 3.0, "c": 2.0},     # the notes' numbers
    {"a": -1.5, "b": 0.25, "c": 4.0})   # b != c, and not the notes' numbers
BINARY_NODE_PROBES = (
    {"x": 100.0, "y": 2.0, "dout": 1.1},
    {"x": np.array([[1.0, -2.0], [3.0, 0.5]]), "y": np.array([[4.0, 5.0], [-1.0, 2.0]]),
     "dout": np.array([[1.0, 2.0], [3.0, 4.0]])},
    {"x": np.array([0.5, -1.0, 2.0], dtype=np.float32),
     "y": np.array([3.0, 0.25, -2.0], dtype=np.float32),
     "dout": np.array([1.5, -1.0, 0.5], dtype=np.float32)})
DIV_PROBES = (
    {"x": 220.0, "y": 4.0, "dout": 1.0},
    {"x": np.array([[1.0, -2.0], [3.0, 0.5]]), "y": np.array([[4.0, -0.5], [2.0, 1.5]]),
     "dout": np.array([[1.0, 2.0], [-3.0, 0.5]])},
    {"x": np.array([6.0, -1.0, 2.5], dtype=np.float32),
     "y": np.array([3.0, 0.25, -2.0], dtype=np.float32),
     "dout": np.array([1.5, -1.0, 0.5], dtype=np.float32)})
APPLE_PROBES = (
    {"apple": 100.0, "apple_num": 2.0, "tax": 1.1},
    {"apple": 50.0, "apple_num": 4.0, "tax": 1.25})
FRUIT_PROBES = (
    {"apple": 100.0, "apple_num": 2.0, "orange": 150.0, "orange_num": 3.0, "tax": 1.1},
    {"apple": 80.0, "apple_num": 5.0, "orange": 120.0, "orange_num": 2.0, "tax": 1.2})

NUMERICAL_DERIVATIVE = Exercise(
    name="numerical_derivative",
    title="numerical_derivative(f, x)",
    points=2,
    drive=drive_numerical_derivative,
    public=public_numerical_derivative,
    still_hidden=("the same four functions at random points between -2 and 2, with the default h "
        "and with other values of h"),
    probes=NUMERICAL_DERIVATIVE_PROBES)

J_GRAPH = Exercise(
    name="j_graph",
    title="j_graph(a, b, c), forward and backward by hand",
    points=2,
    drive=drive_j_graph,
    public=public_j_graph,
    still_hidden=("random values of a, b and c, integers and fractions, "
        "negative ones included"),
    probes=J_GRAPH_PROBES)

MUL_LAYER = Exercise(
    name="mul_layer",
    title="MulLayer forward and backward",
    points=2,
    drive=drive_mul_layer,
    public=public_mul_layer,
    still_hidden=("random numbers and arrays of several shapes (one element, one row, 3-D), "
        "float32 arrays (float32 in, float32 out), a fresh layer for each, and that "
        "no input is changed in place"),
    probes=BINARY_NODE_PROBES)

DIV_LAYER = Exercise(
    name="div_layer",
    title="DivLayer forward and backward",
    points=2,
    drive=drive_div_layer,
    public=public_div_layer,
    still_hidden=("random numbers and arrays of several shapes (one element, one row, 3-D), "
        "negative divisors, float32 arrays (float32 in, float32 out), a fresh layer for "
        "each, and that no input is changed in place"),
    probes=DIV_PROBES)

APPLE_GRAPH = Exercise(
    name="apple_graph",
    title="the apple purchase graph",
    points=2,
    drive=drive_apple_graph,
    public=public_apple_graph,
    still_hidden="other prices, counts and tax rates",
    probes=APPLE_PROBES)

FRUIT_GRAPH = Exercise(
    name="fruit_graph",
    title="the apple-and-orange purchase graph",
    points=3,
    drive=drive_fruit_graph,
    public=public_fruit_graph,
    still_hidden="other prices, counts and tax rates",
    probes=FRUIT_PROBES)

EXERCISES = [NUMERICAL_DERIVATIVE, J_GRAPH, MUL_LAYER, DIV_LAYER, APPLE_GRAPH, FRUIT_GRAPH]
