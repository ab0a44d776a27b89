"""Notebook 01, computation graphs: the numerical derivative, J = 3(a + bc) by hand,
MulLayer, DivLayer (a node whose local derivatives the learner works out), and the apple and
apple-and-orange purchases (built with the notebook's AddLayer, which is given).

The public checks compare with the notes' worked numbers, with the right outputs stored at
release (``examples``, ``run.example``), and with numerical gradients; nothing here computes
an answer. The exercises done by hand withhold the shortcuts around them (``withheld``)."""

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    Exercise,
    expect_close,
    expect_dtype,
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

# The shortcuts around a derivation: while such an answer runs, these are not available.
NUMERICAL = ("numerical_derivative", "numerical_gradient", "layer_numerical_gradient")

RIGHT_TO_LEFT = ("walk the graph right to left, one layer's backward at a time, in the "
                 "reverse order of forward, starting from a gradient of 1 at the price; feed "
                 "each node what the node to its right sent back. This uses your MulLayer: "
                 "its check must pass first.")
NOT_EXACT = ("close, but not exact: this looks like a derivative by nudges (a difference "
             "of two nearby values), which loses digits. The exercise asks for the exact "
             "derivative: work it out with the chain rule, node by node.")


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


CENTRAL_HINT = ("your slope is off in the 6th digit or worse. Nudge x by h to both sides, "
                "and divide the change of f by the distance between the two points you "
                "evaluated f at: the central difference of the docstring.")


def public_numerical_derivative(run):
    for which, x in [(3, 5.0), (0, 2.0), (1, 0.5), (2, 1.0)]:
        _, df, name = TEST_FUNCTIONS[which]
        got = float(run(x=x, which=which)["derivative"])
        expect_close(f"numerical_derivative of {name} at x={x}", got, float(df(x)),
                     rtol=1e-6, hint=CENTRAL_HINT)
    # For x**3 the central difference is exactly 3x² + h², whatever h is: h must be used.
    got, right = run.example("x**3 with h=0.01")
    expect_close("numerical_derivative of x**3 at x=2 with h=0.01", got["derivative"],
                 right["derivative"], rtol=1e-9,
                 hint="with h = 0.01 the central difference of x**3 at 2 is 12 + h² = "
                      "12.0001: use the h you are given, not a fixed step of your own.")


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
                 hint="J should be 33: compute the forward one node at a time, left to "
                      "right (u is 6 and v is 11 in the worked example).")
    expect_close("da at a=5, b=3, c=2", out["da"], 3.0,
                 hint="da should be 3: the add node passes the gradient arriving from its "
                      "right on unchanged, and that gradient is dJ/dv, the 3 of J = 3v.")
    expect_close("db at a=5, b=3, c=2", out["db"], 6.0,
                 hint="db should be 6: du times the local derivative of the multiply node "
                      "u = bc with respect to b, which is its other input.")
    expect_close("dc at a=5, b=3, c=2", out["dc"], 9.0,
                 hint="dc should be 9: du times the local derivative of the multiply node "
                      "u = bc with respect to c, which is its other input.")

    point = {"a": 1.0, "b": -2.0, "c": 0.5}
    out = run(**point)
    label = "j_graph at a=1, b=-2, c=0.5"
    expect_close(f"{label}: J", out["J"], 0.0, atol=1e-12,
                 hint="J should be 0 here: use the arguments a, b, c, not the worked "
                      "example's numbers.")
    analytic = np.array([out["da"], out["db"], out["dc"]], dtype=np.float64)

    def J_of(vector):
        return float(run(a=vector[0], b=vector[1], c=vector[2])["J"])

    numerical = numerical_gradient(J_of, [point["a"], point["b"], point["c"]])
    expect_gradient(f"{label}: (da, db, dc)", analytic, numerical,
                    hint="the numbers 3, 6 and 9 belong to a=5, b=3, c=2 only: a local "
                         "derivative of a multiply node is whatever its other input is now.")

    got, right = run.example("large a")
    for key in ("J", "da", "db", "dc"):
        expect_close(f"j_graph at a=1e9, b=0.25, c=4: {key}", got[key], right[key],
                     rtol=1e-12, atol=0.0, hint=f"{key} is " + NOT_EXACT)


# --------------------------------------------------------------------------------------
# MulLayer and AddLayer
# --------------------------------------------------------------------------------------


