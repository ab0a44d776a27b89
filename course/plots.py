"""Pictures for the notebooks: computation graphs, training curves, digits and more.

Every function builds a matplotlib Figure (a PlotFigure) without pyplot and returns it;
Jupyter shows a returned figure by itself, and ``fig.savefig("name.png")`` keeps it.
Nothing here calls ``plt.show()`` or changes the matplotlib backend.

Computation graphs
------------------
A graph is two plain lists that you can write by hand::

    nodes = [Node("x", "x"), Node("y", "y"), Node("mul", "×"), Node("out", "z")]
    edges = [Edge("x", "mul", 2, 3), Edge("y", "mul", 3, 2), Edge("mul", "out", 6, 1)]
    draw_graph(nodes, edges)

A node without incoming edges is an *input* (its label is written at the left of its
arrow), a node without outgoing edges is the *output* (label at the right end), every
other node is an *operation* drawn as a circle. Each edge carries the forward value
(written above the arrow, black) and the gradient of the final output with respect to
that value (written below the arrow, red); leave ``grad`` as None for a forward-only
picture. Columns and rows are worked out automatically; give ``col``/``row`` to place a
node yourself. Dicts and tuples with the same fields work as well as Node and Edge.
"""

import io
import math
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence

import matplotlib
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnchoredOffsetbox, HPacker, TextArea
from matplotlib.patches import Circle, FancyArrowPatch

from course.notebook import is_grading

__all__ = [
    "PlotFigure", "Node", "Edge", "format_number", "draw_graph", "graph_j_abc", "graph_apple",
    "plot_curves", "plot_cost", "plot_decision_boundary", "show_digits",
    "plot_function_and_derivative", "plot_timings",
]

FORWARD_COLOR = "black"
BACKWARD_COLOR = "#d62728"  # red
CLASS_COLORS = matplotlib.colormaps["tab10"].colors


class PlotFigure(Figure):
    """A matplotlib Figure that Jupyter shows as a picture when a cell returns it.

    Figures are made without pyplot, so nothing is drawn twice and no figure stays open;
    ``fig.savefig(...)`` and everything else of a Figure works as usual.
    """

    def _repr_png_(self):
        if is_grading():  # the autograder builds every figure, but never looks at one
            return None
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()

    def tight_layout(self, *args, **kwargs):
        """Figure.tight_layout, skipped while grading: it only moves things for the eye, and
        it is most of the time a figure takes to build."""
        if not is_grading():
            super().tight_layout(*args, **kwargs)

Node = namedtuple("Node", "name label col row note kind", defaults=(None,) * 5)
Node.__doc__ = """A node of a computation graph.

name: unique id used by edges; label: text shown (defaults to name); col, row: position
(None = automatic; col grows to the right, row grows downwards); note: small grey text
above an operation, e.g. "u = bc"; kind: "input", "op" or "output" (None = from edges).
"""
Edge = namedtuple("Edge", "src dst value grad", defaults=(None, None))
Edge.__doc__ = """An arrow src -> dst with its forward value (above) and gradient (below)."""


def format_number(x, digits: int = 4) -> str:
    """Compact text for a number: 715 (not 715.0000000000001), 2.2, 0.1966, "" for None.

    Strings are returned unchanged (so "?" can stand for an unknown), arrays with more than
    one element are shown by their shape.
    """
    if x is None:
        return ""
    if isinstance(x, str):
        return x
    array = np.asarray(x)
    if array.size != 1:
        return f"array{array.shape}"
    value = float(array.reshape(()))
    if not math.isfinite(value):
        return str(value)
    nearest = round(value)
    if abs(value - nearest) <= 1e-9 * max(1.0, abs(value)) and abs(value) < 1e15:
        return str(int(nearest))
    if abs(value) >= 10 ** digits:
        return f"{value:.0f}"
    return f"{value:.{digits}g}"


# --------------------------------------------------------------------------------------
# Computation graphs
# --------------------------------------------------------------------------------------

_DX, _DY = 2.3, 1.15  # distance between columns and between rows (data units)
_RADIUS = 0.28  # radius of an operation circle
_INCH = 0.85  # inches per data unit
_GAP = 0.07  # distance between an arrow and its labels
_ALONG = 0.42  # labels sit this far along their arrow (a bit before the middle)


