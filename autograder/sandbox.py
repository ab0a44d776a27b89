"""The learner's kernel, run where it sees only what it needs.

Threat model: a submission is hostile code running with the grader's user rights. It must
not read anything but what a kernel needs (not ``solutions``, the hidden tests, the source
notebooks, the gradebook, other students' work wherever it lies, the instructor's home,
the project's git history, pip's caches); must not write anywhere but its own working
folder; must not reach the network or another kernel; must not exhaust the machine
(memory, processes, disk); and must not outlive its grader. What it prints comes back to
its author as feedback, so reading is enough to leak: hence an allow-list, never a list
of things to hide. Changing what it reports about its own answers gains nothing, because
the verdict is reached outside it (``autograder.judge``).

How the allow-list is computed (``allow_list``), the same for a virtual environment, a
system Python and conda:

- the system's programs and libraries: ``/usr`` and the top-level ``/bin``, ``/sbin``,
  ``/lib*`` (as the symbolic links they are on merged-/usr systems, or bound read-only);
- of ``/etc``, only what the dynamic linker and the clock read (``ETC_FILES``);
- the interpreter: its prefixes (``sys.prefix``, ``sys.base_prefix``, ...), read-only, and
  nothing else of the folder they live in (a venv inside a home folder or the project
  checkout is bound alone);
- every Python package folder (site-packages and dist-packages, of this interpreter or of
  any Python under the bound trees) is covered by an empty folder, and only the
  distributions a kernel needs are bound back into it: the closure of ``KERNEL_NEEDS``
  over their declared requirements (from their installed metadata), and the ``course``
  package alone (``solutions`` and ``autograder`` stay absent, whether installed or
  editable);
- the course's data folder, read-only;
- a private ``/tmp``, ``/dev`` and ``/proc``; the kernel's own working folder and socket
  folder, writable, all three bounded tmpfs (below); its connection file, read-only.

Nothing else exists inside: no home folder, ``/root``, ``/srv``, ``/opt``, ``/mnt``,
``/media``, ``/var``, no other folder of the project, no exchange, no submissions. The
environment is an allow-list too (``--clearenv`` and ``kernel_environment``): no token or
database URL of the grader's environment reaches the kernel.

Where the kernel runs is decided in one place, ``kernel_mode``:

- ``bwrap``: Linux with bubblewrap and user namespaces: all of the above, plus its own
  user, PID, network, IPC and UTS namespaces (no network at all);
- ``limits``: Linux without them: the launcher's resource limits and death with the
  grader, no isolation of files or network. Grading other people's notebooks refuses this
  unless the instructor passes ``--no-sandbox``;
- ``plain``: macOS and Windows, where a learner grades their own work: Jupyter's own
  kernel.

In both Linux modes the kernel is started by this module's launcher (``python -m
autograder.sandbox PLAN CONNECTION_FILE``), which runs outside the sandbox and dies with
the process that started it (``PR_SET_PDEATHSIG``).

What one kernel may use is ``Limits`` (the course's ``set_kernel_limits``, passed to the
launchers in ``$BACKPROP_COURSE_KERNEL_LIMITS``), none of it shared with another kernel:

- disk: everything it can write is a tmpfs of a set size, gone with it: ``/tmp``, its
  working folder (an empty tmpfs at that path) and ``sock`` in its runtime folder, where
  it makes its ipc sockets (1 MiB). The grader reaches those sockets through a symbolic
  link ``sock -> /proc/PID/root/.../sock`` that the launcher makes once bubblewrap tells
  it the sandbox's PID (``--info-fd``); the connection file is bound read-only. What the
  kernel prints to its stdout and stderr goes through the launcher, which keeps 1 MiB of
  it in ``kernel.log``; one file is at most ``file_size`` (RLIMIT_FSIZE).
- memory and processes, as ``how_bounded`` decides once per run: cgroups v1 where they
  are writable (root: a pids and a memory cgroup per kernel; tmpfs pages count in the
  memory); a ``systemd-run --user --scope`` with MemoryMax and TasksMax on cgroup v2 with
  a user systemd that delegates memory; else a seccomp filter (``seccomp_program``, given
  to bubblewrap's ``--seccomp``) that refuses new processes while threads work, and an
  address space (RLIMIT_AS) of the memory budget less the tmpfs sizes, so that the
  kernel's whole use stays inside ``memory``.

A kernel that fails before it made its sockets (no cell can have run: not the
submission's doing, e.g. no process left on the machine) is started once more.
``bounds_line`` says in one line what is bounded and how; ``limit_names`` gives the judge
each limit with its size, to name what stopped a submission.
"""

