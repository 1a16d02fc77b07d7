"""
Four corrections to citeproc-py 0.11 where it departs from the CSL 1.0.2 specification.

citeproc-py is the only maintained CSL processor for Python, and the styles we
ship (APA, Chicago, MLA, IEEE, Harvard) rely on rules it does not keep. Each
fix below restores one rule of the specification, is applied once when
``sources.citation_styles`` is imported, and is covered by a test that fails
without it (tests/sources/test_citation_styles.py). The dependency is pinned
below the next minor release, so a new citeproc-py is adopted only after the
tests have been run against it.

1. A ``cs:label`` renders only when its variable has a value (spec, "Label").
   Without this Chicago prints "Edition." after every newspaper article.
2. Variables rendered by ``cs:substitute`` are suppressed in the rest of the
   reference (spec, "Substitute"). Without this a source with no author has its
   title printed twice in every style.
3. Hyphenated given names are initialised part by part, "Jae-won" → "J.-W."
   (spec, "initialize-with-hyphen"). Without this the lower-case part after the
   hyphen is taken for a particle: "J.-. won .".
4. A ``cs:name`` with ``initialize="false"`` keeps given names whole (spec,
   "Name-part Formatting"). Without this Chicago prints "Lee, A." where it
   prescribes "Lee, Ann".

And one speed-up: citeproc-py repeats the same XPath searches over the style
(macros, the layout, terms) and recomputes whether an element calls a
variable for every reference, about 100 ms a reference with APA or Chicago.
A style's tree never changes after parsing, so both are remembered per
element: rendering becomes several times faster.
"""

from citeproc import model
from citeproc.source import VariableError

_original_label_process = model.Label.process
_original_text_variable = model.Text._variable
_original_names_process = model.Names.process
_original_initialize = model.Name.initialize
_original_xpath_search = model.CitationStylesElement.xpath_search
_original_parent_calls_variable = model.Parent.calls_variable
_original_text_calls_variable = model.Text.calls_variable

# Keyed by the element itself: holding the key keeps lxml's proxy for the node alive, so
# the same proxy (and the attributes citeproc stores on it) comes back every time.
_xpath_results = {}
_calls_variable = {}


def _xpath_search(self, expression):
    key = (self, expression)
    if key not in _xpath_results:
        _xpath_results[key] = _original_xpath_search(self, expression)
    return _xpath_results[key]


def _remembered(original):
    def calls_variable(self):
        if self not in _calls_variable:
            _calls_variable[self] = original(self)
        return _calls_variable[self]

    return calls_variable


def _label_process(self, item, variable=None, plural=None, context=None, **kwargs):
    name = self.get("variable") if variable is None else variable
    if variable is None and name != "locator" and name.replace("-", "_") not in item.reference:
        return None
    return _original_label_process(self, item, variable, plural, context, **kwargs)


def _text_variable(self, item, context):
    text = _original_text_variable(self, item, context)
    recording = getattr(context.get_layout(), "substituted", None)
    if text and recording is not None:
        recording.add((self.tag, self.get("variable")))
    return text


def _names_process(self, item, names_context=None, context=None, **kwargs):
    layout = (self if context is None else context).get_layout()
    declared = self.get("variable")
    repressed = getattr(layout, "repressed", {}).get(self.tag, [])
    variables = [v for v in declared.split() if v not in repressed]
    if not variables:
        raise VariableError
    # Render only the variables that a substitution has not already used.
    self.set("variable", " ".join(variables))
    try:
        text = _original_names_process(self, item, names_context, context, **kwargs)
    finally:
        self.set("variable", declared)
    recording = getattr(layout, "substituted", None)
    if text and recording is not None:
        recording.update((self.tag, v) for v in variables if v in item.reference)
    return text


def _render_child(substitute, child, item, context, **kwargs):
    if isinstance(child, model.Names) and child.name is None:
        names = substitute.xpath_search("./parent::cs:names[1]")[0]
        return child.render(item, names_context=names, context=context, **kwargs)
    return child.render(item, context=context, **kwargs)


def _substitute_render(self, item, context=None, **kwargs):
    layout = (self if context is None else context).get_layout()
    for child in self.getchildren():
        layout.substituted = set()
        try:
            text = _render_child(self, child, item, context, **kwargs)
        except VariableError:
            continue
        finally:
            used, layout.substituted = layout.substituted, None
        if text:
            for tag, variable in used:
                layout.repressed.setdefault(tag, []).append(variable)
            return text
    return None


def _initialize(self, given, mark, context):
    if self.get("initialize") == "false":
        return given
    if not self.get_option("initialize-with-hyphen", context):
        return _original_initialize(self, given, mark, context)
    # The first letter after a hyphen is an initial whatever its case ("Jae-won").
    return "-".join(
        _original_initialize(self, part[:1].upper() + part[1:], mark, context)
        for part in given.split("-")
        if part
    )


def apply():
    """Install the corrections (idempotent)."""
    if getattr(model, "_rnk_fixed", False):
        return
    model.Label.process = _label_process
    model.Text._variable = _text_variable
    model.Names.process = _names_process
    model.Substitute.render = _substitute_render
    model.Name.initialize = _initialize
    model.CitationStylesElement.xpath_search = _xpath_search
    model.Parent.calls_variable = _remembered(_original_parent_calls_variable)
    model.Text.calls_variable = _remembered(_original_text_calls_variable)
    model._rnk_fixed = True
