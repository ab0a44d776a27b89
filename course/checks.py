"""``check(name, answer)``: the one call in every visible test cell of the notebooks."""

from course.checking import Runner, report_pass
from course.exercises import find


def check(name: str, answer) -> None:
    """Run the public checks of exercise ``name`` on ``answer``; print what passed.

    Raises CheckFailed, with a message that says what was expected, what came back and,
    where it recognises the mistake, where to look.
    """
    exercise = find(name)
    exercise.public(Runner(exercise, answer))
    report_pass(exercise)
