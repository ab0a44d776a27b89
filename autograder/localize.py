"""A notebook in another language: the same cells, ids, grade ids and points, other words.

Each source notebook is written in English. Its translation into a language is one file,
``autograder/translations/<language>/<NN_name>.json``:

    {"language": "ko", "notebook": "01_computation_graphs",
     "cells": {"<cell id>": {"en": "<fingerprint>", "source": "<translated source>"}}}

with an entry for every cell: ``source`` null keeps the English cell (a test cell, or
code with nothing to read in words), and ``en`` is the fingerprint of the English source
it translates (``fingerprint``), so that an English cell changed since is found stale by
a test (``problems``), never shown half translated. A translated code cell is the same
program: only its comments and strings differ, and in answer and test cells only its
comments and docstrings.

``localized(nb, language)`` gives the notebook in that language: every cell whose English
source is still the one translated gets its translation, the setup cell chooses the
language of the checks' messages (``course.language.use_language``), and the notebook's
metadata says its language, so that grading rebuilds a submission against the source in
the submission's own language and writes its feedback page in it. A class may so mix
languages in one gradebook.
"""

import ast
import copy
import hashlib
import json
from functools import cache
from pathlib import Path

import nbformat

from autograder import METADATA, SOURCE_DIR
from course.language import ENGLISH, LANGUAGES, check_language

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
SETUP_ID = "setup"  # the grade id of every notebook's setup cell
LANGUAGE_LINE = ('\n\nfrom course.language import use_language\n\n'
                 'use_language("{code}")  # {comment}\n')
LANGUAGE_COMMENT = {"ko": "확인 메시지와 힌트를 한국어로 보여 줍니다"}


def fingerprint(source: str) -> str:
    """What a translation remembers of the English source it translates."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def language_of(nb) -> str:
    """The language a notebook is written in (English when it does not say)."""
    meta = nb.metadata.get(METADATA, {})
    code = meta.get("language") if isinstance(meta, dict) else None
    return code if isinstance(code, str) and code in LANGUAGES else ENGLISH


def translation_path(language: str, notebook: str) -> Path:
    return TRANSLATIONS_DIR / check_language(language) / f"{notebook}.json"


@cache
def translation(language: str, notebook: str) -> dict:
    """cell id -> {"en": fingerprint, "source": text or None}; {} when there is none."""
    path = translation_path(language, notebook)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("cells", {})


def has_translation(language: str, notebook: str) -> bool:
    return language == ENGLISH or translation_path(language, notebook).exists()


@cache
def package_source(notebook: str):
    """The course's own English source of ``notebook``, read once (never to be changed)."""
    return nbformat.read(SOURCE_DIR / notebook / f"{notebook}.ipynb", as_version=4)


def _english(nb, notebook: str):
    """The English source of ``notebook``: ``nb`` itself when it is English, else the
    package's source notebook."""
    return nb if language_of(nb) == ENGLISH else package_source(notebook)


def _grade_id(cell) -> str | None:
    meta = cell.metadata.get("nbgrader", {})
    return meta.get("grade_id") if isinstance(meta, dict) else None


@cache
def _answer_ids() -> dict[str, frozenset]:
    found = {}
    for path in sorted(SOURCE_DIR.glob("*/*.ipynb")):
        nb = package_source(path.stem)
        found[path.stem] = frozenset(_grade_id(c) for c in nb.cells
                                     if c.metadata.get("nbgrader", {}).get("solution"))
    return found


def which_notebook(nb) -> str | None:
    """The course's notebook that ``nb`` is a version of, by its answer cells' grade ids."""
    ids = {_grade_id(c) for c in nb.cells if _grade_id(c)}
    overlap = {name: len(ids & answers) for name, answers in _answer_ids().items()}
    best = max(overlap, key=overlap.get, default=None)
    return best if best is not None and overlap[best] else None


def localized(nb, language: str, notebook: str):
    """A copy of ``nb`` (a source or released notebook of ``notebook``, in any language)
    in ``language``. A cell the author changed since it was translated (its English is
    not the translated one) stays as ``nb`` has it."""
    check_language(language)
    if language == language_of(nb):
        return copy.deepcopy(nb)
    english = _english(nb, notebook)
    by_id = {c.get("id"): c for c in english.cells}
    by_grade = {_grade_id(c): c for c in english.cells if _grade_id(c)}
    entries = {} if language == ENGLISH else translation(language, notebook)
    out = copy.deepcopy(nb)
    for cell in out.cells:
        original = by_grade.get(_grade_id(cell)) if _grade_id(cell) else by_id.get(
            cell.get("id"))
        if original is None:
            continue
        if language == ENGLISH:  # a source notebook back in the course's own words
            cell.source = original.source
            continue
        entry = entries.get(original.get("id"), {})
        if cell.source != original.source and _grade_id(cell) != SETUP_ID:
            continue  # changed by its author (or an answer): kept as it is
        if entry.get("en") == fingerprint(original.source) and entry.get("source"):
            cell.source = entry["source"]
        if _grade_id(cell) == SETUP_ID:
            cell.source = original.source.rstrip() + LANGUAGE_LINE.format(
                code=language, comment=LANGUAGE_COMMENT.get(language, ""))
    meta = out.metadata.setdefault(METADATA, {})
    if language == ENGLISH:
        meta.pop("language", None)
        if not meta:
            out.metadata.pop(METADATA)
    else:
        meta["language"] = language
    return out


# --------------------------------------------------------------------------------------
# what a test finds wrong with a translation
# --------------------------------------------------------------------------------------


def _shape(source: str, keep_strings: bool) -> str | None:
    """The program ``source`` is, without comments and docstrings (and, unless
    ``keep_strings``, without the text of any string); None if it is not Python."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                getattr(body[0], "value", None), ast.Constant) and isinstance(
                body[0].value.value, str):
            body[0].value.value = ""
        if not keep_strings and isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
        if not keep_strings and isinstance(node, ast.JoinedStr):
            node.values = [v for v in node.values if not isinstance(v, ast.Constant)]
    return ast.dump(tree)


def problems(language: str, notebook: str) -> list[str]:
    """Everything that keeps ``notebook``'s translation into ``language`` from being
    whole and safe, one line each."""
    path = translation_path(language, notebook)
    if not path.exists():
        return [f"{path.name}: no translation into {language}"]
    english = package_source(notebook)
    entries = translation(language, notebook)
    found = []
    ids = {c.get("id") for c in english.cells}
    for cell_id in entries:
        if cell_id not in ids:
            found.append(f"{notebook} cell {cell_id}: no such cell any more")
    for cell in english.cells:
        cell_id = cell.get("id")
        entry = entries.get(cell_id)
        if entry is None:
            found.append(f"{notebook} cell {cell_id}: not translated")
            continue
        if entry.get("en") != fingerprint(cell.source):
            found.append(f"{notebook} cell {cell_id}: stale (the English changed since)")
            continue
        text = entry.get("source")
        meta = cell.metadata.get("nbgrader", {})
        if text is None:
            if cell.cell_type == "markdown":
                found.append(f"{notebook} cell {cell_id}: markdown left untranslated")
            continue
        if cell.cell_type != "code":
            continue
        if meta.get("grade"):
            found.append(f"{notebook} cell {cell_id}: a test cell must stay as it is")
        elif _shape(text, keep_strings=bool(meta.get("solution"))) != _shape(
                cell.source, keep_strings=bool(meta.get("solution"))):
            found.append(f"{notebook} cell {cell_id}: not the same program as the English "
                         "(only comments and strings may differ)")
    return found
