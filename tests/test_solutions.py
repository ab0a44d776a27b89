"""The reference implementations: backward against central differences, the seeds' worked
numbers, stability on extreme inputs, no mutation of inputs, dtypes preserved."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import solutions as S
from course.exercises.nb05_affine_softmax import NOTES_LOSSES, NOTES_SCORES
from course.gradcheck import layer_numerical_gradient, numerical_gradient, relative_error

GRAD_TOL = 1e-7
shapes = st.tuples(st.integers(1, 5), st.integers(1, 6))
seeds = st.integers(0, 2**32 - 1)


def rng_for(seed):
    return np.random.default_rng(seed)


# ---------------------------------------------------------------- backward vs numerical
@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=seeds)
def test_mul_and_add_backward_match_numerical(shape, seed):
    rng = rng_for(seed)
    x, y, dout = (rng.normal(size=shape) for _ in range(3))
    mul = S.MulLayer()
    mul.forward(x, y)
    dx, dy = mul.backward(dout)
    assert relative_error(dx, layer_numerical_gradient(lambda p: p * y, x, dout)) < GRAD_TOL
    assert relative_error(dy, layer_numerical_gradient(lambda p: x * p, y, dout)) < GRAD_TOL
    add = S.AddLayer()
    add.forward(x, y)
    dx, dy = add.backward(dout)
    assert relative_error(dx, dout) == 0 and relative_error(dy, dout) == 0


@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=seeds)
def test_sigmoid_layer_backward_matches_numerical(shape, seed):
    rng = rng_for(seed)
    x, dout = rng.normal(scale=3, size=shape), rng.normal(size=shape)
    layer = S.Sigmoid()
    layer.forward(x)
    dx = layer.backward(dout)
    assert relative_error(dx, layer_numerical_gradient(S.sigmoid, x, dout)) < GRAD_TOL


@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=seeds)
def test_relu_backward_matches_numerical_away_from_zero(shape, seed):
    rng = rng_for(seed)
    x = rng.normal(size=shape)
    x[np.abs(x) < 1e-3] = 0.5  # the kink at 0 has no derivative
    dout = rng.normal(size=shape)
    layer = S.Relu()
    layer.forward(x)
    dx = layer.backward(dout)
    assert relative_error(dx, layer_numerical_gradient(lambda p: np.maximum(p, 0), x, dout)) \
        < GRAD_TOL


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 5), d=st.integers(1, 5), m=st.integers(1, 5), seed=seeds)
def test_affine_backward_matches_numerical(n, d, m, seed):
    rng = rng_for(seed)
    x, W, b, dout = (rng.normal(size=s) for s in [(n, d), (d, m), (m,), (n, m)])
    layer = S.Affine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    assert relative_error(dx, layer_numerical_gradient(lambda p: p @ W + b, x, dout)) < GRAD_TOL
    assert relative_error(layer.dW,
                          layer_numerical_gradient(lambda p: x @ p + b, W, dout)) < GRAD_TOL
    assert relative_error(layer.db,
                          layer_numerical_gradient(lambda p: x @ W + p, b, dout)) < GRAD_TOL


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 5), c=st.integers(2, 6), seed=seeds, one_hot=st.booleans())
def test_softmax_with_loss_backward_matches_numerical(n, c, seed, one_hot):
    rng = rng_for(seed)
    x = rng.normal(scale=2, size=(n, c))
    labels = rng.integers(0, c, size=n)
    t = np.eye(c)[labels] if one_hot else labels
    layer = S.SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward(1)
    numerical = numerical_gradient(lambda p: S.SoftmaxWithLoss().forward(p, t), x)
    assert relative_error(dx, numerical) < GRAD_TOL


@settings(max_examples=20, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4), n=st.integers(1, 4),
       activation=st.sampled_from(["relu", "sigmoid"]), seed=seeds)
def test_network_gradient_matches_numerical(sizes, n, activation, seed):
    rng = rng_for(seed)
    sizes = [sizes[0]] + sizes[1:-1] + [max(sizes[-1], 2)]
    net = S.LayerNet(sizes, activation=activation, weight_init_std=1.0, seed=seed)
    x = rng.normal(size=(n, sizes[0]))
    t = rng.integers(0, sizes[-1], size=n)
    if activation == "relu":  # central differences are wrong within ±h of ReLU's kink
        z = x
        for name, layer in net.layers.items():
            z = layer.forward(z)
            if name.startswith("Affine") and name != f"Affine{len(sizes) - 1}":
                assume(np.min(np.abs(z)) > 1e-3)
    grads = net.gradient(x, t)
    teaching = net.numerical_gradient(x, t)  # h = 1e-4, as the seeds write it
    assert grads.keys() == net.params.keys() == teaching.keys()
    for key, param in net.params.items():
        assert grads[key].shape == param.shape

        def loss_at(value, key=key):
            saved = net.params[key].copy()
            net.params[key][...] = value
            loss = net.loss(x, t)
            net.params[key][...] = saved
            return loss

        assert gradients_agree(grads[key], numerical_gradient(loss_at, param), GRAD_TOL), key
        assert gradients_agree(grads[key], teaching[key], 1e-5), key


def gradients_agree(analytic, numerical, tolerance, floor=1e-9) -> bool:
    """Relative error below ``tolerance``, or both gradients within ``floor`` of each other
    (a dead ReLU or a saturated softmax leaves gradients near 1e-8, whose relative error is
    all rounding noise of the central differences)."""
    difference = np.linalg.norm(np.asarray(analytic) - np.asarray(numerical))
    return relative_error(analytic, numerical) < tolerance or difference < floor


def test_logistic_versions_agree_with_each_other_and_numerical():
    rng = rng_for(3)
    X = rng.normal(size=(7, 3))
    Y = (rng.random(7) > 0.5).astype(float)
    w, b = rng.normal(size=3), 0.3
    J_loop, dw_loop, db_loop = S.logistic_gradients_loop(w, b, X, Y)
    trained_loop = S.gradient_descent(w, b, X, Y, iterations=5,
                                      gradients=S.logistic_gradients_loop)
    trained_vectorized = S.gradient_descent(w, b, X, Y, iterations=5)
    assert np.allclose(trained_loop[0], trained_vectorized[0])
    assert np.allclose(trained_loop[2], trained_vectorized[2])
    J_vec, dw_vec, db_vec = S.logistic_propagate(w, b, X, Y)
    assert np.isclose(J_loop, J_vec) and np.allclose(dw_loop, dw_vec) and np.isclose(db_loop,
                                                                                    db_vec)
    numerical_dw = numerical_gradient(lambda p: S.logistic_propagate(p, b, X, Y)[0], w)
    assert relative_error(dw_vec, numerical_dw) < GRAD_TOL
    losses = [S.logistic_gradients_one_example(w, b, X[i], Y[i]) for i in range(7)]
    assert np.isclose(np.mean([loss for loss, _, _ in losses]), J_vec)
    assert np.allclose(np.mean([dw for _, dw, _ in losses], axis=0), dw_vec)


def test_per_class_sigmoid_gradient_matches_numerical():
    rng = rng_for(4)
    X = rng.normal(size=(6, 4))
    T = np.eye(3)[rng.integers(0, 3, size=6)]
    W, b = rng.normal(size=(4, 3)), rng.normal(size=3)
    _, dW, db = S.per_class_sigmoid_gradients(W, b, X, T)
    assert relative_error(dW, numerical_gradient(
        lambda p: S.per_class_sigmoid_gradients(p, b, X, T)[0], W)) < GRAD_TOL
    assert relative_error(db, numerical_gradient(
        lambda p: S.per_class_sigmoid_gradients(W, p, X, T)[0], b)) < GRAD_TOL


def test_per_class_sigmoid_is_seven_logistic_regressions():
    """Column k of the gradients is logistic regression of class k against the rest."""
    rng = rng_for(8)
    X = rng.normal(size=(9, 5))
    T = np.eye(4)[rng.integers(0, 4, size=9)]
    W, b = rng.normal(size=(5, 4)), rng.normal(size=4)
    J, dW, db = S.per_class_sigmoid_gradients(W, b, X, T)
    columns = [S.logistic_propagate(W[:, k], b[k], X, T[:, k]) for k in range(4)]
    assert np.isclose(J, sum(c[0] for c in columns))
    assert np.allclose(dW, np.stack([c[1] for c in columns], axis=1))
    assert np.allclose(db, [c[2] for c in columns])


def test_one_hot_of_flat_labels_and_of_the_notes_column():
    expected = np.eye(7)[[0, 3, 6]]
    for labels in (np.array([0, 3, 6]), np.array([[0.0], [3.0], [6.0]], np.float32)):
        T = S.one_hot(labels, 7)
        assert T.dtype == np.float64 and np.array_equal(T, expected)
    assert np.array_equal(S.one_hot(np.array([[4.0]]), 7), np.eye(7)[[4]])


def test_two_layer_backprop_matches_numerical():
    rng = rng_for(9)
    x, W1, b1 = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    W2, b2, dout = rng.normal(size=(5, 2)), rng.normal(size=2), rng.normal(size=(4, 2))
    _, *grads = S.two_layer_backprop(x, W1, b1, W2, b2, dout)
    params = [x, W1, b1, W2, b2]
    for i, grad in enumerate(grads):
        def out_at(p, i=i):
            args = params[:i] + [p] + params[i + 1:]
            return S.two_layer_backprop(*args, dout)[0]
        assert relative_error(grad, layer_numerical_gradient(out_at, params[i], dout)) < GRAD_TOL


def test_sigmoid_derivative_and_bce_derivative_match_numerical():
    x = np.linspace(-6, 6, 25)
    assert relative_error(S.sigmoid_derivative(x),
                          layer_numerical_gradient(S.sigmoid, x, np.ones_like(x))) < GRAD_TOL
    assert S.sigmoid_derivative(x).max() <= 0.25
    a, y = np.linspace(0.05, 0.95, 10), np.array([0, 1] * 5, dtype=float)
    assert relative_error(S.binary_cross_entropy_derivative(a, y), layer_numerical_gradient(
        lambda p: S.binary_cross_entropy(p, y), a, np.ones_like(a))) < GRAD_TOL


@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=seeds)
def test_div_backward_matches_numerical(shape, seed):
    rng = rng_for(seed)
    x, dout = rng.normal(size=shape), rng.normal(size=shape)
    y = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)
    div = S.DivLayer()
    div.forward(x, y)
    dx, dy = div.backward(dout)
    assert relative_error(dx, layer_numerical_gradient(lambda p: p / y, x, dout)) < GRAD_TOL
    assert relative_error(dy, layer_numerical_gradient(lambda p: x / p, y, dout)) < GRAD_TOL


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 8), seed=seeds)
def test_sigmoid_chain_matches_numerical(n, seed):
    rng = rng_for(seed)
    x, w, b = float(rng.normal()), rng.normal(size=n) * 2, rng.normal(size=n)
    out, dx, dw = S.sigmoid_chain(x, w, b)
    assert np.isclose(out, S.sigmoid(w[-1] * S.sigmoid_chain(x, w[:-1], b[:-1])[0] + b[-1])
                      if n > 1 else S.sigmoid(w[0] * x + b[0]))
    numerical_dx = numerical_gradient(lambda p: S.sigmoid_chain(p[0], w, b)[0], [x])
    numerical_dw = numerical_gradient(lambda p: S.sigmoid_chain(x, p, b)[0], w)
    assert np.allclose(dx, numerical_dx[0], rtol=1e-6, atol=1e-10)
    assert dw.shape == (n,) and np.allclose(dw, numerical_dw, rtol=1e-6, atol=1e-10)


def test_sigmoid_chain_vanishes_with_small_weights_and_explodes_at_a_fixed_point():
    assert abs(S.sigmoid_chain(0.5, np.ones(10), np.zeros(10))[1]) < 0.25 ** 10
    assert np.isclose(S.sigmoid_chain(0.5, np.full(10, 6.0), np.full(10, -3.0))[1], 1.5 ** 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, dx, dw = S.sigmoid_chain(1.0, np.array([1000.0, -1000.0, 1.0]), np.zeros(3))
    assert out == 0.5 and dx == 0 and np.all(np.isfinite(dw))


def test_squared_error_gradient_matches_numerical_and_keeps_the_sigmoids_factor():
    z = np.linspace(-6, 6, 25)
    y = np.array([0.0, 1.0] * 12 + [1.0])
    L, dz = S.sigmoid_squared_error(z, y)
    assert relative_error(dz, layer_numerical_gradient(
        lambda p: S.sigmoid_squared_error(p, y)[0], z, np.ones_like(z))) < GRAD_TOL
    a = S.sigmoid(-5.0)
    assert np.isclose(S.sigmoid_squared_error(-5.0, 1.0)[1], (a - 1) * a * (1 - a))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L, dz = S.sigmoid_squared_error(np.array([-1000.0, 1000.0], dtype=np.float32),
                                        np.array([1.0, 0.0], dtype=np.float32))
    assert L.dtype == dz.dtype == np.float32
    assert np.array_equal(L, [0.5, 0.5]) and np.array_equal(dz, [0.0, 0.0])


# ---------------------------------------------------------------- the seeds' numbers
def test_j_abc_by_the_graph_and_numerically():
    def J(a, b, c):
        return 3 * (a + b * c)
    assert J(5, 3, 2) == 33 and np.isclose(J(5.001, 3, 2), 33.003)
    mul, add = S.MulLayer(), S.AddLayer()
    u = mul.forward(3, 2)
    v = add.forward(5, u)
    assert (u, v, 3 * v) == (6, 11, 33)
    dv = 3
    da, du = add.backward(dv)
    db, dc = mul.backward(du)
    assert (dv, da, du, db, dc) == (3, 3, 3, 6, 9)
    assert np.isclose(S.numerical_derivative(lambda a: J(a, 3, 2), 5), 3)
    assert np.isclose(S.numerical_derivative(lambda b: J(5, b, 2), 3), 6)
    assert np.isclose(S.numerical_derivative(lambda c: J(5, 3, c), 2), 9)


def test_apple_purchase():
    mul_apple, mul_tax = S.MulLayer(), S.MulLayer()
    price = mul_tax.forward(mul_apple.forward(100, 2), 1.1)
    assert np.isclose(price, 220)
    dapple_price, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    assert np.isclose(dapple, 2.2) and np.isclose(dapple_num, 110) and np.isclose(dtax, 200)


def test_apple_and_orange_purchase():
    mul_apple, mul_orange, add, mul_tax = S.MulLayer(), S.MulLayer(), S.AddLayer(), S.MulLayer()
    total = add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3))
    price = mul_tax.forward(total, 1.1)
    assert price == 715.0000000000001  # what the seed prints, float rounding included
    dtotal, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add.backward(dtotal)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    got = [dapple_num, dapple, dorange, dorange_num, dtax]
    assert np.allclose(got, [110, 2.2, 3.3, 165, 650])


def test_sigmoid_and_relu_seed_example():
    x = np.array([[2.0, 4.0], [-0.3, 0.9]])
    dout = np.array([[4.0, 2.0], [-0.1, 0.8]])
    layer = S.Sigmoid()
    assert np.allclose(layer.forward(x), [[0.8808, 0.9820], [0.4256, 0.7109]], atol=5e-5)
    assert np.allclose(layer.backward(dout), [[0.4200, 0.0353], [-0.0244, 0.1644]], atol=5e-5)
    relu = S.Relu()
    assert np.array_equal(relu.forward(x), [[2, 4], [0, 0.9]])
    assert np.array_equal(relu.backward(dout), [[4, 2], [0, 0.8]])


def test_affine_seed_example():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])
    layer = S.Affine(W, np.ones(3))
    layer.forward(X)
    dX = layer.backward(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    assert np.array_equal(dX, [[22, 28], [49, 64]])
    assert np.array_equal(layer.dW, [[13, 17, 21], [18, 24, 30]])
    assert np.array_equal(layer.db, [5, 7, 9])


def test_two_layer_seed_example():
    """File 001, problem 226 (forward) and 228 (backward, with the output as dout)."""
    x, W1, b1 = np.array([[1, 2]]), np.array([[1, 3, 5], [2, 4, 6]]), np.array([[1, 2, 3]])
    W2, b2 = np.array([[1, 4], [2, 5], [3, 6]]), np.array([[1, 2]])
    out, dx, dW1, db1, _, _ = S.two_layer_backprop(x, W1, b1, W2, b2, np.array([[93, 211]]))
    assert np.array_equal(out, [[93, 211]]) and np.array_equal(dx, [[12385, 16108]])
    assert np.array_equal(dW1, [[937, 1241, 1545], [1874, 2482, 3090]])
    assert np.array_equal(db1, [937, 1241, 1545])


def test_softmax_with_loss_seed_losses():
    # Seed 001, problem 232: nine score vectors against the label 2 (one-hot)
    one_hot_two = np.eye(10)[2]
    losses = [S.SoftmaxWithLoss().forward(v, one_hot_two) for v in NOTES_SCORES]
    assert np.allclose(losses, NOTES_LOSSES, atol=5e-5)


# ---------------------------------------------------------------- extreme inputs
def test_extreme_inputs_give_no_nan_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = S.sigmoid(np.array([-1000.0, 1000.0, 0.0]))
        assert np.array_equal(s, [0.0, 1.0, 0.5])
        assert S.sigmoid(np.float32(-1000)) == 0
        x = np.array([[1e4, 1e4 - 1, -1e4], [0.1, 0.2, 0.3]])
        p = S.softmax(x)
        assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=1), 1)
        assert np.allclose(p[1], S.softmax(np.array([0.1, 0.2, 0.3])))
        layer = S.SoftmaxWithLoss()
        loss = layer.forward(x, np.array([2, 0]))
        assert np.isfinite(loss) and loss > 1e3  # log of a zero probability, exactly handled
        assert np.all(np.isfinite(layer.backward()))
        assert np.isfinite(S.cross_entropy_error(np.array([[0.0, 1.0]]), np.array([0])))
        bce = S.binary_cross_entropy(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
        assert np.all(np.isfinite(bce))
        assert np.all(np.isfinite(S.binary_cross_entropy_derivative(np.array([0.0, 1.0]),
                                                                    np.array([1.0, 0.0]))))
        net = S.LayerNet([3, 4, 2], activation="sigmoid", seed=0)
        assert np.isfinite(net.loss(np.full((2, 3), 1e4), np.array([0, 1])))


# ---------------------------------------------------------------- no mutation, dtypes
def test_no_method_changes_its_inputs():
    rng = rng_for(5)
    x, dout = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    W, b = rng.normal(size=(4, 2)), rng.normal(size=2)
    originals = [a.copy() for a in (x, dout, W, b)]
    for layer in (S.Relu(), S.Sigmoid()):
        layer.forward(x)
        layer.backward(dout)
    affine = S.Affine(W, b)
    affine.forward(x)
    affine.backward(dout[:, :2])
    t = np.eye(4)[[0, 1, 3]]
    swl = S.SoftmaxWithLoss()
    swl.forward(x, t)
    swl.backward()
    S.softmax(x)
    S.cross_entropy_error(S.softmax(x), t)
    S.logistic_propagate(W[:, 0], 0.0, x, t[:, 0])
    S.gradient_descent(W[:, 0], 0.0, x, t[:, 0], iterations=3)
    numerical_gradient(lambda p: float(np.sum(p ** 2)), x)
    S.numerical_gradient(lambda p: float(np.sum(p ** 2)), x)
    for before, after in zip(originals, (x, dout, W, b)):
        assert np.array_equal(before, after)
    assert np.array_equal(t, np.eye(4)[[0, 1, 3]])


def test_relu_backward_is_not_fooled_by_a_shared_dout():
    x = np.array([[1.0, -1.0]])
    dout = np.array([[5.0, 5.0]])
    first, second = S.Relu(), S.Relu()
    first.forward(x)
    second.forward(-x)
    assert np.array_equal(first.backward(dout), [[5, 0]])
    assert np.array_equal(second.backward(dout), [[0, 5]])
    assert np.array_equal(dout, [[5, 5]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(dtype):
    rng = rng_for(6)
    x = rng.normal(size=(3, 4)).astype(dtype)
    dout = rng.normal(size=(3, 4)).astype(dtype)
    assert S.sigmoid(x).dtype == dtype
    assert S.softmax(x).dtype == dtype
    for layer in (S.Relu(), S.Sigmoid()):
        assert layer.forward(x).dtype == dtype and layer.backward(dout).dtype == dtype
    W, b = rng.normal(size=(4, 2)).astype(dtype), np.zeros(2, dtype)
    affine = S.Affine(W, b)
    assert affine.forward(x).dtype == dtype
    assert affine.backward(dout[:, :2]).dtype == dtype
    assert affine.dW.dtype == dtype and affine.db.dtype == dtype
    swl = S.SoftmaxWithLoss()
    assert swl.forward(x, np.array([0, 1, 3])).dtype == dtype
    assert swl.backward().dtype == dtype
    assert S.cross_entropy_error(S.softmax(x), np.array([0, 1, 3])).dtype == dtype
    y = (x[:, 0] > 0).astype(dtype)
    J, dw, db = S.logistic_propagate(W[:, 0], dtype(0), x, y)
    assert J.dtype == dtype and dw.dtype == dtype
    J, dw, db = S.logistic_gradients_loop(W[:, 0], dtype(0), x, y)
    assert dw.dtype == dtype
    assert S.binary_cross_entropy(S.sigmoid(x), (x > 0).astype(dtype)).dtype == dtype
    net = S.LayerNet([4, 3, 2], dtype=dtype, seed=0)
    grads = net.gradient(x, np.array([0, 1, 1]))
    assert all(g.dtype == dtype for g in grads.values())


def test_network_layers_are_distinct_and_ordered():
    net = S.LayerNet([5, 4, 3, 2], activation="relu", seed=1)
    assert list(net.layers) == ["Affine1", "Relu1", "Affine2", "Relu2", "Affine3"]
    assert len({id(layer) for layer in net.layers.values()}) == 5


def test_bad_network_arguments_say_what_is_wrong():
    with pytest.raises(ValueError, match="activation"):
        S.LayerNet([3, 2], activation="tanh")
    with pytest.raises(ValueError, match="sizes"):
        S.LayerNet([3])


def test_training_reduces_loss_and_reports_per_epoch():
    rng = rng_for(7)
    centers = rng.normal(scale=3, size=(3, 4))
    labels = rng.integers(0, 3, size=300)
    x = centers[labels] + rng.normal(size=(300, 4))
    net = S.LayerNet([4, 8, 3], seed=0)
    epochs_seen = []
    history = S.train(net, x[:200], labels[:200], x[200:], labels[200:], learning_rate=0.1,
                      batch_size=20, epochs=5, on_epoch=lambda e, h: epochs_seen.append(e))
    assert epochs_seen == [1, 2, 3, 4, 5]
    assert len(history.loss) == 50 and len(history.test_accuracy) == 5
    assert np.mean(history.loss[-10:]) < np.mean(history.loss[:10])
    assert history.test_accuracy[-1] > 0.8


def test_init_params_scales_shapes_and_dtypes():
    params = S.init_params([784, 300, 10], "relu", rng_for(0), np.float32)
    assert list(params) == ["W1", "b1", "W2", "b2"]
    assert params["W1"].shape == (784, 300) and params["b2"].shape == (10,)
    assert all(p.dtype == np.float32 for p in params.values())
    assert not params["b1"].any() and not params["b2"].any()
    assert abs(params["W1"].std() / np.sqrt(2 / 784) - 1) < 0.02          # He's
    assert abs(params["W2"].std() / np.sqrt(2 / 300) - 1) < 0.05
    lecun = S.init_params([500, 400], "sigmoid", rng_for(1))["W1"]
    assert abs(lecun.std() / np.sqrt(1 / 500) - 1) < 0.02
    assert np.unique(lecun, axis=1).shape[1] == 400                       # no two units alike


def test_init_params_is_what_the_network_starts_from():
    net = S.LayerNet([5, 4, 3, 2], activation="sigmoid", seed=3)
    params = S.init_params([5, 4, 3, 2], "sigmoid", rng_for(3))
    assert all(np.array_equal(net.params[k], params[k]) for k in params)
    fixed = S.init_params([3, 2], "relu", rng_for(0), weight_init_std=0.01)
    assert abs(fixed["W1"]).max() < 0.05


class _Recorder:
    """A network that records the rows it is given and has a gradient of 1 everywhere."""

    def __init__(self, n):
        self.params = {"w": np.zeros(2)}
        self.last_layer = type("Last", (), {"loss": None})()
        self.seen = []

    def gradient(self, x, t):
        self.seen.append(x[:, 0].astype(int).tolist())
        assert np.array_equal(x[:, 0], t)              # each row with its own target
        self.last_layer.loss = float(len(x))
        return {"w": np.ones(2)}


def test_sgd_epoch_visits_every_example_once_in_the_rngs_order():
    x = np.stack([np.arange(10.0), np.zeros(10)], axis=1)
    t = np.arange(10.0)
    net = _Recorder(10)
    held = net.params["w"]
    losses = S.sgd_epoch(net, x, t, 0.5, 4, rng_for(5))
    order = rng_for(5).permutation(10)
    assert net.seen == [order[:4].tolist(), order[4:8].tolist(), order[8:].tolist()]
    assert losses == [4.0, 4.0, 2.0]
    assert net.params["w"] is held and np.allclose(held, -1.5)       # three steps, in place
    assert np.array_equal(x[:, 0], np.arange(10.0))                   # the caller's x unchanged
    assert len(S.sgd_epoch(_Recorder(10), x, t, 0.5, 4, rng_for(5), max_steps=2)) == 2


# ---------------------------------------------------------------- the fast training path
def test_relu_gives_what_the_seeds_copy_and_mask_give():
    x = np.array([[-2.0, -0.0, 0.0, 3.0, np.inf, -np.inf, np.nan]], dtype=np.float32)
    dout = np.arange(1, 8, dtype=np.float32).reshape(1, 7)
    mask = x <= 0
    out, dx = x.copy(), dout.copy()
    out[mask] = 0
    dx[mask] = 0
    relu = S.Relu()
    assert np.array_equal(relu.forward(x), out, equal_nan=True)
    assert np.array_equal(relu.backward(dout), dx)
    assert relu.forward(x).dtype == relu.backward(dout).dtype == np.float32
    with pytest.raises(IndexError, match="boolean index did not match"):  # what hints read
        relu.backward(np.ones((1, 3), dtype=np.float32))


def test_first_affine_keeps_an_affines_gradients_and_skips_dx():
    from solutions.network import FirstAffine

    rng = rng_for(8)
    x, W, b = rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)
    dout = rng.normal(size=(5, 3))
    first, plain = FirstAffine(W, b), S.Affine(W, b)
    assert np.array_equal(first.forward(x), plain.forward(x))
    assert first.backward(dout) is None
    plain.backward(dout)
    assert np.array_equal(first.dW, plain.dW) and np.array_equal(first.db, plain.db)
    assert isinstance(S.LayerNet([4, 3, 2]).layers["Affine1"], FirstAffine)


def test_train_stays_in_float32_and_leaves_the_callers_arrays_alone():
    rng = rng_for(9)
    labels = rng.integers(0, 3, size=120)
    x = rng.normal(size=(3, 4))[labels] * 3 + rng.normal(size=(120, 4))   # float64
    t = np.eye(3)[labels]                                                   # float64 one-hot
    x_before, t_before = x.copy(), t.copy()
    net = S.LayerNet([4, 5, 3], dtype=np.float32, seed=0)
    seen = []
    gradient = net.gradient

    def spy(x_batch, t_batch):
        seen.append((x_batch.dtype, t_batch.ndim))
        return gradient(x_batch, t_batch)

    net.gradient = spy
    history = S.train(net, x[:100], t[:100], x[100:], t[100:], batch_size=10, epochs=2,
                      learning_rate=np.float64(0.1))
    assert seen == [(np.float32, 1)] * 20
    assert all(param.dtype == np.float32 for param in net.params.values())
    assert np.array_equal(x, x_before) and np.array_equal(t, t_before)
    assert len(history.epoch_seconds) == len(history.eval_seconds) == 2


# ---------------------------------------------------------------- notebook 08: training well
from solutions import training as T  # noqa: E402

OPTIMIZERS = [lambda: T.SGD(lr=0.1), lambda: T.Momentum(lr=0.1, momentum=0.9),
              lambda: T.AdaGrad(lr=0.1), lambda: T.Adam(lr=0.1)]


@pytest.mark.parametrize("make", OPTIMIZERS, ids=["sgd", "momentum", "adagrad", "adam"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_optimizers_update_in_place_keep_dtype_and_leave_grads_alone(make, dtype):
    rng = rng_for(80)
    params = {"W": rng.normal(size=(3, 2)).astype(dtype), "b": np.zeros(2, dtype=dtype)}
    arrays = dict(params)
    optimizer = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(5):
            grads = {k: rng.normal(size=v.shape).astype(dtype) for k, v in params.items()}
            before = {k: v.copy() for k, v in grads.items()}
            optimizer.step(params, grads)
            assert all(np.array_equal(grads[k], before[k]) for k in grads)
        # a gradient that is exactly zero from the start: eps keeps 0/0 away
        optimizer.step(params, {k: np.zeros_like(v) for k, v in params.items()})
    assert all(params[k] is arrays[k] and params[k].dtype == dtype for k in params)
    assert all(np.all(np.isfinite(v)) for v in params.values())


@pytest.mark.parametrize("make", OPTIMIZERS[1:], ids=["momentum", "adagrad", "adam"])
def test_optimizers_descend_a_quadratic(make):
    """On f(p) = sum(c p²) / 2 every optimizer brings the loss down."""
    c = np.array([1.0, 20.0])
    params = {"p": np.array([3.0, -2.0])}
    start = float(np.sum(c * params["p"] ** 2))
    optimizer = make()
    for _ in range(200):
        optimizer.step(params, {"p": c * params["p"] * 0.05})
    assert float(np.sum(c * params["p"] ** 2)) < 0.05 * start


def test_momentum_and_adam_worked_numbers():
    params, momentum = {"p": np.zeros(1)}, T.Momentum(lr=0.1, momentum=0.9)
    for _ in range(3):
        momentum.step(params, {"p": np.ones(1)})
    assert np.allclose(params["p"], -0.561) and np.allclose(momentum.v["p"], -0.271)
    params, adam = {"p": np.zeros(1)}, T.Adam(lr=0.1)
    adam.step(params, {"p": np.array([2.0])})
    assert np.allclose(params["p"], -0.1)         # bias corrected: the first step is lr


def test_adam_bias_correction_makes_a_constant_gradient_move_by_lr():
    params, adam = {"p": np.zeros(3)}, T.Adam(lr=0.01)
    for _ in range(20):
        before = params["p"].copy()
        adam.step(params, {"p": np.array([1e-3, 1.0, -50.0])})
        assert np.allclose(before - params["p"], 0.01 * np.sign([1e-3, 1.0, -50.0]), rtol=1e-4)


def test_adagrad_steps_shrink_as_one_over_root_t():
    params, adagrad = {"p": np.zeros(1)}, T.AdaGrad(lr=0.1)
    moves = []
    for _ in range(4):
        before = params["p"].copy()
        adagrad.step(params, {"p": np.array([0.02])})
        moves.append(float((before - params["p"])[0]))
    assert np.allclose(moves, 0.1 / np.sqrt([1, 2, 3, 4]), rtol=1e-4)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_weight_decay_penalty_gradient_and_biases(dtype):
    rng = rng_for(81)
    params = {"W1": rng.normal(size=(3, 4)).astype(dtype), "b1": rng.normal(size=4).astype(dtype)}
    grads = {k: rng.normal(size=v.shape).astype(dtype) for k, v in params.items()}
    kept = {k: v.copy() for k, v in grads.items()}
    penalty, new = T.weight_decay(params, grads, 0.1)
    assert new is not grads and all(np.array_equal(grads[k], kept[k]) for k in grads)
    assert new["b1"] is grads["b1"] and new["W1"].dtype == dtype
    W = params["W1"].astype(np.float64)
    numerical = numerical_gradient(lambda p: 0.05 * np.sum(p ** 2), W)
    assert np.allclose(new["W1"] - grads["W1"], numerical, rtol=1e-4, atol=1e-6)
    assert np.isclose(penalty, 0.05 * np.sum(W ** 2))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_dropout_inverted_expectation_and_test_identity(dtype):
    x = np.ones((500, 40), dtype=dtype)
    layer = T.Dropout(ratio=0.3, rng=rng_for(82))
    out = layer.forward(x, train=True)
    assert out.dtype == dtype and abs(out.mean() - 1) < 0.03
    assert abs(np.mean(out != 0) - 0.7) < 0.02
    dx = layer.backward(x)
    assert np.array_equal(dx != 0, out != 0) and dx.dtype == dtype
    test = layer.forward(x, train=False)
    assert np.array_equal(test, x) and test is not x


@settings(max_examples=20, deadline=None)
@given(n=st.integers(3, 7), d=st.integers(1, 4), seed=seeds)   # n = 2: dx is about 0
def test_batch_norm_backward_matches_numerical(n, d, seed):
    rng = rng_for(seed)
    x = rng.normal(size=d) + (0.5 + 3 * rng.random()) * rng.normal(size=(n, d))
    dout, gamma, beta = rng.normal(size=(n, d)), 1 + rng.normal(size=d), rng.normal(size=d)
    assume(np.min(np.var(x, axis=0)) > 1e-2)
    x_before, gamma_before = x.copy(), gamma.copy()
    layer = T.BatchNorm(gamma, beta)
    layer.forward(x)
    dx = layer.backward(dout)
    assert np.array_equal(x, x_before) and np.array_equal(gamma, gamma_before)

    def out(p, which="x"):
        g = p if which == "gamma" else gamma
        b = p if which == "beta" else beta
        return T.BatchNorm(g, b).forward(p if which == "x" else x)

    assert relative_error(dx, layer_numerical_gradient(out, x, dout)) < 1e-6
    assert relative_error(layer.dgamma, layer_numerical_gradient(
        lambda p: out(p, "gamma"), gamma, dout)) < 1e-6
    assert relative_error(layer.dbeta, layer_numerical_gradient(
        lambda p: out(p, "beta"), beta, dout)) < 1e-6
    assert np.allclose(dx.sum(axis=0), 0, atol=1e-10)


def test_batch_norm_running_statistics_float32_and_a_test_batch_of_one():
    x = np.array([[1.0], [2.0], [3.0], [6.0]], dtype=np.float32)
    layer = T.BatchNorm(np.ones(1, dtype=np.float32), np.zeros(1, dtype=np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = layer.forward(x)
        assert out.dtype == np.float32 and layer.backward(x).dtype == np.float32
    assert np.allclose(out.ravel(), [-1.069, -0.5345, 0, 1.6036], atol=1e-4)
    assert np.allclose([layer.running_mean[0], layer.running_var[0]], [0.3, 1.25])
    assert layer.running_mean.dtype == np.float32
    one = layer.forward(np.array([[0.3]], dtype=np.float32), train=False)
    assert np.allclose(one, 0, atol=1e-6) and layer.running_mean[0] == np.float32(0.3)


def test_early_stopping_worked_numbers_and_edges():
    losses = [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.69, 0.8, 0.9, 0.95]
    assert T.early_stopping(losses, 3) == (2, 5)
    assert T.early_stopping(losses, 4) == (6, 9)
    assert T.early_stopping([0.9, 0.5, 0.6, 0.5, 0.7, 0.4], 2) == (1, 3)   # a tie: no improvement
    assert T.early_stopping([2.0], 3) == (0, 0)


def test_choose_setting_ignores_the_test_accuracy():
    val = np.array([0.91, 0.95, 0.95])
    for test in (np.array([0.99, 0.0, 0.0]), np.full(3, np.nan)):
        assert T.choose_setting(np.array([1.0, 0.0, 0.0]), val, test) == 1
