"""Notebook 03, logistic regression with loops: the gradient of one example, the notes'
for-loop over m examples (file 004), and gradient descent that trains it.

Layout: one example per row. ``X`` (m, n), ``Y`` (m,) labels 0/1, ``w`` (n,), ``b`` a
number; one example is ``x`` (n,) with its label ``y``. Every function of the notebook takes
``(w, b, ...)`` first, as ``logistic_propagate(w, b, X, Y)`` of notebook 04 does.

The worked numbers (the formulas of the notes' file 004, our numbers): ``w = (0.5, -1)``,
``b = 0.5``; example 1 is ``x = (3, 2)``, ``y = 1``: z = 0, a = 0.5, L = log 2, da = -2, dz = -0.5,
dw = (-1.5, -1), db = -0.5; example 2 is ``x = (1, 2)``, ``y = 0``: z = -1, a = 0.2689.
"""

import warnings

import numpy as np

from course.checking import (
    SHAPE_ERRORS,
    CheckFailed,
    Exercise,
    as_numbers,
    expect_close,
    expect_gradient,
    expect_shape,
    run_with_hints,
    unpack,
)
from course.gradcheck import numerical_gradient

# the loop version indexes arrays too, so index errors count as shape problems here
LOOP_SHAPE_ERRORS = (*SHAPE_ERRORS, "shapes", "out of bounds", "too many indices")


def _numerical_w_b(run, inputs, output):
    """Central differences of the learner's ``output`` (a number) with respect to w and b."""
    def of_w(p):
        return run(**{**inputs, "w": p})[output]

    def of_b(p):
        return run(**{**inputs, "b": float(p[0])})[output]

    return numerical_gradient(of_w, inputs["w"]), numerical_gradient(of_b, [inputs["b"]])


# --------------------------------------------------------------------------------------
# The worked numbers
# --------------------------------------------------------------------------------------

W0 = np.array([0.5, -1.0])
B0 = 0.5
X2 = np.array([[3.0, 2.0], [1.0, 2.0]])
Y2 = np.array([1.0, 0.0])
A2 = np.array([0.5, 0.2689414213699951])              # sigmoid(z) of the two examples
L2 = np.array([0.6931471805599453, 0.3132616875182228])  # their losses
DW2 = np.array([[-1.5, -1.0], [0.2689414213699951, 0.5378828427399902]])
DB2 = A2 - Y2                                         # dz of each example
J2 = 0.503204434039084
DW_MEAN = np.array([-0.6155292893150024, -0.2310585786300049])
DB_MEAN = -0.11552928931500245

ROWS_HINT = ("X has one example per row: example i is X[i] (shape (n,)), its feature j is "
             "X[i, j], and m, n = X.shape. The notes (file 004), like Andrew Ng's course, "
             "store examples as columns; this course keeps them as rows.")


DZ_SIGN_HINT = "dz = a - y, prediction minus label, not y - a: check the signs."
DA_ONLY_HINT = ("that is da = dL/da. The chain rule multiplies it by da/dz = a (1 - a): "
                "dz = da * a * (1 - a), which simplifies to a - y.")
NOTES_DLOSS_HINT = (
    "that is (a - y) * a: your dL/da dropped the factor a from its denominator, as the notes "
    "did (file 000: d_loss = (y - t) / (1 - y)). da = -y/a + (1 - y)/(1 - a) = "
    "(a - y) / (a (1 - a)); times a (1 - a) gives dz = a - y.")
LOCAL_ONLY_HINT = ("that is sigmoid'(z) = a (1 - a) alone, the local derivative without the "
                   "gradient coming from the loss: multiply it by da, dz = da * a (1 - a) "
                   "= a - y.")
LOG10_HINT = "use the natural logarithm np.log, not np.log10."
DZ_IS_A_HINT = "that is a alone: dz = a - y, the label is subtracted."
W_TIMES_DZ_HINT = ("that is w * dz. In z = w1 x1 + w2 x2 + b, the multiply node w1 x1 passes to "
                   "w1 the *other* input times the incoming gradient: dw1 = x1 * dz.")
DW_IS_DZ_HINT = ("each weight's gradient is its own input times dz: dw = x * dz, not dz "
                 "alone.")


