"""What learners import: data, gradient checking, plots, checks and the `course` command."""

__version__ = "0.1.0"
