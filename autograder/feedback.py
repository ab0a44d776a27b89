"""Feedback for students: which test failed and its message, never the hidden test code."""

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden-test regions from test cells and tracebacks from error outputs.

    Stock nbgrader puts the whole test cell, hidden tests included, into the feedback
    (nbgrader issues 917 and 1363). Here a test cell keeps only its visible part, and an
    error keeps only its name and message: the message says what failed and why, while a
    traceback would quote the hidden code line by line.
    """

    def preprocess(self, nb, resources):
        nb, resources = ClearHiddenTests().preprocess(nb, resources)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = error_lines(output)
        return nb, resources


def error_lines(output) -> list[str]:
    """An error output as its name and message only."""
    ename, evalue = output.get("ename", "Error"), output.get("evalue", "")
    return [f"{ename}: {evalue}"] if evalue else [ename]