LOSS_SIGN_HINT = ("the minus sign belongs in front of the whole bracket: "
                  "L = -(y log a + (1 - y) log(1 - a)). The notes (file 000) wrote "
                  "-t*log(y) + (1-t)*log(1-y), which is right when y = 1 and has the wrong "
                  "sign when y = 0.")
SATURATED_DZ_HINT = (
    "at z = 40 the sigmoid returns exactly 1.0, so 1 - a = 0: da = -y/a + (1 - y)/(1 - a) "
    "divides 0 by 0, and da * a * (1 - a) is NaN. Compute dz = a - y directly: it is the same "
    "product with the cancelling done on paper, exact for every z.")
SATURATED_LOSS_HINT = (
    "at z = 40 the sigmoid returns exactly 1.0, and log(1 - a) = log(0) = -inf; times "
    "(1 - y) = 0 that is NaN. Clip a for the logarithm, as in notebook 02: "
    "np.clip(a, 1e-7, 1 - 1e-7).")


# --------------------------------------------------------------------------------------
# logistic_one_example
# --------------------------------------------------------------------------------------


def drive_logistic_one_example(logistic_one_example, w, b, x, y):
    """logistic_one_example(w, b, x, y), with NumPy's warnings silenced: at a saturated
    example a NaN is the answer's behaviour, and the checks say what it means."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        result = logistic_one_example(w, b, x, y)
    L, dw, db = unpack(result, 3, "logistic_one_example(w, b, x, y)")
    return {"L": L, "dw": dw, "db": db}


ONE_EXAMPLE_HINTS = [
    (LOOP_SHAPE_ERRORS, "z = np.dot(w, x) + b: w and x both have shape (n,), and np.dot of two "
                   "vectors is one number."),
]


def _one_example_worked(run, i):
    x, y, a = X2[i], float(Y2[i]), float(A2[i])
    label = f"logistic_one_example at w = (0.5, -1), b = 0.5, x = ({x[0]:g}, {x[1]:g}), y = {y:g}"
    out = run_with_hints(run, ONE_EXAMPLE_HINTS, w=W0, b=B0, x=x, y=y)
    expect_shape(f"{label}: L", out["L"], (),
                 hint="the loss of one example is one number.")
    expect_shape(f"{label}: dw", out["dw"], (2,),
                 hint="dw has one entry per weight, the shape of w: dw = x * dz.")
    expect_shape(f"{label}: db", out["db"], (), hint="db is one number, db = dz.")
    expect_close(f"{label}: L", out["L"], L2[i], hint=(
        f"z = w·x + b = {x[0] * W0[0] + x[1] * W0[1] + B0:g}, a = sigmoid(z) = {a:.4f}, "
        "L = -(y log a + (1 - y) log(1 - a))."))
    dz = a - y
    expect_close(f"{label}: db", out["db"], dz, hint=(
        f"db = dz = a - y = {dz:.4f}: da = -y/a + (1 - y)/(1 - a), times da/dz = a (1 - a)."))
    expect_close(f"{label}: dw", out["dw"], DW2[i], hint=(
        f"dw_j = x_j * dz: here ({x[0]:g} * {dz:.4f}, {x[1]:g} * {dz:.4f})."))


def _one_example_numerical(run, w, b, x, y, label):
    out = run_with_hints(run, ONE_EXAMPLE_HINTS, w=w, b=b, x=x, y=y)
    n = len(w)
    expect_shape(f"{label}: dw", out["dw"], (n,), hint="dw has the shape of w, (n,).")
    expect_shape(f"{label}: db", out["db"], (), hint="db is one number.")
    if not float(out["L"]) > 0:
        raise CheckFailed(f"{label}: L = {float(out['L']):.6g}, but a cross-entropy loss is "
                          "always positive.",
                          hint=LOSS_SIGN_HINT)
    numerical_dw, numerical_db = _numerical_w_b(run, {"w": w, "b": b, "x": x, "y": y}, "L")
    expect_gradient(f"{label}: dw", out["dw"], numerical_dw,
                    hint="dw = x * dz with dz = a - y: use the arguments x, y, w, b.")
    expect_gradient(f"{label}: db", np.reshape(out["db"], (1,)), numerical_db,
                    hint="db = dz = a - y.")


def _one_example_saturated(run):
    """z = w·x + b = 40, y = 1: the sigmoid gives exactly 1.0, a sure and right answer."""
    label = "logistic_one_example at w = (10, 10), b = 0, x = (2, 2), y = 1 (z = 40)"
    out = run_with_hints(run, ONE_EXAMPLE_HINTS, w=np.array([10.0, 10.0]), b=0.0,
                         x=np.array([2.0, 2.0]), y=1.0)
    expect_close(f"{label}: db", out["db"], 0.0, atol=1e-6, hint=SATURATED_DZ_HINT)
    expect_close(f"{label}: dw", out["dw"], [0.0, 0.0], atol=1e-6, hint=SATURATED_DZ_HINT)
    expect_close(f"{label}: L", out["L"], 0.0, atol=1e-6, hint=SATURATED_LOSS_HINT)


def public_logistic_one_example(run):
    _one_example_worked(run, 0)
    _one_example_worked(run, 1)
    rng = np.random.default_rng(3)
    for n, y in [(4, 1.0), (4, 0.0), (1, 0.0)]:
        w, x, b = rng.normal(size=n) * 0.8, rng.normal(size=n), float(rng.normal())
        _one_example_numerical(run, w, b, x, y, f"logistic_one_example with n = {n} "
                                                f"features, y = {y:g}")
    _one_example_saturated(run)


# --------------------------------------------------------------------------------------
# logistic_loop
# --------------------------------------------------------------------------------------


def drive_logistic_loop(logistic_loop, w, b, X, Y):
    J, dw, db = unpack(logistic_loop(w, b, X, Y), 3, "logistic_loop(w, b, X, Y)")
    return {"J": J, "dw": dw, "db": db}


LOOP_HINTS = [(LOOP_SHAPE_ERRORS, ROWS_HINT), (("is not defined",),
              "every name you use must be set in the function: J = 0, dw = np.zeros(n) "
              "and db = 0 before the loop, and m, n = X.shape.")]

FORGOT_M = ("this is the sum over the examples: divide by m once, after the loop "
            "(J /= m, dw /= m, db /= m). J is the *average* loss, and its gradient the "
            "average gradient.")
RESET = ("only the last example counts: the accumulator is set to zero inside the loop, so "
         "each example wipes out the ones before. Set J = 0, dw = np.zeros(n) and db = 0 "
         "once, before `for i in range(m):`.")
DIVIDE_INSIDE = ("you divide by m inside the loop, after every example, so early examples are "
                 "divided again and again. Move J /= m, dw /= m, db /= m after the loop (check "
                 "their indentation).")
DIVIDE_BY_N = "divide by m, the number of examples (rows of X), not by n, the number of features."


def _loop_shapes(label, X, out):
    n = X.shape[1]
    expect_shape(f"{label}: J", out["J"], (),
                 hint="J is one number, the average of the m losses.")
    expect_shape(f"{label}: dw", out["dw"], (n,),
                 hint="dw has one entry per feature, the shape of w: dw = np.zeros(n) before "
                      "the loop. " + ROWS_HINT)
    expect_shape(f"{label}: db", out["db"], (), hint="db is one number.")


def _loop_against(label, out, per_loss, per_dw, per_db):
    """J, dw, db against the averages of the per-example values."""
    expect_close(f"{label}: J", out["J"], np.mean(per_loss),
                 hint="J = (1/m) sum over i of L(a_i, y_i): add each example's loss to J, "
                      "and divide by m once, after the loop.")
    expect_close(f"{label}: dw", out["dw"], np.mean(per_dw, axis=0),
                 hint="dw = (1/m) sum over i of x_i dz_i: in the loop, dw[j] += X[i, j] * dz.")
    expect_close(f"{label}: db", out["db"], np.mean(per_db),
                 hint="db = (1/m) sum over i of dz_i.")


def public_logistic_loop(run):
    # One example, as a batch of one: the loop runs once and m = 1.
    label = "logistic_loop on the one example X = [[3, 2]], Y = [1]"
    out = run_with_hints(run, LOOP_HINTS, w=W0, b=B0, X=X2[:1], Y=Y2[:1])
    _loop_shapes(label, X2[:1], out)
    expect_close(f"{label}: J", out["J"], L2[0],
                 hint="z = w·x + b = 0, a = 0.5, J = L = -log 0.5 = 0.6931.")
    expect_close(f"{label}: db", out["db"], DB2[0], hint="db = dz = a - y = -0.5.")
    expect_close(f"{label}: dw", out["dw"], DW2[0], hint="dw_j += X[i, j] * dz.")

    # Two examples: the worked numbers of the notebook.
    label = "logistic_loop on X = [[3, 2], [1, 2]], Y = [1, 0]"
    out = run_with_hints(run, LOOP_HINTS, w=W0, b=B0, X=X2, Y=Y2)
    _loop_shapes(label, X2, out)
    expect_close(f"{label}: J", out["J"], J2,
                 hint="the losses of the two examples are 0.6931 and 0.3133; J is their mean.")
    _loop_against(label, out, L2, DW2, DB2)

    # Random examples, m != n and m == n: each example alone (a batch of one is already
    # checked above) must average to the whole.
    rng = np.random.default_rng(4)
    for m, n in [(5, 3), (3, 3), (4, 1)]:
        X, w, b = rng.normal(size=(m, n)), rng.normal(size=n) * 0.7, float(rng.normal())
        Y = (rng.random(m) < 0.5).astype(np.float64)
        Y[:2] = [1.0, 0.0]
        label = f"logistic_loop on a random X of shape {(m, n)}"
        out = run_with_hints(run, LOOP_HINTS, w=w, b=b, X=X, Y=Y)
        _loop_shapes(label, X, out)
        singles = [run_with_hints(run, LOOP_HINTS, w=w, b=b, X=X[i:i + 1], Y=Y[i:i + 1])
                   for i in range(m)]
        _loop_against(label, out, [s["J"] for s in singles], [s["dw"] for s in singles],
                      [s["db"] for s in singles])
        numerical_dw, numerical_db = _numerical_w_b(run, {"w": w, "b": b, "X": X, "Y": Y}, "J")
        expect_gradient(f"{label}: dw", out["dw"], numerical_dw, hint=ROWS_HINT)
        expect_gradient(f"{label}: db", np.reshape(out["db"], (1,)), numerical_db)


# --------------------------------------------------------------------------------------
# gradient_descent with the loop
# --------------------------------------------------------------------------------------


def drive_logistic_descent(gradient_descent, w, b, X, Y, learning_rate, iterations):
    result = gradient_descent(w, b, X, Y, learning_rate, int(iterations))
    w_new, b_new, costs = unpack(result, 3, "gradient_descent(w, b, X, Y, learning_rate, "
                                            "iterations)")
    return {"w": w_new, "b": b_new,
            "costs": as_numbers("the list of costs", costs).astype(np.float64)}


IN_PLACE_HINT = ("`w -= learning_rate * dw` changes the array the caller passed in (their "
                 "model). Write `w = w - learning_rate * dw`: it makes a new array, which you "
                 "return.")
DESCENT_HINTS = [(("changed the caller's array",), IN_PLACE_HINT)] + LOOP_HINTS
REBIND_HINT = ("w and b come back unchanged. An update like `for p, g in zip(params, grads): "
               "p = p - lr * g` only rebinds the loop name p and never changes w or b (the "
               "notes lost their training this way, file 002). Assign to the names you use: "
               "w = w - learning_rate * dw, b = b - learning_rate * db.")
UPHILL_HINT = ("w moved uphill, to w + learning_rate * dw: gradient descent steps against "
               "the gradient, w = w - learning_rate * dw.")
B_FROZEN_HINT = ("b never moves: b = b - learning_rate * db, in the same loop as "
                 "w = w - learning_rate * dw.")
STALE_HINT = ("the gradient was computed once, before the loop, so every step uses the slope "
              "at the starting point. Call logistic_loop(w, b, X, Y) inside the loop, at the "
              "current w and b, every iteration.")
COST_AFTER_HINT = ("costs[k] is the cost *before* the update of iteration k (J returned by the "
                   "same logistic_loop call that gave dw and db), not the cost after it.")
NO_RATE_HINT = ("the step ignores learning_rate: w = w - learning_rate * dw (the checks with "
                "learning_rate = 1 cannot see this; other rates can).")
PER_EXAMPLE_HINT = ("w and b are updated after every example, inside a loop over the examples: "
                    "that is stochastic gradient descent, not the method of this notebook. "
                    "Average the gradients over all m examples (logistic_loop(w, b, X, Y)) and "
                    "update once per iteration.")
FIX_LOOP_FIRST = " If logistic_loop does not pass its check yet, fix it first: this uses it."

# lr = 1 on the two worked examples, from w = (0.5, -1), b = 0.5.
STEPS = [
    (np.array([1.1155292893150024, -0.7689414213699951]), 0.6155292893150024),
    (np.array([0.9634720514, -1.2357424538]), 0.38212877308103943),
]
COSTS = [0.503204434039084, 0.4396175913894603]


def _descent_shapes(label, iterations, n, out):
    got = np.shape(out["costs"])
    if got != (iterations,):
        hint = "return the list of costs as the third value."
        if got == (iterations + 1,):
            hint = ("one cost per iteration, the cost *before* that iteration's update: "
                    "costs has `iterations` entries (append J right after computing it).")
        raise CheckFailed(f"{label}: costs has shape {got}, expected ({iterations},).", hint)
    expect_shape(f"{label}: w", out["w"], (n,), hint="return the trained w, shape (n,).")
    expect_shape(f"{label}: b", out["b"], (), hint="return the trained b, one number.")


def public_logistic_descent(run):
    base = {"w": W0, "b": B0, "X": X2, "Y": Y2, "learning_rate": 1.0}
    label = ("gradient_descent(w=(0.5, -1), b=0.5, X=[[3, 2], [1, 2]], Y=[1, 0], "
             "learning_rate=1, iterations=1)")
    out = run_with_hints(run, DESCENT_HINTS, **base, iterations=1)
    _descent_shapes(label, 1, 2, out)
    expect_close(f"{label}: costs[0]", out["costs"][0], COSTS[0],
                 hint="costs[0] is J at the starting w and b, computed by "
                      "logistic_loop(w, b, X, Y) before the first update." + FIX_LOOP_FIRST)
    expect_close(f"{label}: w", out["w"], STEPS[0][0],
                 hint="w = w - learning_rate * dw with dw = (-0.6155, -0.2311)." + FIX_LOOP_FIRST)
    expect_close(f"{label}: b", out["b"], STEPS[0][1],
                 hint="b = b - learning_rate * db with db = -0.1155.")

    label = label.replace("iterations=1", "iterations=2")
    out = run_with_hints(run, DESCENT_HINTS, **base, iterations=2)
    _descent_shapes(label, 2, 2, out)
    expect_close(f"{label}: costs", out["costs"], COSTS,
                 hint="each iteration: J, dw, db = logistic_loop(w, b, X, Y) at the current w "
                      "and b; append J; update w and b.")
    expect_close(f"{label}: w", out["w"], STEPS[1][0],
                 hint="w = w - learning_rate * dw, once per iteration, with the gradient of "
                      "the current w and b.")
    expect_close(f"{label}: b", out["b"], STEPS[1][1])

    # A random problem: the cost falls, and the list of costs tells one consistent story.
    rng = np.random.default_rng(5)
    X = rng.normal(size=(6, 3))
    inputs = {"w": rng.normal(size=3) * 0.5, "b": 0.2, "X": X,
              "Y": np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0]), "learning_rate": 0.3}
    label = "gradient_descent on a random X of shape (6, 3), learning_rate=0.3"
    long = run_with_hints(run, DESCENT_HINTS, **inputs, iterations=12)
    _descent_shapes(f"{label}, iterations=12", 12, 3, long)
    costs = long["costs"]
    if not np.all(np.diff(costs) < 0):
        raise CheckFailed(f"{label}, iterations=12: the cost did not fall at every step: "
                          f"{np.round(costs, 4)}",
                          hint="w = w - learning_rate * dw and b = b - learning_rate * db, with "
                               "the gradients of the current w and b." + FIX_LOOP_FIRST)
    short = run_with_hints(run, DESCENT_HINTS, **inputs, iterations=5)
    expect_close(f"{label}: the costs of 5 iterations", short["costs"], costs[:5],
                 hint="the same start must give the same first 5 costs, whatever the number "
                      "of iterations: use only the arguments, and no random numbers.")
    again = run_with_hints(run, DESCENT_HINTS,
                           **{**inputs, "w": short["w"], "b": float(short["b"])}, iterations=1)
    expect_close(f"{label}: 1 iteration from where 5 iterations ended", again["costs"][0],
                 costs[5], hint="costs[k] is the cost before the update of iteration k: "
                                "after 5 updates, the next cost recorded is costs[5].")


# Probe inputs on which the known mistakes (autograder/mistakes/nb03_logistic_loops.py) are
# told apart: both labels, one feature and several, square and non-square X, a batch of one,
# learning rates of 1 and below.
_probe_rng = np.random.default_rng(303)
ONE_EXAMPLE_PROBES = (
    {"w": W0, "b": B0, "x": X2[0], "y": 1.0},
    {"w": W0, "b": B0, "x": X2[1], "y": 0.0},
    {"w": np.array([0.3, -0.7, 1.1]), "b": -0.2, "x": np.array([1.5, 0.5, -2.0]), "y": 1.0},
    {"w": np.array([-0.4]), "b": 0.3, "x": np.array([2.5]), "y": 0.0},
    {"w": np.array([10.0, 10.0]), "b": 0.0, "x": np.array([2.0, 2.0]), "y": 1.0})
LOOP_PROBES = (
    {"w": W0, "b": B0, "X": X2, "Y": Y2},
    {"w": W0, "b": B0, "X": X2[:1], "Y": Y2[:1]},
    {"w": _probe_rng.normal(size=3) * 0.7, "b": 0.2, "X": _probe_rng.normal(size=(5, 3)),
     "Y": np.array([1.0, 0.0, 0.0, 1.0, 1.0])},
    {"w": _probe_rng.normal(size=4) * 0.7, "b": -0.3, "X": _probe_rng.normal(size=(3, 4)),
     "Y": np.array([0.0, 1.0, 1.0])})
DESCENT_PROBES = (
    {"w": W0, "b": B0, "X": X2, "Y": Y2, "learning_rate": 1.0, "iterations": 2},
    {"w": _probe_rng.normal(size=3) * 0.5, "b": 0.2, "X": _probe_rng.normal(size=(6, 3)),
     "Y": np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0]), "learning_rate": 0.3, "iterations": 3},
    {"w": np.array([0.2, -0.1]), "b": 0.0, "X": np.array([[1.0, 2.0]]), "Y": np.array([1.0]),
     "learning_rate": 0.5, "iterations": 2})

LOGISTIC_ONE_EXAMPLE = Exercise(
    name="logistic_one_example",
    title="logistic_one_example(w, b, x, y)",
    points=2,
    drive=drive_logistic_one_example,
    public=public_logistic_one_example,
    still_hidden="random weights, inputs and labels, from one feature to seven",
    probes=ONE_EXAMPLE_PROBES)

LOGISTIC_LOOP = Exercise(
    name="logistic_loop",
    title="logistic_loop(w, b, X, Y), the for-loop over m examples",
    points=3,
    drive=drive_logistic_loop,
    public=public_logistic_loop,
    still_hidden=("random data sets of several shapes (m < n, m > n, square X and one example) "
        "and float32 data"),
    probes=LOOP_PROBES)

LOGISTIC_DESCENT = Exercise(
    name="logistic_descent",
    title="gradient_descent(w, b, X, Y, learning_rate, iterations)",
    points=2,
    drive=drive_logistic_descent,
    public=public_logistic_descent,
    still_hidden="other data, learning rates and numbers of iterations, one example included",
    probes=DESCENT_PROBES)

EXERCISES = [LOGISTIC_ONE_EXAMPLE, LOGISTIC_LOOP, LOGISTIC_DESCENT]
