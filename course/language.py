"""The language a learner reads: English, the course's own, or Korean, the notes'.

Every message a learner reads is written in English where it is made (the checks, their
hints, the known mistakes' names, the feedback page). ``tr`` gives it in the chosen
language from one file per language, ``course/translations/<code>.json``, which maps
each English text to its translation. A text made from a template (an f-string such as
``f"{label} is wrong."``) is found through its template, the template's key being the
f-string's source with each ``{expression}`` kept as written; the pieces it filled in
are translated in turn when the file has them (an exercise's title, a label) and kept as
they are otherwise (numbers, arrays, the learner's own code). A hint given in steps
joined by spaces is translated step by step.

The file is kept whole by a test (``tests/test_language.py``): every English text of the
learner's package has a translation, and no translation is left whose English text is
gone. A text that is still missing at run time is shown in English and remembered in
``missing``, never shown as a key.

A notebook chooses its language in its setup cell, ``use_language("ko")``; a process
that never calls it reads English, or the language named by ``BACKPROP_COURSE_LANGUAGE``.
"""

import json
import os
import re
from contextlib import contextmanager
from functools import cache
from pathlib import Path

ENGLISH = "en"
LANGUAGES = {"en": "English", "ko": "한국어"}
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
VARIABLE = "BACKPROP_COURSE_LANGUAGE"

_chosen: list[str] = []
missing: set[str] = set()  # the texts asked for in another language and not found

# A template's placeholder: {expression}, {expression!r} or {expression:.3g}.
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Text that no language translates: numbers, arrays, code, punctuation.
NOT_WORDS = re.compile(r"^[\W\d_]*$")


def check_language(code: str) -> str:
    """``code`` if the course has that language; else a ValueError saying which it has."""
    if code not in LANGUAGES:
        known = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
        raise ValueError(f"no language {code!r} in this course: use one of {known}")
    return code


def use_language(code: str) -> None:
    """Read every message of the course in ``code`` from now on ("en" or "ko")."""
    check_language(code)
    _chosen[:] = [code]
    if code != ENGLISH:
        _use_fonts_for(code)


@contextmanager
def using(code: str):
    """``use_language(code)`` for the block; the language chosen before comes back."""
    before = list(_chosen)
    use_language(code)
    try:
        yield
    finally:
        _chosen[:] = before


def current() -> str:
    """The language chosen in this process."""
    if _chosen:
        return _chosen[0]
    code = os.environ.get(VARIABLE, ENGLISH)
    return code if code in LANGUAGES else ENGLISH


def tr(text: str, language: str | None = None) -> str:
    """``text`` in ``language`` (default: the chosen one); see the module."""
    language = language or current()
    if language == ENGLISH or not text or NOT_WORDS.match(text):
        return text
    found = _translate(text, _catalog(language), _templates(language), depth=0)
    if found is None:
        missing.add(text)
        return text
    return found


def _translate(text: str, catalog: dict, templates: list, depth: int) -> str | None:
    """``text`` translated, or None when neither it nor its template nor its steps are
    known."""
    if text in catalog:
        return catalog[text]
    if depth > 4:
        return None
    stripped = text.strip()
    if stripped != text and stripped:
        inner = _translate(stripped, catalog, templates, depth + 1)
        if inner is not None:
            return text[:len(text) - len(text.lstrip())] + inner + text[len(text.rstrip()):]
    for pattern, names, target in templates:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        filled = target
        for name, value in zip(names, match.groups()):
            piece = value if NOT_WORDS.match(value) else (
                _translate(value, catalog, templates, depth + 1) or value)
            filled = filled.replace(name, piece, 1)
        return filled
    # steps joined by a space or a line break: the longest known first step, then the rest
    for key in _prefixes(catalog, text):
        rest = text[len(key):]
        if rest[:1] in (" ", "\n"):
            tail = _translate(rest[1:], catalog, templates, depth + 1)
            if tail is not None:
                return catalog[key] + rest[:1] + tail
    return None


def _prefixes(catalog: dict, text: str) -> list[str]:
    return sorted((key for key in catalog if len(key) < len(text) and text.startswith(key)),
                  key=len, reverse=True)


@cache
def _catalog(language: str) -> dict[str, str]:
    """The translation file of ``language``: English text -> translation."""
    path = TRANSLATIONS / f"{check_language(language)}.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    # a text with spaces or line breaks around it is found without them too
    return {**{k.strip(): v.strip() for k, v in entries.items()}, **entries}


@cache
def _templates(language: str) -> list[tuple[re.Pattern, list[str], str]]:
    """The catalog's templates as (pattern of the English, its placeholders in order,
    the translation), those with the most fixed text first."""
    found = []
    for english, translated in _catalog(language).items():
        names = PLACEHOLDER.findall(english)
        if not names or not has_words(PLACEHOLDER.sub("", english)):
            continue
        parts = PLACEHOLDER.split(english)
        pattern = "".join(re.escape(part) + ("(.*?)" if i < len(names) else "")
                          for i, part in enumerate(parts))
        found.append((len(PLACEHOLDER.sub("", english)),
                      (re.compile(pattern, re.S), names, translated)))
    return [template for _, template in sorted(found, key=lambda t: -t[0])]


def has_words(text: str) -> bool:
    """True for a text with something to translate: four letters or more."""
    return sum(ch.isalpha() for ch in text) >= 4


# Fonts with Korean glyphs, from the system's packages (Debian: fonts-noto-cjk,
# fonts-nanum); matplotlib falls back to them for the characters DejaVu Sans lacks.
CJK_FONTS = ("Noto Sans CJK KR", "Noto Sans CJK JP", "NanumGothic", "Noto Sans KR")


def _use_fonts_for(code: str) -> None:
    """Let matplotlib draw ``code``'s characters (if matplotlib is loaded or loadable)."""
    try:
        from matplotlib import font_manager, rcParams
    except ImportError:  # no figures without matplotlib
        return
    names = {font.name for font in font_manager.fontManager.ttflist}
    if not names & set(CJK_FONTS):  # installed after matplotlib made its list of fonts
        for path in font_manager.findSystemFonts():
            if any(mark in Path(path).name for mark in ("CJK", "Nanum")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        names = {font.name for font in font_manager.fontManager.ttflist}
    fallback = [name for name in CJK_FONTS if name in names]
    if fallback:
        rcParams["font.family"] = ["DejaVu Sans", *fallback]
        rcParams["axes.unicode_minus"] = False
