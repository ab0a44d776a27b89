"""Small helpers for notebook cells that are not exercises.

``needs(...)``: a cell that uses a learner's answer (to plot it, or to check it for no
points) runs quietly while the exercise is still a stub, instead of failing with
NotImplementedError.
``is_grading()``: true while the autograder runs the notebook, so that long training
cells can do less work there.
"""

import os
from contextlib import contextmanager

from course.checking import NotImplementedYet
from course.language import tr

GRADING_VARIABLE = "BACKPROP_COURSE_GRADING"


@contextmanager
def needs(*what: str):
    """Run the block; if an unfinished exercise raises NotImplementedError, say so instead.

        with needs("sigmoid"):
            plt.plot(x, sigmoid(x))
    """
    try:
        yield
    except (NotImplementedError, NotImplementedYet):  # a stub, called or checked
        names = ", ".join(what) or "an exercise above"
        print(tr(f"(This cell uses your {names}. It will run once that exercise is done.)"))


def is_grading() -> bool:
    """True while the autograder runs this notebook."""
    return os.environ.get(GRADING_VARIABLE, "") not in ("", "0")