import contextlib
import ctypes
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import signal
import site
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import asdict, dataclass, field
from glob import glob
from pathlib import Path

KERNEL_NAME = "backprop-sandbox"
CGROUP_ROOT = Path("/sys/fs/cgroup")
KERNEL_NEEDS = ("ipykernel", "numpy", "matplotlib")
SYSTEM_TREES = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime")
# What a kernel's environment may hold of the grader's: locale and the course's own
# settings for grading kernels (see ``autograder.execution.GRADING_ENVIRONMENT``).
PASSED_ENVIRONMENT = re.compile(
    r"^(LANG|LANGUAGE|LC_[A-Z]+|TZ|MPLBACKEND|PYTHONWARNINGS|PYTHONHASHSEED|"
    r"(OPENBLAS|OMP|MKL)_NUM_THREADS|BACKPROP_COURSE_GRADING)$")
USERNS_HINT = ("allow unprivileged user namespaces (sysctl "
               "kernel.unprivileged_userns_clone=1; Ubuntu 24.04: "
               "kernel.apparmor_restrict_unprivileged_userns=0)")


class SandboxUnavailable(RuntimeError):
    """Grading other people's notebooks was asked for where no sandbox can run."""


@dataclass
class Plan:
    """What the launcher does for every kernel: the mode, the bubblewrap arguments of the
    allow-list and the kernel's environment. (The limits are ``Limits``, read at launch.)"""

    mode: str
    bwrap_args: list[str] = field(default_factory=list)
    environment: dict = field(default_factory=dict)
    visible: list[str] = field(default_factory=list)  # the top-level names inside
    font_cache: str = ""  # a folder holding matplotlib's font list, built once


PLAN_VERSION = "2"  # a plan.json of another shape is prepared anew


# -- the limits -----------------------------------------------------------------------------

MiB, GiB = 1 << 20, 1 << 30
LIMITS_VARIABLE = "BACKPROP_COURSE_KERNEL_LIMITS"  # the course's limits, for the launchers
HOW_VARIABLE = "BACKPROP_COURSE_BOUNDED_BY"  # how they are enforced, decided once
RUNTIME_BYTES = 1 * MiB  # the kernel's socket folder: five sockets
LOG_BYTES = 1 * MiB  # of what the kernel prints to its stdout and stderr, kept in kernel.log
KERNEL_ADDRESS_SPACE = 512 * MiB  # the least address space a kernel starts in
UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": MiB, "mb": MiB,
         "mib": MiB, "g": GiB, "gb": GiB, "gib": GiB}


@dataclass
class Limits:
    """What one grading kernel may use. ``memory`` is its whole budget: the memory of its
    processes and of its tmpfs folders (working folder, /tmp, sockets), which are memory."""

    memory: int = 2 * GiB
    working_folder: int = 256 * MiB
    tmp: int = 256 * MiB
    processes: int = 64  # tasks (processes and threads) where a cgroup counts them
    file_size: int = 256 * MiB

    def disk(self) -> int:
        return self.working_folder + self.tmp + RUNTIME_BYTES

    def address_space(self, how: str) -> int:
        """RLIMIT_AS: where no cgroup counts the memory, the budget less the tmpfs sizes."""
        return self.memory - self.disk() if how == "seccomp" else 16 * GiB

    def check(self) -> "Limits":
        for name in ("memory", "working_folder", "tmp", "processes", "file_size"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) <= 0:
                raise ValueError(f"kernel limit {name} must be a positive size, not "
                                 f"{getattr(self, name)!r}")
        if self.memory - self.disk() < KERNEL_ADDRESS_SPACE:
            raise ValueError(f"kernel memory {size_text(self.memory)} must exceed its working "
                             f"folder + /tmp ({size_text(self.disk())}) by "
                             f"{size_text(KERNEL_ADDRESS_SPACE)} at least")
        return self


