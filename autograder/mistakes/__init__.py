"""The catalog of known mistakes: for each exercise, the wrong answers learners really write.

Each notebook has one module here, ``nbNN_<topic>.py``, ending with a list ``MISTAKES`` of
``Mistake``: the buggy variant as code, a short name, and the hint a learner is shown when
their answer behaves exactly like it. Most come from the seeds' own code
(``seed="001"`` says which note has it); the rest are the slips every class makes.

Learners never receive the variants (each is a right answer but for one line). They receive
what each variant *does* on the exercise's probe inputs, written by

    python -m autograder.mistakes          # regenerate course/exercises/mistakes.json
    python -m autograder.mistakes --check  # exit 1 if the shipped file is out of date

and ``course.mistakes.recognise`` compares a learner's answer with those behaviours.
A variant marked ``harmless=True`` is a way of writing the answer that looks wrong but is
not (its hint says why): it must pass every check, and is not shipped.
"""

import argparse
import importlib
import json
import pkgutil
import sys
from dataclasses import dataclass
from functools import cache

from course.exercises import find
from course.mistakes import CATALOG_FILE, behaviour, same_behaviours


@dataclass(frozen=True)
class Mistake:
    """exercise: the exercise's name; name: a few words ("dx without the transpose");
    variant: the buggy function or class, given to the exercise's driver like an answer;
    hint: what is wrong and where to look (with the shapes, when shapes are the issue);
    seed: the seed note that contains it ("001"), or "" for a common slip;
    harmless: True for a variant that is not a mistake (see the module docstring)."""

    exercise: str
    name: str
    variant: object
    hint: str
    seed: str = ""
    harmless: bool = False


@cache
def all_mistakes() -> tuple[Mistake, ...]:
    """Every entry of every notebook module, in notebook order."""
    found: list[Mistake] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("nb"):
            found += importlib.import_module(f"{__name__}.{module_info.name}").MISTAKES
    return tuple(found)


class CatalogError(Exception):
    """An entry that the probes cannot tell apart: the catalog must be fixed."""


def build() -> list[dict]:
    """The shipped form of the catalog: each harmful entry's name, hint and behaviour."""
    from autograder.hidden import all_hidden

    entries: list[dict] = []
    right: dict[str, tuple] = {}  # each reference's behaviour, observed once per exercise
    for mistake in all_mistakes():
        if mistake.harmless:
            continue
        exercise = find(mistake.exercise)
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
        entries.append({"exercise": exercise.name, "name": mistake.name,
                        "hint": mistake.hint, "behaviour": list(seen)})
    return entries


def render(entries: list[dict]) -> str:
    """One entry per line, so that a change to one mistake is a one-line diff."""
    lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def stale_entries() -> list[str]:
    """What differs between the shipped file and a fresh build ([] when up to date)."""
    fresh = build()
    try:
        shipped = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{CATALOG_FILE} is missing or unreadable"]
    problems = []
    by_key = {(e["exercise"], e["name"]): e for e in shipped}
    for entry in fresh:
        old = by_key.pop((entry["exercise"], entry["name"]), None)
        if old is None:
            problems.append(f"{entry['exercise']}: {entry['name']!r} is not shipped")
        elif old["hint"] != entry["hint"] or not same_behaviours(old["behaviour"],
                                                                 entry["behaviour"]):
            problems.append(f"{entry['exercise']}: {entry['name']!r} changed")
    problems += [f"{exercise}: {name!r} is shipped but no longer in the catalog"
                 for exercise, name in by_key]
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.mistakes",
                                     description="Write the learners' copy of the catalog.")
    parser.add_argument("--check", action="store_true",
                        help="only say whether the shipped file is up to date")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = stale_entries()
            for line in problems:
                print(line, file=sys.stderr)
            if problems:
                print("run: python -m autograder.mistakes", file=sys.stderr)
            return 1 if problems else 0
        entries = build()
    except CatalogError as error:
        print(f"catalog error: {error}", file=sys.stderr)
        return 1
    CATALOG_FILE.write_text(render(entries), encoding="utf-8")
    print(f"wrote {len(entries)} known mistakes to {CATALOG_FILE}")
    return 0
