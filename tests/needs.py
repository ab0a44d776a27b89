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


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class OrdinaryUser:
    """A throw-away ordinary user (``useradd``; root only), removed with its home and its
    processes by ``remove``. ``run`` runs a command as it, in a private mount namespace
    where the folders it needs (``reachable``) can be reached even when one of their
    parents is not open to others (a virtual environment whose interpreter lies in
    /root): such a parent is covered there by an empty tmpfs into which only the needed
    entry is bound back. Nothing of this shows outside the command."""

    def __init__(self, prefix: str = "bp-bounds"):
        import secrets
        import subprocess

        self.name = f"{prefix}-{secrets.token_hex(3)}"
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", self.name],
                       check=True, capture_output=True, timeout=60)
        import pwd

        entry = pwd.getpwnam(self.name)
        self.uid, self.home = entry.pw_uid, entry.pw_dir

    def _uncover(self, paths) -> list[str]:
        """Shell lines that make each of ``paths`` reachable (see the class)."""
        from pathlib import Path

        covered: dict[Path, set[str]] = {}  # a closed folder -> its entries to bind back
        for path in paths:
            path = Path(path).resolve()
            for parent in [*reversed(path.parents)][1:]:
                if not parent.stat().st_mode & 0o001:
                    covered.setdefault(parent, set()).add(path.relative_to(parent).parts[0])
        lines = []
        for index, (parent, children) in enumerate(sorted(covered.items(),
                                                          key=lambda item: len(item[0].parts))):
            hold = f"/tmp/.{self.name}-{index}"
            lines += [f"mkdir -p {hold}", f"mount --bind {parent} {hold}",
                      f"mount -t tmpfs -o mode=0755,size=1m tmpfs {parent}"]
            for child in sorted(children):
                lines += [f"mkdir -p {parent / child}",
                          f"mount --bind {hold}/{child} {parent / child}"]
        return lines

    def run(self, argv: list[str], env: dict, reachable=(), timeout: float = 1800):
        import shlex
        import subprocess

        environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": self.home,
                       "USER": self.name, "LANG": "C.UTF-8", **env}
        script = "\n".join([*self._uncover(reachable), "exec runuser -u " + self.name
                            + " -- env -i " + " ".join(shlex.quote(f"{k}={v}") for k, v in
                                                       environment.items())
                            + " " + " ".join(shlex.quote(a) for a in argv)])
        try:
            return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh",
                                   "-ec", script], capture_output=True, text=True,
                                  timeout=timeout, cwd="/")
        finally:
            for index in range(len(list(reachable)) * 8):
                holding = f"/tmp/.{self.name}-{index}"
                if os.path.isdir(holding):
                    os.rmdir(holding)

    def remove(self) -> None:
        import subprocess
        from pathlib import Path

        for status in Path("/proc").glob("[0-9]*/status"):  # whatever it still runs
            try:
                uid = int(status.read_text().split("\nUid:", 1)[1].split()[0])
                if uid == self.uid:
                    os.kill(int(status.parent.name), 9)
            except (OSError, ValueError, IndexError):
                continue
        subprocess.run(["userdel", "--remove", "--force", self.name], capture_output=True,
                       timeout=60)
