"""Every piece of interface text goes through the catalogue.

The demo crawl (tests/test_demo_crawl.py) finds catalogue strings shown in the wrong language, but
text that was never marked for translation never reaches the catalogue: it shows in one language on
both sides. This reads the sources instead. Static: no database, no services.

Templates are cut into tokens with Django's own lexer; text inside {% translate %} and
{% blocktranslate %} counts as marked, every other tag and variable as not text. What is left is
read as HTML: text nodes and the attributes a reader sees or hears must hold no words. Python
modules are read with ``ast``: messages shown to a person and form or model labels must be
``gettext`` calls, never bare literals.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from tests.crawling import TEXT_ATTRIBUTES, VOID_TAGS  # what the demo crawl reads as visible text, too

ROOT = Path(__file__).resolve().parent.parent
# Stands for every tag and variable: no letters in it, so a value filled in at run time never counts.
SLOT = "\ue000"
MARKED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
# Comments are for developers; verbatim holds client-side templates filled from translated data.
UNREAD_BLOCKS = {"comment": "endcomment", "verbatim": "endverbatim"}
HIDDEN_TAGS = {"script", "style", "code", "pre"}
BUTTON_TYPES = {"submit", "button", "reset"}
WORD = re.compile(r"[^\W\d_]+")
# Words that read the same in both languages, so they need no translation. Keep this short: anything
# a translator could translate, they should. "TRL" is not here: Chinese pages say 成熟度 (the
# catalogue's "TRL %(trl)s"), and neither are brand or place names, which the catalogue translates.
SAME_IN_BOTH = {
    # File formats, as a download link names them (an export offered "CSV · XLSX" on both sides).
    "CSV",
    "XLSX",
    "PDF",
}


def _templates():
    for directory in [ROOT / "templates", *ROOT.glob("*/templates")]:
        for path in sorted(directory.rglob("*")):
            if path.suffix in {".html", ".txt"}:
                yield path


def _flatten(source):
    """The template with every tag, variable and marked text replaced by SLOT, line breaks kept."""
    parts = []
    closing = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT:
            text = token.contents
            parts.append(SLOT + "\n" * text.count("\n") if closing else text)
            continue
        bits = token.contents.split()
        name = bits[0] if bits and token.token_type == TokenType.BLOCK else ""
        if closing:
            closing = None if name == closing else closing
        elif name == "block" and bits[1].endswith("_class"):
            closing = "endblock"  # a block that fills in a class attribute ("body_class") holds class names
        else:
            closing = MARKED_BLOCKS.get(name) or UNREAD_BLOCKS.get(name)
        parts.append(SLOT)
    # A tag whose name is chosen by a tag ("<{% if link %}a{% else %}button{% endif %}") is still a tag.
    return re.sub(f"<(/?){SLOT}", rf"<\1slot{SLOT}", "".join(parts))


def unmarked_words(text):
    """The words of ``text`` a translator would have to see, or an empty list."""
    return [word for word in WORD.findall(text) if word not in SAME_IN_BOTH]


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, declares its own language) of each element not yet closed
        self.found = []

    def _note(self, text, where):
        # An element with its own `lang` is meant to be in that language whatever the page's (the
        # language switcher names each language in itself): the crawl checks those by their `lang`.
        if any(own_language for _tag, own_language in self.open):
            return
        if words := unmarked_words(text):
            line = self.getpos()[0] + text[: text.index(words[0])].count("\n")
            self.found.append((line, where, " ".join(text.replace(SLOT, "…").split())))

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            visible = name in TEXT_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in BUTTON_TYPES
            )
            if visible and value:
                self._note(value, f"<{tag} {name}>")
        if tag not in VOID_TAGS:
            # <html lang> is the page's own language: it exempts nothing.
            self.open.append((tag, "lang" in values and tag != "html"))

    def handle_endtag(self, tag):
        # Both branches of an {% if %} are read, so tags may close out of order: close up to the match.
        tags = [open_tag for open_tag, _own_language in self.open]
        if tag in tags:
            del self.open[len(tags) - 1 - tags[::-1].index(tag) :]

    def handle_data(self, data):
        if not any(tag in HIDDEN_TAGS for tag, _own_language in self.open):
            self._note(data, "text")


# Text written inside a tag: a value handed to an included template ({% include … with title="…" %})
# or shown when a variable is empty ({{ x|default:"…" }}). _("…") there is marked, as in Python.
# A lower-case name, path or slug (testid="technology-rows", icon="table") or a constant's name
# (Wagtail's item_type="ITEM") is a value, not text.
TAG_TEXT = re.compile(r"""(?:\b\w+=|\|default(?:_if_none)?:)(["'])(.*?)\1""")
IDENTIFIER = re.compile(r"[a-z0-9_./-]*|[A-Z0-9_]+")


def _tag_literals(source):
    for token in Lexer(source).tokenize():
        bits = token.contents.split()
        if token.token_type == TokenType.VAR or (
            token.token_type == TokenType.BLOCK and bits[:1] == ["include"]
        ):
            for match in TAG_TEXT.finditer(token.contents):
                text = match.group(2)
                if not IDENTIFIER.fullmatch(text) and unmarked_words(text):
                    yield token.lineno, "in a tag", text


def unmarked_template_text(source):
    """(line, where, text) of each piece of interface text outside a translate tag."""
    finder = _TextFinder()
    finder.feed(_flatten(source))
    finder.close()
    return sorted(finder.found + list(_tag_literals(source)))


def _template_findings():
    for path in _templates():
        for line, where, text in unmarked_template_text(path.read_text(encoding="utf-8")):
            yield f"{path.relative_to(ROOT)}:{line} {where}: {text}"


def test_templates_mark_all_their_interface_text():
    assert list(_template_findings()) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Apply now</p>", [(1, "text", "Apply now")]),
        ("<p>{% translate 'Apply now' %}</p>", []),
        ("<p>{% blocktranslate %}Apply {{ name }}{% endblocktranslate %}</p>", []),
        ("<p>{{ page.title }} · {{ count }}</p>", []),
        ("<p>\n{% if x %}\n立即申请{% endif %}</p>", [(3, "text", "… 立即申请…")]),
        ('<input type="submit" value="Send">', [(1, "<input value>", "Send")]),
        ('<input type="hidden" name="next" value="Send">', []),
        ('<img alt="Logo of {{ org }}">', [(1, "<img alt>", "Logo of …")]),
        ('<a title="{% translate "Open" %}">…</a>', []),
        ("<script>const label = 'Close';</script><code>pip install</code>", []),
        ('<a lang="{{ code }}"><span aria-hidden="true">中</span> EN</a><p>EN</p>', [(1, "text", "EN")]),
        ('<body class="{% block body_class %}page-home{% endblock %}"><br>Hi</body>', [(1, "text", "Hi")]),
        ("{% comment %}Shown to staff only{% endcomment %}<a>CSV</a> · <a>XLSX</a>", []),
        ("<span>TRL {{ trl }}</span>", [(1, "text", "TRL …")]),
        ('<html lang="{{ LANGUAGE_CODE }}"><p>Hi</p></html>', [(1, "text", "Hi")]),
        (
            '{% include "x.html" with title="Invoices" icon="table" testid="invoice-rows" %}',
            [(1, "in a tag", "Invoices")],
        ),
        ('{% include "x.html" with title=_("Invoices") %}{{ name|default:"—" }}', []),
        ("<p>{{ name|default:'Nobody yet' }}</p>", [(1, "in a tag", "Nobody yet")]),
    ],
)
def test_the_template_check_sees_unmarked_text_only(source, expected):
    assert unmarked_template_text(source) == expected


