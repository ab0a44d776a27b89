"""The instructor's half of notebook 01's exercises: hidden tests and known mistakes.

Each known mistake is an edit of the source notebook's answer (``edit``/``edits``), with
one exception given as code: a fruit graph built from two calls of ``apple_graph``, a
different structure altogether. The purchase graphs are built, as in the notebook, from the
notebook's MulLayer and the given AddLayer; two of their mistakes are the notes' broken
MulLayer (file 001) inside a right graph, an edit of the MulLayer cell.

The exercises done by hand (j_graph, DivLayer, the purchases) are compared to 12
significant digits on float64 cases, large values included: a derivative by nudges does not
get there, and the names that would give one are withheld (``Exercise.withheld``).
"""

import numpy as np

import solutions
import solutions.graph
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course.exercises.nb01_graphs import (
    APPLE_GRAPH,
    COPY_LAYER,
    DIV_LAYER,
    ELEMENTWISE_HINT,
    FRUIT_GRAPH,
    J_GRAPH,
    MUL_LAYER,
    NUMERICAL_DERIVATIVE,
    RIGHT_TO_LEFT,
    TEST_FUNCTIONS,
)

EXACT = {"rtol": 1e-12, "atol": 1e-12}  # no derivative by nudges meets this


def reference_j_graph(a, b, c):
    u = b * c
    v = a + u
    J = 3 * v
    dv = 3.0
    du = dv
    return J, (dv, du * c, du * b)


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
    """Integers, fractions of both signs, and a large a (J of about 1e9), where a
    difference of nudged J loses digits."""
    cases = [{"a": float(rng.integers(-9, 10)), "b": float(rng.integers(-9, 10)),
              "c": float(rng.integers(-9, 10))}]
    cases += [{"a": float(rng.normal() * 3), "b": float(rng.normal() * 3),
               "c": float(rng.normal() * 3)} for _ in range(3)]
    cases.append({"a": float(rng.choice([-1, 1]) * rng.uniform(1e8, 1e9)),
                  "b": float(rng.normal() * 3), "c": float(rng.normal() * 3)})
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
    """Like binary_node_cases, float64 only (compared to 12 digits; the public check tries
    float32), with divisors away from 0, of both signs, and a few small ones."""
    def divisor(size=None, low=0.5):
        return rng.choice([-1.0, 1.0], size=size) * rng.uniform(low, 3.0, size=size)

    cases = [{"x": float(rng.normal() * 3), "y": float(divisor()),
              "dout": float(rng.normal())}]
    for shape in [(1,), (1, 3), (4, 2), (2, 3, 2)]:
        cases.append({"x": rng.normal(size=shape) * 3, "y": divisor(shape),
                      "dout": rng.normal(size=shape)})
    cases.append({"x": rng.normal(size=(3, 2)), "y": divisor((3, 2), low=0.01) / 10,
                  "dout": rng.normal(size=(3, 2))})
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


def copy_cases(rng):
    """A number, arrays of several shapes, float32 (kept): the two gradients of a copy."""
    cases = [{"x": float(rng.normal()), "d1": float(rng.normal()), "d2": float(rng.normal())}]
    for shape in [(1,), (1, 3), (4, 2), (2, 3, 2)]:
        cases.append({key: rng.normal(size=shape) for key in ("x", "d1", "d2")})
    cases.append({key: rng.normal(size=(3, 2)).astype(np.float32) for key in ("x", "d1", "d2")})
    return cases


HIDDEN = [
    HiddenTest(NUMERICAL_DERIVATIVE, solutions.numerical_derivative,
               numerical_derivative_cases, rtol=1e-6, atol=1e-6),
    HiddenTest(J_GRAPH, reference_j_graph, j_graph_cases, check_dtype=False, **EXACT),
    HiddenTest(MUL_LAYER, solutions.MulLayer, binary_node_cases),
    HiddenTest(DIV_LAYER, solutions.DivLayer, div_cases, **EXACT),
    HiddenTest(APPLE_GRAPH, reference_apple_graph, lambda rng: purchase_cases(rng, ["apple"]),
               **EXACT),
    HiddenTest(FRUIT_GRAPH, reference_fruit_graph,
               lambda rng: purchase_cases(rng, ["apple", "orange"]), **EXACT),
    HiddenTest(COPY_LAYER, solutions.graph.CopyLayer, copy_cases),
]


