"""Every English text a learner may read, found in the source, for the translation files.

``english_texts()`` gathers them (text -> where it was found):

- the prose of the learner's checking code (``course/checking.py``, ``checks.py``,
  ``notebook.py``, ``exercises/*.py``): every string and f-string of two words or more
  that is not a docstring, an f-string as its template (its source, ``{expression}``
  kept as written);
- the known mistakes' names and hint steps (``course/exercises/mistakes.json``);
- what the grader shows a learner: the texts its code passes to ``tr`` (the feedback
  page, ``course grade``, the report).

``python -m autograder.strings ko`` says how many are missing from, or stale in,
``course/translations/ko.json``; ``--missing FILE`` writes the missing ones as a JSON
object to fill in, ``--merge FILE`` adds a filled-in object to the translation file.
"""

import argparse
import ast
import json
import sys
from pathlib import Path

from course import language

COURSE = Path(language.__file__).resolve().parent
AUTOGRADER = Path(__file__).resolve().parent
CHECKING_CODE = ("checking.py", "checks.py", "notebook.py", "exercises/nb*.py")
GRADER_CODE = ("feedback_page.py", "feedback.py", "commands.py", "report.py",
               "gradebook.py", "judge.py")
GRADER_PROSE = ("hidden.py",)  # the hidden tests' messages, which the feedback shows


def template(node: ast.AST, source: str) -> str | None:
    """The text of a string constant, or an f-string's template; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            if "{" in value.value or "}" in value.value:
                return None  # literal braces would read as placeholders
            parts.append(value.value)
        else:
            conversion = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[value.conversion]
            spec = ""
            if value.format_spec is not None:
                spec = ":" + "".join(v.value for v in value.format_spec.values
                                     if isinstance(v, ast.Constant))
            parts.append("{" + ast.unparse(value.value) + conversion + spec + "}")
    return "".join(parts)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value,
                                                                     ast.Constant):
                found.add(id(body[0].value))
    return found


def is_prose(text: str) -> bool:
    """Two words or more, four letters or more outside the placeholders."""
    words = language.PLACEHOLDER.sub("", text)
    return " " in text.strip() and language.has_words(words)


def prose_of(path: Path) -> list[str]:
    """Every prose string and f-string template in ``path`` but the docstrings (an
    f-string's pieces are not taken apart)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstrings(tree)
    inner = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inner.update(id(v) for v in node.values)
            for value in node.values:
                if isinstance(value, ast.FormattedValue) and value.format_spec is not None:
                    inner.update(id(v) for v in ast.walk(value.format_spec))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inner:
            continue
        text = template(node, source)
        if text is not None and is_prose(text):
            found.append(text.strip())
    return found


def translated_calls(path: Path) -> list[str]:
    """The texts that ``path`` passes to ``tr(...)``."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    constants = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)}
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"
                and node.args):
            argument = node.args[0]
            if isinstance(argument, ast.Name):  # a module's constant
                argument = constants.get(argument.id, argument)
            text = template(argument, source)
            if text is not None and language.has_words(language.PLACEHOLDER.sub("", text)):
                found.append(text.strip())
    return found


def english_texts() -> dict[str, str]:
    """Every English text a learner may read -> the file it was found in."""
    texts: dict[str, str] = {}
    for pattern in CHECKING_CODE:
        for path in sorted(COURSE.glob(pattern)):
            for text in prose_of(path):
                texts.setdefault(text, f"course/{path.relative_to(COURSE)}")
    catalog = COURSE / "exercises" / "mistakes.json"
    for entry in json.loads(catalog.read_text(encoding="utf-8")):
        steps = [entry["hint"]] if isinstance(entry["hint"], str) else entry["hint"]
        for text in [entry["name"], *steps]:
            texts.setdefault(text.strip(), f"mistakes.json: {entry['exercise']}")
    for name in GRADER_CODE:
        for text in translated_calls(AUTOGRADER / name):
            texts.setdefault(text, f"autograder/{name}")
    for name in GRADER_PROSE:
        for text in prose_of(AUTOGRADER / name):
            texts.setdefault(text, f"autograder/{name}")
    return texts


def translation_file(code: str) -> Path:
    return language.TRANSLATIONS / f"{language.check_language(code)}.json"


def read_translations(code: str) -> dict[str, str]:
    path = translation_file(code)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write_translations(code: str, entries: dict[str, str]) -> None:
    path = translation_file(code)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(entries.items())), ensure_ascii=False, indent=1)
                    + "\n", encoding="utf-8")


def placeholders(text: str) -> list[str]:
    return sorted(language.PLACEHOLDER.findall(text))


def problems(code: str) -> dict[str, list[str]]:
    """What keeps the translation file of ``code`` from being whole: the English texts
    with no translation, the translations of texts that are gone, and translations whose
    placeholders are not the English text's."""
    texts = english_texts()
    entries = read_translations(code)
    return {
        "missing": sorted(t for t in texts if not entries.get(t, "").strip()),
        "stale": sorted(t for t in entries if t not in texts),
        "placeholders": sorted(t for t, v in entries.items()
                               if t in texts and placeholders(t) != placeholders(v)),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.strings", description=(
        "Check a language's translation file against the English texts of the course."))
    parser.add_argument("language", help="a language code, e.g. ko")
    parser.add_argument("--missing", type=Path, metavar="FILE",
                        help="write the missing texts as a JSON object to fill in")
    parser.add_argument("--merge", type=Path, metavar="FILE",
                        help="add the translations of FILE (a filled-in --missing file)")
    parser.add_argument("--drop-stale", action="store_true",
                        help="remove the translations of texts that are gone")
    args = parser.parse_args(argv)
    try:
        language.check_language(args.language)
    except ValueError as error:
        parser.error(str(error))
    if args.merge:
        entries = read_translations(args.language)
        added = {k: v for k, v in json.loads(args.merge.read_text(encoding="utf-8")).items()
                 if isinstance(v, str) and v.strip()}
        entries.update(added)
        write_translations(args.language, entries)
        print(f"merged {len(added)} translations into {translation_file(args.language)}")
    if args.drop_stale:
        texts = english_texts()
        entries = read_translations(args.language)
        write_translations(args.language, {k: v for k, v in entries.items() if k in texts})
    found = problems(args.language)
    if args.missing:
        texts = english_texts()
        args.missing.write_text(json.dumps({t: "" for t in found["missing"]},
                                           ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
        print(f"{len(found['missing'])} missing texts written to {args.missing} "
              f"(from {len({texts[t] for t in found['missing']})} files)")
    total = len(english_texts())
    print(f"{args.language}: {total - len(found['missing'])}/{total} texts translated, "
          f"{len(found['stale'])} stale, {len(found['placeholders'])} with other placeholders")
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
