"""What the sandbox costs per notebook: the allow-list sandbox against the deny-list layout
it replaced (the whole file system read-only, a few folders hidden) and against no
sandbox at all (the launcher's limits only), taking turns in one run.

    python benchmarks/sandbox_cost.py --rounds 5 --only 01 05

Each round executes each notebook's solution once per layout with the course's one code
path (``autograder.execution.execute``: rebuild, sandboxed kernel, judge), in an order
that alternates between rounds; the medians and the ratios to the allow-list are printed.
The deny-list layout is rebuilt here for the comparison only (``deny_list_plan``).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from autograder import SOURCE_DIR, kernels  # noqa: E402
from autograder.commands import known_assignment  # noqa: E402
from autograder.execution import execute  # noqa: E402
from autograder.sandbox import (  # noqa: E402
    KERNEL_NAME,
    _package_folder,
    load_plan,
    prepare,
    write_kernelspec,
)


def deny_list_plan(folder: Path) -> Path:
    """A kernelspec folder whose plan binds / read-only and hides only the reference and
    the grader, as the sandbox did before the allow-list."""
    allowed = load_plan(prepare("bwrap"))
    hidden = [str(p) for p in (_package_folder("solutions"), _package_folder("autograder"))
              if p]
    args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    args += [a for p in hidden for a in ("--tmpfs", p)]
    plan = replace(allowed, bwrap_args=args, visible=[])
    write_kernelspec(plan, folder, folder)
    assert json.loads((folder / "plan.json").read_text()) == asdict(plan)
    return folder


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=["01", "05"], metavar="NN")
    args = parser.parse_args(argv)
    names = [known_assignment(n) for n in args.only]
    scratch = kernels.scratch_folder()
    layouts = {
        "allow-list": kernels.KernelPlace("bwrap", prepare("bwrap"), scratch),
        "deny-list": kernels.KernelPlace("bwrap", deny_list_plan(
            Path(tempfile.mkdtemp(dir=scratch))), scratch),
        "no sandbox": kernels.KernelPlace("limits", prepare("limits"), scratch),
    }
    assert (layouts["deny-list"].kernels_dir / "kernels" / KERNEL_NAME).is_dir()
    seconds = {(name, layout): [] for name in names for layout in layouts}
    for round_ in range(args.rounds):
        order = list(layouts) if round_ % 2 == 0 else list(reversed(layouts))
        for name in names:
            source = (SOURCE_DIR / name / f"{name}.ipynb").read_bytes()
            for layout in order:
                kernels._PLACES["bwrap"] = layouts[layout]  # the layout under test
                kernels._PLACES["limits"] = layouts[layout]
                started = time.perf_counter()
                execute(source, source, sandbox="required" if layout != "no sandbox"
                        else "off")
                seconds[(name, layout)].append(time.perf_counter() - started)
        print(f"round {round_ + 1} done; load {os.getloadavg()[0]:.1f}", flush=True)
    print(f"\nseconds per notebook, median of {args.rounds} (ratio to the allow-list):")
    for name in names:
        allowed = statistics.median(seconds[(name, "allow-list")])
        cells = [f"{layout} {statistics.median(seconds[(name, layout)]):.2f} s "
                 f"({statistics.median(seconds[(name, layout)]) / allowed:.2f})"
                 for layout in layouts]
        print(f"  {name:30} " + ", ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