def parse_size(value) -> int:
    """Bytes of ``value``: an int, or text such as '2 GiB', '256M', '1048576'."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
    if not found or found.group(2).lower() not in UNITS:
        raise ValueError(f"not a size: {value!r} (write it as, e.g., '2 GiB' or '256 MiB')")
    return int(float(found.group(1)) * UNITS[found.group(2).lower()])


def size_text(size: int) -> str:
    for unit, name in ((GiB, "GiB"), (MiB, "MiB"), (1 << 10, "KiB")):
        if size >= unit and size % (unit // 16) == 0:
            return f"{size / unit:g} {name}"
    return f"{size} bytes"


def current_limits() -> Limits:
    """The course's limits (``$BACKPROP_COURSE_KERNEL_LIMITS``, set by
    ``autograder.config.set_kernel_limits``), else the defaults."""
    given = json.loads(os.environ.get(LIMITS_VARIABLE) or "{}")
    return Limits(**{k: parse_size(v) for k, v in given.items()}).check()


MODE_VARIABLE = "BACKPROP_COURSE_KERNEL_MODE"


def kernel_mode() -> str:
    """'bwrap', 'limits' or 'plain': where this machine can run a grading kernel.
    ``$BACKPROP_COURSE_KERNEL_MODE`` may ask for less ('limits' or 'plain', to try what
    macOS and Windows run), never for more."""
    if not sys.platform.startswith("linux"):
        return "plain"
    mode = "bwrap" if bwrap_problem() is None else "limits"
    asked = os.environ.get(MODE_VARIABLE, "")
    order = ["plain", "limits", "bwrap"]
    return asked if asked in order and order.index(asked) < order.index(mode) else mode


def bwrap_problem() -> str | None:
    """None when bubblewrap is installed and can create namespaces here; else why not."""
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed"
    probe = subprocess.run(["bwrap", "--unshare-all", "--ro-bind", "/", "/", "--size",
                            str(MiB), "--tmpfs", "/tmp", "true"],
                           capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        lines = (probe.stderr or "no output").strip().splitlines()
        if "size" in probe.stderr:
            return "bubblewrap is older than 0.7 (no --size for a bounded tmpfs)"
        return f"bubblewrap cannot create namespaces here ({lines[-1] if lines else ''})"
    return None


# -- how memory and processes are bounded ---------------------------------------------------

def how_bounded() -> str:
    """How this machine bounds a kernel's memory and processes, decided once per grading
    run (the answer is kept in ``$BACKPROP_COURSE_BOUNDED_BY`` for the launchers):

    - 'cgroup-v1': the pids and memory cgroups v1 are writable (root): a cgroup per kernel;
    - 'systemd': cgroup v2 with a user systemd that delegates the memory controller: a
      ``systemd-run --user --scope`` per kernel, with MemoryMax and TasksMax;
    - 'seccomp': neither: a seccomp filter refuses new processes (threads still work), and
      the address space is the memory budget less the tmpfs sizes;
    - 'nproc': seccomp is not built for this processor: RLIMIT_NPROC, which counts every
      process of the user (one kernel can spend it for another)."""
    known, _, uid = os.environ.get(HOW_VARIABLE, "").partition(":")
    v1 = os.access(CGROUP_ROOT / "pids", os.W_OK) and os.access(CGROUP_ROOT / "memory",
                                                                 os.W_OK)
    if uid == str(os.getuid()) and known in ("systemd", "seccomp", "nproc") or (
            known == "cgroup-v1" and v1):
        return known
    if v1:
        how = "cgroup-v1"
    elif user_scope_works():
        how = "systemd"
    else:
        how = "seccomp" if seccomp_program() else "nproc"
    os.environ[HOW_VARIABLE] = f"{how}:{os.getuid()}"  # for this user's launchers
    return how


def scope_command(limits: "Limits") -> list[str]:
    return ["systemd-run", "--user", "--scope", "--quiet", "--collect",
            "-p", f"MemoryMax={limits.memory}", "-p", "MemorySwapMax=0",
            "-p", f"TasksMax={limits.processes}", "--"]


def user_scope_works() -> bool:
    """True when ``systemd-run --user --scope`` puts a process in a cgroup v2 whose
    memory.max is the one asked for (the memory controller is delegated to the user)."""
    if not ((CGROUP_ROOT / "cgroup.controllers").exists() and shutil.which("systemd-run")
            and os.environ.get("XDG_RUNTIME_DIR")):
        return False
    asked = Limits(memory=1 * GiB, processes=16)
    show = 'cat "/sys/fs/cgroup$(cut -d: -f3 /proc/self/cgroup)/memory.max"'
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        probe = subprocess.run([*scope_command(asked), "sh", "-c", show],
                               capture_output=True, text=True, timeout=30)
        return probe.returncode == 0 and probe.stdout.strip() == str(asked.memory)
    return False


# seccomp: (AUDIT_ARCH, clone, clone3, the system calls that only make processes)
SECCOMP_ARCH = {"x86_64": (0xC000003E, 56, 435, (57, 58)),  # fork, vfork
                "aarch64": (0xC00000B7, 220, 435, ())}
CLONE_THREAD = 0x00010000


def seccomp_program() -> bytes:
    """A classic BPF program for seccomp (``struct sock_filter[]``) that refuses new
    processes: fork and vfork fail with EAGAIN, clone without CLONE_THREAD with EAGAIN,
    clone3 (whose flags a filter cannot read) with ENOSYS so that the C library falls back
    to clone; threads are made as before. Another ABI (x32, i386) gets EPERM for every
    call. b'' on a processor it is not written for."""
    import errno
    import platform
    import struct

    if platform.machine() not in SECCOMP_ARCH:
        return b""
    arch, clone, clone3, forks = SECCOMP_ARCH[platform.machine()]
    allow, perm = 0x7FFF0000, 0x00050000 | errno.EPERM
    again, nosys = 0x00050000 | errno.EAGAIN, 0x00050000 | errno.ENOSYS
    load, ret, jeq, jge, jset = 0x20, 0x06, 0x15, 0x35, 0x45
    code = [(load, 0, 0, 4),  # A = arch
            (jeq, 1, 0, arch), (ret, 0, 0, perm),
            (load, 0, 0, 0),  # A = the system call's number
            (jge, 0, 1, 0x40000000), (ret, 0, 0, perm)]  # x32 numbers
    for number in forks:
        code += [(jeq, 0, 1, number), (ret, 0, 0, again)]
    code += [(jeq, 0, 1, clone3), (ret, 0, 0, nosys),
             (jeq, 0, 3, clone),
             (load, 0, 0, 16),  # A = low half of clone's flags (its first argument)
             (jset, 1, 0, CLONE_THREAD), (ret, 0, 0, again),
             (ret, 0, 0, allow)]
    return b"".join(struct.pack("HBBI", *instruction) for instruction in code)


def install_seccomp(program: bytes) -> None:
    """Load ``program`` into this process (and what it executes): no new privileges."""
    buffer = ctypes.create_string_buffer(program)

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    libc = ctypes.CDLL(None, use_errno=True)
    prog = Program(len(program) // 8, ctypes.addressof(buffer))
    if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.prctl(22, 2, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp filter refused")  # NO_NEW_PRIVS, SECCOMP


def bounds_line(mode: str, limits: "Limits | None" = None) -> str:
    """One line: what a kernel is bounded by on this machine, and how."""
    if mode == "plain":
        return "kernels: Jupyter's own, no limits (macOS and Windows)"
    limits = limits or current_limits()
    how = how_bounded()
    memory, processes = size_text(limits.memory), limits.processes
    line = f"kernels: {mode}; "
    line += {"cgroup-v1": f"memory {memory} and {processes} tasks by cgroup v1",
             "systemd": f"memory {memory} and {processes} tasks by a systemd user scope "
                        "(cgroup v2)",
             "seccomp": f"memory {memory} (address space "
                        f"{size_text(limits.address_space(how))}) and processes 1 by seccomp",
             "nproc": f"memory {memory} (address space {size_text(limits.address_space(how))})"
                      f" and processes {processes * 4} by RLIMIT_NPROC, shared by the user"}[how]
    if mode == "bwrap":
        line += (f"; disk {size_text(limits.working_folder)} working folder + "
                 f"{size_text(limits.tmp)} /tmp (tmpfs, in the memory)")
    else:
        line += "; disk: no bound in all (no bubblewrap)"
    return line + f"; files at most {size_text(limits.file_size)}"


def limit_names(mode: str, limits: "Limits | None" = None) -> dict:
    """The limits by name, with their sizes, for the judge's report of what was stopped."""
    limits = limits or current_limits()
    how = how_bounded() if mode != "plain" else "none"
    return {"memory": size_text(limits.memory),
            "processes": "1 process, no new ones" if how == "seccomp" else
            f"{limits.processes} tasks" if how in ("cgroup-v1", "systemd") else
            f"{limits.processes * 4} processes of the user",
            "disk": f"{size_text(limits.working_folder)} working folder, "
                    f"{size_text(limits.tmp)} /tmp",
            "file_size": size_text(limits.file_size)}