# --------------------------------------------------------------------------------------
# Edits of the source's answers that several entries share
# --------------------------------------------------------------------------------------

# The notes' first MulLayer (file 001, problem 209), in the MulLayer cell: as an edit of a
# graph's answer it must name text that DivLayer's cell (nearer the graph) does not have.
NOTES_MUL_LAYER = ("self.x = x\n        self.y = y\n        return x * y",
                   "self.x = y\n        self.y = y\n        return x * y")
NOTES_MUL_LAYER_HINT = (
    "MulLayer.forward keeps y twice, as the notes' first MulLayer did (file 001, problem "
    "209): its first input is never stored, so dy comes out as dout times y.",
    "forward must keep each input under its own name, because backward gives each input "
    "dout times the other one.")
WRONG_MUL_LAYER = ("your graph is wired right, but your MulLayer is not: it keeps y twice "
                   "(the slip in the notes' first MulLayer). Fix MulLayer, run its cell and "
                   "its check, then run this cell again.")
WORKED_NUMBERS = ("the function uses the worked example's numbers (100, 2, 1.1 ...) instead "
                  "of its arguments: right for the worked example only. Pass the "
                  "parameters to the nodes.")
BY_NUDGES = ("this is the numerical derivative: the exercise asks for the derivation, "
             "node by node with the chain rule, and numerical_derivative is not available "
             "while it is graded.",
             "work each gradient out from the local derivatives and the gradient arriving "
             "from the right; keep numerical_derivative for checking the results outside "
             "the exercise, as the notebook's own cells do.")
APPLE_BACKWARD = ("dprice = 1\n    dapple_price, dtax = mul_tax_layer.backward(dprice)\n"
                  "    dapple, dapple_num = mul_apple_layer.backward(dapple_price)")
FRUIT_BACKWARD = (
    "dprice = 1\n    dall_price, dtax = mul_tax_layer.backward(dprice)\n"
    "    dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)\n"
    "    dorange, dorange_num = mul_orange_layer.backward(dorange_price)\n"
    "    dapple, dapple_num = mul_apple_layer.backward(dapple_price)")


def _nudged(name, formula, indent="    "):
    """A line ``d<name> = numerical_derivative(lambda <name>: <formula>, <name>)``."""
    return f"{indent}d{name} = numerical_derivative(lambda {name}: {formula}, {name})"


APPLE_PRICE = "apple * apple_num * tax"
FRUIT_PRICE = "(apple * apple_num + orange * orange_num) * tax"
FRUIT_INPUTS = ("apple", "apple_num", "orange", "orange_num", "tax")


# The one entry that no edit of the answer says: two apple graphs instead of one graph.
apple_graph = reference_apple_graph  # the learner's own, in the notebook: withheld here


def fruit_graph_apple_graph_twice(apple, apple_num, orange, orange_num, tax):
    apple_price, (dapple, dapple_num, dtax_apples) = apple_graph(apple, apple_num, tax)
    orange_price, (dorange, dorange_num, dtax_oranges) = apple_graph(orange, orange_num, tax)
    return apple_price + orange_price, (dapple, dapple_num, dorange, dorange_num,
                                        dtax_apples + dtax_oranges)