def _as_record(item, kind):
    """A Node/Edge from a Node/Edge, a dict, a tuple or (for nodes) a plain name."""
    if isinstance(item, kind):
        return item
    if isinstance(item, Mapping):
        unknown = set(item) - set(kind._fields)
        if unknown:
            raise ValueError(f"{kind.__name__} has no field(s) {sorted(unknown)}; "
                             f"use {kind._fields}")
        return kind(**item)
    if kind is Node and isinstance(item, str):
        return Node(item)
    return kind(*item)


def _graph_layout(nodes, edges):
    """Kinds and (x, y) positions of the nodes: inputs left, left-to-right layers."""
    names = [n.name for n in nodes]
    if len(set(names)) != len(names):
        raise ValueError("node names must be unique")
    preds = {n: [] for n in names}
    succs = {n: [] for n in names}
    for e in edges:
        for end in (e.src, e.dst):
            if end not in preds:
                raise ValueError(f"edge {e.src!r} -> {e.dst!r}: unknown node {end!r}")
        preds[e.dst].append(e.src)
        succs[e.src].append(e.dst)

    kind = {}
    for n in nodes:
        default = "input" if not preds[n.name] else "output" if not succs[n.name] else "op"
        kind[n.name] = n.kind or default

    # Topological order (Kahn); a cycle is an error.
    waiting = {n: len(preds[n]) for n in names}
    order = [n for n in names if waiting[n] == 0]
    for name in order:
        for s in succs[name]:
            waiting[s] -= 1
            if waiting[s] == 0:
                order.append(s)
    if len(order) != len(names):
        raise ValueError("the graph has a cycle")

    # Columns: operations one right of their latest operand; inputs just left of their use.
    col = {}
    for name in order:
        if kind[name] != "input":
            col[name] = 1 + max((col[p] for p in preds[name] if kind[p] != "input"),
                                default=0)
    for name in names:
        if kind[name] == "input":
            col[name] = min((col[s] for s in succs[name]), default=1) - 1
    col.update({n.name: n.col for n in nodes if n.col is not None})

    # Rows: inputs in the order met walking back from the outputs, others at the mean.
    row = {n.name: n.row for n in nodes if n.row is not None}
    seen = []

    def visit(name):
        if name in seen:
            return
        seen.append(name)
        for p in preds[name]:
            visit(p)

    for name in names:
        if not succs[name]:
            visit(name)
    next_row = 0.0
    for name in seen:
        if kind[name] == "input" and name not in row:
            row[name] = next_row
            next_row += 1
    for name in order:
        if name not in row:
            row[name] = float(np.mean([row[p] for p in preds[name]])) if preds[name] else 0
    _spread_rows(row, col, {n.name for n in nodes if n.row is None})

    first = min(col.values())
    position = {n: ((col[n] - first) * _DX, -row[n] * _DY) for n in names}
    return kind, position


def _spread_rows(row, col, movable):
    """Push automatically placed nodes down when two share a column and a row."""
    for c in set(col.values()):
        members = sorted((n for n in row if col[n] == c), key=lambda n: row[n])
        for previous, name in zip(members, members[1:]):
            if name in movable and row[name] - row[previous] < 1:
                row[name] = row[previous] + 1


def _label_alignment(direction):
    """ha/va for a label whose anchor is offset from a line in ``direction`` (unit)."""
    dx, dy = direction
    ha = "right" if dx < -0.15 else "left" if dx > 0.15 else "center"
    va = "bottom" if dy > 0.15 else "top" if dy < -0.15 else "center"
    return ha, va


