"""Where the grading kernels of one process run, and nothing left behind when it ends.

``kernel_place(sandbox)`` gives, once per process, the prepared kernelspec of the sandbox
(``autograder.sandbox``) and a private temporary folder. Each kernel gets a folder of its
own in it for its connection file and sockets, so that no kernel can reach another one.
A janitor process removes the whole temporary folder when this process ends, however it
ends (even ``kill -9``): it waits on a pipe that only this process holds.

``sandbox`` says what grading may use:

- ``"required"`` (grading other people's notebooks): the bubblewrap sandbox, or
  ``SandboxUnavailable`` saying in one line what to install;
- ``"if-available"`` (a learner grading their own notebook, the course's own examples):
  the sandbox where it runs, else the launcher's limits (Linux) or a plain kernel;
- ``"off"`` (the instructor's explicit ``--no-sandbox``): limits or a plain kernel.

The first decision of a grading run (``decide_mode``, in its main process) says in one line
on stderr what a kernel is bounded by on this machine and how (``sandbox.bounds_line``),
e.g. "kernels: bwrap; memory 2 GiB (address space 1.5 GiB) and processes 1 by seccomp;
disk 256 MiB working folder + 256 MiB /tmp (tmpfs, in the memory); files at most 256 MiB".
How memory and processes are bounded (cgroup v1, a systemd user scope, seccomp) is decided
once per run by ``sandbox.how_bounded``.
"""

import atexit
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from autograder.sandbox import (
    KERNEL_NAME,
    LIMITS_VARIABLE,
    MODE_VARIABLE,
    USERNS_HINT,
    SandboxUnavailable,
    bounds_line,
    bwrap_problem,
    kernel_mode,
    prepare,
)

SANDBOX_CHOICES = ("required", "if-available", "off")
MAX_BASE = 48  # characters of the temporary folder's path before a kernel's own folders


@dataclass
class KernelPlace:
    mode: str  # 'bwrap', 'limits' or 'plain' (see autograder.sandbox)
    kernels_dir: Path | None  # holds kernels/<KERNEL_NAME>; None for Jupyter's own kernel
    scratch: Path  # this process's temporary folder, removed when it ends

    @property
    def kernel_name(self) -> str:
        return KERNEL_NAME if self.kernels_dir else "python3"

    def kernel_folder(self) -> Path:
        """A new folder for one kernel's connection file and sockets."""
        folder = self.scratch / "kernels" / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True)
        return folder

    def configure(self, km) -> None:
        """Point a new KernelManager at this place: our kernelspec, and (on Linux) IPC
        sockets in a folder that only this kernel sees."""
        if self.kernels_dir is None:
            return
        from jupyter_client.kernelspec import KernelSpecManager

        km.kernel_spec_manager = KernelSpecManager(kernel_dirs=[str(self.kernels_dir /
                                                                    "kernels")])
        folder = self.kernel_folder()
        km.transport = "ipc"
        km.ip = str(folder / "sock" / "kernel")  # sock: the sandbox's own memory (sandbox)
        km.connection_file = str(folder / "connection.json")


_PLACES: dict[str, KernelPlace] = {}
_SCRATCH: list[Path] = []


def sandbox_fix() -> str:
    """Why this machine has no sandbox, and what to do about it, in a few words."""
    if not sys.platform.startswith("linux"):
        return f"{sys.platform} has no bubblewrap; grade on Linux"
    problem = bwrap_problem()
    if problem is None:
        return f"{MODE_VARIABLE}={os.environ.get(MODE_VARIABLE)} turns it off: unset it"
    if shutil.which("bwrap") is None:
        return f"{problem}: apt-get install bubblewrap (Fedora: dnf install bubblewrap)"
    return f"{problem}: {USERNS_HINT}"


def decide_mode(sandbox: str) -> str:
    """The kernel mode for a ``sandbox`` setting, or SandboxUnavailable (one line)."""
    if sandbox not in SANDBOX_CHOICES:
        raise ValueError(f"sandbox must be one of {SANDBOX_CHOICES}, not {sandbox!r}")
    mode = kernel_mode()
    if sandbox == "required" and mode != "bwrap":
        raise SandboxUnavailable(f"grading other people's notebooks needs the sandbox: "
                                 f"{sandbox_fix()} (or, never for a class, --no-sandbox)")
    if sandbox == "off" and mode == "bwrap":
        mode = "limits"
    if not _SAID and multiprocessing.parent_process() is None:  # the grading run's own
        _SAID.append(mode)
        if os.environ.get(LIMITS_VARIABLE):  # else once the course's config is read
            announce()
    return mode


_SAID: list[str] = []  # the mode decided first in this process; "" once announced


def announce() -> None:
    """Say in one line what grading kernels are bounded by, once: when the mode has been
    decided and the course's limits are known (``autograder.config.set_kernel_limits``
    calls this), or at the first kernel place of a course that sets none."""
    if _SAID and _SAID[0]:
        print(bounds_line(_SAID[0]), file=sys.stderr)
        _SAID[0] = ""


def kernel_place(sandbox: str = "required") -> KernelPlace:
    """This process's place for grading kernels under ``sandbox`` (made once, then reused)."""
    mode = decide_mode(sandbox)
    announce()
    if mode not in _PLACES:
        kernels_dir = prepare(mode) if mode != "plain" else None
        _PLACES[mode] = KernelPlace(mode, kernels_dir, scratch_folder())
    return _PLACES[mode]


def scratch_folder() -> Path:
    """This process's temporary folder (one per process), removed when the process ends."""
    if not _SCRATCH:
        base = tempfile.gettempdir()
        if len(base) > MAX_BASE and os.path.isdir("/tmp"):
            base = "/tmp"  # a kernel's socket path must stay under the 107 bytes Unix allows
        folder = Path(tempfile.mkdtemp(prefix="backprop-grading-", dir=base))
        _SCRATCH.append(folder)
        _start_janitor(folder)
        atexit.register(shutil.rmtree, folder, True)
    return _SCRATCH[0]


def _start_janitor(folder: Path) -> None:
    """A process that removes ``folder`` once the pipe from this process closes, which
    happens when this process ends in any way. It ignores the terminal's Ctrl-C."""
    janitor = subprocess.Popen(
        [sys.executable, "-c", _JANITOR, str(folder)], stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    # kept open for this process's lifetime: its closing is the signal
    _JANITORS.append(janitor)


_JANITORS: list = []


def janitors() -> set[int]:
    """The process ids of this process's janitors (which must outlive it)."""
    return {janitor.pid for janitor in _JANITORS}
_JANITOR = """
import os, shutil, signal, sys, time
for name in ("SIGINT", "SIGHUP", "SIGTERM"):
    if hasattr(signal, name):
        signal.signal(getattr(signal, name), signal.SIG_IGN)
sys.stdin.buffer.read()
for attempt in range(20):
    shutil.rmtree(sys.argv[1], ignore_errors=True)
    if not os.path.exists(sys.argv[1]):
        break
    time.sleep(0.5)
"""

