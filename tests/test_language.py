"""The Korean edition: every text a learner reads exists in Korean and is not stale, the
Korean notebooks are the English ones with other words, and the same answers get the same
grades and the same known mistakes in either language."""

import json
import re
import warnings

import nbformat
import pytest

from autograder import SOURCE_DIR
from autograder.config import assignments
from autograder.demo import demo_mistakes, mistaken_notebook
from autograder.execution import execute
from autograder.feedback_page import render_page
from autograder.gradebook import scores
from autograder.localize import (
    fingerprint,
    language_of,
    localized,
    problems,
    translation_path,
)
from autograder.strings import english_texts, placeholders, read_translations
from course import language
from course.checking import CheckFailed, Exercise, NotImplementedYet, Runner, report_pass
from course.exercises import all_exercises
from tests.needs import require, sandbox_available

HANGUL = re.compile(r"[가-힣]")
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}")
NOTEBOOKS = assignments()


# ------------------------------------------------------------------- the texts


def test_every_learner_text_has_a_korean_translation_and_none_is_stale():
    texts = english_texts()
    korean = read_translations("ko")
    missing = sorted(t for t in texts if not korean.get(t, "").strip())
    stale = sorted(t for t in korean if t not in texts)
    assert not missing, (f"{len(missing)} of {len(texts)} texts have no Korean (python -m "
                         f"autograder.strings ko --missing FILE), e.g. {missing[:5]}")
    assert not stale, f"translations of texts that are gone (--drop-stale): {stale[:5]}"
    wrong = [t for t in texts if placeholders(t) != placeholders(korean[t])]
    assert not wrong, f"placeholders differ from the English: {wrong[:5]}"
    # code may stay as it is ("j_graph(a, b, c)"); three English words in a row may not
    untranslated = [t for t in texts if not HANGUL.search(korean[t]) and ENGLISH_WORDS.search(
        re.sub(r"`[^`]*`", "", language.PLACEHOLDER.sub("", t)))]
    assert not untranslated, f"'translations' with no Korean letter: {untranslated[:5]}"


def test_a_template_is_filled_and_its_pieces_translated():
    title = all_exercises()["copy_layer"].title  # "CopyLayer: one value, two uses"
    message = f"{title}: not implemented yet.\nWrite your code in place of"
    with language.using("ko"):
        shown = str(NotImplementedYet(
            f"{title}: not implemented yet.\nWrite your code in place of "
            "`raise NotImplementedError()` in the exercise cell above, run that cell, then "
            "run this check again."))
    assert language.tr(title, "ko") in shown and title not in shown, shown
    assert HANGUL.search(shown.splitlines()[1])
    assert message not in shown


def test_a_text_nobody_translated_is_shown_in_english_and_remembered():
    language.missing.clear()
    assert language.tr("a sentence no file has, 12345", "ko") == (
        "a sentence no file has, 12345")
    assert language.missing == {"a sentence no file has, 12345"}
    language.missing.clear()
    assert language.tr("[[1.5, 2]]", "ko") == "[[1.5, 2]]"  # numbers are no words
    assert not language.missing


def test_hint_steps_joined_by_a_space_are_translated_step_by_step():
    korean = read_translations("ko")
    steps = [t for t in korean if t.endswith(".") and "{" not in t][:2]
    joined = " ".join(steps)
    assert language.tr(joined, "ko") == " ".join(korean[s] for s in steps)


def test_a_pass_in_korean_names_the_exercise_and_what_is_still_hidden(capsys):
    language.missing.clear()
    with language.using("ko"):
        for exercise in all_exercises().values():
            report_pass(exercise)
    out = capsys.readouterr().out
    assert not language.missing, sorted(language.missing)[:5]
    assert out.count("\n") >= 2 * len(all_exercises()) and HANGUL.search(out)


def test_an_unknown_language_is_one_clear_line():
    with pytest.raises(ValueError, match="no language 'fr' in this course: use one of en"):
        language.use_language("fr")


def test_a_check_failure_in_korean():
    exercise = Exercise(name="demo_only", title="CopyLayer: one value, two uses", points=1,
                        drive=lambda answer, x: {"y": answer(x)}, public=None,
                        still_hidden="nothing")
    with language.using("ko"):
        try:
            Runner(exercise, lambda x: None)(x=1.0)
        except CheckFailed as failure:
            shown = str(failure)
    assert HANGUL.search(shown) and "None" in shown, shown