def draw_graph(nodes, edges, title=None, ax=None, legend=True) -> Figure:
    """Draw a computation graph left to right with values above and gradients below arrows.

    nodes: list of Node (or dicts / tuples / names), see the module docstring.
    edges: list of Edge(src, dst, value, grad) (or dicts / tuples); value and grad may be
        numbers, strings (e.g. "?") or None (not shown).
    title: text above the picture. ax: draw into this Axes instead of a new figure.
    legend: explain the colors under the picture (when some gradient is shown).
    Returns the Figure.
    """
    nodes = [_as_record(n, Node) for n in nodes]
    edges = [_as_record(e, Edge) for e in edges]
    kind, pos = _graph_layout(nodes, edges)
    label = {n.name: (n.label if n.label is not None else n.name) for n in nodes}

    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    char = 0.12  # approximate width of one character (data units, 12 pt)
    left = min([pos[n][0] - 0.15 - char * len(str(label[n])) for n in pos
                if kind[n] == "input"] + [min(xs) - _RADIUS]) - 0.25
    right = max([pos[n][0] + 0.15 + char * len(str(label[n])) for n in pos
                 if kind[n] == "output"] + [max(xs) + _RADIUS]) + 0.25
    bottom, top = min(ys) - 0.65, max(ys) + 0.75
    if ax is None:
        fig = PlotFigure(figsize=(max((right - left) * _INCH, 3.0),
                              (top - bottom) * _INCH + (0.4 if title else 0)
                              + (0.3 if legend else 0)))
        ax = fig.add_subplot()
    fig = ax.figure

    for e in edges:
        _draw_edge(ax, pos[e.src], pos[e.dst], kind[e.src], kind[e.dst], e.value, e.grad)
    for n in nodes:
        _draw_node(ax, pos[n.name], kind[n.name], label[n.name], n.note)

    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=13)
    if legend and any(e.grad is not None for e in edges):
        parts = [TextArea(text, textprops={"color": color, "fontsize": 10}) for text, color
                 in (("above the arrows: values (forward)", FORWARD_COLOR),
                     ("below: gradients of the output (backward)", BACKWARD_COLOR))]
        ax.add_artist(AnchoredOffsetbox(
            loc="upper center", child=HPacker(children=parts, sep=24), frameon=False,
            bbox_to_anchor=(0.5, 0.0), bbox_transform=ax.transAxes, borderpad=0))
    fig.tight_layout()
    return fig


def _draw_node(ax, xy, kind, label, note):
    """An operation as a circle with its symbol; an input/output as its name."""
    x, y = xy
    if kind == "op":
        ax.add_patch(Circle(xy, _RADIUS, facecolor="white", edgecolor="black", lw=1.5,
                            zorder=3))
        size = 16 if len(str(label)) <= 1 else 12
        ax.text(x, y, label, ha="center", va="center", fontsize=size, zorder=4)
        if note:
            ax.text(x, y + _RADIUS + 0.08, note, ha="center", va="bottom", fontsize=10,
                    color="dimgray", style="italic")
    elif kind == "input":
        ax.text(x - 0.1, y, label, ha="right", va="center", fontsize=12)
    else:
        ax.text(x + 0.1, y, label, ha="left", va="center", fontsize=12)


def _draw_edge(ax, p0, p1, kind0, kind1, value, grad):
    """An arrow between two nodes; value above it (black), gradient below it (red)."""
    p0, p1 = np.asarray(p0, float), np.asarray(p1, float)
    unit = (p1 - p0) / np.linalg.norm(p1 - p0)
    start = p0 + unit * (_RADIUS if kind0 == "op" else 0.0)
    end = p1 - unit * (_RADIUS if kind1 == "op" else 0.05)
    ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>",
                                 mutation_scale=14, lw=1.4, color="black",
                                 shrinkA=0, shrinkB=0, zorder=2))
    normal = np.array([-unit[1], unit[0]])  # left of the direction of travel
    if normal[1] < 0 or (normal[1] == 0 and normal[0] > 0):
        normal = -normal  # make it point "up"
    anchor = start + _ALONG * (end - start)
    for text, side, color in ((value, normal, FORWARD_COLOR),
                              (grad, -normal, BACKWARD_COLOR)):
        if text is None:
            continue
        ha, va = _label_alignment(side)
        ax.text(*(anchor + _GAP * side), format_number(text), ha=ha, va=va,
                fontsize=12, color=color, zorder=5)


def _complete(names, defaults, given, forward):
    """Values by name: ``given`` first, then ``defaults``, the rest from ``forward``."""
    given = dict(given or {})
    unknown = set(given) - set(names)
    if unknown:
        raise ValueError(f"unknown name(s) {sorted(unknown)}; the names are {list(names)}")
    values = {**defaults, **given}
    for name, rule in forward:
        if name not in values:
            values[name] = rule(values)
    return values


def _gradients(names, grads, output, backward):
    """Gradients by name: computed (grads=True), none (False/None) or as given (mapping)."""
    if grads is True:
        return backward()
    if not grads:
        return {}
    given = dict(grads)
    unknown = set(given) - set(names)
    if unknown:
        raise ValueError(f"unknown name(s) {sorted(unknown)}; the names are {list(names)}")
    given.setdefault(output, 1)
    return given


