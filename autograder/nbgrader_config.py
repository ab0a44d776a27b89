"""nbgrader configuration for running nbgrader's own commands in this folder.

Paths resolve from this file, wherever the command is run from. Set the environment
variable BACKPROP_COURSE_DB to an SQLAlchemy URL (PostgreSQL for a shared deployment) to
use another gradebook than the SQLite file gradebook.db beside this file.
"""

import os
from pathlib import Path

from autograder.config import nbgrader_config

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.merge(nbgrader_config(Path(__file__).resolve().parent, os.environ.get("BACKPROP_COURSE_DB")))