# Messages a person reads: a flash message, a validation error (a form's or the API's), an API error
# (the API answers in the client's Accept-Language). CommandError is left out on purpose: it is read
# by the operator running a command, in English; so is a webhook's refusal, read by the sender's logs.
ERRORS = {
    "ValidationError",
    "NotFound",
    "PermissionDenied",
    "ParseError",
    "NotAuthenticated",
    "AuthenticationFailed",
}
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "debug", "add_message"}
LABEL_KEYWORDS = {
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "label",
    "empty_label",
    "error_messages",
}
CLASS_LABELS = {"verbose_name", "verbose_name_plural", "menu_label", "help_text"}
# Not interface code: migrations copy the labels of models.py, and demo/ is content (bilingual data).
UNREAD_PACKAGES = {"tests", "migrations", "demo", "benchmarks", "scripts", ".venv", "node_modules", "static"}


def _python_modules():
    for path in sorted(ROOT.glob("*/**/*.py")):
        if not UNREAD_PACKAGES.intersection(path.relative_to(ROOT).parts):
            yield path


def _literal_text(node):
    """Whether ``node`` builds text from a literal without gettext: "…", f"…", "…" % x, "…".format(x)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(unmarked_words(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_literal_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _literal_text(node.func.value)
    if isinstance(node, ast.Dict):  # ValidationError({"field": "message"})
        return any(_literal_text(value) for value in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_literal_text(item) for item in node.elts)
    return False


def _name(func):
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _shown_texts(call):
    """The arguments of ``call`` that a person reads, with what they are."""
    name = _name(call.func)
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    if (
        name in MESSAGE_FUNCTIONS
        and isinstance(call.func, ast.Attribute)
        and _name(call.func.value) == "messages"
    ):
        position = 2 if name == "add_message" else 1
        if len(call.args) > position:
            yield f"messages.{name}", call.args[position]
        if "message" in keywords:
            yield f"messages.{name}", keywords["message"]
    elif name in ERRORS:
        if call.args:
            yield name, call.args[0]
        for keyword in ("message", "detail"):
            if keyword in keywords:
                yield name, keywords[keyword]
    elif name == "add_error" and len(call.args) > 1:
        yield name, call.args[1]
    elif name == "Response" and call.args and isinstance(call.args[0], ast.Dict):
        for key, value in zip(call.args[0].keys, call.args[0].values, strict=True):
            if isinstance(key, ast.Constant) and key.value == "detail":
                yield "Response detail", value
    for keyword in LABEL_KEYWORDS & keywords.keys():
        yield f"{keyword}=", keywords[keyword]
    if isinstance(keywords.get("choices"), (ast.List, ast.Tuple)):
        for choice in keywords["choices"].elts:
            yield from _choice_label(choice)


def _choice_label(choice):
    """The label of a ("value", "Label") pair, unless it only repeats its value (a code shown as is)."""
    if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
        value, label = choice.elts
        if not (
            isinstance(value, ast.Constant) and isinstance(label, ast.Constant) and value.value == label.value
        ):
            yield "choice label", label


def _class_texts(node):
    """Labels set on a class: ``verbose_name = "…"`` (an AppConfig, a Meta), ``menu_label = "…"`` (a
    Wagtail viewset), and the members of a TextChoices / IntegerChoices (``DRAFT = "draft", "Draft"``)."""
    choices = any(_name(base).endswith("Choices") for base in node.bases)
    for statement in node.body:
        if not isinstance(statement, ast.Assign):
            continue
        names = {getattr(target, "id", "") for target in statement.targets}
        for name in sorted(names & CLASS_LABELS):
            yield f"{name} =", statement.value
        if choices:
            yield from _choice_label(statement.value)


def unmarked_python_text(source):
    """(line, what, text) of each message or label in ``source`` built from a bare literal."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Call, ast.ClassDef)):
            shown = _shown_texts(node) if isinstance(node, ast.Call) else _class_texts(node)
            for what, argument in shown:
                if _literal_text(argument):
                    found.append((argument.lineno, what, ast.get_source_segment(source, argument)))
    return sorted(found)


