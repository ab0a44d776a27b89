"""The instructor's half of notebook 01's exercises: hidden tests and known mistakes.

Hidden tests of notebook 01.

Known mistakes of notebook 01: numerical_derivative, j_graph, MulLayer, DivLayer and the
apple and apple-and-orange purchase graphs.

Each variant is the right answer but for the line its name describes: the layers' variants
override one method of the reference's layer (``solutions.graph``). The purchase graphs
are built, as in the notebook, from a MulLayer and an AddLayer (the notebook gives the
AddLayer); the right ones are the reference's (the learner's own are notebook globals), and two
variants use the notes' broken MulLayer (file 001) to show what a wrong node does to a right
graph.
"""

import numpy as np

import solutions
from autograder.exercises import HiddenTest, Mistake, edit, edits
from course.exercises.nb01_graphs import (
    APPLE_GRAPH,
    DIV_LAYER,
    ELEMENTWISE_HINT,
    FRUIT_GRAPH,
    J_GRAPH,
    MUL_LAYER,
    NUMERICAL_DERIVATIVE,
    RIGHT_TO_LEFT,
    TEST_FUNCTIONS,
)
from solutions.graph import AddLayer, DivLayer, MulLayer


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
    HiddenTest(NUMERICAL_DERIVATIVE, solutions.numerical_derivative,
               numerical_derivative_cases, rtol=1e-6, atol=1e-6),
    HiddenTest(J_GRAPH, reference_j_graph, j_graph_cases, check_dtype=False),
    HiddenTest(MUL_LAYER, solutions.MulLayer, binary_node_cases),
    HiddenTest(DIV_LAYER, solutions.DivLayer, div_cases),
    HiddenTest(APPLE_GRAPH, reference_apple_graph, lambda rng: purchase_cases(rng, ["apple"])),
    HiddenTest(FRUIT_GRAPH, reference_fruit_graph,
               lambda rng: purchase_cases(rng, ["apple", "orange"])),
]


def numerical_derivative_one_sided(f, x, h=1e-4):
    return (f(x + h) - f(x)) / h