# -- the allow-list -------------------------------------------------------------------------

def _package_folder(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def needed_distributions(roots=KERNEL_NEEDS) -> list[importlib.metadata.Distribution]:
    """The installed distributions of ``roots`` and, recursively, of everything they
    require (extras and requirements whose markers do not hold here left out)."""
    from packaging.requirements import Requirement

    found, todo = {}, list(roots)
    while todo:
        name = todo.pop()
        if _normal(name) in found:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        found[_normal(name)] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return list(found.values())


def distribution_entries(dist) -> set[Path]:
    """The top-level entries of a package folder that belong to ``dist``: its packages,
    modules, shared-library folders and its .dist-info."""
    entries = set()
    base = Path(dist.locate_file("")).resolve()
    for file in dist.files or []:
        top = file.parts[0]
        if top in ("..", "__pycache__") or file.suffix == ".pth" and len(file.parts) == 1:
            continue
        entries.add(base / top)
    if not dist.files:  # no RECORD (some system packages): its import names instead
        for line in (dist.read_text("top_level.txt") or "").split():
            entries.update(Path(p) for p in glob(str(base / line)) + glob(str(base / line)
                                                                            + ".*"))
    return {e for e in entries if e.exists()}


def python_package_folders() -> list[Path]:
    """Every folder of installed Python packages, of this interpreter or any other under
    the trees the sandbox binds (Debian's dist-packages, /usr/local, the base prefix)."""
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    candidates = list(site.getsitepackages()) + [site.getusersitepackages()]
    candidates += [sysconfig.get_path(key) for key in ("purelib", "platlib")]
    for prefix in prefixes | {"/usr", "/usr/local"}:
        for pattern in ("lib/python3*/site-packages", "lib/python3*/dist-packages",
                        "lib/python3/dist-packages", "lib64/python3*/site-packages"):
            candidates += glob(os.path.join(prefix, pattern))
    return sorted({Path(c).resolve() for c in candidates if c and Path(c).is_dir()})


def data_files() -> tuple[list[Path], Path | None]:
    """The course's data files found on ``course.data``'s search path (each looked for as
    ``<folder>/<sub>/<name>`` and ``<folder>/<name>``), and the first folder holding any."""
    from course.data import FILES, search_path

    found, first = [], None
    for folder in search_path():
        for remote in FILES.values():
            for path in (folder / remote.folder / remote.name, folder / remote.name):
                if path.is_file():
                    found.append(path.resolve())
                    first = first or folder.resolve()
    return sorted(set(found)), first


def _inside(path: Path, folders) -> bool:
    return any(path == f or path.is_relative_to(f) for f in folders)


def allow_list() -> tuple[list[str], dict, list[str]]:
    """The bubblewrap arguments that build the kernel's file system from nothing, the
    environment variables that go with it, and the top-level names it shows."""
    args: list[str] = []
    bound: list[Path] = []
    visible = {"dev", "proc", "tmp", "etc"}

    def bind(path: Path) -> None:
        if not _inside(path, bound):
            args.extend(["--ro-bind", str(path), str(path)])
            bound.append(path)
            visible.add(path.parts[1])

    for name in SYSTEM_TREES:
        top = Path("/") / name
        if top.is_symlink():
            args.extend(["--symlink", os.readlink(top), str(top)])
            visible.add(name)
        elif top.is_dir():
            bind(top)
    args.extend(["--dir", "/etc"])
    for name in ETC_FILES:
        path = Path("/etc") / name
        if path.is_symlink():
            args.extend(["--symlink", os.readlink(path), str(path)])
        elif path.exists():
            args.extend(["--ro-bind", str(path), str(path)])
    for prefix in sorted({sys.prefix, sys.base_prefix, sys.exec_prefix,
                          sys.base_exec_prefix}):
        bind(Path(prefix).resolve())
    bind(Path(sys.executable).resolve().parent)
    for folder in python_package_folders():
        if _inside(folder, bound):
            args.extend(["--tmpfs", str(folder)])
    environment = {}
    for dist in needed_distributions():
        for entry in sorted(distribution_entries(dist)):
            args.extend(["--ro-bind", str(entry), str(entry)])
    course = _package_folder("course")
    if course is not None:
        args.extend(["--ro-bind", str(course), str(course)])
        visible.add(course.parts[1])
        if not _inside(course.parent, python_package_folders()):
            environment["PYTHONPATH"] = str(course.parent)  # an editable install
    files, folder = data_files()
    for path in files:
        args.extend(["--ro-bind", str(path), str(path)])
        visible.add(path.parts[1])
    if folder is not None:
        environment["BACKPROP_COURSE_DATA"] = str(folder)
    return args, environment, sorted(visible)


def kernel_environment(plan: Plan, home: str = "/tmp") -> dict:
    """The kernel's whole environment: the allow-listed variables of this process's, the
    plan's own, and a home, temp folder and matplotlib folder that are the kernel's."""
    passed = {k: v for k, v in os.environ.items() if PASSED_ENVIRONMENT.match(k)}
    # two malloc arenas, not eight per core: the address space is close to the memory used
    return {**passed, **plan.environment, "MALLOC_ARENA_MAX": "2", "PATH": "/usr/bin:/bin",
            "HOME": home, "TMPDIR": home, "MPLCONFIGDIR": os.path.join(home, "matplotlib")}


# -- preparing once, reusing ----------------------------------------------------------------

def cache_folder() -> Path:
    """Where plans, kernelspecs and the font list are kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backprop-course-grading"


def _fingerprint(mode: str) -> str:
    """What a prepared plan depends on: this interpreter and its packages, the course
    package, the data folders, bubblewrap. A change to any of them prepares anew."""
    parts = [PLAN_VERSION, mode, sys.executable, sys.prefix, sys.version,
             shutil.which("bwrap") or ""]
    parts += [str(p) for p in python_package_folders()]
    parts += sorted(f"{d.metadata['Name']}=={d.version}@{d.locate_file('')}"
                    for d in needed_distributions())
    course = _package_folder("course")
    if course is not None:
        parts += [f"{p}:{p.stat().st_mtime_ns}" for p in sorted(course.rglob("*.py"))]
        parts.append(str((course / "exercises" / "mistakes.json").stat().st_mtime_ns))
    parts += [str(p) for p in data_files()[0]]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def prepare(mode: str) -> Path:
    """The folder of a ready kernelspec for ``mode`` ('bwrap' or 'limits'): made once per
    installed course and machine, then reused. Put it on the kernel spec manager's path."""
    folder = cache_folder() / f"{mode}-{_fingerprint(mode)}"
    spec = folder / "kernels" / KERNEL_NAME / "kernel.json"
    if spec.exists():
        os.utime(folder)  # in use: not an old one to forget
        return folder
    staging = Path(tempfile.mkdtemp(prefix=".preparing-", dir=_made(cache_folder())))
    try:
        plan = Plan(mode=mode)
        if font_cache(staging / "matplotlib"):
            plan.font_cache = str(staging / "matplotlib")
        if mode == "bwrap":
            plan.bwrap_args, plan.environment, plan.visible = allow_list()
            problem = kernel_starts(plan, staging)
            if problem:
                raise SandboxUnavailable(f"a kernel could not start inside bubblewrap: "
                                         f"{problem}")
        else:
            data = data_files()[1]
            plan.environment = {"BACKPROP_COURSE_DATA": str(data)} if data else {}
        if plan.font_cache:
            plan.font_cache = str(folder / "matplotlib")  # where it will finally lie
        write_kernelspec(plan, staging, folder)
        with contextlib.suppress(OSError):
            staging.rename(folder)  # another process may have prepared it meanwhile
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _forget_old(folder)
    return folder


def _forget_old(keep: Path, days: float = 2) -> None:
    """Remove prepared folders of earlier versions that nobody has used for ``days``."""
    import time

    for other in keep.parent.glob("*-*"):
        with contextlib.suppress(OSError):
            if other != keep and time.time() - other.stat().st_mtime > days * 86400:
                shutil.rmtree(other)


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def font_cache(folder: Path) -> bool:
    """Build matplotlib's font list once into ``folder``. Every sandboxed kernel starts
    with an empty /tmp and would otherwise spend half a second rebuilding it."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                   env={**os.environ, "MPLCONFIGDIR": str(folder)}, capture_output=True,
                   timeout=300)
    return any(folder.glob("fontlist*.json"))


def write_kernelspec(plan: Plan, staging: Path, final: Path) -> None:
    """The plan and the kernelspec that starts this module's launcher with it."""
    spec_dir = staging / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    (staging / "plan.json").write_text(json.dumps(asdict(plan), indent=1))
    spec = {
        "argv": [sys.executable, "-m", "autograder.sandbox", str(final / "plan.json"),
                 "{connection_file}"],
        "display_name": "Python 3 (sandboxed grading)",
        "language": "python",
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))


