"""Who executes the submissions: this process, worker processes on this machine, or the
workers of a Dask cluster. Each runs the same ``run_job`` (``autograder.execution``) on
plain data (the bytes of the source and of the submission) and gives back plain data (the
executed notebook as text), so a worker needs no shared file system: the instructor's
process alone writes the gradebook and the feedback.
"""

import contextlib
import multiprocessing
import os
import platform
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.execution import Executed, NotGradable, execute
from autograder.feedback_page import render_page
from autograder.kernels import janitors


@dataclass(frozen=True)
class Job:
    """One submission to execute: who, which assignment, and the two notebooks' bytes."""

    student: str
    assignment: str
    source: bytes
    submitted: bytes


@dataclass
class Outcome:
    student: str
    assignment: str
    notebook: str = ""  # the executed notebook (JSON text), or "" when it could not run
    problem: str = ""  # why it could not, in one line
    seconds: float = 0.0
    worker: str = ""
    page: str = ""  # its feedback page (HTML), made here rather than by the instructor

    def executed(self) -> Executed:
        nb = nbformat.reads(self.notebook, as_version=4)
        return Executed(nb, self.seconds, self.worker, self.page)


def run_job(job: Job, timeout: int, sandbox: str) -> Outcome:
    """Execute one submission (in whatever process runs this); never raises for a bad
    submission."""
    started = time.perf_counter()
    outcome = Outcome(job.student, job.assignment, worker=f"{platform.node()}:{os.getpid()}")
    try:
        executed = execute(job.source, job.submitted, timeout=timeout, sandbox=sandbox)
        outcome.notebook = nbformat.writes(executed.notebook)
        outcome.page = page_or_nothing(executed.notebook, job.assignment)
    except NotGradable as problem:
        outcome.problem = str(problem)
    outcome.seconds = time.perf_counter() - started
    return outcome


def page_or_nothing(nb, assignment: str) -> str:
    """The notebook's feedback page, or "" when this machine cannot make it: the grade
    never depends on the page, and the instructor's machine makes a missing one."""
    try:
        return render_page(nb, assignment)
    except Exception:  # whatever the learner's outputs hold, the grade stands
        return ""


def in_flight(submit, make_jobs, window: int, done):
    """Submit jobs as they are made, at most ``window`` at a time, and yield each one's
    Outcome as it finishes (``done`` waits for the first finished of a set of futures).
    A job whose worker failed (died too often, say) becomes an Outcome with a problem."""
    pending: dict = {}

    def results(finished):
        for future in finished:
            job = pending.pop(future)
            try:
                yield future.result()
            except Exception as error:  # the worker, not the submission, failed
                yield Outcome(job.student, job.assignment, problem="its worker failed "
                              f"({type(error).__name__}: {str(error)[:200]})")

    for job in make_jobs:
        pending[submit(job)] = job
        if len(pending) >= window:
            yield from results(done(set(pending))[0])
    while pending:
        yield from results(done(set(pending))[0])


class InProcess:
    """Executes each job here, one after another."""

    workers = 1

    def __init__(self, timeout: int, sandbox: str):
        self.timeout, self.sandbox = timeout, sandbox

    def outcomes(self, jobs):
        for job in jobs:
            yield run_job(job, self.timeout, self.sandbox)

    def close(self):
        pass


class LocalWorkers(InProcess):
    """``workers`` processes on this machine (spawned, each with its own sandboxed kernels).
    They stop, with their kernels, if this process dies."""

    def __init__(self, workers: int, timeout: int, sandbox: str):
        super().__init__(timeout, sandbox)
        self.workers = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_stop_with_parent, initargs=(os.getpid(),))

    def outcomes(self, jobs):
        def done(futures):
            finished, rest = wait(futures, return_when=FIRST_COMPLETED)
            return finished, rest

        yield from in_flight(lambda job: self.pool.submit(run_job, job, self.timeout,
                                                           self.sandbox),
                             jobs, 2 * self.workers, done)

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


def _stop_with_parent(parent: int) -> None:
    """If the grading process dies (killed, Ctrl-C twice), this worker stops too, with
    the kernel launchers it started (their sandboxes die with them)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        for child in set(_children(os.getpid())) - janitors():  # the janitor cleans up
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="stop-with-parent").start()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc; [] elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


class DaskCluster(InProcess):
    """The workers of the Dask cluster whose scheduler is at ``address``
    (``tcp://host:8786``). A task whose worker dies is run again on another by Dask; each
    job's result is taken once, so nothing is lost or counted twice."""

    def __init__(self, address: str, timeout: int, sandbox: str):
        try:
            from distributed import Client
        except ImportError:
            raise ModuleNotFoundError(
                "--cluster needs Dask: pip install 'backprop-course[dask]'") from None
        super().__init__(timeout, sandbox)
        self.client = Client(address, timeout="30s")
        self.workers = max(1, sum(w.get("nthreads", 1) for w in
                                  self.client.scheduler_info()["workers"].values()))

    def outcomes(self, jobs):
        from distributed import wait

        def done(futures):
            finished = wait(futures, return_when="FIRST_COMPLETED")
            return finished.done, finished.not_done

        # pure=False: a regrade of the same bytes is a new task, not a cached result
        yield from in_flight(lambda job: self.client.submit(
            run_job, job, self.timeout, self.sandbox, pure=False, retries=1),
            jobs, 4 * self.workers, done)

    def close(self):
        self.client.close()
