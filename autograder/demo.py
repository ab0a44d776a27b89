"""The realistic mistake the demo submits for each notebook, as an edit of its solution.

Each entry names an answer cell of the source notebook, a line of its solution and the
mistaken line a learner really writes there (from the study notes' code). ``course demo`` grades
the edited notebook beside the solution and the untouched stub, and the tests check that
it loses exactly the points of the exercise it breaks.
"""

from pathlib import Path

import nbformat

from autograder import SOURCE_DIR

# assignment -> (answer cell grade_id, correct line, mistaken line, what the mistake is)
MISTAKES: dict[str, tuple[str, str, str, str]] = {
    "01_computation_graphs": ("mul_layer_answer", "self.x = x", "self.x = y",
                              "MulLayer.forward storing y as x (the notes, file 001)"),
    "02_sigmoid_and_loss": ("relu_layer_answer", "dx = dout.copy()", "dx = dout",
                            "Relu.backward zeroing the caller's dout in place "
                            "(the notes, file 001)"),
    "06_mnist_networks": ("layer_net_answer", "for layer in reversed(self.layers.values()):",
                          "for layer in self.layers.values():",
                          "backward visiting the layers in forward order (the notes, file 001)"),
    "03_logistic_regression_loops": ("logistic_loop_answer", "    J /= m\n    dw /= m\n"
                                     "    db /= m\n", "", "forgetting the 1/m of the average"),
    "04_vectorization": ("per_class_sigmoid_answer", "db = np.sum(dZ, axis=0)",
                         "db = np.sum(dZ)",
                         "the bias gradient summed over all classes (the notes, file 000)"),
    "05_affine_and_softmax": ("affine_answer", "dx = dout @ self.W.T",
                              "dx = np.dot(dout, self.W)",
                              "Affine.backward without the transpose (the notes, file 001)"),
    "07_automatic_differentiation": ("train_mlp_answer", "W -= learning_rate * grad",
                                     "W = W - learning_rate * grad",
                                     "the update that rebinds a name and never changes the "
                                     "model (the notes, file 002)"),
}


def mistaken_notebook(assignment: str, out: Path) -> Path | None:
    """Write the solution of ``assignment`` with its catalogued mistake to ``out``."""
    if assignment not in MISTAKES:
        return None
    grade_id, correct, mistaken, _ = MISTAKES[assignment]
    nb = nbformat.read(SOURCE_DIR / assignment / f"{assignment}.ipynb", as_version=4)
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    if len(cells) != 1 or correct not in cells[0].source:
        raise ValueError(f"the demo mistake of {assignment} no longer fits its source: "
                         f"{correct!r} is not in cell {grade_id}")
    cells[0].source = cells[0].source.replace(correct, mistaken, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out