def graph_j_abc(a=5, b=3, c=2, grads=True, values=None, title=None) -> Figure:
    """The graph of J = 3(a + bc) with u = bc and v = a + u (J = 33 for a, b, c = 5, 3, 2).

    grads: True (the correct gradients dJ/d·), False (forward values only) or a mapping
        from names "a", "b", "c", "u", "v", "J" to your own gradients (missing ones blank).
    values: optional mapping with your own forward values for "u", "v", "J"
        (others are computed from a, b, c).
    Example: ``graph_j_abc(grads={"v": 3, "u": 3, "a": 3, "b": 6, "c": 9})``.
    """
    names = ["a", "b", "c", "u", "v", "J"]
    vals = _complete(names, {"a": a, "b": b, "c": c}, values, [
        ("u", lambda s: s["b"] * s["c"]),
        ("v", lambda s: s["a"] + s["u"]),
        ("J", lambda s: 3 * s["v"]),
    ])

    def backward():
        g = {"J": 1}
        g["v"] = 3 * g["J"]
        g["u"] = g["v"]
        g["a"] = g["v"]
        g["b"] = g["u"] * vals["c"]
        g["c"] = g["u"] * vals["b"]
        return g

    g = _gradients(names, grads, "J", backward)
    nodes = [
        Node("a", "a", col=1, row=0), Node("b", "b", col=0, row=1),
        Node("c", "c", col=0, row=2),
        Node("u", "×", col=1, row=1, note="u = bc"),
        Node("v", "+", col=2, row=1, note="v = a + u"),
        Node("J", "×3", col=3, row=1, note="J = 3v"),
        Node("out", "J", col=4, row=1),
    ]
    edges = [Edge(src, dst, vals[src], g.get(src)) for src, dst in [
        ("a", "v"), ("b", "u"), ("c", "u"), ("u", "v"), ("v", "J"), ("J", "out")]]
    return draw_graph(nodes, edges, title="J = 3(a + bc)" if title is None else title)


_APPLE_INPUTS = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 3, "tax": 1.1}


def graph_apple(with_orange=False, grads=True, values=None, title=None) -> Figure:
    """The shopping graphs: apples (and oranges) times their counts, then times the tax.

    Names (for ``values`` and ``grads``): "apple", "apple_num", "tax", "apple_price",
    "price", and with oranges also "orange", "orange_num", "orange_price", "all_price".
    Defaults: apple 100, apple_num 2, orange 150, orange_num 3, tax 1.1.
    values: mapping overriding any of those values; missing ones are computed.
    grads: True (correct gradients of price), False (forward only) or a mapping
        name -> your gradient (missing ones blank; d price / d price defaults to 1).
    Example: ``graph_apple(True, grads={"apple": dapple, "orange": dorange, ...})``.
    """
    if with_orange:
        names = ["apple", "apple_num", "orange", "orange_num", "tax", "apple_price",
                 "orange_price", "all_price", "price"]
        forward = [("apple_price", lambda s: s["apple"] * s["apple_num"]),
                   ("orange_price", lambda s: s["orange"] * s["orange_num"]),
                   ("all_price", lambda s: s["apple_price"] + s["orange_price"]),
                   ("price", lambda s: s["all_price"] * s["tax"])]
    else:
        names = ["apple", "apple_num", "tax", "apple_price", "price"]
        forward = [("apple_price", lambda s: s["apple"] * s["apple_num"]),
                   ("price", lambda s: s["apple_price"] * s["tax"])]
    defaults = {k: v for k, v in _APPLE_INPUTS.items() if k in names}
    vals = _complete(names, defaults, values, forward)

    def backward():
        g = {"price": 1}
        before_tax = "all_price" if with_orange else "apple_price"
        g[before_tax] = g["price"] * vals["tax"]
        g["tax"] = g["price"] * vals[before_tax]
        if with_orange:
            g["apple_price"] = g["orange_price"] = g["all_price"]
            g["orange"] = g["orange_price"] * vals["orange_num"]
            g["orange_num"] = g["orange_price"] * vals["orange"]
        g["apple"] = g["apple_price"] * vals["apple_num"]
        g["apple_num"] = g["apple_price"] * vals["apple"]
        return g

    g = _gradients(names, grads, "price", backward)
    if with_orange:
        nodes = [
            Node("apple", "apple", col=0, row=0), Node("apple_num", "apple num", col=0, row=1),
            Node("orange_num", "orange num", col=0, row=2),
            Node("orange", "orange", col=0, row=3),
            Node("apple_price", "×", col=1, row=0), Node("orange_price", "×", col=1, row=3),
            Node("all_price", "+", col=2, row=1.5), Node("tax", "tax", col=2, row=2.6),
            Node("price", "×", col=3, row=1.5), Node("out", "price", col=4, row=1.5),
        ]
        links = [("apple", "apple_price"), ("apple_num", "apple_price"),
                 ("orange", "orange_price"), ("orange_num", "orange_price"),
                 ("apple_price", "all_price"), ("orange_price", "all_price"),
                 ("all_price", "price"), ("tax", "price"), ("price", "out")]
        default_title = (f"Buying {format_number(vals['apple_num'])} apples and "
                         f"{format_number(vals['orange_num'])} oranges")
    else:
        nodes = [
            Node("apple", "apple", col=0, row=0), Node("apple_num", "apple num", col=0, row=1),
            Node("apple_price", "×", col=1, row=0), Node("tax", "tax", col=1, row=1),
            Node("price", "×", col=2, row=0), Node("out", "price", col=3, row=0),
        ]
        links = [("apple", "apple_price"), ("apple_num", "apple_price"),
                 ("apple_price", "price"), ("tax", "price"), ("price", "out")]
        default_title = f"Buying {format_number(vals['apple_num'])} apples"
    edges = [Edge(src, dst, vals[src], g.get(src)) for src, dst in links]
    return draw_graph(nodes, edges, title=default_title if title is None else title)


