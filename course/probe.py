"""The kernel's side of grading: run an exercise's driver on the grader's inputs.

The grader (``autograder.judge``) sends inputs it drew at grading time; this module calls
the learner's answer on them through the exercise's driver and displays the outputs as
plain data under ``MIME``, with the answer's behaviour on the exercise's public probes
(``course.mistakes.behaviour``). It decides nothing: the grader compares the outputs with
the reference, and the behaviour with the catalog of known mistakes, in its own process,
where the learner's code cannot reach.
"""

from course import wire
from course.checking import CheckFailed, Runner
from course.exercises import find
from course.mistakes import behaviour

MIME = "application/vnd.backprop-course.probe+json"


def run(name: str, answer, payload: str) -> None:
    """Drive ``answer`` on every case in ``payload`` (from ``wire.encode``) and display."""
    from IPython.display import display

    exercise = find(name)
    report = {"public": None, "cases": [], "behaviour": []}
    try:
        exercise.public(Runner(exercise, answer))
    except CheckFailed as failure:
        report["public"] = str(failure)
    for inputs in wire.decode(payload):
        try:
            report["cases"].append({"outputs": Runner(exercise, answer)(**inputs)})
        except CheckFailed as failure:
            report["cases"].append({"error": str(failure)})
    if exercise.probes:
        report["behaviour"] = list(behaviour(exercise, answer))
    display({MIME: wire.encode(report)}, raw=True)
