"""What the learner's package is given of the instructor's half, written at release.

Two generated files in ``course/exercises/``, both plain numbers and words:

- ``mistakes.json``: each known mistake's name, hint and *behaviour* on its exercise's
  probes (never its code), which ``course.mistakes.recognise`` compares an answer with;
- ``expected.json``: the reference's outputs on each exercise's examples, which the public
  checks compare with (``Runner.example``), so that the learner's package computes no
  answer.

    python -m autograder.catalog          # after a change to a catalog, probe, example or driver
    python -m autograder.catalog --check  # exit 1 if the shipped files are out of date

``course release`` writes them too.
"""

import argparse
import json
import sys

from autograder.exercises import all_hidden, all_mistakes
from course.checking import EXPECTED_FILE, Runner, to_json
from course.exercises import all_exercises
from course.mistakes import CATALOG_FILE, behaviour, same_behaviours


class CatalogError(Exception):
    """An entry that the probes cannot tell apart, or an exercise without its hidden test:
    the catalog must be fixed."""


def build_mistakes() -> list[dict]:
    """The shipped form of the catalog: each harmful entry's name, hint and behaviour."""
    entries: list[dict] = []
    right: dict[str, tuple] = {}  # each reference's behaviour, observed once per exercise
    for mistake in all_mistakes():
        if mistake.harmless:
            continue
        exercise = mistake.exercise
        if not exercise.probes:
            raise CatalogError(f"exercise {exercise.name!r} has mistakes but no probes")
        seen = behaviour(exercise, mistake.variant)
        if exercise.name not in right:
            right[exercise.name] = behaviour(exercise, all_hidden()[exercise.name].reference)
        if same_behaviours(seen, right[exercise.name]):
            raise CatalogError(f"{exercise.name}: {mistake.name!r} behaves like the right "
                               "answer on every probe; add a probe that tells them apart")
        for other in entries:
            if other["exercise"] == exercise.name and same_behaviours(seen, other["behaviour"]):
                raise CatalogError(f"{exercise.name}: {mistake.name!r} behaves like "
                                   f"{other['name']!r} on every probe; add a probe")
        steps = mistake.steps
        entries.append({"exercise": exercise.name, "name": mistake.name,
                        "hint": steps[0] if len(steps) == 1 else list(steps),
                        "behaviour": list(seen)})
    return entries


def build_expected() -> dict:
    """The reference's outputs on every example of every exercise."""
    tests = all_hidden()
    found = {}
    for name, exercise in all_exercises().items():
        if not exercise.examples:
            continue
        if name not in tests:
            raise CatalogError(f"exercise {name!r} has examples but no hidden test")
        run = Runner(exercise, tests[name].reference)
        found[name] = {example: {key: to_json(value) for key, value in run(**inputs).items()}
                       for example, inputs in exercise.examples.items()}
    return found


def render_mistakes(entries: list[dict]) -> str:
    """One entry per line, so that a change to one mistake is a one-line diff."""
    lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def render_expected(found: dict) -> str:
    """One example per line."""
    lines = [f"{json.dumps(name)}: {{\n" + ",\n".join(
        f"  {json.dumps(example)}: {json.dumps(outputs)}" for example, outputs in examples.items())
        + "\n}" for name, examples in found.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def stale_entries() -> list[str]:
    """What differs between the shipped files and a fresh build ([] when up to date)."""
    problems = []
    try:
        shipped = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        shipped = None
        problems.append(f"{CATALOG_FILE} is missing or unreadable")
    if shipped is not None:
        by_key = {(e["exercise"], e["name"]): e for e in shipped}
        for entry in build_mistakes():
            old = by_key.pop((entry["exercise"], entry["name"]), None)
            if old is None:
                problems.append(f"{entry['exercise']}: {entry['name']!r} is not shipped")
            elif old["hint"] != entry["hint"] or not same_behaviours(old["behaviour"],
                                                                     entry["behaviour"]):
                problems.append(f"{entry['exercise']}: {entry['name']!r} changed")
        problems += [f"{exercise}: {name!r} is shipped but no longer in the catalog"
                     for exercise, name in by_key]
    try:
        stored = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = None
        problems.append(f"{EXPECTED_FILE} is missing or unreadable")
    if stored is not None and stored != build_expected():
        problems.append(f"{EXPECTED_FILE} differs from the reference's outputs")
    return problems


def write() -> int:
    """Write both files; the number of shipped mistakes."""
    entries = build_mistakes()
    CATALOG_FILE.write_text(render_mistakes(entries), encoding="utf-8")
    EXPECTED_FILE.write_text(render_expected(build_expected()), encoding="utf-8")
    return len(entries)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.catalog",
                                     description="Write the learners' copy of the catalog "
                                     "and of the examples' right outputs.")
    parser.add_argument("--check", action="store_true",
                        help="only say whether the shipped files are up to date")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = stale_entries()
            for line in problems:
                print(line, file=sys.stderr)
            if problems:
                print("run: python -m autograder.catalog", file=sys.stderr)
            return 1 if problems else 0
        count = write()
    except CatalogError as error:
        print(f"catalog error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {count} known mistakes to {CATALOG_FILE} and the examples' outputs to "
          f"{EXPECTED_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
