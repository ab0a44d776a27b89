"""The catalog of known mistakes (autograder/exercises): every variant fails the hidden
tests of its exercise and is named, with its hint, by the public check; right answers are
named by none. The mutation score is printed at the end of the test run (tests/conftest.py)."""

import contextlib
import dataclasses
import io
import re
from collections import Counter

import pytest

from autograder.catalog import stale_entries
from autograder.exercises import Mistake, all_hidden, all_mistakes
from autograder.hidden import grade
from course import language
from course.checking import WIDTH, CheckFailed
from course.checks import check
from course.exercises import all_exercises
from course.mistakes import recognise
from tests.conftest import MUTATION_OUTCOMES

HARMFUL = [m for m in all_mistakes() if not m.harmless]
HARMLESS = [m for m in all_mistakes() if m.harmless]


def _id(mistake: Mistake) -> str:
    return f"{mistake.exercise.name}:{mistake.name}"


def quietly(function, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


def fails_hidden(mistake: Mistake) -> bool:
    """True when the hidden test fails the variant on each of three fresh draws."""
    for seed in (0, 1, 2):
        try:
            quietly(grade, mistake.exercise.name, mistake.variant, seed=seed)
        except CheckFailed:
            continue
        return False
    return True


def public_failure(exercise: str, answer) -> CheckFailed | None:
    try:
        quietly(check, exercise, answer)
    except CheckFailed as failure:
        return failure
    return None


def test_the_shipped_catalog_is_up_to_date():
    assert stale_entries() == [], "run: python -m autograder.catalog"


@pytest.mark.parametrize("mistake", HARMFUL, ids=_id)
def test_each_known_mistake_fails_hidden_tests_and_is_named(mistake):
    name = mistake.exercise.name
    hidden = fails_hidden(mistake)
    failure = public_failure(name, mistake.variant)
    named = failure is not None and failure.mistake == mistake.name
    MUTATION_OUTCOMES[(name, mistake.name)] = (hidden, named)
    assert hidden, f"{mistake.name!r} passes the hidden tests of {name}"
    assert failure is not None, f"the public check passes {mistake.name!r}"
    assert named, (f"the public check names {failure.mistake!r} instead of {mistake.name!r}:"
                   f"\n{failure}")
    first = mistake.steps[0]
    assert failure.hint.startswith(first)
    shown = str(failure)
    assert f"Known mistake: {mistake.name}." in shown and first in shown
    drawn = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in failure._render_traceback_()]
    assert " ".join(first.split()) in " ".join(" ".join(drawn).split())
    assert all(len(line) <= WIDTH or " " not in line.strip() for line in drawn), (
        "a line of the message is wider than a notebook's output:\n" + "\n".join(drawn))
    in_korean(failure, mistake)


def in_korean(failure: CheckFailed, mistake: Mistake) -> None:
    """The same failure as a Korean notebook shows it: every line translated (the
    message through its templates), the mistake named and its hint's first step."""
    language.missing.clear()
    with language.using("ko"):
        shown = str(failure)
    assert not language.missing, f"no Korean for: {sorted(language.missing)}"
    assert language.tr(mistake.name, "ko") in shown
    assert language.tr(mistake.steps[0], "ko") in shown


@pytest.mark.parametrize("mistake", [m for m in HARMFUL if len(m.steps) > 1], ids=_id)
def test_a_hint_goes_one_step_further_each_time_the_mistake_is_checked(mistake):
    shown = [public_failure(mistake.exercise.name, mistake.variant).hint
             for _ in range(len(mistake.steps) + 1)]
    for step, hint in zip(mistake.steps, shown):
        assert hint.startswith(step)
    assert shown[-1] == mistake.steps[-1]


@pytest.mark.parametrize("mistake", HARMLESS, ids=_id)
def test_harmless_variants_pass_everything(mistake):
    assert public_failure(mistake.exercise.name, mistake.variant) is None
    quietly(grade, mistake.exercise.name, mistake.variant, seed=0)


@pytest.mark.parametrize("name", sorted(all_hidden()))
def test_right_answers_pass_with_no_mistake_named(name):
    reference = all_hidden()[name].reference
    assert public_failure(name, reference) is None
    assert recognise(all_exercises()[name], reference) is None


def test_every_exercise_has_a_catalog_with_probes():
    counts = Counter(m.exercise.name for m in HARMFUL)
    for name, exercise in all_exercises().items():
        assert counts[name] >= 3, f"{name} has {counts[name]} known mistakes, want 3 or more"
        assert exercise.probes, f"{name} has no probes to tell its mistakes apart"


def test_names_are_unique_within_an_exercise():
    keys = [(m.exercise.name, m.name) for m in all_mistakes()]
    assert len(keys) == len(set(keys))


def test_a_mistake_is_named_even_when_the_public_checks_pass(monkeypatch):
    """A variant that slips through the checks above is still stopped by the catalog."""
    import course.checks

    [averaged] = [m for m in HARMFUL if m.name == "db averaged over the batch"]
    lenient = dataclasses.replace(averaged.exercise, public=lambda run: None)
    monkeypatch.setattr(course.checks, "find", lambda name: lenient)
    failure = public_failure("affine", averaged.variant)
    assert failure is not None and failure.mistake == "db averaged over the batch"
    assert "the checks above pass" in failure.message


# The messages notebook 05 shows, word for word: (exercise, variant's name in the catalog).
SHOWN_IN_NOTEBOOK_05 = [("affine", "dx without the transpose"),
                        ("affine", "db summed over all axes"),
                        ("softmax", "one max for the whole batch")]


def test_notebook_05_shows_three_messages_as_they_are():
    import nbformat

    from autograder import SOURCE_DIR

    nb = nbformat.read(SOURCE_DIR / "05_affine_and_softmax" / "05_affine_and_softmax.ipynb",
                       as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    by_key = {(m.exercise.name, m.name): m for m in HARMFUL}
    for key in SHOWN_IN_NOTEBOOK_05:
        failure = public_failure(key[0], by_key[key].variant)
        for line in str(failure).splitlines():
            assert line in text, f"notebook 05 should show, for {key[1]!r}: {line}"
