"""Content in two languages, shown in the reader's.

Every piece of user content is written in one language (a listing says which in `language`; everything
else is written in Chinese first) and may carry its other-language version beside it: `<field>_en` on
models written in Chinese, `translated_<field>` on listings, which may be written in either. The reader
gets their language where it exists, and the original otherwise, marked as such so that a screen reader
pronounces it right and a sighted reader knows why it is in the other language.
"""

from django.utils.translation import get_language

LANG_ATTRIBUTE = {"zh": "zh-Hans", "en": "en"}


class LocalizedText(str):
    """A text that knows its language and whether it stands in for a missing translation."""

    lang: str
    fallback: bool

    def __new__(cls, value, lang, *, fallback=False):
        text = super().__new__(cls, value or "")
        text.lang = lang
        text.fallback = fallback
        return text

    @property
    def lang_attribute(self):
        return LANG_ATTRIBUTE[self.lang]


def reader_language(language=None):
    """'en' for English readers, 'zh' for everyone else (Chinese is the site's first language)."""
    return "en" if (language or get_language() or "").startswith("en") else "zh"


def original_language(obj):
    """The language `obj`'s main fields are written in."""
    return "en" if getattr(obj, "language", "zh") == "en" else "zh"


def other_language_field(obj, field, language):
    """The attribute name holding `field` in `language`, or None when `obj` has none."""
    if language == original_language(obj):
        return None
    for name in (f"{field}_{language}", f"translated_{field}"):
        if hasattr(obj, name):
            return name
    return None


def localized_from(texts, *, original, language=None):
    """The text of `texts` ({"zh": …, "en": …}) in the reader's language where it has one, else the
    original's, else whichever it has; a text in another language than the reader's is marked fallback."""
    reader = reader_language(language)
    for lang in dict.fromkeys((reader, original, *texts)):
        text = texts.get(lang) or ""
        if str(text).strip():
            return LocalizedText(text, lang, fallback=lang != reader)
    return LocalizedText("", original)


def localized(obj, field, *, language=None):
    """`obj.<field>` in the reader's language where it exists, else in the original (marked fallback)."""
    base = getattr(obj, field, "") or ""
    if isinstance(base, LocalizedText):  # a property that already chose the language
        return base
    original = original_language(obj)
    texts = {original: base}
    name = other_language_field(obj, field, reader_language(language))
    if name:
        texts[reader_language(language)] = getattr(obj, name, "") or ""
    return localized_from(texts, original=original, language=language)


def both_languages(obj, field):
    """Every non-empty version of `field` (for search indexing): original first."""
    texts = [getattr(obj, field, "") or ""]
    for language in ("zh", "en"):
        name = other_language_field(obj, field, language)
        if name:
            texts.append(getattr(obj, name, "") or "")
    return [text for text in texts if text.strip()]