def kernel_starts(plan: Plan, scratch: Path) -> str | None:
    """None when Python starts inside the plan's sandbox, in its limits, with what a
    kernel imports."""
    work = scratch / "probe"
    work.mkdir()
    limits, fds, passed = current_limits(), [], []
    if how_bounded() == "seccomp":
        read, write = os.pipe()
        os.write(write, seccomp_program())
        os.close(write)
        fds, passed = ["--seccomp", str(read)], [read]
    command = bwrap_command(plan, str(work), str(work), [
        sys.executable, "-c", "import ipykernel, numpy, matplotlib.pyplot, course.probe"],
        limits, tuple(fds))
    try:
        probe = subprocess.run(command, capture_output=True, text=True, timeout=300,
                               env=kernel_environment(plan), pass_fds=passed,
                               preexec_fn=lambda: _set_rlimits(limits, how_bounded()))
    finally:
        for fd in passed:
            os.close(fd)
    if probe.returncode == 0:
        return None
    lines = (probe.stderr or probe.stdout or "no output").strip().splitlines()
    return lines[-1] if lines else "no output"


def load_plan(folder: Path) -> Plan:
    return Plan(**json.loads((Path(folder) / "plan.json").read_text()))


# -- the launcher ---------------------------------------------------------------------------

def bwrap_command(plan: Plan, workdir: str, runtime: str, kernel: list[str],
                  limits: Limits | None = None, fds: tuple = ()) -> list[str]:
    """The bubblewrap command line that runs ``kernel`` inside the plan's file system.
    Where it may write is memory of a bounded size: /tmp, its working folder ``workdir``
    (an empty tmpfs at that path: cells come over the kernel protocol, the notebook is not
    needed) and, in ``runtime``, the folder ``sock`` for its sockets; the connection file
    is read-only. ``fds``: bubblewrap's options that take a file descriptor, with theirs."""
    limits = limits or current_limits()
    command = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", *fds,
               "--dev", "/dev", "--proc", "/proc",
               "--size", str(limits.tmp), "--tmpfs", "/tmp", *plan.bwrap_args]
    for cached in sorted(Path(plan.font_cache).glob("fontlist*.json")) if plan.font_cache else []:
        command += ["--ro-bind", str(cached), f"/tmp/matplotlib/{cached.name}"]
    command += ["--size", str(limits.working_folder), "--tmpfs", workdir,
                "--size", str(RUNTIME_BYTES), "--tmpfs", os.path.join(runtime, "sock")]
    if os.path.exists(os.path.join(runtime, "connection.json")):
        connection = os.path.join(runtime, "connection.json")
        command += ["--ro-bind", connection, connection]
    command += ["--remount-ro", "/", "--clearenv"]
    for key, value in kernel_environment(plan).items():
        command += ["--setenv", key, value]
    return command + ["--chdir", workdir, "--", *kernel]


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the process that started it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getppid()
    libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _join_cgroups(limits: Limits, name: str) -> list[Path]:
    """Put this process in fresh pids and memory cgroups (v1); returns them."""
    made = []
    for controller, settings in [
            ("pids", {"pids.max": limits.processes}),
            ("memory", {"memory.limit_in_bytes": limits.memory,
                        "memory.memsw.limit_in_bytes": limits.memory})]:
        group = CGROUP_ROOT / controller / "backprop-course" / name
        try:
            group.mkdir(parents=True, exist_ok=True)
            for key, value in settings.items():
                if (group / key).exists():
                    with contextlib.suppress(OSError):
                        (group / key).write_text(str(value))
            (group / "cgroup.procs").write_text(str(os.getpid()))
            made.append(group)
        except OSError:
            continue
    return made