MISTAKES = [
    # numerical_derivative
    Mistake(NUMERICAL_DERIVATIVE, "one-sided difference",
            edit("return (f(x + h) - f(x - h)) / (2 * h)", "return (f(x + h) - f(x)) / h"),
            ("this is the one-sided difference, which compares f(x + h) with f(x) itself, "
             "like nudging a from 5 to 5.001 in the worked example: its error shrinks like h.",
             "the central difference nudges x to both sides and divides by the distance "
             "between the two points: its error shrinks like h²."),
            seed="004"),
    Mistake(NUMERICAL_DERIVATIVE, "divided by h, not 2h", edit("/ (2 * h)", "/ h"),
            ("your result is twice the derivative: look at what you divide by.",
             "the two points x - h and x + h are 2h apart, and the slope is the change of f "
             "divided by that distance.")),
    Mistake(NUMERICAL_DERIVATIVE, "/ 2 * h", edit("/ (2 * h)", "/ 2 * h"),
            ("your result is h² times the derivative: / 2 * h divides by 2 and then "
             "multiplies by h.",
             "Python reads / and * left to right: the whole denominator needs parentheses.")),
    Mistake(NUMERICAL_DERIVATIVE, "the sign",
            edit("return (f(x + h) - f(x - h))", "return (f(x - h) - f(x + h))"),
            ("the sign is flipped: a rising f gets a negative slope.",
             "subtract the value at the lower point from the value at the higher point.")),
    Mistake(NUMERICAL_DERIVATIVE, "h too small", edit("h=1e-4", "h=1e-50"),
            ("with a tiny default h (1e-50), x + h rounds to x itself (a float holds about 16 "
             "digits), so the difference of f is 0. Keep the default h = 1e-4.")),
    Mistake(NUMERICAL_DERIVATIVE, "the h argument ignored",
            edit("return (f(x + h) - f(x - h)) / (2 * h)",
                 "step = 1e-4\n    return (f(x + step) - f(x - step)) / (2 * step)"),
            ("the body uses its own step instead of the parameter h: "
             "numerical_derivative(f, x, 0.01) must nudge by 0.01 (the notebook's table of "
             "errors calls it with several h).",
             "use the parameter h everywhere in the difference.")),
    Mistake(NUMERICAL_DERIVATIVE, "numerical_gradient called",
            edit("return (f(x + h) - f(x - h)) / (2 * h)",
                 "from course.gradcheck import numerical_gradient\n"
                 "    return float(numerical_gradient(f, x, h))"),
            ("this calls the course's numerical_gradient: the exercise asks you to write "
             "the central difference yourself, and numerical_gradient is not available "
             "while it is graded.",
             "two calls of f, one subtraction, one division: the formula in the docstring.")),
    # j_graph
    Mistake(J_GRAPH, "da = 1", edit("da = dv * 1", "da = 1"),
            ("da is 1, the local derivative of the add node alone: the gradient arriving "
             "from the right is missing.",
             "the chain rule multiplies a node's local derivative by the gradient arriving "
             "from its right, here dJ/dv, the 3 of J = 3v.")),
    Mistake(J_GRAPH, "local derivatives only",
            edits(("da = dv * 1", "da = 1"), ("db = du * c", "db = c"),
                  ("dc = du * b", "dc = b")),
            ("da, db and dc are the local derivatives alone (1, c and b): the 3 of J = 3v "
             "never reaches them.",
             "each gradient is the one arriving from the right times the local derivative; "
             "go right to left, J, then v, then u, then a, b and c.")),
    Mistake(J_GRAPH, "db and dc swapped",
            edits(("db = du * c", "db = du * b"), ("dc = du * b", "dc = du * c")),
            ("db and dc are swapped: at a=5, b=3, c=2 db should be 6 and dc 9.",
             "each input of a multiply node gets du times the *other* input.")),
    Mistake(J_GRAPH, "the worked numbers",
            edits(("da = dv * 1", "da = 3"), ("db = du * c", "db = 6"), ("dc = du * b", "dc = 9")),
            ("the gradients are the worked example's numbers 3, 6, 9, right for a=5, b=3, "
             "c=2 only.",
             "compute them from the arguments: a local derivative of a multiply node is "
             "whatever its other input is.")),
    Mistake(J_GRAPH, "3(a + bc) without the parentheses", edit("J = 3 * v", "J = 3 * a + u"),
            ("J is 3a + bc: the 3 multiplies a alone.",
             "J = 3(a + bc) multiplies the whole sum by 3: one line per node, left to right, "
             "keeps the order of operations right.")),
    Mistake(J_GRAPH, "the numerical derivative",
            edits(("da = dv * 1", "da = numerical_derivative(lambda a: 3 * (a + b * c), a)"),
                  ("db = du * c", "db = numerical_derivative(lambda b: 3 * (a + b * c), b)"),
                  ("dc = du * b", "dc = numerical_derivative(lambda c: 3 * (a + b * c), c)")),
            BY_NUDGES),
    Mistake(J_GRAPH, "differences written out",
            edits(("da = dv * 1",
                   "h = 1e-4\n    da = (3 * (a + h + u) - 3 * (a - h + u)) / (2 * h)"),
                  ("db = du * c",
                   "db = (3 * (a + (b + h) * c) - 3 * (a + (b - h) * c)) / (2 * h)"),
                  ("dc = du * b",
                   "dc = (3 * (a + b * (c + h)) - 3 * (a + b * (c - h))) / (2 * h)")),
            ("da, db and dc are differences of nudged J: close, but they lose digits (at "
             "a = 1e9 they are off in the 4th digit).",
             "the exercise asks for the exact gradients, by the chain rule, node by node, "
             "as in the table of section 3.")),
    # mul_layer
    Mistake(MUL_LAYER, "self.x = y", edit("self.x = x", "self.x = y"), NOTES_MUL_LAYER_HINT,
            seed="001", demo=True),
    Mistake(MUL_LAYER, "dx and dy swapped",
            edits(("dx = dout * self.y", "dx = dout * self.x"),
                  ("dy = dout * self.x", "dy = dout * self.y")),
            ("dx and dy are swapped: with x = 100, y = 2, dx should be 2.2 and dy 110.",
             "the local derivative of x * y with respect to x is the other input, y, and "
             "the other way round.")),
    Mistake(MUL_LAYER, "dout ignored",
            edits(("dx = dout * self.y", "dx = self.y"), ("dy = dout * self.x", "dy = self.x")),
            ("backward returns the local derivatives alone: dout, the gradient arriving from "
             "the right, is missing.",
             "the chain rule multiplies each local derivative by dout.")),
    Mistake(MUL_LAYER, "x multiplied in place",
            edit("self.y = y\n        return x * y",
                 "self.y = y\n        out = x\n        out *= y\n        return out"),
            ("forward changes the caller's array x: out = x does not copy, so out *= y "
             "multiplies x itself (and self.x, the same array).",
             "build a new array with the plain product instead of an in-place *=.")),
    Mistake(MUL_LAYER, "np.dot instead of *",
            edits(("self.y = y\n        return x * y", "self.y = y\n        return np.dot(x, y)"),
                  ("dx = dout * self.y", "dx = np.dot(dout, self.y)"),
                  ("dy = dout * self.x", "dy = np.dot(dout, self.x)")),
            (ELEMENTWISE_HINT, "use the element-wise product everywhere in MulLayer, as for "
                               "two numbers.")),
    # div_layer
    Mistake(DIV_LAYER, "the multiply node's rule",
            edits(("dx = dout / self.y", "dx = dout * self.y"),
                  ("dy = -dout * self.x / self.y ** 2", "dy = dout * self.x")),
            ("dx and dy use the multiply node's local derivatives (the other input): a "
             "divide node has its own.",
             "hold y fixed and ask how fast x / y moves with x; hold x fixed, write x / y as "
             "x times y to the power -1, and use the power rule.")),
    Mistake(DIV_LAYER, "dy without the minus", edit("dy = -dout", "dy = dout"),
            ("the sign of dy: a bigger y gives a smaller x / y (more friends, a smaller "
             "share), so for positive x and y the slope is negative.",
             "the power rule on y to the power -1 brings down the exponent, -1.")),
    Mistake(DIV_LAYER, "dy without x",
            edit("-dout * self.x / self.y ** 2", "-dout / self.y ** 2"),
            ("dy is the derivative of 1/y alone: x is missing from it.",
             "x / y is x times 1/y, and with x held fixed, x stays as a factor of the "
             "derivative.")),
    Mistake(DIV_LAYER, "dy = -dout * x / y", edit("self.y ** 2", "self.y"),
            ("dy has the wrong power of y: it divides by y once.",
             "the power rule on y to the power -1 lowers the exponent by one, to -2.")),
    Mistake(DIV_LAYER, "dx and dy swapped", edit("return dx, dy", "return dy, dx"),
            ("dx and dy are swapped: backward returns them in the order of forward's "
             "inputs (x, y).",)),
    Mistake(DIV_LAYER, "dout ignored",
            edits(("dx = dout / self.y", "dx = 1 / self.y"),
                  ("dy = -dout * self.x", "dy = -self.x")),
            ("backward returns the local derivatives alone: dout, the gradient arriving from "
             "the right, is missing.",
             "the chain rule multiplies each local derivative by dout.")),
    Mistake(DIV_LAYER, "x divided in place",
            edit("self.y = y\n        return x / y",
                 "self.y = y\n        out = x\n        out /= y\n        return out"),
            ("forward changes the caller's array x: out = x does not copy, so out /= y "
             "divides x itself (and self.x, the same array).",
             "build a new array with the plain quotient instead of an in-place /=.")),
    Mistake(DIV_LAYER, "dy from the output",
            edits(("self.y = y\n        return x / y",
                   "self.y = y\n        self.out = x / y\n        return self.out"),
                  ("-dout * self.x / self.y ** 2", "-dout * self.out / self.y")),
            "keeping the output and dividing it by y once more gives the same local "
            "derivative, up to rounding.", harmless=True),
    Mistake(DIV_LAYER, "dy by the numerical derivative",
            edit("dy = -dout * self.x / self.y ** 2",
                 "dy = dout * numerical_derivative(lambda y: self.x / y, self.y)"),
            BY_NUDGES),
    Mistake(DIV_LAYER, "differences written out",
            edit("dy = -dout * self.x / self.y ** 2",
                 "h = 1e-4\n        dy = dout * (self.x / (self.y + h) - self.x / (self.y - h)) "
                 "/ (2 * h)"),
            ("dy is a difference of nudged shares: close, but not exact, and far off where "
             "x / y curves fast (at y = 0.01).",
             "the exercise asks for the exact local derivative: hold x fixed and use the "
             "power rule on y to the power -1, then multiply by dout.")),
    # apple_graph
    Mistake(APPLE_GRAPH, "the tax node skipped",
            edit("mul_apple_layer.backward(dapple_price)", "mul_apple_layer.backward(dprice)"),
            ("the apple node's backward gets dprice, so the tax is missing from dapple and "
             "dapple_num (2 and 100 instead of 2.2 and 110 in the worked example).",
             "each node's backward takes what the node to its right sent back: the apple "
             "node's right neighbour is the tax node.")),
    Mistake(APPLE_GRAPH, "walked left to right",
            edit("dapple_price, dtax = mul_tax_layer.backward(dprice)\n"
                 "    dapple, dapple_num = mul_apple_layer.backward(dapple_price)",
                 "dapple, dapple_num = mul_apple_layer.backward(dprice)\n"
                 "    dapple_price, dtax = mul_tax_layer.backward(dapple)"),
            ("backward visits the apple node first: the graph is walked left to right.",
             RIGHT_TO_LEFT)),
    Mistake(APPLE_GRAPH, "one MulLayer for both nodes",
            edit("mul_tax_layer = MulLayer()", "mul_tax_layer = mul_apple_layer"),
            ("one MulLayer object serves both nodes: the second forward overwrites what the "
             "first one kept, so the apple node's backward uses the tax node's inputs.",
             "one object per node: each keeps its own inputs for its own backward.")),
    Mistake(APPLE_GRAPH, "backward starts from the price",
            edit("mul_tax_layer.backward(dprice)", "mul_tax_layer.backward(price)"),
            ("backward starts from the price itself (220), not from its gradient.",
             "the gradient of the price with respect to itself is 1: that is where backward "
             "starts.")),
    Mistake(APPLE_GRAPH, "the tax node's gradients unpacked backwards",
            edit("dapple_price, dtax = ", "dtax, dapple_price = "),
            ("the tax node's two gradients are unpacked in the wrong order.",
             "backward returns the gradients in the order of forward's inputs: the apples' "
             "price first, the tax second.")),
    Mistake(APPLE_GRAPH, "the worked example's numbers",
            edits(("forward(apple, apple_num)", "forward(100, 2)"),
                  ("forward(apple_price, tax)", "forward(apple_price, 1.1)")),
            WORKED_NUMBERS),
    Mistake(APPLE_GRAPH, "the notes' first MulLayer", edit(*NOTES_MUL_LAYER),
            WRONG_MUL_LAYER, seed="001"),
    Mistake(APPLE_GRAPH, "the numerical derivative",
            edit(APPLE_BACKWARD, "\n".join(_nudged(name, APPLE_PRICE)
                                            for name in ("apple", "apple_num", "tax")).lstrip()),
            BY_NUDGES),
    # fruit_graph
    Mistake(FRUIT_GRAPH, "the tax node skipped",
            edit("add_apple_orange_layer.backward(dall_price)",
                 "add_apple_orange_layer.backward(dprice)"),
            ("the add node's backward gets dprice, so the tax is missing from the four "
             "gradients of the fruit.",
             "the add node passes on what the tax node, its right neighbour, sent back.")),
    Mistake(FRUIT_GRAPH, "the notes' print order",
            edit("return price, (dapple, dapple_num, dorange",
                 "return price, (dapple_num, dapple, dorange"),
            ("dapple and dapple_num are swapped in the returned tuple (the notes print "
             "dapple_num first): dapple should be 2.2 in the worked example.",
             "return the gradients in the order of the docstring."), seed="001"),
    Mistake(FRUIT_GRAPH, "apples and oranges swapped",
            edit("return price, (dapple, dapple_num, dorange, dorange_num, dtax)",
                 "return price, (dorange, dorange_num, dapple, dapple_num, dtax)"),
            ("the apples' and the oranges' gradients are swapped in the returned tuple.",
             "return the gradients in the order of the docstring: the apples' first.")),
    Mistake(FRUIT_GRAPH, "one MulLayer for apples and oranges",
            edit("mul_orange_layer = MulLayer()", "mul_orange_layer = mul_apple_layer"),
            ("one MulLayer object serves the apples and the oranges: the oranges' forward "
             "overwrites what the apples' forward kept, so both backward calls use the "
             "oranges.",
             "one object per node: each keeps its own inputs for its own backward.")),
    Mistake(FRUIT_GRAPH, "the notes' first MulLayer", edit(*NOTES_MUL_LAYER),
            WRONG_MUL_LAYER, seed="001"),
    Mistake(FRUIT_GRAPH, "the worked example's numbers",
            edits(("forward(apple, apple_num)", "forward(100, 2)"),
                  ("forward(orange, orange_num)", "forward(150, 3)"),
                  ("forward(all_price, tax)", "forward(all_price, 1.1)")),
            WORKED_NUMBERS),
    Mistake(FRUIT_GRAPH, "the numerical derivative",
            edit(FRUIT_BACKWARD, "\n".join(_nudged(name, FRUIT_PRICE)
                                            for name in FRUIT_INPUTS).lstrip()),
            BY_NUDGES),
    Mistake(FRUIT_GRAPH, "apple_graph for each fruit", fruit_graph_apple_graph_twice,
            ("this calls apple_graph once per fruit: the exercise asks for one graph, with "
             "the add node joining the two purchases, and apple_graph is not available "
             "while it is graded.",
             "forward through both fruit nodes, the add node and the tax node; backward "
             "through them in the reverse order, the add node handing the gradient on to "
             "both branches.")),
    # copy_layer
    Mistake(COPY_LAYER, "only the first use", edit("return d1 + d2", "return d1"),
            ("dx is the gradient of the first use alone: the second use of x is lost.",
             "a value used twice gets a share of the gradient from each use: the shares add "
             "up.")),
    Mistake(COPY_LAYER, "the uses multiplied", edit("return d1 + d2", "return d1 * d2"),
            ("dx combines the two incoming gradients by multiplying them: with d1 = 2 and "
             "d2 = 5 it is 10, not the total of the two uses.",
             "the two uses are two paths side by side, not one after the other: their "
             "gradients add, they are not chained.")),
    Mistake(COPY_LAYER, "the uses averaged", edit("return d1 + d2", "return (d1 + d2) / 2"),
            ("dx is half of what the two uses send back.",
             "each use moves the output by its own share; nothing is divided among them.")),
    Mistake(COPY_LAYER, "one copy", edit("return x, x", "return x"),
            ("forward returns one value: the node hands x on to two uses.",)),
]
