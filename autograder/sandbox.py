"""The learner's kernel, run where it can neither see nor harm what grading depends on.

Threat model: a submission is hostile code with the grader's user rights. It must not read
``solutions``, the hidden tests, the source notebooks, the gradebook or other students'
work; must not write anywhere but its own working folder; must not reach the network; and
must not exhaust the machine (memory, processes, disk). Changing what it reports about its
own answers gains nothing, because the verdict is reached outside it (``autograder.judge``).

The kernel is started by this module's launcher (``python -m autograder.sandbox PLAN
CONNECTION_FILE``), which runs outside the sandbox and then:

1. puts the kernel into its own control groups (at most ``max_processes`` processes and
   ``memory_bytes`` of memory) where the machine has them, and sets rlimits (address space,
   file size, no core dumps) in any case;
2. starts ``python -m ipykernel_launcher`` inside bubblewrap: its own user, PID, network,
   IPC and UTS namespaces (so no network at all); the whole file system read-only; a
   private empty ``/tmp``; every hidden folder covered by an empty tmpfs; writable only
   its working folder and the folder of its connection sockets.

Where bubblewrap or user namespaces are missing, ``plan()`` says which protections are
lost; grading still works and the ``course`` command prints them loudly.
"""

import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

KERNEL_NAME = "backprop-sandbox"
CGROUP_ROOT = Path("/sys/fs/cgroup")


@dataclass
class Plan:
    """What the launcher does for every kernel of one grading run."""

    hidden: list[str]
    writable: list[str]
    readable: list[str] = field(default_factory=list)
    memory_bytes: int = 3 << 30
    address_space_bytes: int = 16 << 30
    max_processes: int = 64
    max_file_bytes: int = 256 << 20
    use_bwrap: bool = True
    missing: list[str] = field(default_factory=list)
    matplotlib_cache: str = ""  # a folder holding matplotlib's font list, built once


def _package_folder(name: str) -> str | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(Path(list(spec.submodule_search_locations)[0]).resolve())


def bwrap_works() -> bool:
    """True when bubblewrap is installed and can create namespaces here."""
    if shutil.which("bwrap") is None:
        return False
    probe = subprocess.run(["bwrap", "--unshare-all", "--ro-bind", "/", "/", "true"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def kernel_needs() -> list[str]:
    """What a kernel reads: the interpreter, its libraries, the course package, the data.

    They are bound again, read-only, after the sandbox's private /tmp is mounted, so that a
    virtual environment or a data folder that lives in /tmp stays visible."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(sys.executable).parent),
             *site.getsitepackages(), _package_folder("course"),
             os.environ.get("BACKPROP_COURSE_DATA")}
    return sorted(str(Path(p).resolve()) for p in paths if p and Path(p).exists())


def sandbox_starts(the_plan: "Plan") -> str | None:
    """None when a Python with ipykernel and the course starts inside ``the_plan``'s
    sandbox; else the reason it does not."""
    with tempfile.TemporaryDirectory() as work:
        connection = Path(work) / "connection.json"
        connection.write_text("{}")
        command = bwrap_command(the_plan, work, str(connection), [
            sys.executable, "-c", "import ipykernel, numpy, course.probe"])
        probe = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if probe.returncode == 0:
        return None
    lines = (probe.stderr or probe.stdout or "no output").strip().splitlines()
    return lines[-1] if lines else "no output"


def cgroups_work() -> bool:
    return os.access(CGROUP_ROOT / "pids", os.W_OK) and os.access(CGROUP_ROOT / "memory",
                                                                  os.W_OK)


def plan(course_root: Path, runtime_dir: Path, extra_hidden=()) -> Plan:
    """The sandbox for kernels grading in ``course_root``, with what this machine lacks."""
    hidden = [str(Path(course_root).resolve())]
    hidden += [p for p in (_package_folder("solutions"), _package_folder("autograder")) if p]
    hidden += [str(Path(p).resolve()) for p in extra_hidden]
    result = Plan(hidden=sorted(set(hidden)), writable=[str(Path(runtime_dir).resolve())],
                  readable=kernel_needs())
    result.matplotlib_cache = matplotlib_cache(Path(runtime_dir).resolve().parent / "matplotlib")
    why = "bubblewrap with user namespaces is not available: apt-get install bubblewrap"
    if bwrap_works():
        failure = sandbox_starts(result)
        why = f"a kernel could not start inside bubblewrap ({failure})" if failure else ""
    if why:
        result.use_bwrap = False
        result.missing += [
            f"student code can read the solutions, the hidden tests and the gradebook ({why})",
            "student code can write outside its folder and use the network"]
    if not cgroups_work():
        result.missing.append("no limit on the number of processes (no writable cgroups): "
                              "a fork bomb can slow the machine down")
    return result


def matplotlib_cache(folder: Path) -> str:
    """Build matplotlib's font list once into ``folder``; returns the folder, or "" if that
    failed. Every sandboxed kernel starts with an empty /tmp, and would otherwise spend
    about half a second rebuilding it."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"],
                   env={**os.environ, "MPLCONFIGDIR": str(folder)}, capture_output=True,
                   timeout=300)
    return str(folder) if any(folder.glob("fontlist*.json")) else ""