def drive_mul_layer(MulLayer, x, y, dout):
    layer = MulLayer()
    out = layer.forward(x, y)
    dx, dy = unpack(layer.backward(dout), 2, "MulLayer.backward(dout)")
    return {"out": out, "dx": dx, "dy": dy}


ELEMENTWISE_HINT = (
    "MulLayer multiplies x and y as matrices (np.dot or @): that needs other shapes and "
    "gives other numbers. A multiply node works element by element: out, dx and dy all "
    "have the shape of x.")
MUL_HINTS = [(SHAPE_ERRORS, ELEMENTWISE_HINT)]
MUL_EXAMPLES = {
    f"arrays {shape}": {
        "x": np.linspace(-2.0, 3.0, int(np.prod(shape))).reshape(shape),
        "y": np.linspace(4.0, -1.5, int(np.prod(shape))).reshape(shape),
        "dout": np.arange(1.0, int(np.prod(shape)) + 1).reshape(shape)}
    for shape in [(2, 2), (2, 3)]}


def public_mul_layer(run):
    out = run_with_hints(run, MUL_HINTS, x=100.0, y=2.0, dout=1.1)
    expect_close("MulLayer().forward(100, 2)", out["out"], 200.0,
                 hint="forward should return 200, the product of its two inputs.")
    expect_close("dx of backward(1.1) after forward(100, 2)", out["dx"], 2.2,
                 hint="dx should be 1.1 × 2 = 2.2: the gradient of x is dout times the "
                      "other input.")
    expect_close("dy of backward(1.1) after forward(100, 2)", out["dy"], 110.0,
                 hint="dy should be 1.1 × 100 = 110: dout times the other input. Did "
                      "forward keep both of its inputs on self, each under its own name?")
    for name, inputs in MUL_EXAMPLES.items():
        out = run_with_hints(run, MUL_HINTS, **inputs)
        right = run.example(name)[1]
        label = f"MulLayer on {name}"
        for key in ("out", "dx", "dy"):
            expect_shape(f"{label}: {key}", out[key], inputs["x"].shape, hint=ELEMENTWISE_HINT)
        expect_close(f"{label}: forward", out["out"], right["out"], hint=ELEMENTWISE_HINT)
        expect_close(f"{label}: dx", out["dx"], right["dx"],
                     hint="dx on arrays: dout times the other input, element by element.")
        expect_close(f"{label}: dy", out["dy"], right["dy"],
                     hint="dy on arrays: dout times the other input, element by element.")


# --------------------------------------------------------------------------------------
# DivLayer: a node whose local derivatives the learner works out
# --------------------------------------------------------------------------------------


def drive_div_layer(DivLayer, x, y, dout):
    layer = DivLayer()
    out = layer.forward(x, y)
    dx, dy = unpack(layer.backward(dout), 2, "DivLayer.backward(dout)")
    return {"out": out, "dx": dx, "dy": dy}


DX_HINT = ("dx: hold y fixed and ask how fast x / y moves when x moves by 1; multiply that "
           "local derivative by dout. Did forward keep what backward needs?")
DY_HINT = ("dy: hold x fixed and differentiate x / y with respect to y (write it as x "
           "times y to the power -1 and use the power rule, or use the quotient rule); "
           "multiply by dout. Mind the sign: one more friend, a smaller share. Check your "
           "local derivative by nudging y with your numerical_derivative.")
DIV_HINTS = [(("NoneType",), "backward needs the inputs of forward: keep them on self there.")]
DIV_EXAMPLES = {
    "the share": {"x": 220.0, "y": 4.0, "dout": 1.0},
    "a negative divisor": {"x": 3.0, "y": -1.5, "dout": 2.0},
    "a small divisor": {"x": 1.5, "y": 0.01, "dout": 0.5},
    "float32": {"x": np.array([[6.0, -1.0], [2.5, 0.5]], dtype=np.float32),
                "y": np.array([[3.0, 0.25], [-2.0, 1.5]], dtype=np.float32),
                "dout": np.array([[1.5, -1.0], [0.5, 2.0]], dtype=np.float32)},
}


def public_div_layer(run):
    for name in ("the share", "a negative divisor"):
        inputs = DIV_EXAMPLES[name]
        out = run_with_hints(run, DIV_HINTS, **inputs)
        right = run.example(name)[1]
        label = f"DivLayer: backward({inputs['dout']:g}) after forward({inputs['x']:g}, " \
                f"{inputs['y']:g})"
        expect_close(f"{label}: out", out["out"], right["out"],
                     hint="forward should return x divided by y.")
        expect_close(f"{label}: dx", out["dx"], right["dx"], hint=DX_HINT)
        expect_close(f"{label}: dy", out["dy"], right["dy"], hint=DY_HINT)
    for shape in [(2, 2), (2, 3)]:
        size = int(np.prod(shape))
        x = np.linspace(-2.0, 3.0, size).reshape(shape)
        y = np.linspace(0.5, 2.5, size).reshape(shape) * np.resize([1.0, -1.0], shape)
        dout = np.linspace(1.0, -1.5, size).reshape(shape)
        out = run_with_hints(run, DIV_HINTS, x=x, y=y, dout=dout)
        label = f"DivLayer on arrays of shape {shape}"
        for key in ("out", "dx", "dy"):
            expect_shape(f"{label}: {key}", out[key], shape,
                         hint="a divide node works element by element, like a multiply node: "
                              "out, dx and dy all have the shape of x.")

        def of_x(p, y=y, dout=dout):
            return run(x=p, y=y, dout=dout)["out"]

        def of_y(p, x=x, dout=dout):
            return run(x=x, y=p, dout=dout)["out"]

        expect_gradient(f"{label}: dx", out["dx"], layer_numerical_gradient(of_x, x, dout),
                        hint=DX_HINT)
        expect_gradient(f"{label}: dy", out["dy"], layer_numerical_gradient(of_y, y, dout),
                        hint=DY_HINT)
    got, right = run.example("float32")
    for key in ("out", "dx", "dy"):
        expect_dtype(f"DivLayer on float32 arrays: {key}", got[key], np.float32,
                     hint="float32 inputs should give float32 results: compute from the "
                          "inputs with plain arithmetic, without converting to float64.")
        expect_close(f"DivLayer on float32 arrays: {key}", got[key], right[key], rtol=1e-5,
                     hint=DX_HINT if key == "dx" else DY_HINT if key == "dy" else None)
    got, right = run.example("a small divisor")
    for key in ("dx", "dy"):
        expect_close(f"DivLayer: backward(0.5) after forward(1.5, 0.01): {key}", got[key],
                     right[key], rtol=1e-12, atol=0.0, hint=f"{key} is " + NOT_EXACT)


# --------------------------------------------------------------------------------------
# The purchases
# --------------------------------------------------------------------------------------


def drive_apple_graph(apple_graph, apple, apple_num, tax):
    price, grads = unpack(apple_graph(apple, apple_num, tax), 2, "apple_graph(...)")
    dapple, dapple_num, dtax = unpack(grads, 3, "the gradients part of apple_graph(...)")
    return {"price": price, "dapple": dapple, "dapple_num": dapple_num, "dtax": dtax}


def public_apple_graph(run):
    out = run(apple=100.0, apple_num=2.0, tax=1.1)
    expect_close("price", out["price"], 220.0,
                 hint="the price should be 100 × 2 × 1.1 = 220: forward through the apple "
                      "node, then through the tax node.")
    expect_close("dapple", out["dapple"], 2.2, hint=RIGHT_TO_LEFT)
    expect_close("dapple_num", out["dapple_num"], 110.0, hint=RIGHT_TO_LEFT)
    expect_close("dtax", out["dtax"], 200.0,
                 hint="dtax should be 200: what the tax node sends back for the tax, the "
                      "gradient from its right times its other input, the apples' price. "
                      + RIGHT_TO_LEFT)
    got, right = run.example("another purchase")
    label = "apple_graph(50, 4, 1.25)"
    expect_close(f"{label}: price", got["price"], right["price"],
                 hint="use the arguments, not the worked example's numbers 100, 2 and 1.1.")
    for key in ("dapple", "dapple_num", "dtax"):
        expect_close(f"{label}: {key}", got[key], right[key], hint=RIGHT_TO_LEFT)


def drive_fruit_graph(fruit_graph, apple, apple_num, orange, orange_num, tax):
    price, grads = unpack(fruit_graph(apple, apple_num, orange, orange_num, tax), 2,
                          "fruit_graph(...)")
    names = ["dapple", "dapple_num", "dorange", "dorange_num", "dtax"]
    values = unpack(grads, 5, "the gradients part of fruit_graph(...)")
    return {"price": price, **dict(zip(names, values))}


def public_fruit_graph(run):
    out = run(apple=100.0, apple_num=2.0, orange=150.0, orange_num=3.0, tax=1.1)
    expect_close("price", out["price"], 715.0,
                 hint="the price should be 650 × 1.1 = 715: the add node sums the apples' "
                      "and the oranges' prices, then the tax node multiplies the sum.")
    for key, value in [("dapple", 2.2), ("dapple_num", 110.0), ("dorange", 3.3),
                       ("dorange_num", 165.0), ("dtax", 650.0)]:
        expect_close(key, out[key], value, hint=RIGHT_TO_LEFT)
    got, right = run.example("another purchase")
    label = "fruit_graph(80, 5, 120, 2, 1.2)"
    expect_close(f"{label}: price", got["price"], right["price"],
                 hint="use the arguments, not the worked example's numbers.")
    for key in ("dapple", "dapple_num", "dorange", "dorange_num", "dtax"):
        expect_close(f"{label}: {key}", got[key], right[key], hint=RIGHT_TO_LEFT)


# --------------------------------------------------------------------------------------
# CopyLayer: a value used twice, whose gradients add up
# --------------------------------------------------------------------------------------


def drive_copy_layer(CopyLayer, x, d1, d2):
    layer = CopyLayer()
    first, second = unpack(layer.forward(x), 2, "CopyLayer.forward(x)")
    return {"first": first, "second": second, "dx": layer.backward(d1, d2)}


COPY_DX_HINT = ("dx: x reaches the output along two paths, and each path sends back its own "
                "share of the gradient; dx must account for both.")
COPY_EXAMPLES = {
    "two uses": {"x": 3.0, "d1": 2.0, "d2": 5.0},
    "float32": {"x": np.array([[1.5, -2.0]], dtype=np.float32),
                "d1": np.array([[0.5, 1.0]], dtype=np.float32),
                "d2": np.array([[-1.0, 4.0]], dtype=np.float32)},
}


def public_copy_layer(run):
    got, right = run.example("two uses")
    label = "CopyLayer: forward(3), then backward(2, 5)"
    expect_close(f"{label}: the first copy", got["first"], 3.0,
                 hint="forward hands x on, unchanged, to both of its uses.")
    expect_close(f"{label}: the second copy", got["second"], 3.0,
                 hint="forward hands x on, unchanged, to both of its uses.")
    expect_close(f"{label}: dx", got["dx"], right["dx"], hint=COPY_DX_HINT)
    x = np.linspace(-1.0, 2.0, 6).reshape(2, 3)
    d1, d2 = np.linspace(0.5, -1.0, 6).reshape(2, 3), np.ones((2, 3))
    out = run(x=x, d1=d1, d2=d2)
    expect_shape("CopyLayer on arrays of shape (2, 3): dx", out["dx"], (2, 3),
                 hint="the gradient of x has the shape of x: combine the two incoming "
                      "gradients element by element.")

    def both_uses(p):  # the sum of the two uses, weighted by their incoming gradients
        first, second = run(x=p, d1=d1, d2=d2)["first"], run(x=p, d1=d1, d2=d2)["second"]
        return np.sum(d1 * first + d2 * second)

    expect_gradient("CopyLayer on arrays of shape (2, 3): dx", out["dx"],
                    numerical_gradient(both_uses, x), hint=COPY_DX_HINT)
    got, right = run.example("float32")
    expect_dtype("CopyLayer on float32 arrays: dx", got["dx"], np.float32,
                 hint="float32 in, float32 out: plain arithmetic on the incoming gradients.")
    expect_close("CopyLayer on float32 arrays: dx", got["dx"], right["dx"], rtol=1e-6)


# --------------------------------------------------------------------------------------
# Probes: fixed inputs on which the known mistakes are told apart (course.mistakes)
# --------------------------------------------------------------------------------------

NUMERICAL_DERIVATIVE_PROBES = (
    {"x": 2.0, "which": 0},             # x**3: one-sided and central differ in the 4th digit
    {"x": 2.0, "which": 0, "h": 0.01},  # the h argument is used
    {"x": 0.5, "which": 1})