# --------------------------------------------------------------------------------------
# Training curves
# --------------------------------------------------------------------------------------


def _field(history, name):
    """history[name] for a mapping, history.name for any other object; [] if missing."""
    if isinstance(history, Mapping):
        found = history.get(name)
    else:
        found = getattr(history, name, None)
    return [] if found is None else [float(v) for v in found]


def _moving_average(y, window):
    """Means of ``window`` consecutive values: shape (len(y) - window + 1,)."""
    return np.convolve(np.asarray(y, float), np.ones(window) / window, mode="valid")


def plot_curves(history, smooth="auto", title=None) -> Figure:
    """Loss per step (left) and train/test accuracy per epoch (right).

    history: a mapping or an object (e.g. TrainingHistory) with lists "loss" (one per
        step), "train_accuracy" and "test_accuracy" (one per epoch).
    smooth: "auto" (moving average over len(loss) // 50 steps when there are 200 steps
        or more), an int window, or None / 0 for the raw loss only.
    """
    loss = _field(history, "loss")
    train = _field(history, "train_accuracy")
    test = _field(history, "test_accuracy")
    fig = PlotFigure(figsize=(11, 4))
    ax_loss, ax_acc = fig.subplots(1, 2)

    window = (len(loss) // 50 if len(loss) >= 200 else 0) if smooth == "auto" else smooth or 0
    window = min(int(window), len(loss))
    steps = np.arange(len(loss))
    if window > 1:
        ax_loss.plot(steps, loss, color="C0", alpha=0.3, lw=0.8, label="loss per step")
        ax_loss.plot(steps[window - 1:], _moving_average(loss, window), color="C0", lw=2,
                     label=f"mean of {window} steps")
    else:
        ax_loss.plot(steps, loss, color="C0", lw=1.2, label="loss per step")
    ax_loss.set(xlabel="step", ylabel="loss", title="Training loss")
    ax_loss.grid(alpha=0.3)
    if loss:
        ax_loss.legend()

    for values, style, name in ((train, "o-", "train"), (test, "s--", "test")):
        if values:
            ax_acc.plot(np.arange(1, len(values) + 1), values, style, label=name)
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    ax_acc.grid(alpha=0.3)
    if train or test:
        ax_acc.legend()
        ax_acc.xaxis.get_major_locator().set_params(integer=True)
    else:
        ax_acc.text(0.5, 0.5, "no epochs yet", ha="center", va="center",
                    transform=ax_acc.transAxes, color="gray")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_cost(costs, title="Cost during gradient descent", xlabel="iteration", ax=None):
    """A single cost curve: costs is a sequence (T,), one value per iteration."""
    if ax is None:
        ax = PlotFigure(figsize=(6, 4)).add_subplot()
    costs = np.asarray(costs, float).ravel()
    ax.plot(np.arange(len(costs)), costs, color="C0", lw=1.8)
    ax.set(xlabel=xlabel, ylabel="cost", title=title)
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    return ax.figure


# --------------------------------------------------------------------------------------
# Decision boundaries and digits
# --------------------------------------------------------------------------------------


def _as_labels(y):
    """Class labels (N,) from labels (N,) / (N, 1) or one-hot rows (N, K)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y.reshape(-1)


def plot_decision_boundary(predict: Callable, X, y, ax=None, resolution=200, title=None):
    """Color the plane by what ``predict`` says, and scatter the points by class.

    predict: maps points (M, 2) to labels (M,) or to probabilities of class 1 (M,) in
        [0, 1] (or to scores (M, K), of which the largest wins).
    X: points (N, 2). y: labels (N,) or one-hot (N, K).
    Probabilities are shown as a color map with the 0.5 contour as the boundary;
    labels as colored regions with lines between them. Returns the Figure.
    """
    X = np.asarray(X, float)
    labels = _as_labels(y)
    if ax is None:
        ax = PlotFigure(figsize=(6, 5)).add_subplot()
    fig = ax.figure

    margin = 0.1 * (X.max(axis=0) - X.min(axis=0)) + 1e-9
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    out = np.asarray(predict(np.column_stack([gx.ravel(), gy.ravel()])))
    if out.ndim == 2 and out.shape[1] > 1:
        out = out.argmax(axis=1)
    z = out.reshape(gx.shape).astype(float)

    is_probability = (np.issubdtype(out.dtype, np.floating) and z.min() >= 0 and z.max() <= 1
                      and not np.all(z == np.round(z)))
    if is_probability:
        cmap = LinearSegmentedColormap.from_list("p", [CLASS_COLORS[0], "white",
                                                       CLASS_COLORS[1]])
        filled = ax.contourf(gx, gy, z, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.6)
        fig.colorbar(filled, ax=ax, label="P(class 1)")
        if z.min() < 0.5 < z.max():
            ax.contour(gx, gy, z, levels=[0.5], colors="black", linewidths=2)
    else:
        classes = np.unique(np.concatenate([np.unique(z), np.unique(labels)])).astype(int)
        top = max(int(classes.max()), 0) + 1
        colors = ListedColormap([CLASS_COLORS[k % 10] for k in range(top)])
        ax.contourf(gx, gy, z, levels=np.arange(top + 1) - 0.5, cmap=colors, alpha=0.25)
        if len(np.unique(z)) > 1:
            ax.contour(gx, gy, z, levels=np.arange(top - 1) + 0.5, colors="black",
                       linewidths=1.5)

    for k in np.unique(labels):
        chosen = labels == k
        ax.scatter(X[chosen, 0], X[chosen, 1], s=25, color=CLASS_COLORS[int(k) % 10],
                   edgecolors="black", linewidths=0.5, label=f"class {format_number(k)}")
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(loc="best", framealpha=0.9)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def _as_images(images):
    """Square grey images (N, S, S) from (N, S*S), (N, S, S) or (N, 1, S, S)."""
    images = np.asarray(images, float)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise ValueError(f"cannot make square images from rows of {images.shape[1]}")
        images = images.reshape(len(images), side, side)
    if images.ndim != 3:
        raise ValueError(f"expected images (N, 784), (N, 28, 28) or (N, 1, 28, 28), "
                         f"got shape {images.shape}")
    return images


def show_digits(images, labels=None, predictions=None, ncols=10, max_images=50) -> Figure:
    """A grid of digit images, titled with their labels; wrong predictions in red.

    images: (N, 784), (N, 28, 28) or (N, 1, 28, 28). labels, predictions: (N,) or
    one-hot (N, 10), optional. With both, a correct digit is titled "7" and a wrong one
    "7→1" in red. Shows the first ``max_images`` images, ``ncols`` per row.
    """
    images = _as_images(images)[:max_images]
    n = len(images)
    labels = None if labels is None else _as_labels(labels)[:n]
    predictions = None if predictions is None else _as_labels(predictions)[:n]
    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    fig = PlotFigure(figsize=(1.1 * ncols, 1.3 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for i, ax in enumerate(axes):
        if i >= n:
            fig.delaxes(ax)
            continue
        ax.imshow(images[i], cmap="gray_r")
        ax.set_xticks([])
        ax.set_yticks([])
        text, color = "", "black"
        if labels is not None and predictions is not None:
            wrong = labels[i] != predictions[i]
            text = f"{labels[i]}→{predictions[i]}" if wrong else f"{labels[i]}"
            color = BACKWARD_COLOR if wrong else "black"
        elif labels is not None:
            text = f"{labels[i]}"
        elif predictions is not None:
            text = f"→{predictions[i]}"
        if text:
            ax.set_title(text, color=color, fontsize=11, pad=3)
            if color != "black":
                for spine in ax.spines.values():
                    spine.set_color(color)
                    spine.set_linewidth(2)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------
# Functions, derivatives and timings
# --------------------------------------------------------------------------------------


def _apply(f, x):
    """f on every element of x (N,): vectorized if f accepts arrays, else one by one."""
    y = np.asarray(f(x), float)
    if y.shape != x.shape:
        y = np.array([float(f(v)) for v in x])
    return y


def plot_function_and_derivative(f, df, x_range=(-6, 6), numerical=True,
                                 labels=("f(x)", "f'(x)"), n_points=401, mark_max=False,
                                 ax=None, title=None) -> Figure:
    """Plot f and its derivative df over x_range (both map arrays (N,) to (N,)).

    numerical: also mark the central difference (f(x + h) - f(x - h)) / 2h at 25 points,
        which should sit on the df curve. mark_max: annotate the largest value of df
        (e.g. sigmoid' is at most 1/4).
    """
    if ax is None:
        ax = PlotFigure(figsize=(7, 4.2)).add_subplot()
    x = np.linspace(*x_range, n_points)
    ax.plot(x, _apply(f, x), color="C0", lw=2, label=labels[0])
    dy = _apply(df, x)
    ax.plot(x, dy, color="C1", lw=2, label=labels[1])
    if numerical:
        h = 1e-4
        xs = np.linspace(*x_range, 25)
        slope = (_apply(f, xs + h) - _apply(f, xs - h)) / (2 * h)
        ax.plot(xs, slope, "o", color="C3", ms=5, mfc="none", mew=1.5,
                label="central difference")
    if mark_max:
        i = int(np.argmax(dy))
        ax.annotate(f"max {format_number(dy[i], 3)} at x = {format_number(x[i], 3)}",
                    xy=(x[i], dy[i]), xytext=(15, 25), textcoords="offset points",
                    arrowprops={"arrowstyle": "->", "color": "gray"})
    ax.axhline(0, color="gray", lw=0.8)
    ax.set(xlabel="x", title=title or f"{labels[0]} and its derivative")
    ax.grid(alpha=0.3)
    ax.legend()
    ax.figure.tight_layout()
    return ax.figure


def _format_seconds(seconds):
    """1.5 s, 12.3 ms or 45.6 µs."""
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def plot_timings(labels: Sequence[str], seconds: Sequence[float], title=None) -> Figure:
    """Horizontal bars of run times (seconds (K,)), each faster one marked "×N faster"."""
    seconds = np.asarray(seconds, float)
    if len(labels) != len(seconds):
        raise ValueError("give one time per label")
    slowest = seconds.max()
    fig = PlotFigure(figsize=(7, 0.7 * len(seconds) + 1.2))
    ax = fig.add_subplot()
    rows = np.arange(len(seconds))
    ax.barh(rows, seconds, color=[f"C{i % 10}" for i in rows], height=0.6)
    ax.set_yticks(rows, labels)
    ax.invert_yaxis()
    for r, s in zip(rows, seconds):
        text = _format_seconds(s)
        if s < slowest and s > 0:
            text += f"   ×{format_number(slowest / s, 3)} faster"
        ax.text(s + 0.01 * slowest, r, text, va="center", fontsize=11,
                fontweight="bold" if s < slowest else "normal")
    ax.set_xlim(0, slowest * 1.45)
    ax.set(xlabel="seconds", title=title or "Same computation, different speed")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig
