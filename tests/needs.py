"""Real components that some tests start: on a developer's machine a missing one skips
those tests with what to install; under CI (``CI=true``) it fails the run, because a test
that skipped has tested nothing."""

import os

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require(available: bool, what: str, install: str) -> None:
    """Call at the top of a test module: skip it (or, under CI, fail) without ``what``."""
    if available:
        return
    if under_ci():
        raise RuntimeError(f"{what} is missing, and CI runs every test: {install}")
    pytest.skip(f"{what} is missing: {install}", allow_module_level=True)


def sandbox_available() -> bool:
    from autograder.sandbox import kernel_mode

    return kernel_mode() == "bwrap"


SANDBOX_INSTALL = ("apt-get install bubblewrap (and allow unprivileged user namespaces)")
