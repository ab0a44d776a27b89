"""``check(name, answer)``: the one call in every visible test cell of the notebooks."""

from collections import Counter

from course.checking import CheckFailed, NotImplementedYet, Runner, report_pass
from course.exercises import find
from course.mistakes import KnownMistake, recognise

# How often each known mistake was shown in this kernel: its hint goes one step further
# each time the same mistake is checked again.
shown = Counter()


def check(name: str, answer) -> None:
    """Run the public checks of exercise ``name`` on ``answer``; print what passed.

    Raises CheckFailed, with a message that says what was expected and what came back.
    When ``answer`` behaves exactly like a mistake of the catalog (``course.mistakes``), the
    message names that mistake and gives its hint, even if the checks above passed: the
    first step of the hint the first time, the next step when it is checked again.
    """
    exercise = find(name)
    try:
        exercise.public(Runner(exercise, answer))
    except NotImplementedYet:
        raise
    except CheckFailed as failure:
        known = recognise(exercise, answer)
        if known is None:
            raise
        raise CheckFailed(failure.message, step(known), known.name) from None
    known = recognise(exercise, answer)
    if known is not None:
        raise CheckFailed(f"{exercise.title}: the checks above pass, but your code behaves "
                          "exactly like a known mistake, which the hidden tests fail.",
                          step(known), known.name)
    report_pass(exercise)


def step(known: KnownMistake) -> str:
    """The hint's next step for this mistake (the last one stays)."""
    index = min(shown[known.exercise, known.name], len(known.steps) - 1)
    shown[known.exercise, known.name] += 1
    more = index + 1 < len(known.steps)
    return known.steps[index] + (" (Check again for the next step.)" if more else "")
