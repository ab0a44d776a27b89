"""Notebook 03, logistic regression with loops: the gradient of one example, the notes'
for-loop over m examples (file 004), and gradient descent that trains it.

Layout: one example per row. ``X`` (m, n), ``Y`` (m,) labels 0/1, ``w`` (n,), ``b`` a
number; one example is ``x`` (n,) with its label ``y``. Every function of the notebook takes
``(w, b, ...)`` first, as ``logistic_propagate(w, b, X, Y)`` of notebook 04 does.

The right outputs on the notebook's worked inputs (``w = (0.5, -1)``, ``b = 0.5``, the
examples ``x = (3, 2)``, ``y = 1`` and ``x = (1, 2)``, ``y = 0``) are the exercises'
``examples``, stored at release: nothing here computes an answer. The other checks are
properties: shapes, positivity of the loss, agreement with central differences, an average
that is the mean of its parts, a cost that falls.
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


# The notebook's worked inputs.
W0 = np.array([0.5, -1.0])
B0 = 0.5
X2 = np.array([[3.0, 2.0], [1.0, 2.0]])
Y2 = np.array([1.0, 0.0])

# --------------------------------------------------------------------------------------
# Hints: each says what is wrong and where, then (a further step) the rule in words.
# --------------------------------------------------------------------------------------

ROWS_HINT = ("X has one example per row: example i is the row X[i], its feature j is "
             "X[i, j], and X.shape is (m, n). The notes (file 004), like Andrew Ng's course, "
             "store examples as columns; this course keeps them as rows.")
DZ_SIGN_HINT = (
    "dz has the wrong sign: at x = (3, 2), y = 1 the prediction a = 0.5 is below the label, "
    "so raising z lowers the loss and dz must be negative (-0.5).",
    "dz is the prediction minus the label: a gradient points the way the loss grows.")
DA_ONLY_HINT = (
    "your dz is da, the gradient at the sigmoid's output: the step back through the sigmoid "
    "is missing.",
    "the chain rule multiplies da by the sigmoid's local derivative, a(1 - a); section 1 "
    "simplifies the product on paper.")
NOTES_DLOSS_HINT = (
    "your dz is (a - y) times a: dL/da lost the factor a from its denominator, as the notes' "
    "d_loss did (file 000).",
    "dL/da has a and 1 - a in its denominator; times the sigmoid's a(1 - a) everything "
    "cancels except the prediction minus the label.")
LOCAL_ONLY_HINT = (
    "your dz is the sigmoid's local derivative a(1 - a) alone: the gradient that arrives "
    "from the loss is missing.",
    "chain rule: the local derivative times the incoming gradient da.")
LOG10_HINT = (
    "your loss is 0.434 (1 / ln 10) times the right one: a base-10 logarithm.",
    "cross-entropy uses the natural logarithm, whose derivative is 1/a.")
DZ_IS_A_HINT = (
    "your dz ignores the label: it is a whether y is 1 or 0.",
    "dz compares the prediction with the label.")
W_TIMES_DZ_HINT = (
    "your dw uses the weights where the inputs belong: dw_j is the gradient for w_j, which "
    "multiplies x_j.",
    "a multiply node gives each of its inputs the *other* input times the incoming gradient "
    "(notebook 01).")
DW_IS_DZ_HINT = (
    "every entry of your dw is the same number, dz: the input that each weight multiplies "
    "is missing.",
    "a multiply node gives each of its inputs the *other* input times the incoming gradient "
    "(notebook 01).")
LOSS_SIGN_HINT = (
    "the loss is negative for an example with y = 0: the minus sign covers the first term "
    "only, as in the notes (file 000).",
    "the minus sign applies to the whole bracket: both logarithms are of probabilities, "
    "negative, and the loss is minus their weighted sum.")
SATURATED_DZ_HINT = (
    "at z = 40 the sigmoid returns exactly 1.0, so 1 - a = 0: da divides by zero and a dz "
    "computed through da is NaN.",
    "compute dz from the simplified result of section 1: no division, exact for every z.")
SATURATED_LOSS_HINT = (
    "at z = 40 the sigmoid returns exactly 1.0: log(1 - a) is log 0 = -inf, and 0 times "
    "-inf is NaN in the loss.",
    "clip a away from 0 and 1 before the logarithms, with the bounds the notebook gives.")
ONE_EXAMPLE_NUMERICAL_HINT = (
    "this is the numerical gradient (central differences of the loss), not the derivation "
    "the exercise asks for; the hidden tests use features of very different scales, where "
    "central differences are not accurate enough.",
    "follow the graph backward: dz from section 1's derivation, then dw and db from dz.")
FORGOT_M = (
    "J, dw and db are sums over the examples, m times too large (on the two worked examples "
    "J would be 1.0064, not 0.5032).",
    "J is the average loss, and its gradient the average gradient: divide once, after the "
    "loop.")
RESET = (
    "only the last example counts: the accumulators are set to zero inside the loop, so each "
    "example wipes out the ones before.",
    "set the accumulators to zero once, before the loop over the examples.")
DIVIDE_INSIDE = (
    "you divide inside the loop, after every example, so early examples are divided again "
    "and again.",
    "divide by m once, after the loop: check the indentation.")
DIVIDE_BY_N = (
    "you divided by n, the number of features, where the number of examples belongs.",
    "the average runs over the m examples, the rows of X.")
COLUMNS_HINT = ("your dw reads X[j, i], as if the examples were the columns of X.", ROWS_HINT)
WHOLE_ROW_HINT = (
    "inside the loop over the features you add the whole row each time, so each example "
    "counts n times.",
    "in the loop over j add only entry j; or add the whole row once per example, without "
    "the inner loop.")
LOOP_NUMERICAL_HINT = (
    "this is the numerical gradient (central differences of J), not the derivation the "
    "exercise asks for.",
    "each example's gradient comes from section 1's derivation; the loop adds them up.")
LOOP_CALLS_ONE_EXAMPLE_HINT = (
    "logistic_loop calls logistic_one_example, which is not available here: this exercise "
    "grades the notes' algorithm written out, with both loops.",
    "inside the loop over the examples compute z, a, the loss and dz yourself, and add "
    "each feature's share of dw in a loop over the features.")
IN_PLACE_HINT = (
    "the update writes into the array the caller passed in (an augmented assignment such as "
    "-=), so the caller's w changes.",
    "build a new array from the update and bind the name w to it; return that one.")
REBIND_HINT = (
    "w and b come back unchanged: the update rebinds a loop name, never w or b (the notes "
    "lost their training this way, file 002).",
    "assign the updated values to the names w and b themselves.")
UPHILL_HINT = (
    "w moved uphill, along the gradient: the cost rises.",
    "gradient descent steps against the gradient.")
B_FROZEN_HINT = (
    "b never moves.",
    "update b in the same iteration as w, against its own gradient db.")
STALE_HINT = (
    "every step uses the slope at the starting point: the gradient was computed once, "
    "before the loop.",
    "compute the gradient at the current w and b, inside the loop, every iteration.")
COST_AFTER_HINT = (
    "costs[k] is the cost after the update of iteration k.",
    "record the J that the same logistic_loop call returns with dw and db, before the "
    "update.")
NO_RATE_HINT = (
    "the step ignores learning_rate (the checks with learning_rate = 1 cannot see this; "
    "other rates can).",
    "the step is the gradient scaled by the learning rate.")
PER_EXAMPLE_HINT = (
    "w and b are updated after every example, inside a loop over the examples: that is "
    "stochastic gradient descent, not this notebook's method.",
    "average the gradients over all m examples (logistic_loop on the whole X) and update "
    "once per iteration.")
FIX_LOOP_FIRST = " If logistic_loop does not pass its check yet, fix it first: this uses it."


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
    (LOOP_SHAPE_ERRORS, "w and x both have shape (n,): their dot product is one number."),
]


def _one_example_worked(run, example, x, y):
    label = f"logistic_one_example at w = (0.5, -1), b = 0.5, x = ({x[0]:g}, {x[1]:g}), y = {y:g}"
    try:
        out, right = run.example(example)
    except CheckFailed as failure:
        for patterns, hint in ONE_EXAMPLE_HINTS:
            if any(p in failure.message for p in patterns):
                raise CheckFailed(failure.message, hint) from None
        raise
    expect_shape(f"{label}: L", out["L"], (), hint="the loss of one example is one number.")
    expect_shape(f"{label}: dw", out["dw"], (2,),
                 hint="dw has one entry per weight: the shape of w.")
    expect_shape(f"{label}: db", out["db"], (), hint="db is one number, like b.")
    expect_close(f"{label}: L", out["L"], right["L"],
                 hint="forward first: z from w, x and b, then a = sigmoid(z), then the "
                      "cross-entropy of a against the label (section 1 works it out).")
    expect_close(f"{label}: db", out["db"], right["db"],
                 hint="db equals dz; section 1 derives dz and works out its value here.")
    expect_close(f"{label}: dw", out["dw"], right["dw"],
                 hint="each dw_j is the input x_j times dz (the multiply node's rule).")


def _one_example_numerical(run, w, b, x, y, label):
    out = run_with_hints(run, ONE_EXAMPLE_HINTS, w=w, b=b, x=x, y=y)
    n = len(w)
    expect_shape(f"{label}: dw", out["dw"], (n,), hint="dw has the shape of w, (n,).")
    expect_shape(f"{label}: db", out["db"], (), hint="db is one number.")
    if not float(out["L"]) > 0:
        raise CheckFailed(f"{label}: L = {float(out['L']):.6g}, but a cross-entropy loss is "
                          "always positive.", hint=LOSS_SIGN_HINT[0])
    numerical_dw, numerical_db = _numerical_w_b(run, {"w": w, "b": b, "x": x, "y": y}, "L")
    expect_gradient(f"{label}: dw", out["dw"], numerical_dw,
                    hint="dw disagrees with central differences of your own L: use the "
                         "arguments x, y, w, b, and the multiply node's rule for each weight.")
    expect_gradient(f"{label}: db", np.reshape(out["db"], (1,)), numerical_db,
                    hint="db disagrees with central differences of your own L: db is dz.")


def _one_example_saturated(run):
    """z = w·x + b = 40, y = 1: the sigmoid gives exactly 1.0, a sure and right answer."""
    label = "logistic_one_example at w = (10, 10), b = 0, x = (2, 2), y = 1 (z = 40)"
    out = run_with_hints(run, ONE_EXAMPLE_HINTS, w=np.array([10.0, 10.0]), b=0.0,
                         x=np.array([2.0, 2.0]), y=1.0)
    expect_close(f"{label}: db", out["db"], 0.0, atol=1e-6, hint=SATURATED_DZ_HINT[0])
    expect_close(f"{label}: dw", out["dw"], [0.0, 0.0], atol=1e-6, hint=SATURATED_DZ_HINT[0])
    expect_close(f"{label}: L", out["L"], 0.0, atol=1e-6, hint=SATURATED_LOSS_HINT[0])


def public_logistic_one_example(run):
    _one_example_worked(run, "first", X2[0], 1.0)
    _one_example_worked(run, "second", X2[1], 0.0)
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
              "every name you use must be set in the function: the three accumulators "
              "before the loop, and m and n from the shape of X.")]


def _loop_shapes(label, X, out):
    n = X.shape[1]
    expect_shape(f"{label}: J", out["J"], (),
                 hint="J is one number, the average of the m losses.")
    expect_shape(f"{label}: dw", out["dw"], (n,),
                 hint="dw has one entry per feature, the shape of w: start it as n zeros "
                      "before the loop. " + ROWS_HINT)
    expect_shape(f"{label}: db", out["db"], (), hint="db is one number.")


def _loop_against(label, out, per_loss, per_dw, per_db):
    """J, dw, db against the averages of the per-example values."""
    expect_close(f"{label}: J", out["J"], np.mean(per_loss),
                 hint="J is the average of the examples' losses: add each loss to J, and "
                      "divide by m once, after the loop.")
    expect_close(f"{label}: dw", out["dw"], np.mean(per_dw, axis=0),
                 hint="dw is the average of the examples' dw: each example adds its share to "
                      "every dw[j]; divide by m once, after the loop.")
    expect_close(f"{label}: db", out["db"], np.mean(per_db),
                 hint="db is the average of the examples' dz.")


def public_logistic_loop(run):
    # One example, as a batch of one: the loop runs once and m = 1.
    label = "logistic_loop on the one example X = [[3, 2]], Y = [1]"
    out = run_with_hints(run, LOOP_HINTS, **LOGISTIC_LOOP.examples["first"])
    _, right = run.example("first")
    _loop_shapes(label, X2[:1], out)
    expect_close(f"{label}: J", out["J"], right["J"],
                 hint="with one example J is that example's loss, 0.6931 (section 1).")
    expect_close(f"{label}: db", out["db"], right["db"],
                 hint="with one example db is that example's dz, -0.5 (section 1).")
    expect_close(f"{label}: dw", out["dw"], right["dw"],
                 hint="with one example dw[j] is X[0, j] times dz (section 1).")

    # Two examples: the worked numbers of the notebook.
    label = "logistic_loop on X = [[3, 2], [1, 2]], Y = [1, 0]"
    out = run_with_hints(run, LOOP_HINTS, **LOGISTIC_LOOP.examples["two"])
    _, right = run.example("two")
    _loop_shapes(label, X2, out)
    expect_close(f"{label}: J", out["J"], right["J"],
                 hint="the losses of the two examples are 0.6931 and 0.3133; J is their mean.")
    expect_close(f"{label}: dw", out["dw"], right["dw"],
                 hint="dw is the mean of the two examples' dw, (-1.5, -1) and "
                      "(0.2689, 0.5379).")
    expect_close(f"{label}: db", out["db"], right["db"],
                 hint="db is the mean of the two examples' dz, -0.5 and 0.2689.")

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


DESCENT_HINTS = [(("changed the caller's array",), IN_PLACE_HINT[0])] + LOOP_HINTS


def _descent_shapes(label, iterations, n, out):
    got = np.shape(out["costs"])
    if got != (iterations,):
        hint = "return the list of costs as the third value."
        if got == (iterations + 1,):
            hint = ("one cost per iteration, the cost *before* that iteration's update: "
                    "costs has `iterations` entries.")
        raise CheckFailed(f"{label}: costs has shape {got}, expected ({iterations},).", hint)
    expect_shape(f"{label}: w", out["w"], (n,), hint="return the trained w, shape (n,).")
    expect_shape(f"{label}: b", out["b"], (), hint="return the trained b, one number.")


def public_logistic_descent(run):
    label = ("gradient_descent(w=(0.5, -1), b=0.5, X=[[3, 2], [1, 2]], Y=[1, 0], "
             "learning_rate=1, iterations=1)")
    out = run_with_hints(run, DESCENT_HINTS, **LOGISTIC_DESCENT.examples["one_step"])
    _, right = run.example("one_step")
    _descent_shapes(label, 1, 2, out)
    expect_close(f"{label}: costs[0]", out["costs"][0], right["costs"][0],
                 hint="costs[0] is J at the starting w and b, from logistic_loop before the "
                      "first update (0.5032, section 3)." + FIX_LOOP_FIRST)
    expect_close(f"{label}: w", out["w"], right["w"],
                 hint="one step against the gradient, scaled by the learning rate: section 3 "
                      "works it out, w = (1.1155, -0.7689)." + FIX_LOOP_FIRST)
    expect_close(f"{label}: b", out["b"], right["b"],
                 hint="b takes the same kind of step with its own gradient db: 0.6155.")

    label = label.replace("iterations=1", "iterations=2")
    out = run_with_hints(run, DESCENT_HINTS, **LOGISTIC_DESCENT.examples["two_steps"])
    _, right = run.example("two_steps")
    _descent_shapes(label, 2, 2, out)
    expect_close(f"{label}: costs", out["costs"], right["costs"],
                 hint="each iteration: the cost and gradients at the current w and b from "
                      "logistic_loop, the cost appended, then the update (0.5032, 0.4396).")
    expect_close(f"{label}: w", out["w"], right["w"],
                 hint="one update per iteration, with the gradient of the current w and b.")
    expect_close(f"{label}: b", out["b"], right["b"])

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
                          hint="each step goes against the gradient of the current w and b, "
                               "for w and for b." + FIX_LOOP_FIRST)
    short = run_with_hints(run, DESCENT_HINTS, **inputs, iterations=5)
    expect_close(f"{label}: the costs of 5 iterations", short["costs"], costs[:5],
                 hint="the same start must give the same first 5 costs, whatever the number "
                      "of iterations: use only the arguments, and no random numbers.")
    again = run_with_hints(run, DESCENT_HINTS,
                           **{**inputs, "w": short["w"], "b": float(short["b"])}, iterations=1)
    expect_close(f"{label}: 1 iteration from where 5 iterations ended", again["costs"][0],
                 costs[5], hint="costs[k] is the cost before the update of iteration k: "
                                "after 5 updates, the next cost recorded is costs[5].")


# Probe inputs on which the known mistakes (autograder/exercises/nb03_logistic_loops.py) are
# told apart: both labels, one feature and several, square and non-square X, a batch of one,
# learning rates of 1 and below, and features of very different scales (where central
# differences are visibly off).
_probe_rng = np.random.default_rng(303)
ONE_EXAMPLE_PROBES = (
    {"w": W0, "b": B0, "x": X2[0], "y": 1.0},
    {"w": W0, "b": B0, "x": X2[1], "y": 0.0},
    {"w": np.array([0.3, -0.7, 1.1]), "b": -0.2, "x": np.array([1.5, 0.5, -2.0]), "y": 1.0},
    {"w": np.array([-0.4]), "b": 0.3, "x": np.array([2.5]), "y": 0.0},
    {"w": np.array([10.0, 10.0]), "b": 0.0, "x": np.array([2.0, 2.0]), "y": 1.0},
    {"w": np.array([4e-4, -3e-4, 2.0]), "b": 0.1, "x": np.array([1500.0, 2000.0, 0.02]),
     "y": 1.0})
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
    still_hidden=("random weights, inputs and labels, from one feature to seven, and features "
                  "of very different scales, compared to 1e-6: the derivative derived, not "
                  "central differences"),
    probes=ONE_EXAMPLE_PROBES,
    examples={"first": {"w": W0, "b": B0, "x": X2[0], "y": 1.0},
              "second": {"w": W0, "b": B0, "x": X2[1], "y": 0.0}},
    withheld=("numerical_gradient",))

LOGISTIC_LOOP = Exercise(
    name="logistic_loop",
    title="logistic_loop(w, b, X, Y), the for-loop over m examples",
    points=3,
    drive=drive_logistic_loop,
    public=public_logistic_loop,
    still_hidden=("random data sets of several shapes (m < n, m > n, square X and one example) "
                  "and features of very different scales, compared to 1e-6"),
    probes=LOOP_PROBES,
    examples={"first": {"w": W0, "b": B0, "X": X2[:1], "Y": Y2[:1]},
              "two": {"w": W0, "b": B0, "X": X2, "Y": Y2}},
    withheld=("numerical_gradient", "logistic_one_example"))

LOGISTIC_DESCENT = Exercise(
    name="logistic_descent",
    title="gradient_descent(w, b, X, Y, learning_rate, iterations)",
    points=2,
    drive=drive_logistic_descent,
    public=public_logistic_descent,
    still_hidden="other data, learning rates and numbers of iterations, one example included",
    probes=DESCENT_PROBES,
    examples={"one_step": {"w": W0, "b": B0, "X": X2, "Y": Y2, "learning_rate": 1.0,
                           "iterations": 1},
              "two_steps": {"w": W0, "b": B0, "X": X2, "Y": Y2, "learning_rate": 1.0,
                            "iterations": 2}})

EXERCISES = [LOGISTIC_ONE_EXAMPLE, LOGISTIC_LOOP, LOGISTIC_DESCENT]