def install_kernelspec(the_plan: Plan, folder: Path) -> str:
    """Write the sandboxed kernelspec (and its plan) under ``folder``/kernels; returns the
    kernel name. Put ``folder`` on JUPYTER_PATH to make it findable."""
    spec_dir = Path(folder) / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    plan_path = spec_dir / "plan.json"
    plan_path.write_text(json.dumps(asdict(the_plan), indent=1))
    spec = {
        "argv": [sys.executable, "-m", "autograder.sandbox", str(plan_path),
                 "{connection_file}"],
        "display_name": "Python 3 (sandboxed grading)",
        "language": "python",
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return KERNEL_NAME


def bwrap_command(the_plan: Plan, workdir: str, connection_file: str,
                  kernel: list[str]) -> list[str]:
    """The bubblewrap command line that runs ``kernel`` inside the sandbox."""
    command = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
               "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for folder in the_plan.readable:
        command += ["--ro-bind", folder, folder]
    for folder in the_plan.hidden:
        if Path(folder).is_dir():
            command += ["--tmpfs", folder]
    for folder in [workdir, *the_plan.writable]:
        command += ["--bind", folder, folder]
    command += ["--ro-bind", connection_file, connection_file]
    if the_plan.matplotlib_cache:
        for cached in sorted(Path(the_plan.matplotlib_cache).glob("fontlist*.json")):
            command += ["--ro-bind", str(cached), f"/tmp/matplotlib/{cached.name}"]
    command += ["--unsetenv", "JPY_PARENT_PID", "--setenv", "HOME", "/tmp",
                "--setenv", "TMPDIR", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
                "--chdir", workdir, "--", *kernel]
    return command


def _join_cgroups(the_plan: Plan, name: str) -> list[Path]:
    """Put this process in fresh pids and memory cgroups; returns them (for removal)."""
    made = []
    for controller, settings in [
            ("pids", {"pids.max": the_plan.max_processes}),
            ("memory", {"memory.limit_in_bytes": the_plan.memory_bytes,
                        "memory.memsw.limit_in_bytes": the_plan.memory_bytes})]:
        group = CGROUP_ROOT / controller / "backprop-course" / name
        try:
            group.mkdir(parents=True, exist_ok=True)
            for key, value in settings.items():
                if (group / key).exists():
                    (group / key).write_text(str(value))
            (group / "cgroup.procs").write_text(str(os.getpid()))
            made.append(group)
        except OSError:
            continue
    return made


def _set_rlimits(the_plan: Plan) -> None:
    import resource

    for limit, value in [(resource.RLIMIT_AS, the_plan.address_space_bytes),
                         (resource.RLIMIT_FSIZE, the_plan.max_file_bytes),
                         (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_NPROC, the_plan.max_processes * 4)]:
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass


def launch(plan_path: str, connection_file: str) -> int:
    """Start one sandboxed kernel and wait for it; clean up its cgroups afterwards."""
    the_plan = Plan(**json.loads(Path(plan_path).read_text()))
    connection_file = str(Path(connection_file).resolve())
    kernel = [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file,
              "--HistoryManager.hist_file=:memory:"]
    workdir = os.getcwd()
    command = (bwrap_command(the_plan, workdir, connection_file, kernel)
               if the_plan.use_bwrap else kernel)
    groups: list[Path] = []

    def enter_limits():
        groups.extend(_join_cgroups(the_plan, f"kernel-{os.getpid()}"))
        _set_rlimits(the_plan)

    log = open(Path(the_plan.writable[0]) / f"kernel-{os.getpid()}.log", "ab")  # noqa: SIM115
    child = subprocess.Popen(command, preexec_fn=enter_limits, stdout=log, stderr=log)
    try:
        return child.wait()
    finally:
        if child.poll() is None:
            child.kill()
        for controller in ("pids", "memory"):
            group = CGROUP_ROOT / controller / "backprop-course" / f"kernel-{child.pid}"
            try:
                group.rmdir()
            except OSError:
                pass


if __name__ == "__main__":
    sys.exit(launch(sys.argv[1], sys.argv[2]))