def _remove_cgroups(name: str, seconds: float = 5) -> None:
    """Remove a kernel's cgroups once the last of its processes has gone."""
    import time

    deadline = time.monotonic() + seconds
    for controller in ("pids", "memory"):
        group = CGROUP_ROOT / controller / "backprop-course" / name
        while group.exists():
            try:
                group.rmdir()
            except OSError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)


def _set_rlimits(limits: Limits, how: str) -> None:
    import resource

    settings = [(resource.RLIMIT_AS, limits.address_space(how)),
                (resource.RLIMIT_FSIZE, limits.file_size), (resource.RLIMIT_CORE, 0)]
    if how == "nproc":
        settings.append((resource.RLIMIT_NPROC, limits.processes * 4))
    for limit, value in settings:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))


class Kernel:
    """One start of the kernel: bubblewrap (or the bare kernel) as a child of the
    launcher, in its limits, its output copied into ``kernel.log`` up to ``LOG_BYTES``."""

    def __init__(self, plan: Plan, limits: Limits, how: str, kernel: list[str],
                 runtime: str):
        self.runtime, self.pid_in_sandbox = runtime, None
        workdir = os.getcwd()
        program = seccomp_program() if how == "seccomp" else b""
        read_info = write_info = seccomp = None
        fds: list[str] = []
        if plan.mode == "bwrap":
            read_info, write_info = os.pipe()
            fds += ["--info-fd", str(write_info)]
            if program:
                seccomp, writing = os.pipe()
                os.write(writing, program)  # a few hundred bytes: fits in the pipe
                os.close(writing)
                fds += ["--seccomp", str(seccomp)]
            command = bwrap_command(plan, workdir, runtime, kernel, limits, tuple(fds))
            environment = None
        else:
            os.makedirs(os.path.join(runtime, "sock"), exist_ok=True)
            command, environment = kernel, kernel_environment(plan, home=runtime)
            if plan.font_cache:
                shutil.copytree(plan.font_cache, environment["MPLCONFIGDIR"],
                                dirs_exist_ok=True)
        if how == "systemd":
            command = scope_command(limits) + command

        def enter_limits():
            if how == "cgroup-v1" and len(_join_cgroups(limits, f"kernel-{os.getpid()}")) < 2:
                raise OSError("could not enter the kernel's pids and memory cgroups")
            _set_rlimits(limits, how)
            if plan.mode != "bwrap":  # bubblewrap's --die-with-parent does this inside
                ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)
                if program:
                    install_seccomp(program)

        passed = [fd for fd in (write_info, seccomp) if fd is not None]
        try:
            self.child = subprocess.Popen(command, preexec_fn=enter_limits, env=environment,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          pass_fds=passed)
        finally:
            for fd in passed:
                os.close(fd)
        import threading

        threading.Thread(target=self._keep_log, daemon=True).start()
        if read_info is not None:
            self._reach_sockets(read_info)

    def _keep_log(self) -> None:
        kept = 0
        with open(Path(self.runtime) / "kernel.log", "ab") as log:
            while chunk := self.child.stdout.read1(65536):
                if kept < LOG_BYTES:
                    log.write(chunk[:LOG_BYTES - kept])
                    log.flush()
                kept += len(chunk)

    def _reach_sockets(self, read_info: int) -> None:
        """Make ``runtime/sock`` outside the sandbox lead to the kernel's socket folder
        inside it (``/proc/PID/root/...``), which only the sandbox's memory holds."""
        text = b""
        with os.fdopen(read_info, "rb") as info:
            while chunk := info.read1(4096):
                text += chunk
                with contextlib.suppress(ValueError):
                    self.pid_in_sandbox = json.loads(text)["child-pid"]
                    break
        if self.pid_in_sandbox is None:
            return  # bubblewrap failed: its message is in kernel.log
        sock = os.path.join(self.runtime, "sock")
        link = f"{sock}.{os.getpid()}"
        os.symlink(f"/proc/{self.pid_in_sandbox}/root{sock}", link)
        os.replace(link, sock)

    def started(self, connection: dict) -> bool:
        """Whether the kernel has made its sockets (after which its failures are its own)."""
        return os.path.exists(f"{connection.get('ip')}-{connection.get('hb_port')}")