def numerical_derivative_divided_by_h(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / h


def numerical_derivative_precedence(f, x, h=1e-4):
    return (f(x + h) - f(x - h)) / 2 * h


def numerical_derivative_sign(f, x, h=1e-4):
    return (f(x - h) - f(x + h)) / (2 * h)


def numerical_derivative_tiny_h(f, x, h=1e-50):
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_derivative_ignores_h(f, x, h=1e-4):
    step = 1e-4
    return (f(x + step) - f(x - step)) / (2 * step)


# --------------------------------------------------------------------------------------
# j_graph
# --------------------------------------------------------------------------------------


def j_graph_da_without_upstream(a, b, c):
    u = b * c
    v = a + u
    J = 3 * v
    dv = 3 * 1
    du = dv * 1
    da = 1
    return J, (da, du * c, du * b)


def j_graph_local_derivatives_only(a, b, c):
    u = b * c
    v = a + u
    J = 3 * v
    da, db, dc = 1, c, b
    return J, (da, db, dc)


def j_graph_db_dc_swapped(a, b, c):
    u = b * c
    v = a + u
    J = 3 * v
    du = dv = 3 * 1
    da = dv * 1
    db, dc = du * b, du * c
    return J, (da, db, dc)


def j_graph_worked_numbers(a, b, c):
    u = b * c
    v = a + u
    J = 3 * v
    return J, (3, 6, 9)


def j_graph_without_parentheses(a, b, c):
    J = 3 * a + b * c
    dv = 3
    du = dv * 1
    return J, (dv * 1, du * c, du * b)


# --------------------------------------------------------------------------------------
# MulLayer
# --------------------------------------------------------------------------------------


class MulLayerKeepsYTwice(MulLayer):
    """The notes' MulLayer (file 001), for the graphs built from it."""

    def forward(self, x, y):
        self.x = y
        self.y = y
        return x * y


class MulLayerIgnoresDout(MulLayer):
    def backward(self, dout):
        return self.y, self.x


class MulLayerInPlace(MulLayer):
    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x
        out *= y
        return out


class MulLayerMatrixProduct(MulLayer):
    def forward(self, x, y):
        self.x = x
        self.y = y
        return np.dot(x, y)

    def backward(self, dout):
        return np.dot(dout, self.y), np.dot(dout, self.x)


# --------------------------------------------------------------------------------------
# DivLayer
# --------------------------------------------------------------------------------------


class DivLayerMultiplyRule(DivLayer):
    def backward(self, dout):
        return dout * self.y, dout * self.x


class DivLayerDyWithoutMinus(DivLayer):
    def backward(self, dout):
        return dout / self.y, dout * self.x / self.y ** 2


class DivLayerDyWithoutX(DivLayer):
    def backward(self, dout):
        return dout / self.y, -dout / self.y ** 2


class DivLayerDyOverY(DivLayer):
    def backward(self, dout):
        return dout / self.y, -dout * self.x / self.y


class DivLayerSwapped(DivLayer):
    def backward(self, dout):
        return -dout * self.x / self.y ** 2, dout / self.y


class DivLayerIgnoresDout(DivLayer):
    def backward(self, dout):
        return 1 / self.y, -self.x / self.y ** 2


class DivLayerInPlace(DivLayer):
    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x
        out /= y
        return out


class DivLayerWithTheOutput(DivLayer):
    def forward(self, x, y):
        self.y = y
        self.out = x / y
        return self.out

    def backward(self, dout):
        return dout / self.y, -dout * self.out / self.y


# --------------------------------------------------------------------------------------
# apple_graph
# --------------------------------------------------------------------------------------


def apple_graph_tax_skipped(apple, apple_num, tax):
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dprice = 1
    _, dtax = mul_tax_layer.backward(dprice)
    dapple, dapple_num = mul_apple_layer.backward(dprice)
    return price, (dapple, dapple_num, dtax)


def apple_graph_left_to_right(apple, apple_num, tax):
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dprice = 1
    dapple, dapple_num = mul_apple_layer.backward(dprice)
    _, dtax = mul_tax_layer.backward(dapple)
    return price, (dapple, dapple_num, dtax)


def apple_graph_one_layer_reused(apple, apple_num, tax):
    mul_layer = MulLayer()
    apple_price = mul_layer.forward(apple, apple_num)
    price = mul_layer.forward(apple_price, tax)
    dprice = 1
    dapple_price, dtax = mul_layer.backward(dprice)
    dapple, dapple_num = mul_layer.backward(dapple_price)
    return price, (dapple, dapple_num, dtax)


def apple_graph_starts_from_price(apple, apple_num, tax):
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dapple_price, dtax = mul_tax_layer.backward(price)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    return price, (dapple, dapple_num, dtax)


def apple_graph_unpacked_backwards(apple, apple_num, tax):
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dtax, dapple_price = mul_tax_layer.backward(1)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    return price, (dapple, dapple_num, dtax)


def apple_graph_worked_numbers(apple, apple_num, tax):
    apple, apple_num, tax = 100, 2, 1.1
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dapple_price, dtax = mul_tax_layer.backward(1)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    return price, (dapple, dapple_num, dtax)


def apple_graph_notes_mul_layer(apple, apple_num, tax):
    mul_apple_layer, mul_tax_layer = MulLayerKeepsYTwice(), MulLayerKeepsYTwice()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dapple_price, dtax = mul_tax_layer.backward(1)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    return price, (dapple, dapple_num, dtax)


# --------------------------------------------------------------------------------------
# fruit_graph
# --------------------------------------------------------------------------------------


def _fruit(apple, apple_num, orange, orange_num, tax, mul=MulLayer, add=AddLayer,
           skip_tax=False, one_layer_for_fruit=False):
    """The right graph, or one of the slips its keyword arguments name."""
    mul_apple_layer = mul()
    mul_orange_layer = mul_apple_layer if one_layer_for_fruit else mul()
    add_apple_orange_layer, mul_tax_layer = add(), mul()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    orange_price = mul_orange_layer.forward(orange, orange_num)
    all_price = add_apple_orange_layer.forward(apple_price, orange_price)
    price = mul_tax_layer.forward(all_price, tax)
    dprice = 1
    dall_price, dtax = mul_tax_layer.backward(dprice)
    dapple_price, dorange_price = add_apple_orange_layer.backward(
        dprice if skip_tax else dall_price)
    dorange, dorange_num = mul_orange_layer.backward(dorange_price)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    return price, (dapple, dapple_num, dorange, dorange_num, dtax)


def fruit_graph_tax_skipped(apple, apple_num, orange, orange_num, tax):
    return _fruit(apple, apple_num, orange, orange_num, tax, skip_tax=True)


def fruit_graph_notes_print_order(apple, apple_num, orange, orange_num, tax):
    price, (dapple, dapple_num, dorange, dorange_num, dtax) = _fruit(
        apple, apple_num, orange, orange_num, tax)
    return price, (dapple_num, dapple, dorange, dorange_num, dtax)


def fruit_graph_fruits_swapped(apple, apple_num, orange, orange_num, tax):
    price, (dapple, dapple_num, dorange, dorange_num, dtax) = _fruit(
        apple, apple_num, orange, orange_num, tax)
    return price, (dorange, dorange_num, dapple, dapple_num, dtax)


def fruit_graph_one_layer_for_both(apple, apple_num, orange, orange_num, tax):
    return _fruit(apple, apple_num, orange, orange_num, tax, one_layer_for_fruit=True)


def fruit_graph_notes_mul_layer(apple, apple_num, orange, orange_num, tax):
    return _fruit(apple, apple_num, orange, orange_num, tax, mul=MulLayerKeepsYTwice)


def fruit_graph_worked_numbers(apple, apple_num, orange, orange_num, tax):
    return _fruit(100, 2, 150, 3, 1.1)


NOTES_MUL_LAYER_HINT = (
    "MulLayer.forward stores `self.x = y`, as the first MulLayer of the notes did (file 001, "
    "problem 209): it keeps y twice, so backward's dy = dout * self.x is dout * y. Store both "
    "inputs: self.x = x, self.y = y (and check that dy = dout * self.x in backward).")
WRONG_MUL_LAYER = ("your graph is wired right, but your MulLayer is not: it keeps y twice "
                   "(`self.x = y` in forward, the slip in the notes' first MulLayer). Fix "
                   "MulLayer, run its cell and its check, then run this cell again.")
WORKED_NUMBERS = ("the function sets the worked example's numbers itself (100, 2, 1.1 ...) "
                  "and ignores its arguments: right for the worked example only. Delete "
                  "those lines and use the parameters.")

MISTAKES = [
    # numerical_derivative
    Mistake(NUMERICAL_DERIVATIVE, "one-sided difference", numerical_derivative_one_sided,
            "(f(x + h) - f(x)) / h is the one-sided difference, like nudging a from 5 to "
            "5.001 in the worked example: its error shrinks like h. The central difference "
            "(f(x + h) - f(x - h)) / (2 * h) has an error that shrinks like h².",
            seed="004"),
    Mistake(NUMERICAL_DERIVATIVE, "divided by h, not 2h", numerical_derivative_divided_by_h,
            "your result is twice the derivative: the two points x - h and x + h are 2h "
            "apart, so divide by (2 * h)."),
    Mistake(NUMERICAL_DERIVATIVE, "/ 2 * h", numerical_derivative_precedence,
            "/ 2 * h divides by 2 and then multiplies by h (your result is h² times the "
            "derivative); write / (2 * h), with the parentheses."),
    Mistake(NUMERICAL_DERIVATIVE, "the sign", numerical_derivative_sign,
            "the sign is flipped: the higher point comes first, f(x + h) - f(x - h), so that "
            "a rising f has a positive slope."),
    Mistake(NUMERICAL_DERIVATIVE, "h too small", numerical_derivative_tiny_h,
            "with a tiny default h (1e-50), x + h rounds to x itself (a float holds about 16 "
            "digits), so f(x + h) - f(x - h) is 0. Keep the default h = 1e-4."),
    Mistake(NUMERICAL_DERIVATIVE, "the h argument ignored", numerical_derivative_ignores_h,
            "the body uses its own step instead of the parameter h: "
            "numerical_derivative(f, x, 0.01) must nudge by 0.01 (the notebook's table of "
            "errors calls it with several h). Use h everywhere in the formula."),
    # j_graph
    Mistake(J_GRAPH, "da = 1", j_graph_da_without_upstream,
            "1 is dv/da, the local derivative of the add node alone. The chain rule "
            "multiplies it by what comes from the right: da = dv * 1, with dv = dJ/dv = 3."),
    Mistake(J_GRAPH, "local derivatives only", j_graph_local_derivatives_only,
            "da = 1, db = c, dc = b are the local derivatives alone (or dv = dJ, with the 3 "
            "of J = 3v forgotten). Multiply each by the gradient that comes from the right: "
            "dv = 3 * dJ, du = dv * 1, then da = dv * 1, db = du * c, dc = du * b."),
    Mistake(J_GRAPH, "db and dc swapped", j_graph_db_dc_swapped,
            "u = b * c, so du/db = c and du/dc = b: each input of a multiply node gets the "
            "*other* input. db = du * c, dc = du * b (and return them in the order "
            "(da, db, dc))."),
    Mistake(J_GRAPH, "the worked numbers", j_graph_worked_numbers,
            "the gradients are the worked example's numbers 3, 6, 9, right for a=5, b=3, "
            "c=2 only. Compute them from the arguments: da = 3, db = 3 * c, dc = 3 * b."),
    Mistake(J_GRAPH, "3(a + bc) without the parentheses", j_graph_without_parentheses,
            "3 * a + b * c is 3a + bc: the 3 multiplies a alone. J = 3 * (a + b * c), or "
            "better one line per node: u = b * c, v = a + u, J = 3 * v."),
    # mul_layer
    Mistake(MUL_LAYER, "self.x = y", edit("self.x = x", "self.x = y"), NOTES_MUL_LAYER_HINT,
            seed="001", demo=True),
    Mistake(MUL_LAYER, "dx and dy swapped",
            edits(("dx = dout * self.y", "dx = dout * self.x"),
                  ("dy = dout * self.x", "dy = dout * self.y")),
            "the gradient of x is dout times the *other* input: dx = dout * self.y, "
            "dy = dout * self.x (the local derivative of x * y with respect to x is y)."),
    Mistake(MUL_LAYER, "dout ignored", MulLayerIgnoresDout,
            "y and x are only the local derivatives; the chain rule multiplies them by the "
            "gradient arriving from the right: dx = dout * self.y, dy = dout * self.x."),
    Mistake(MUL_LAYER, "x multiplied in place", MulLayerInPlace,
            "out = x does not copy: out *= y then multiplies the caller's array x in place "
            "(and self.x, the same array, now holds x * y). Write out = x * y, which builds a "
            "new array."),
    Mistake(MUL_LAYER, "np.dot instead of *", MulLayerMatrixProduct, ELEMENTWISE_HINT),
    # div_layer
    Mistake(DIV_LAYER, "the multiply node's rule", DivLayerMultiplyRule,
            "dout * y and dout * x are the multiply node's local derivatives. A divide node "
            "has its own: hold y fixed and x / y moves by 1/y per unit of x; hold x fixed and "
            "the derivative of x * (1/y) is -x / y². dx = dout / y, dy = -dout * x / y**2."),
    Mistake(DIV_LAYER, "dy without the minus", DivLayerDyWithoutMinus,
            "the sign of dy: the derivative of 1/y is -1/y², so dy = -dout * x / y**2. A "
            "bigger y gives a smaller x / y (more friends, a smaller share): the slope is "
            "negative for positive x and y."),
    Mistake(DIV_LAYER, "dy without x", DivLayerDyWithoutX,
            "-dout / y**2 is the derivative of 1/y alone; x / y is x times 1/y, so x stays "
            "as a factor: dy = -dout * x / y**2."),
    Mistake(DIV_LAYER, "dy = -dout * x / y", DivLayerDyOverY,
            "x / y² has y squared: the derivative of 1/y = y**-1 is -1 * y**-2. "
            "dy = -dout * x / y**2."),
    Mistake(DIV_LAYER, "dx and dy swapped", DivLayerSwapped,
            "backward returns (dx, dy) in the order of forward's inputs (x, y): dx = dout / y "
            "first, then dy = -dout * x / y**2."),
    Mistake(DIV_LAYER, "dout ignored", DivLayerIgnoresDout,
            "1/y and -x/y² are only the local derivatives; the chain rule multiplies them by "
            "the gradient arriving from the right: dx = dout / y, dy = -dout * x / y**2."),
    Mistake(DIV_LAYER, "x divided in place", DivLayerInPlace,
            "out = x does not copy: out /= y then divides the caller's array x in place (and "
            "self.x, the same array, now holds x / y). Write out = x / y, which builds a new "
            "array."),
    Mistake(DIV_LAYER, "dy from the output", DivLayerWithTheOutput,
            "x / y² = (x / y) / y = out / y: keeping the output and writing "
            "dy = -dout * out / y is the same derivative.", harmless=True),
    # apple_graph
    Mistake(APPLE_GRAPH, "the tax node skipped", apple_graph_tax_skipped,
            "mul_apple_layer.backward gets dprice = 1, so the tax is missing from dapple and "
            "dapple_num. It needs what the tax node sends back, dapple_price = dprice * tax "
            "(1.1 in the worked example). " + RIGHT_TO_LEFT),
    Mistake(APPLE_GRAPH, "walked left to right", apple_graph_left_to_right,
            "backward starts at the end of the graph, the tax node, and feeds each node "
            "what the node to its right sent back: dapple_price, dtax = "
            "mul_tax_layer.backward(dprice), then mul_apple_layer.backward(dapple_price)."),
    Mistake(APPLE_GRAPH, "one MulLayer for both nodes", apple_graph_one_layer_reused,
            "one MulLayer object used for both nodes: the second forward overwrites what "
            "the first one kept (self.x, self.y), so the apple node's backward uses the tax "
            "node's inputs. One object per node: mul_apple_layer and mul_tax_layer."),
    Mistake(APPLE_GRAPH, "backward starts from the price", apple_graph_starts_from_price,
            "backward starts from dprice = 1 (dprice/dprice), not from the price itself: "
            "mul_tax_layer.backward(1)."),
    Mistake(APPLE_GRAPH, "the tax node's gradients unpacked backwards",
            apple_graph_unpacked_backwards,
            "mul_tax_layer.forward(apple_price, tax) returns gradients in the order of its "
            "inputs: dapple_price, dtax = mul_tax_layer.backward(dprice)."),
    Mistake(APPLE_GRAPH, "the worked example's numbers", apple_graph_worked_numbers,
            WORKED_NUMBERS),
    Mistake(APPLE_GRAPH, "the notes' first MulLayer", apple_graph_notes_mul_layer,
            WRONG_MUL_LAYER, seed="001"),
    # fruit_graph
    Mistake(FRUIT_GRAPH, "the tax node skipped", fruit_graph_tax_skipped,
            "the add node gets dprice = 1, so the tax is missing from the four gradients of "
            "the fruit. It passes on what the tax node sends back, dall_price = dprice * tax "
            "(1.1 in the worked example): add_apple_orange_layer.backward(dall_price)."),
    Mistake(FRUIT_GRAPH, "the notes' print order", fruit_graph_notes_print_order,
            "dapple and dapple_num are swapped: return (dapple, dapple_num, dorange, "
            "dorange_num, dtax) in this order (the notes print dapple_num first). dapple = "
            "tax * apple_num = 2.2 in the worked example.", seed="001"),
    Mistake(FRUIT_GRAPH, "apples and oranges swapped", fruit_graph_fruits_swapped,
            "the apples' and the oranges' gradients are swapped: dapple, dapple_num come "
            "from mul_apple_layer.backward, dorange, dorange_num from "
            "mul_orange_layer.backward; keep the order of the returned tuple."),
    Mistake(FRUIT_GRAPH, "one MulLayer for apples and oranges",
            fruit_graph_one_layer_for_both,
            "one MulLayer object used for the apples and the oranges: the oranges' forward "
            "overwrites what the apples' forward kept, so both backward calls use the "
            "oranges. One object per node: mul_apple_layer and mul_orange_layer."),
    Mistake(FRUIT_GRAPH, "the notes' first MulLayer", fruit_graph_notes_mul_layer,
            WRONG_MUL_LAYER, seed="001"),
    Mistake(FRUIT_GRAPH, "the worked example's numbers", fruit_graph_worked_numbers,
            WORKED_NUMBERS),
]
