"""course.plots: every figure is built, holds the right content and saves to PNG."""

import matplotlib

matplotlib.use("Agg")

from dataclasses import dataclass, field  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import same_color  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from course import plots  # noqa: E402
from course.plots import Edge, Node  # noqa: E402


def texts(fig):
    """Every non-empty text drawn in the figure (titles, labels, legends, annotations)."""
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


def strings(fig):
    return {t.get_text() for t in texts(fig)}


def colored(fig, color):
    return {t.get_text() for t in texts(fig) if same_color(t.get_color(), color)}


def saves(fig, path):
    fig.savefig(path)
    assert path.stat().st_size > 1000
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def graph_label_boxes(fig):
    """Screen boxes of the graph's own labels (node names, values, gradients, notes)."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    (ax,) = fig.axes
    return [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts
            if t.get_text().strip()]


def assert_no_overlaps(fig):
    boxes = graph_label_boxes(fig)
    for i, (text_a, a) in enumerate(boxes):
        for text_b, b in boxes[i + 1:]:
            assert not a.overlaps(b), f"labels {text_a!r} and {text_b!r} overlap"
    # every label stays inside the figure
    width, height = fig.canvas.get_width_height()  # pixels
    for text, box in boxes:
        assert box.x0 >= 0 and box.y0 >= 0, text
        assert box.x1 <= width and box.y1 <= height, text


# ---------------------------------------------------------------- format_number


@pytest.mark.parametrize("value, text", [
    (715.0000000000001, "715"), (2.2000000000000002, "2.2"), (110.00000000000001, "110"),
    (3.3000000000000003, "3.3"), (1.1, "1.1"), (33, "33"), (np.float64(6.0), "6"),
    (-0.0, "0"), (0.19661193324148185, "0.1966"), (np.array([[9.0]]), "9"),
    (None, ""), ("?", "?"), (123456.7, "123457"),
])
def test_format_number_is_compact(value, text):
    assert plots.format_number(value) == text


# ---------------------------------------------------------------- computation graphs


def test_graph_j_abc_shows_values_black_and_gradients_red(tmp_path):
    fig = plots.graph_j_abc()
    assert isinstance(fig, Figure)
    black, red = colored(fig, plots.FORWARD_COLOR), colored(fig, plots.BACKWARD_COLOR)
    assert {"5", "3", "2", "6", "11", "33"} <= black
    assert {"3", "6", "9", "1"} <= red
    assert "33" not in red and "9" not in black
    assert {"a", "b", "c", "J", "u = bc", "v = a + u", "J = 3v"} <= strings(fig)
    circles = [p for p in fig.axes[0].patches if isinstance(p, matplotlib.patches.Circle)]
    assert len(circles) == 3
    arrows = [p for p in fig.axes[0].patches
              if isinstance(p, matplotlib.patches.FancyArrowPatch)]
    assert len(arrows) == 6
    assert_no_overlaps(fig)
    saves(fig, tmp_path / "j.png")


def test_graph_j_abc_forward_only_and_own_inputs():
    fig = plots.graph_j_abc(a=1, b=2, c=4, grads=False)
    assert not colored(fig, plots.BACKWARD_COLOR)
    assert {"8", "9", "27"} <= colored(fig, plots.FORWARD_COLOR)  # u = 8, v = 9, J = 27


def test_graph_j_abc_draws_a_learners_gradients():
    fig = plots.graph_j_abc(grads={"v": 3, "u": 3, "a": 3, "b": 6.000000000000001, "c": 99})
    red = [t.get_text() for t in texts(fig) if same_color(t.get_color(), plots.BACKWARD_COLOR)
           and t in fig.axes[0].texts]
    assert sorted(red) == sorted(["3", "3", "3", "6", "99", "1"])
    with pytest.raises(ValueError, match="unknown name"):
        plots.graph_j_abc(grads={"d": 1})


def test_graph_apple(tmp_path):
    fig = plots.graph_apple()
    assert {"100", "2", "1.1", "200", "220"} <= colored(fig, plots.FORWARD_COLOR)
    assert {"1", "1.1", "200", "2.2", "110"} <= colored(fig, plots.BACKWARD_COLOR)
    assert {"apple", "apple num", "tax", "price"} <= strings(fig)
    assert_no_overlaps(fig)
    saves(fig, tmp_path / "apple.png")


def test_graph_apple_and_orange(tmp_path):
    fig = plots.graph_apple(with_orange=True)
    found = strings(fig)
    assert {"715", "650", "165", "3.3", "2.2", "110", "450", "150", "orange num"} <= found
    assert "715.0000000000001" not in found
    assert not any("0000000" in s for s in found)
    assert {"715", "650", "450", "200"} <= colored(fig, plots.FORWARD_COLOR)
    assert {"1.1", "650", "2.2", "110", "3.3", "165"} <= colored(fig, plots.BACKWARD_COLOR)
    assert_no_overlaps(fig)
    saves(fig, tmp_path / "apple_orange.png")


def test_graph_apple_with_own_values_recomputes_the_rest():
    fig = plots.graph_apple(with_orange=True, values={"apple_num": 4}, grads=False)
    assert {"400", "850", "935"} <= strings(fig)
    assert "Buying 4 apples and 3 oranges" in strings(fig)
    assert not colored(fig, plots.BACKWARD_COLOR)


def test_draw_graph_accepts_hand_written_dicts_tuples_and_lays_out_left_to_right():
    nodes = ["x", "y", {"name": "mul", "label": "×"}, {"name": "sq", "label": "²"},
             Node("out", "z")]
    edges = [("x", "mul", 2, 3), ("y", "mul", 3), {"src": "mul", "dst": "sq", "value": 6},
             Edge("sq", "out", 36, None)]
    fig = plots.draw_graph(nodes, edges, title="z = (xy)²")
    assert {"2", "3", "6", "36", "×", "²", "x", "y", "z", "z = (xy)²"} <= strings(fig)
    assert colored(fig, plots.BACKWARD_COLOR) >= {"3"}
    # columns: inputs left of the product, which is left of the square, then the output
    x_of = {t.get_text(): t.get_position()[0] for t in fig.axes[0].texts}
    assert x_of["x"] < x_of["×"] < x_of["²"] < x_of["z"]
    assert_no_overlaps(fig)


def test_draw_graph_rejects_unknown_nodes_and_cycles():
    with pytest.raises(ValueError, match="unknown node"):
        plots.draw_graph(["a", "b"], [("a", "c", 1, None)])
    with pytest.raises(ValueError, match="cycle"):
        plots.draw_graph(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "b")])


# ---------------------------------------------------------------- curves


@dataclass
class History:
    loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)


def test_plot_curves_from_a_mapping(tmp_path):
    history = {"loss": list(np.linspace(2.3, 0.1, 100)),
               "train_accuracy": [0.8, 0.9, 0.95], "test_accuracy": [0.78, 0.88, 0.93]}
    fig = plots.plot_curves(history, smooth=10)
    ax_loss, ax_acc = fig.axes
    raw, smoothed = ax_loss.get_lines()
    assert len(raw.get_xdata()) == 100 and len(smoothed.get_xdata()) == 91
    np.testing.assert_allclose(smoothed.get_ydata()[0], np.mean(history["loss"][:10]))
    train, test = ax_acc.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(test.get_ydata(), history["test_accuracy"])
    assert {"train", "test", "loss", "accuracy", "epoch"} <= strings(fig)
    saves(fig, tmp_path / "curves.png")


def test_plot_curves_from_an_object_with_attributes():
    history = History(loss=[1.0] * 1000, train_accuracy=[0.5, 0.6], test_accuracy=[0.4, 0.5])
    ax_loss, ax_acc = plots.plot_curves(history).axes
    assert len(ax_loss.get_lines()) == 2  # raw + automatic moving average (20 steps)
    assert len(ax_loss.get_lines()[1].get_xdata()) == 1000 - 20 + 1
    assert len(ax_acc.get_lines()) == 2
    ax_loss, ax_acc = plots.plot_curves(History(loss=[3.0, 2.0, 1.0]), smooth=None).axes
    assert len(ax_loss.get_lines()) == 1 and not ax_acc.get_lines()


def test_plot_cost(tmp_path):
    fig = plots.plot_cost([3.0, 2.0, 1.5, 1.2])
    (line,) = fig.axes[0].get_lines()
    np.testing.assert_allclose(line.get_ydata(), [3.0, 2.0, 1.5, 1.2])
    saves(fig, tmp_path / "cost.png")


# ---------------------------------------------------------------- decision boundary


def blobs():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-1.5, 0.6, (30, 2)), rng.normal(1.5, 0.6, (30, 2))])
    return X, np.repeat([0, 1], 30)


def contour_sets(ax):
    from matplotlib.contour import ContourSet
    return [c for c in ax.get_children() if isinstance(c, ContourSet)]


def test_decision_boundary_with_probabilities(tmp_path):
    X, y = blobs()
    fig = plots.plot_decision_boundary(lambda P: 1 / (1 + np.exp(-P.sum(axis=1))), X, y,
                                       resolution=50, title="logistic regression")
    ax = fig.axes[0]
    lines = [c for c in contour_sets(ax) if not c.filled]
    assert len(lines) == 1 and list(lines[0].levels) == [0.5]
    assert any(c.filled for c in contour_sets(ax))
    assert len(ax.collections) >= 2 and {"class 0", "class 1"} <= strings(fig)
    scatter_points = sum(len(c.get_offsets()) for c in ax.collections
                         if type(c).__name__ == "PathCollection")
    assert scatter_points == 60
    saves(fig, tmp_path / "boundary.png")


def test_decision_boundary_with_labels_and_one_hot_targets():
    X, y = blobs()
    fig = plots.plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X,
                                       np.eye(2)[y], resolution=40)
    lines = [c for c in contour_sets(fig.axes[0]) if not c.filled]
    assert len(lines) == 1 and list(lines[0].levels) == [0.5]
    assert len(fig.axes) == 1  # no colorbar for labels


# ---------------------------------------------------------------- digits


@pytest.mark.parametrize("shape", [(12, 784), (12, 28, 28), (12, 1, 28, 28)])
def test_show_digits_grid(shape, tmp_path):
    images = np.random.default_rng(1).random(shape)
    fig = plots.show_digits(images, labels=np.arange(12) % 10, ncols=5)
    assert len(fig.axes) == 12
    assert all(len(ax.images) == 1 and ax.images[0].get_array().shape == (28, 28)
               for ax in fig.axes)
    assert [ax.get_title() for ax in fig.axes] == [str(i % 10) for i in range(12)]
    saves(fig, tmp_path / "digits.png")


def test_show_digits_marks_wrong_predictions_in_red():
    labels = np.array([7, 2, 1, 0])
    predictions = np.eye(10)[[7, 2, 4, 0]]  # one-hot; the third is wrong
    fig = plots.show_digits(np.zeros((4, 784)), labels, predictions)
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["7", "2", "1→4", "0"]
    red = [same_color(t.get_color(), plots.BACKWARD_COLOR) for t in titles]
    assert red == [False, False, True, False]


def test_show_digits_limits_the_number_of_images():
    fig = plots.show_digits(np.zeros((80, 784)), max_images=50)
    assert len(fig.axes) == 50
    with pytest.raises(ValueError):
        plots.show_digits(np.zeros((3, 700)))


# ---------------------------------------------------------------- functions and timings


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_function_and_derivative(tmp_path):
    fig = plots.plot_function_and_derivative(
        sigmoid, lambda x: sigmoid(x) * (1 - sigmoid(x)), labels=("sigmoid", "sigmoid'"),
        mark_max=True)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    assert {"sigmoid", "sigmoid'", "central difference"} <= set(lines)
    derivative, numerical = lines["sigmoid'"], lines["central difference"]
    assert derivative.get_ydata().max() == pytest.approx(0.25)
    assert numerical.get_linestyle() == "None" and len(numerical.get_xdata()) == 25
    np.testing.assert_allclose(numerical.get_ydata(), sigmoid(numerical.get_xdata())
                               * (1 - sigmoid(numerical.get_xdata())), atol=1e-7)
    assert any(s.startswith("max 0.25") for s in strings(fig))
    saves(fig, tmp_path / "sigmoid.png")
    fig = plots.plot_function_and_derivative(np.tanh, lambda x: 1 - np.tanh(x) ** 2,
                                             numerical=False)
    assert "central difference" not in {ln.get_label() for ln in fig.axes[0].get_lines()}


def test_plot_timings(tmp_path):
    fig = plots.plot_timings(["loops", "vectorized"], [2.0, 0.004])
    ax = fig.axes[0]
    assert [round(p.get_width(), 6) for p in ax.patches] == [2.0, 0.004]
    found = strings(fig)
    assert "2 s" in found and any("×500 faster" in s for s in found)
    assert any(s.startswith("4 ms") for s in found)
    saves(fig, tmp_path / "timings.png")


def test_figures_show_themselves_in_jupyter():
    png = plots.plot_cost([1.0, 0.5])._repr_png_()
    assert png.startswith(b"\x89PNG") and len(png) > 1000


def test_while_grading_figures_are_built_but_neither_laid_out_nor_rendered(monkeypatch):
    laid_out = []
    monkeypatch.setattr(Figure, "tight_layout", lambda self, *a, **k: laid_out.append(self))
    plots.graph_j_abc(a=5, b=3, c=2)
    assert len(laid_out) == 1
    monkeypatch.setenv("BACKPROP_COURSE_GRADING", "1")
    fig = plots.graph_j_abc(a=5, b=3, c=2)
    assert len(laid_out) == 1 and fig._repr_png_() is None
    assert {"11", "33"} <= strings(fig)  # J = 3(a + bc) = 33: the content is there all the same
