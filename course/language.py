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
    found = Translator(_catalog(language), _templates(language)).translate(text)
    if found is None:
        if not is_code(text):  # a name such as "sigmoid(x)" reads the same in every language
            missing.add(text)
        return text
    return found


# Where a message made of pieces may be cut: after a sentence, before a bracket.
BOUNDARY = re.compile(r"(?<=[.:!?)])[ \n]|\n| (?=\()")
# A label's last piece that is code, not words: ": dW1", ": costs[0]".
CODE_TAIL = re.compile(r"^(.*\S)(: \S+)$", re.S)


def is_code(piece: str) -> bool:
    """A filled-in piece with no words to translate: a number, an array, a name."""
    return NOT_WORDS.match(piece) is not None or " " not in piece.strip()


class Translator:
    """Finds a text's translation: as it is; through a template whose pieces are
    translated in turn; or cut into pieces each found so (see ``BOUNDARY``)."""

    def __init__(self, catalog: dict, templates: list):
        self.catalog, self.templates = catalog, templates
        self.memo: dict[str, str | None] = {}

    def translate(self, text: str, depth: int = 0) -> str | None:
        if text in self.catalog:
            return self.catalog[text]
        if depth > 6 or not text.strip():
            return None if text.strip() else text
        if text not in self.memo:
            self.memo[text] = None  # no loop through itself
            self.memo[text] = self._find(text, depth)
        return self.memo[text]

    def _find(self, text: str, depth: int) -> str | None:
        stripped = text.strip()
        if stripped != text:
            inner = self.translate(stripped, depth + 1)
            return None if inner is None else (
                text[:len(text) - len(text.lstrip())] + inner + text[len(text.rstrip()):])
        best, best_left = None, None
        for pattern, names, target in self.templates:
            match = pattern.fullmatch(text)
            if match is None:
                continue
            filled, left = target, 0
            for name, value in zip(names, match.groups()):
                piece = self.translate(value, depth + 1) if not is_code(value) else None
                if piece is None and not is_code(value):
                    left += 1  # words that stay English: another way may do better
                filled = filled.replace(name, value if piece is None else piece, 1)
            if left == 0:
                return filled
            if best_left is None or left < best_left:
                best, best_left = filled, left
        tail = CODE_TAIL.match(text)
        if tail:
            head = self.translate(tail.group(1), depth + 1)
            if head is not None:
                return head + tail.group(2)
        for cut in BOUNDARY.finditer(text):
            head = self.translate(text[:cut.start()], depth + 1)
            if head is None:
                continue
            rest = self.translate(text[cut.end():], depth + 1)
            if rest is not None:
                return head + cut.group(0) + rest
        return best


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