# ------------------------------------------------------------------- the notebooks


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_notebook_has_a_whole_korean_translation(name):
    assert problems("ko", name) == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_korean_notebook_keeps_every_cell_id_grade_id_and_point(name):
    english = nbformat.read(SOURCE_DIR / name / f"{name}.ipynb", as_version=4)
    korean = localized(english, "ko", name)
    assert language_of(korean) == "ko" and language_of(english) == "en"
    assert [c.get("id") for c in korean.cells] == [c.get("id") for c in english.cells]
    assert [c.metadata for c in korean.cells] == [c.metadata for c in english.cells]
    markdown = [c for c in korean.cells if c.cell_type == "markdown"]
    assert all(HANGUL.search(c.source) for c in markdown)
    setup = next(c for c in korean.cells if c.metadata.get("nbgrader", {}).get(
        "grade_id") == "setup")
    assert 'use_language("ko")' in setup.source
    back = localized(korean, "en", name)
    assert [c.source for c in back.cells] == [c.source for c in english.cells]


def test_a_stale_translation_is_found(tmp_path, monkeypatch):
    name = NOTEBOOKS[0]
    data = json.loads(translation_path("ko", name).read_text(encoding="utf-8"))
    first = next(iter(data["cells"]))
    data["cells"][first]["en"] = fingerprint("an older English text")
    folder = tmp_path / "ko"
    folder.mkdir()
    (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False))
    monkeypatch.setattr("autograder.localize.TRANSLATIONS_DIR", tmp_path)
    from autograder.localize import translation
    translation.cache_clear()
    try:
        assert any("stale" in line and first in line for line in problems("ko", name))
    finally:
        translation.cache_clear()


# ------------------------------------------------------------------- fonts


def test_korean_labels_are_drawn_with_a_font_that_has_them(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import rcParams
    before = list(rcParams["font.family"])
    try:
        with language.using("ko"):
            pass
        found = [name for name in rcParams["font.family"] if name in language.CJK_FONTS]
        require(bool(found), "a font with Hangul", "apt-get install fonts-noto-cjk")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure, axes = plt.subplots()
            axes.set_title("기울기와 손실 함수")
            figure.savefig(tmp_path / "ko.png")
            plt.close(figure)
        assert not [w for w in caught if "missing from font" in str(w.message)]
    finally:
        rcParams["font.family"] = before


# ------------------------------------------------------------------- grading


def grade_bytes(source: bytes, notebook: nbformat.NotebookNode):
    return execute(source, nbformat.writes(notebook).encode("utf-8"), sandbox="if-available")


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if n[:2] in demo_mistakes()][:1])
def test_the_same_answers_get_the_same_grades_and_mistakes_in_either_language(name, tmp_path):
    if not sandbox_available():
        require(False, "bubblewrap", "apt-get install bubblewrap")
    source = (SOURCE_DIR / name / f"{name}.ipynb").read_bytes()
    english = nbformat.read(mistaken_notebook(name, tmp_path / "mistake.ipynb"), as_version=4)
    korean = localized(english, "ko", name)
    graded = {code: grade_bytes(source, nb).notebook
              for code, nb in (("en", english), ("ko", korean))}
    found = {code: [(c.grade_id, c.score, c.max_score, c.mistake) for c in scores(nb)]
             for code, nb in graded.items()}
    assert found["ko"] == found["en"]
    assert any(mistake for *_, mistake in found["en"]), "the demo's mistake is named"
    assert language_of(graded["ko"]) == "ko"
    page = render_page(graded["ko"], name)
    assert "점수" in page or HANGUL.search(page)
    mistake = next(m for *_, m in found["ko"] if m)
    assert language.tr(mistake, "ko") in page
    english_page = render_page(graded["en"], name)
    assert "Your score:" in english_page and "Known mistake:" in english_page
    assert "Your score:" not in page and "Known mistake:" not in page
    failed = [c for c in graded["ko"].cells if c.metadata.get("nbgrader", {}).get("grade")
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert failed and all(HANGUL.search(o.get("evalue", "")) for c in failed
                          for o in c.outputs if o.get("output_type") == "error")