def launch(plan_path: str, connection_file: str) -> int:
    """Start one kernel as the plan says and wait for it; both die with the grader. A
    kernel that fails before it made its sockets (no cell has run: not the submission's
    doing) is started once more."""
    _die_with_parent()
    plan = Plan(**json.loads(Path(plan_path).read_text()))
    limits, how = current_limits(), how_bounded()
    connection_file = str(Path(connection_file).resolve())
    runtime = os.path.dirname(connection_file)
    connection = json.loads(Path(connection_file).read_text())
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file,
              "--HistoryManager.hist_file=:memory:"]
    current: list[Kernel] = []
    signal.signal(signal.SIGTERM, lambda *_: [k.child.kill() for k in current])
    for attempt in (1, 2):
        started = False
        try:
            current[:] = [Kernel(plan, limits, how, kernel, runtime)]
        except OSError as error:  # could not even start (no process left, say)
            code = 1
            with open(Path(runtime) / "kernel.log", "a") as log:
                print(f"launcher: could not start the kernel: {error}", file=log)
        else:
            child = current[0].child
            try:
                while not started and child.poll() is None:
                    started = current[0].started(connection)
                    if not started:
                        with contextlib.suppress(subprocess.TimeoutExpired):
                            child.wait(0.1)
                code = child.wait()
            finally:
                if child.poll() is None:
                    child.kill()
                if how == "cgroup-v1":
                    _remove_cgroups(f"kernel-{child.pid}")
        if code == 0 or started or attempt == 2:
            return code
        with open(Path(runtime) / "kernel.log", "a") as log:
            print(f"launcher: the kernel failed to start ({code}); starting it once more",
                  file=log)
        import time

        time.sleep(1)
    return code


if __name__ == "__main__":
    sys.exit(launch(sys.argv[1], sys.argv[2]))