J_GRAPH_PROBES = (
    {"a": 5.0, "b": 3.0, "c": 2.0},     # the notes' numbers
    {"a": -1.5, "b": 0.25, "c": 4.0},   # b != c, and not the notes' numbers
    {"a": 1e9, "b": 0.25, "c": 4.0})    # a large J: differences of nudges lose digits
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
     "dout": np.array([1.5, -1.0, 0.5], dtype=np.float32)},
    {"x": 1.5, "y": 0.01, "dout": 0.5})  # x / y curves fast: nudges are far off
APPLE_PROBES = (
    {"apple": 100.0, "apple_num": 2.0, "tax": 1.1},
    {"apple": 50.0, "apple_num": 4.0, "tax": 1.25})
COPY_PROBES = (
    {"x": 3.0, "d1": 2.0, "d2": 5.0},
    {"x": np.array([[1.0, -2.0], [0.5, 4.0]]), "d1": np.array([[1.0, 2.0], [-3.0, 0.5]]),
     "d2": np.array([[0.25, -1.0], [2.0, 3.0]])})
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
    probes=NUMERICAL_DERIVATIVE_PROBES,
    examples={"x**3 with h=0.01": {"x": 2.0, "which": 0, "h": 0.01}},
    withheld=NUMERICAL[1:])

J_GRAPH = Exercise(
    name="j_graph",
    title="j_graph(a, b, c), forward and backward by hand",
    points=2,
    drive=drive_j_graph,
    public=public_j_graph,
    still_hidden=("random values of a, b and c, integers and fractions, negative ones and "
        "large ones included, to 12 significant digits: gradients by nudges do not pass"),
    probes=J_GRAPH_PROBES,
    examples={"large a": {"a": 1e9, "b": 0.25, "c": 4.0}},
    withheld=NUMERICAL)

MUL_LAYER = Exercise(
    name="mul_layer",
    title="MulLayer forward and backward",
    points=2,
    drive=drive_mul_layer,
    public=public_mul_layer,
    still_hidden=("random numbers and arrays of several shapes (one element, one row, 3-D), "
        "float32 arrays (float32 in, float32 out), a fresh layer for each, and that "
        "no input is changed in place"),
    probes=BINARY_NODE_PROBES,
    examples=MUL_EXAMPLES)

DIV_LAYER = Exercise(
    name="div_layer",
    title="DivLayer forward and backward",
    points=2,
    drive=drive_div_layer,
    public=public_div_layer,
    still_hidden=("random numbers and arrays of several shapes (one element, one row, 3-D), "
        "negative and small divisors, to 12 significant digits (local derivatives by nudges "
        "do not pass), a fresh layer for each, and that no input is changed in place"),
    probes=DIV_PROBES,
    examples=DIV_EXAMPLES,
    withheld=NUMERICAL)

APPLE_GRAPH = Exercise(
    name="apple_graph",
    title="the apple purchase graph",
    points=2,
    drive=drive_apple_graph,
    public=public_apple_graph,
    still_hidden="other prices, counts and tax rates, to 12 significant digits",
    probes=APPLE_PROBES,
    examples={"another purchase": {"apple": 50.0, "apple_num": 4.0, "tax": 1.25}},
    withheld=NUMERICAL)

FRUIT_GRAPH = Exercise(
    name="fruit_graph",
    title="the apple-and-orange purchase graph",
    points=3,
    drive=drive_fruit_graph,
    public=public_fruit_graph,
    still_hidden="other prices, counts and tax rates, to 12 significant digits",
    probes=FRUIT_PROBES,
    examples={"another purchase": {"apple": 80.0, "apple_num": 5.0, "orange": 120.0,
                                   "orange_num": 2.0, "tax": 1.2}},
    withheld=(*NUMERICAL, "apple_graph"))

COPY_LAYER = Exercise(
    name="copy_layer",
    title="CopyLayer: one value, two uses",
    points=2,
    drive=drive_copy_layer,
    public=public_copy_layer,
    still_hidden=("random numbers and arrays of several shapes, float32 included, a fresh "
                  "layer for each, and that no input is changed in place"),
    probes=COPY_PROBES,
    examples=COPY_EXAMPLES)

EXERCISES = [NUMERICAL_DERIVATIVE, J_GRAPH, MUL_LAYER, DIV_LAYER, APPLE_GRAPH, FRUIT_GRAPH,
             COPY_LAYER]
