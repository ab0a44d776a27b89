"""Run a source notebook and its stripped student version, and report each graded cell.

    python -m autograder.selfcheck 01        # or a path to a source notebook

What an author needs before committing a notebook: the source runs top to bottom with
every test cell passing; the stripped version (solutions replaced by stubs, hidden tests
removed) fails every test cell with a message and raises nowhere else.
"""

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearOutput, ClearSolutions

from autograder import SOURCE_DIR


@dataclass
class CellResult:
    index: int
    grade_id: str | None
    points: float
    is_test: bool
    error: str | None  # "ename: first line of evalue", or None when the cell ran cleanly


def source_notebook(key: str) -> Path:
    """The source notebook for '01', '01_computation_graphs' or a path."""
    path = Path(key)
    if path.suffix == ".ipynb":
        return path
    matches = sorted(SOURCE_DIR.glob(f"{key}*/*.ipynb"))
    if len(matches) != 1:
        raise SystemExit(f"no single source notebook matches {key!r} in {SOURCE_DIR}")
    return matches[0]


def strip(nb):
    """The student version of a source notebook, as nbgrader's preprocessors make it."""
    nb = nbformat.from_dict(nb)
    resources = {}
    for preprocessor in (ClearSolutions(), ClearOutput(), ClearHiddenTests(), ClearMarkScheme()):
        nb, resources = preprocessor.preprocess(nb, resources)
    return nb


def execute(nb, cwd: Path, timeout: int = 300) -> list[CellResult]:
    """Run every cell (errors allowed) and report the graded and the failing ones."""
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    results = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        error = next((f"{o.ename}: {(o.evalue or '').splitlines()[0] if o.evalue else ''}"
                      for o in cell.get("outputs", []) if o.output_type == "error"), None)
        is_test = bool(meta.get("grade")) and not meta.get("solution")
        if is_test or error or meta.get("grade_id"):
            results.append(CellResult(index, meta.get("grade_id"), meta.get("points", 0),
                                      is_test, error))
    return results


def run(key: str) -> bool:
    path = source_notebook(key)
    source = nbformat.read(path, as_version=4)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for label, nb in [("source", source), ("student", strip(source))]:
            started = time.perf_counter()
            results = execute(nbformat.from_dict(nb), Path(tmp))
            seconds = time.perf_counter() - started
            print(f"\n{path.name} [{label}] ran in {seconds:.1f} s")
            for r in results:
                print(f"  cell {r.index:3} {r.grade_id or '-':28} {r.points:>4} "
                      f"{'test' if r.is_test else 'code':5} {r.error or 'ok'}")
            if label == "source":
                bad = [r for r in results if r.error]
            else:
                bad = [r for r in results if (r.error is None) == r.is_test]
                text = nbformat.writes(nb)
                for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "import autograder",
                               "from autograder", "import solutions", "from solutions"):
                    if marker in text:
                        print(f"  !! the student version contains {marker!r}")
                        ok = False
            if bad:
                ok = False
                print(f"  !! {len(bad)} cell(s) not as they should be in the {label} version")
    total = sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in source.cells)
    print(f"\ntotal points: {total}; {'OK' if ok else 'PROBLEMS'}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", help="'01', '01_computation_graphs' or a path")
    args = parser.parse_args(argv)
    return 0 if all([run(key) for key in args.notebooks]) else 1


if __name__ == "__main__":
    sys.exit(main())
