"""The feedback page: a student's score and what to look at first, readable offline,
never the hidden test code.

nbgrader renders each autograded notebook as an HTML page. Here the page:

- opens with a summary (``FeedbackSummary``): the score, then each check that lost
  points with the judge's message, the known mistake it recognised and its hint;
- keeps a test cell's visible part only, and an error's name and message, never a
  traceback (``HideHiddenTests``; stock nbgrader shows the hidden tests, nbgrader issues
  917 and 1363);
- shows formulas as MathML made here (``MathAsMathML``), which browsers draw with no
  script and no network (nbgrader's page template loads MathJax from the web: the page
  is written without it, ``GenerateFeedbackFor``), and wraps long output lines instead of
  cutting them (``PAGE_STYLE``);
- names each check by its exercise's title, and says where a figure was: grading builds
  figures but does not draw them (``FiguresNoted``).
"""

import copy
import html
import re
from functools import lru_cache
from pathlib import Path

import nbgrader
from jinja2 import pass_context
from latex2mathml.converter import convert
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbformat.v4 import new_markdown_cell, new_output
from nbgrader.converters import GenerateFeedback
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from nbgrader.utils import compute_checksum, determine_grade, is_grade, is_solution, is_task
from traitlets import Set, default
from traitlets.config import Config

from autograder import METADATA
from autograder.localize import language_of
from course.exercises import title_of
from course.language import tr

# Every line of a check's message readable: long lines wrap instead of running off.
PAGE_STYLE = """<style>
div.output_area pre, div.output_subarea pre, div.output_text pre, .rendered_html pre {
  white-space: pre-wrap !important; overflow-wrap: anywhere !important; }
div.output_subarea { max-width: 100%; }
.summary { margin: 0 0 1.5em 0; padding: .8em 1em; border: 1px solid #ccc;
           border-radius: 4px; background: #fafafa; }
.summary h2 { margin-top: 0; } .summary .failed { color: #b00020; }
.summary .passed { color: #1b7f3b; }
.summary pre { background: #fff; border: 1px solid #eee; padding: .5em; font-size: 13px; }
math[display="block"] { margin: .6em 0; }
.rendered_html table td, .rendered_html table th { padding: .3em .7em; }
.figure-note { color: #555; font-style: italic; }
</style>"""
FIGURE = re.compile(r"^<\w*Figure size [\d.]+x[\d.]+ with \d+ Axes>$")
FIGURE_NOTE = ("(A figure your code drew: grading builds figures but does not draw them. "
               "Run the notebook to see it.)")
# Inline formulas may run over a line break, never over a blank line (a new paragraph), as
# JupyterLab draws them; a dollar followed by a space or closed before a digit is money.
MATH = re.compile(r"(?<!\\)\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)((?:[^$\n]|\n(?![ \t]*\n))+?)\$(?!\d)",
                  re.S)
CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden-test regions from test cells and tracebacks from error outputs."""

    def preprocess(self, nb, resources):
        nb, resources = ClearHiddenTests().preprocess(nb, resources)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = error_lines(output)
        return nb, resources


def error_lines(output) -> list[str]:
    """An error output as its name and message only."""
    ename, evalue = output.get("ename", "Error"), output.get("evalue", "")
    return [f"{ename}: {evalue}"] if evalue else [ename]


class FiguresNoted(NbGraderPreprocessor):
    """A figure that grading built but did not draw becomes a one-line note, not the
    text ``<Figure size 640x480 with 1 Axes>``."""

    def preprocess(self, nb, resources):
        note = tr(FIGURE_NOTE, language_of(nb))
        for cell in nb.cells:
            for i, output in enumerate(cell.get("outputs", [])):
                data = output.get("data", {})
                if set(data) == {"text/plain"} and FIGURE.match(str(data["text/plain"]).strip()):
                    cell.outputs[i] = new_output("display_data", data={
                        "text/html": f"<p class=\"figure-note\">{html.escape(note)}</p>",
                        "text/plain": note})
        return nb, resources


def shown_message(message: str, known: bool, language: str = "en") -> str:
    """The judge's message for the summary: without the check's own hint lines when the
    known mistake's hint is shown above it (one hint, not two)."""
    if not known:
        return message
    # the words before the blank of each line's template (course.checking.CheckFailed)
    starts = tuple(tr(key, language).split("{")[0].strip() or key.split("{")[0]
                   for key in ("Known mistake: {tr(self.mistake)}.", "Hint: {tr(self.hint)}"))
    return "\n".join(line for line in message.splitlines()
                     if not line.lstrip().startswith(("Hint:", "Known mistake:", *starts)))


