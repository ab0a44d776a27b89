"""Grading throughput through a Dask cluster on this machine, against ``--jobs``.

    pip install -e ".[dask]"
    python benchmarks/cluster.py --students 12 --workers 1 2

For each worker count N, the same synthetic class (each student hands in ``--only``'s
notebooks; student i's is in turn the solution, the stub and the example mistake, as in
``course demo``) is graded twice in fresh course folders, taking turns: once with
``course autograde --jobs N`` (worker processes of this machine), once with ``--cluster``
on a Dask scheduler and N worker processes (one thread each, TCP on localhost) started
here. It prints notebooks per minute, the ratio of the two, the scheduler's overhead per
notebook, and the instructor's process's share (recording each grade in the gradebook,
writing the feedback), which is what stops scaling first; then the projection for 1,000
students and the whole course on ``--project-workers`` workers of ``--project-cores``
cores each.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import SOURCE_DIR  # noqa: E402
from autograder.config import assignments  # noqa: E402
from autograder.course_folder import (
    init_course,  # noqa: E402
    known_assignment,  # noqa: E402
)
from autograder.demo import mistaken_notebook  # noqa: E402

KINDS = ("solution", "stub", "mistake")


def make_class(folder: Path, students: int, names: list[str]) -> int:
    folder.mkdir(parents=True)
    count = 0
    for name in names:
        stub = Path(__file__).resolve().parent.parent / "notebooks" / f"{name}.ipynb"
        kinds = {"solution": SOURCE_DIR / name / f"{name}.ipynb", "stub": stub,
                 "mistake": mistaken_notebook(name, folder.parent / f"m_{name}.ipynb") or stub}
        for i in range(students):
            (folder / f"s{i:03d}_{name}.ipynb").write_bytes(
                kinds[KINDS[i % 3]].read_bytes())
            count += 1
    return count


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A Dask scheduler and ``workers`` worker processes on localhost."""

    def __init__(self, workers: int, folder: Path):
        self.address = f"tcp://127.0.0.1:{free_port()}"
        port = self.address.rsplit(":", 1)[1]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
        self.processes = [subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
             "--port", port, "--no-dashboard"], **quiet,
            env={**os.environ, "TMPDIR": str(folder)})]  # its dask-scratch-space goes there
        for i in range(workers):
            self.processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                 "--nthreads", "1", "--no-dashboard", "--local-directory",
                 str(folder / f"w{i}")], **quiet))
        from distributed import Client

        with Client(self.address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=60)


def grade(folder: Path, course: Path, how: list[str]) -> tuple[float, dict]:
    """Wall seconds of one ``course autograde`` and the timings it printed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "autograde", str(folder),
                           "--course", str(course), *how], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    timings = {key: float(value) for key, value in re.findall(
        r"(executing|recording|feedback) ([\d.]+) s", done.stderr)}
    return wall, timings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--only", nargs="*", default=["01", "05"], metavar="NN")
    parser.add_argument("--project-workers", type=int, default=16)
    parser.add_argument("--project-cores", type=int, default=8)
    parser.add_argument("--project-instructor-cores", type=int, default=8)
    args = parser.parse_args(argv)
    names = [known_assignment(n) for n in args.only] if args.only else assignments()
    root = Path(tempfile.mkdtemp(prefix="backprop-cluster-"))
    count = make_class(root / "class", args.students, names)
    print(f"{args.students} students x {len(names)} notebooks = {count}; cores: "
          f"{len(os.sched_getaffinity(0))}; load {os.getloadavg()[0]:.1f}", flush=True)
    rates = {}
    for workers in args.workers:
        runs = {}
        for how in ("jobs", "cluster"):  # taking turns, each in a fresh course folder
            course = init_course(root / f"{how}-{workers}", exchange=root / "x")
            if how == "cluster":
                cluster = Cluster(workers, root)
                try:
                    runs[how] = grade(root / "class", course, ["--cluster", cluster.address])
                finally:
                    cluster.close()
            else:
                runs[how] = grade(root / "class", course, ["--jobs", str(workers)])
        if workers == min(args.workers):
            one_worker = runs["cluster"]
            # the feedback of the jobs run is written in this process alone: one core's
            # seconds (the cluster run's may use several)
            feedback_cpu = runs["jobs"][1].get("feedback", 0) if workers == 1 else (
                runs["jobs"][1].get("feedback", 0) * workers)
        for how, (wall, timings) in runs.items():
            rates[(how, workers)] = count / wall * 60
            print(f"{workers} worker(s), {how:7}: {wall:6.1f} s, {count / wall * 60:5.1f} "
                  f"notebooks/min; instructor's process: recording "
                  f"{timings.get('recording', 0) / count:.2f} s, feedback "
                  f"{timings.get('feedback', 0) / count:.2f} s per notebook", flush=True)
        overhead = (runs["cluster"][0] - runs["jobs"][0]) / count
        print(f"  cluster / jobs wall: {runs['cluster'][0] / runs['jobs'][0]:.2f}; the "
              f"scheduler's overhead {overhead:+.2f} s per notebook", flush=True)
    if len(args.workers) > 1:
        low, high = min(args.workers), max(args.workers)
        for how in ("jobs", "cluster"):
            print(f"{how}: {high} workers give {rates[(how, high)] / rates[(how, low)]:.2f}x "
                  f"the throughput of {low}")
    # projection, from the one-worker cluster run (on a real cluster the workers do not
    # share the instructor's machine): executing scales with the worker cores; recording
    # is one process; the feedback runs after it on the instructor's cores
    wall, timings = one_worker
    executing = timings.get("executing", wall) / count  # one core's seconds per notebook
    recording = timings.get("recording", 0) / count
    feedback = feedback_cpu / count
    notebooks = 1000 * len(assignments())
    cores = args.project_workers * args.project_cores
    grading = max(notebooks * executing / cores, notebooks * recording)
    pages = notebooks * feedback / args.project_instructor_cores
    print(f"\nper notebook: executing {executing:.2f} s of a worker core; recording "
          f"{recording:.2f} s and feedback {feedback:.2f} s of the instructor's cores\n"
          f"projection, 1,000 students x {len(assignments())} notebooks = {notebooks} on "
          f"{args.project_workers} workers x {args.project_cores} cores, the instructor's "
          f"machine with {args.project_instructor_cores} cores: executing "
          f"{notebooks * executing / cores / 60:.0f} min if alone, recording "
          f"{notebooks * recording / 60:.0f} min (one process), feedback {pages / 60:.0f} min; "
          f"about {(grading + pages) / 60:.0f} min in all. Recording stops the scaling "
          f"first: beyond about {executing / recording:.0f} worker cores, more workers wait "
          "for it")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
