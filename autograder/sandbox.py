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
- a private ``/tmp``, ``/dev`` and ``/proc``; the kernel's own working folder (its
  notebook) and the folder of its own connection file and sockets, writable.

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
autograder.sandbox PLAN CONNECTION_FILE``), which runs outside the sandbox, dies with the
process that started it (``PR_SET_PDEATHSIG``), puts the kernel into its own control
groups where the machine lets it (at most ``max_processes`` processes and
``memory_bytes`` of memory), and sets rlimits in any case (address space, file size, no
core dumps).
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
    allow-list, the kernel's environment and its limits."""

    mode: str
    bwrap_args: list[str] = field(default_factory=list)
    environment: dict = field(default_factory=dict)
    visible: list[str] = field(default_factory=list)  # the top-level names inside
    memory_bytes: int = 3 << 30
    address_space_bytes: int = 16 << 30
    max_processes: int = 64
    max_file_bytes: int = 256 << 20
    font_cache: str = ""  # a folder holding matplotlib's font list, built once


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
    probe = subprocess.run(["bwrap", "--unshare-all", "--ro-bind", "/", "/", "true"],
                           capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        lines = (probe.stderr or "no output").strip().splitlines()
        return f"bubblewrap cannot create namespaces here ({lines[-1] if lines else ''})"
    return None


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
    return {**passed, **plan.environment, "PATH": "/usr/bin:/bin", "HOME": home,
            "TMPDIR": home, "MPLCONFIGDIR": os.path.join(home, "matplotlib")}


# -- preparing once, reusing ----------------------------------------------------------------

def cache_folder() -> Path:
    """Where plans, kernelspecs and the font list are kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "backprop-course-grading"


def _fingerprint(mode: str) -> str:
    """What a prepared plan depends on: this interpreter and its packages, the course
    package, the data folders, bubblewrap. A change to any of them prepares anew."""
    parts = [mode, sys.executable, sys.prefix, sys.version, shutil.which("bwrap") or ""]
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
    """None when Python starts inside the plan's sandbox with what a kernel imports."""
    work = scratch / "probe"
    work.mkdir()
    command = bwrap_command(plan, str(work), str(work), [
        sys.executable, "-c", "import ipykernel, numpy, matplotlib.pyplot, course.probe"])
    probe = subprocess.run(command, capture_output=True, text=True, timeout=300,
                           env=kernel_environment(plan))
    if probe.returncode == 0:
        return None
    lines = (probe.stderr or probe.stdout or "no output").strip().splitlines()
    return lines[-1] if lines else "no output"


def load_plan(folder: Path) -> Plan:
    return Plan(**json.loads((Path(folder) / "plan.json").read_text()))


# -- the launcher ---------------------------------------------------------------------------

def bwrap_command(plan: Plan, workdir: str, runtime: str, kernel: list[str]) -> list[str]:
    """The bubblewrap command line that runs ``kernel`` inside the plan's file system,
    with ``workdir`` (its notebook's folder) and ``runtime`` (its sockets) writable."""
    command = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
               "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", *plan.bwrap_args]
    for cached in sorted(Path(plan.font_cache).glob("fontlist*.json")) if plan.font_cache else []:
        command += ["--ro-bind", str(cached), f"/tmp/matplotlib/{cached.name}"]
    for folder in dict.fromkeys([workdir, runtime]):
        command += ["--bind", folder, folder]
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


def _join_cgroups(plan: Plan, name: str) -> list[Path]:
    """Put this process in fresh pids and memory cgroups (v1); returns them."""
    made = []
    for controller, settings in [
            ("pids", {"pids.max": plan.max_processes}),
            ("memory", {"memory.limit_in_bytes": plan.memory_bytes,
                        "memory.memsw.limit_in_bytes": plan.memory_bytes})]:
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


def cgroups_work() -> bool:
    return os.access(CGROUP_ROOT / "pids", os.W_OK) and os.access(CGROUP_ROOT / "memory",
                                                                  os.W_OK)


def _set_rlimits(plan: Plan) -> None:
    import resource

    for limit, value in [(resource.RLIMIT_AS, plan.address_space_bytes),
                         (resource.RLIMIT_FSIZE, plan.max_file_bytes),
                         (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_NPROC, plan.max_processes * 4)]:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, (value, value))


def launch(plan_path: str, connection_file: str) -> int:
    """Start one kernel as the plan says and wait for it; both die with the grader."""
    _die_with_parent()
    plan = Plan(**json.loads(Path(plan_path).read_text()))
    connection_file = str(Path(connection_file).resolve())
    runtime = os.path.dirname(connection_file)
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file,
              "--HistoryManager.hist_file=:memory:"]
    workdir = os.getcwd()
    if plan.mode == "bwrap":
        command, environment = bwrap_command(plan, workdir, runtime, kernel), None
    else:
        command, environment = kernel, kernel_environment(plan, home=runtime)
        if plan.font_cache:
            shutil.copytree(plan.font_cache, environment["MPLCONFIGDIR"], dirs_exist_ok=True)
    groups: list[Path] = []

    def enter_limits():
        groups.extend(_join_cgroups(plan, f"kernel-{os.getpid()}"))
        _set_rlimits(plan)
        if plan.mode != "bwrap":  # bubblewrap's --die-with-parent does this inside
            ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)

    log = open(Path(runtime) / "kernel.log", "ab")  # noqa: SIM115
    child = subprocess.Popen(command, preexec_fn=enter_limits, stdout=log, stderr=log,
                             env=environment)
    signal.signal(signal.SIGTERM, lambda *_: child.kill())
    try:
        return child.wait()
    finally:
        if child.poll() is None:
            child.kill()
        for controller in ("pids", "memory"):
            with contextlib.suppress(OSError):
                (CGROUP_ROOT / controller / "backprop-course" / f"kernel-{child.pid}").rmdir()


if __name__ == "__main__":
    sys.exit(launch(sys.argv[1], sys.argv[2]))
