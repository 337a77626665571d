"""Highlighted snippets, the same for both backends: query terms and their glossary twins."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import _CJK
from .glossary import concepts


def _patterns(analysed):
    terms = set()
    for token in analysed.tokens:
        terms.add(token)
    catalogue = concepts()
    for key in analysed.concepts:
        concept = catalogue.get(key)
        if concept:
            terms.update(v.lower() for v in concept.zh + concept.en)
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        if _CJK.search(term):
            parts.append(re.escape(term))
        elif len(term) > 1:
            parts.append(r"\b" + re.escape(term) + r"\w*")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text, analysed, *, length=160):
    """HTML-safe ``text`` with matches in <mark>, cut to about ``length`` characters around the first."""
    text = text or ""
    pattern = _patterns(analysed) if analysed is not None else None
    first = pattern.search(text) if pattern else None
    if length and len(text) > length:
        start = max(0, (first.start() if first else 0) - length // 4)
        end = start + length
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if not pattern:
        return mark_safe(escape(text))
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
