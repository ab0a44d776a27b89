"""``check(name, answer)``: the one call in every visible test cell of the notebooks."""

from course.checking import CheckFailed, NotImplementedYet, Runner, report_pass
from course.exercises import find
from course.mistakes import recognise


def check(name: str, answer) -> None:
    """Run the public checks of exercise ``name`` on ``answer``; print what passed.

    Raises CheckFailed, with a message that says what was expected and what came back.
    When ``answer`` behaves exactly like a mistake of the catalog (``course.mistakes``), the
    message names that mistake and gives its hint, even if the checks above passed.
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
        raise CheckFailed(failure.message, known.hint, known.name) from None
    known = recognise(exercise, answer)
    if known is not None:
        raise CheckFailed(f"{exercise.title}: the checks above pass, but your code behaves "
                          "exactly like a known mistake, which the hidden tests fail.",
                          known.hint, known.name)
    report_pass(exercise)