class FeedbackSummary(NbGraderPreprocessor):
    """A first cell with the score and, for each check that lost points, its message."""

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        found = nb.metadata.get(METADATA, {}).get("cells", {})
        language = resources["language"] = language_of(nb)
        score, most = float(info.get("score", 0)), float(info.get("max_score", 0))
        heading = tr(f"Your score: {score:g} / {most:g}", language)
        lines = [PAGE_STYLE, f"<div class=\"summary\"><h2>{html.escape(heading)}</h2>"]
        failed = []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade") or meta.get("solution"):
                continue
            score, points = float(meta.get("score") or 0), float(meta.get("points") or 0)
            if score < points:
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                message = errors[-1].get("evalue", "") if errors else ""
                judged = found.get(meta["grade_id"], {})
                failed.append((meta["grade_id"], score, points, message,
                               judged.get("mistake"), judged.get("hint")))
        if not failed:
            lines.append(f"<p class=\"passed\">{tr('Every check passed.', language)}</p>")
        else:
            count = len(failed)
            start = tr(f"{count} check(s) lost points. Start here:", language)
            lines.append(f"<p>{html.escape(start)}</p>")
        for grade_id, score, points, message, mistake, hint in failed:
            title = tr(title_of(grade_id), language)
            lines.append(f"<h3 class=\"failed\"><a href=\"#{html.escape(grade_id)}\">"
                         f"{html.escape(title)}</a>: {score:g} / {points:g}</h3>")
            if mistake:  # as the check cell words it (course.checking)
                name = tr(mistake, language)
                named = html.escape(tr(f"Known mistake: {tr(mistake, language)}.", language)
                                    ).replace(html.escape(name), f"<b>{html.escape(name)}</b>", 1)
                said = tr(f"Hint: {tr(hint, language)}", language) if hint else ""
                lines.append(f"<p class=\"mistake\">{named}"
                             + (f"<br>{html.escape(said)}" if said else "") + "</p>")
            if message:
                shown = shown_message(message, bool(mistake), language)
                lines.append(f"<pre>{html.escape(shown)}</pre>")
        late = float(info.get("late_penalty") or 0)
        if late:
            penalty = tr(f"Late submission penalty: -{late:g}", language)
            lines.append(f"<p class=\"failed\">{html.escape(penalty)}</p>")
        lines.append("</div>")
        nb.cells.insert(0, new_markdown_cell("\n".join(lines)))
        return nb, resources


@lru_cache(maxsize=4096)  # the same formulas recur in every student's copy
def to_mathml(tex: str, block: bool) -> str:
    try:
        return convert(tex.strip(), display="block" if block else "inline")
    except Exception:  # a formula it cannot read stays as the author wrote it
        return html.escape(f"$${tex}$$" if block else f"${tex}$")