def _python_findings():
    for path in _python_modules():
        for line, what, text in unmarked_python_text(path.read_text(encoding="utf-8")):
            yield f"{path.relative_to(ROOT)}:{line} {what}: {text}"


def test_python_marks_the_messages_and_labels_people_read():
    assert list(_python_findings()) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('messages.success(request, "Saved.")', [(1, "messages.success", '"Saved."')]),
        ('messages.success(request, _("Saved."))', []),
        ('messages.error(request, f"{n} failed")', [(1, "messages.error", 'f"{n} failed"')]),
        ('messages.info(request, _("%(n)s saved") % {"n": n})', []),
        (
            'raise ValidationError({"sort": ["Not here."]})',
            [(1, "ValidationError", '{"sort": ["Not here."]}')],
        ),
        ('raise forms.ValidationError(_("Too long."), code="max")', []),
        ('raise NotFound("No such session.")', [(1, "NotFound", '"No such session."')]),
        ('raise CommandError("No such listing.")', []),
        (
            'title = models.CharField(verbose_name="Title", help_text=_("Shown first"))',
            [(1, "verbose_name=", '"Title"')],
        ),
        ('field = forms.CharField(label=gettext_lazy("Title"), help_text="")', []),
        (
            'return Response({"detail": "Only editors."}, status=403)',
            [(1, "Response detail", '"Only editors."')],
        ),
        ('return Response({"ref": "TRL-1"})', []),
        (
            'f = forms.ChoiceField(choices=[("a", "All"), ("zh", "zh"), ("en", _("English"))])',
            [(1, "choice label", '"All"')],
        ),
        (
            'class State(models.TextChoices):\n    DRAFT = "draft", "Draft"\n    LIVE = "live", _("Live")',
            [(2, "choice label", '"Draft"')],
        ),
        (
            'class DealflowConfig(AppConfig):\n    name = "dealflow"\n    verbose_name = "Deal flow"',
            [(3, "verbose_name =", '"Deal flow"')],
        ),
        (
            'class Meta:\n    verbose_name = _("deal")\n    verbose_name_plural = "deals"',
            [(3, "verbose_name_plural =", '"deals"')],
        ),
        (
            'f = forms.CharField(error_messages={"required": "Say something."})',
            [(1, "error_messages=", '{"required": "Say something."}')],
        ),
    ],
)
def test_the_python_check_sees_bare_literals_only(source, expected):
    assert unmarked_python_text(source) == expected


def test_the_checks_read_the_whole_interface():
    templates = {str(path.relative_to(ROOT)) for path in _templates()}
    assert {"templates/base.html", "templates/digest/email/digest.txt"} <= templates
    assert len(templates) > 150
    modules = {str(path.relative_to(ROOT)) for path in _python_modules()}
    assert {"listings/forms.py", "roadshow/payment_api.py", "accounts/models.py"} <= modules
    assert not any(name.startswith(("tests/", "demo/")) or "/migrations/" in name for name in modules)