class MathAsMathML(NbGraderPreprocessor):
    """Formulas in markdown cells as MathML, which browsers draw without any script."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            parts = CODE.split(cell.source)  # code spans and blocks keep their dollars
            for i in range(0, len(parts), 2):
                parts[i] = MATH.sub(lambda m: to_mathml(m.group(1) or m.group(2),
                                                        m.group(1) is not None), parts[i])
            cell.source = "".join(parts)
        return cell, resources


FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades", HideHiddenTests, FiguresNoted, MathAsMathML,
    FeedbackSummary, "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# nbgrader's page template: MathJax from the web (the formulas are MathML already), and
# "Test cell" / "Grade cell: <id>" where the exercise's title says more.
MATHJAX = re.compile(r"<script[^>]*>(?:(?!</script>).)*?MathJax(?:(?!</script>).)*</script>|"
                     r"<script[^>]*mathjax[^>]*>\s*</script>", re.S | re.I)
LABEL = re.compile(r'(<a href="#([\w-]+)">)Test cell(</a>)|'
                   r"Grade cell: <code>([\w-]+)</code>")


def page_html(page: str, language: str = "en") -> str:
    """nbgrader's feedback page without MathJax, its checks named by their titles (in the
    notebook's language)."""
    page = MATHJAX.sub("", page)

    def title(grade_id: str) -> str:
        return html.escape(tr(title_of(grade_id), language))

    check = tr("Check:", language)
    if language != "en":  # nbgrader's table of contents: "(Score: 2.0 / 2.0)"
        page = page.replace("(Score: ", f"({tr('Score:', language)} ")
    return LABEL.sub(lambda m: (f"{m.group(1)}{title(m.group(2))}{m.group(3)}"
                                if m.group(1) else f"{check} {title(m.group(4))}"), page)


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTML exporter for feedback pages, with what every student's page of an
    assignment shares done once: markdown and code of the same source are rendered once
    per process (most cells are the released notebook's own), and the pass of the page
    through BeautifulSoup that adds accessibility attributes to JupyterLab's template (not
    the template of these pages) is left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._markdown: dict[str, str] = {}
        self._highlight = None

    @pass_context
    def markdown2html(self, context, source):
        if context.get("cell", {}).get("attachments") or self.embed_images:
            return super().markdown2html(context, source)  # depends on more than the text
        if source not in self._markdown:
            self._markdown[source] = super().markdown2html(context, source)
        return self._markdown[source]

    def from_notebook_node(self, nb, resources=None, **kw):
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        if self._highlight is None:  # every page of the course is Python
            self._highlight = cached(Highlight2HTML(pygments_lexer=lexer, parent=self))
        self.register_filter("highlight_code", self._highlight)
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def cached(highlight):
    """A code highlighter that highlights each (source, language) once."""
    @lru_cache(maxsize=8192)
    def highlighted(source, language):
        return highlight(source, language)

    def highlight_code(source, language=None, metadata=None):
        return highlighted(source, language)

    return highlight_code


class GradesFromNotebook(NbGraderPreprocessor):
    """nbgrader's GetGrades, read off the graded notebook instead of the gradebook: each
    test cell's score by nbgrader's rule, "No response." on an untouched answer (as
    recording enters them), and the total. (A late page is the gradebook's to make.)"""

    def preprocess(self, nb, resources):
        score = most = 0.0
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if is_grade(cell):
                meta["score"], points = determine_grade(cell)
                score, most = score + float(meta["score"] or 0), most + float(points)
            if is_solution(cell) or is_task(cell):
                unchanged = meta.get("checksum") == compute_checksum(cell)
                meta["comment"] = "No response." if unchanged and not is_task(cell) else None
        resources.setdefault("nbgrader", {}).update(score=score, max_score=most,
                                                    late_penalty=0)
        return nb, resources


PAGE_STEPS = (GradesFromNotebook, HideHiddenTests, FiguresNoted, MathAsMathML,
              FeedbackSummary, CSSHTMLHeaderPreprocessor)


@lru_cache(maxsize=1)
def _exporter() -> "FeedbackExporter":
    """The page's exporter, its template compiled once per process: nbgrader's feedback
    template, where nbgrader's GenerateFeedback finds it."""
    formgrader = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    config = Config()
    config.HTMLExporter.template_name = "feedback"
    config.HTMLExporter.extra_template_basedirs = [str(formgrader / "templates")]
    config.HTMLExporter.extra_template_paths = [
        str(formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css")]
    config.CSSHTMLHeaderPreprocessor.style = "default"  # as nbgrader's pages have it
    exporter = FeedbackExporter(config=config)
    for step in PAGE_STEPS:
        exporter.register_preprocessor(step(config=config), enabled=True)
    return exporter


def render_page(nb, notebook: str) -> str:
    """The feedback page of a graded notebook (``autograder.execution``), made without the
    gradebook, on whichever machine graded it: what nbgrader's GenerateFeedback makes for
    a submission on time and without manual grades."""
    resources = {"nbgrader": {"notebook": notebook},
                 "metadata": {"name": notebook, "path": ""}}
    page, resources = _exporter().from_notebook_node(copy.deepcopy(nb), resources)
    return page_html(page, resources.get("language", "en"))


class GenerateFeedbackFor(GenerateFeedback):
    """nbgrader's GenerateFeedback for the given students only: the feedback of one run's
    graded notebooks, with the page template compiled once for all of them."""

    students = Set(help="the students whose feedback is written")

    @default("export_class")
    def _exporter_class_default(self):
        return FeedbackExporter

    def init_notebooks(self):
        super().init_notebooks()
        self.assignments = {path: found for path, found in self.assignments.items()
                            if Path(path).parent.name in self.students}

    def write_single_notebook(self, output, resources):
        super().write_single_notebook(page_html(output, resources.get("language", "en")),
                                      resources)
