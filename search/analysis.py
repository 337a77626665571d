"""Text analysis applied before text reaches either backend.

Chinese is segmented with jieba's dictionary and algorithm through ``rjieba`` (the Rust port,
about 35× faster; its search-mode cut equals jieba's on our texts, see
tests/search/test_segmentation.py), with the glossary as user dictionary; English is
lower-cased and lightly stemmed (plurals only), stop words are dropped, and glossary concepts
found in either language are added as language-neutral ``~<key>`` tokens. Elasticsearch then
only needs its core ``whitespace`` analyzer and ``keyword`` fields.
"""

import hashlib
import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import rjieba
from django.conf import settings
from django.core.cache import cache
from django.utils.html import strip_tags

from .glossary import STOPWORDS, concepts, user_dictionary_words
from .lexicon import lexicon, stem

CONCEPT_PREFIX = "~"
# jieba's HMM guesses words missing from its dictionary; off, analysis runs 2.5× faster.
HMM = False
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9]*)?")
_lock = threading.Lock()
_tokenizer = None


# Frequency given to the glossary's words in the segmenter's dictionary (above any common word).
USER_WORD_FREQ = 20000


def _jieba():
    """The segmenter: jieba's dictionary in rjieba, with the glossary's words added."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                tokenizer = rjieba.Jieba()
                for word in user_dictionary_words():
                    tokenizer.add_word(word, USER_WORD_FREQ, None)
                _tokenizer = tokenizer
    return _tokenizer


# Every process re-reads the editors' glossary when another one saved a change (search.services).
VOCABULARY_VERSION_KEY = "search:glossary-version"
_seen_version = {"version": None, "checked": -1e9}


def reset_vocabulary():
    """Forget the glossary, its matchers and jieba's user dictionary (read again on next use)."""
    global _tokenizer
    concepts.cache_clear()
    _concept_matchers.cache_clear()
    _vocabulary_digest.cache_clear()
    with _lock:
        _tokenizer = None


def announce_vocabulary_change(version):
    """Tell every process the glossary changed (shared cache), and forget it in this one."""
    cache.set(VOCABULARY_VERSION_KEY, version, timeout=None)
    _seen_version.update(version=version, checked=time.monotonic())
    reset_vocabulary()


def _check_vocabulary():
    every = float(getattr(settings, "SEARCH_GLOSSARY_CHECK_SECONDS", 10.0))
    now = time.monotonic()
    if now - _seen_version["checked"] < every:
        return
    version = cache.get(VOCABULARY_VERSION_KEY)
    if version != _seen_version["version"]:
        if _seen_version["version"] is not None or version is not None:
            reset_vocabulary()
        _seen_version["version"] = version
    _seen_version["checked"] = now


@lru_cache(maxsize=1)
def _vocabulary_digest():
    payload = json.dumps(
        sorted((key, sorted(c.zh), sorted(c.en)) for key, c in concepts().items()), ensure_ascii=False
    )
    return hashlib.sha1(payload.encode(), usedforsecurity=False).hexdigest()


def vocabulary_digest():
    """A digest of the glossary in force (the editors' terms included): part of every analysis's
    revision, so a saved term makes the listings it touches be analysed again."""
    _check_vocabulary()
    return _vocabulary_digest()


def normalise(text):
    """NFKC (full-width to half-width) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def english_words(text):
    return [stem(w) for w in _WORD.findall(text)]


@lru_cache(maxsize=1)
def _concept_matchers():
    chinese = []  # (variant, key)
    english = {}  # first word -> [(word tuple, key)]
    for concept in concepts().values():
        for variant in concept.zh + concept.en:
            variant = normalise(variant)
            if _CJK.search(variant):
                chinese.append((variant, concept.key))
            else:
                words = tuple(english_words(variant))
                if words:
                    english.setdefault(words[0], []).append((words, concept.key))
    return chinese, english


def find_concepts(text):
    """Glossary concept keys mentioned in ``text`` (already normalised), in either language."""
    chinese, english = _concept_matchers()
    found = {key for variant, key in chinese if variant in text}
    words = english_words(text)
    for i, word in enumerate(words):
        for phrase, key in english.get(word, ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                found.add(key)
    return found


def tokenize(text):
    """Index/query tokens of ``text`` (normalised), duplicates kept for term frequency.

    Without jieba's HMM, a word missing from the dictionary comes out as single characters;
    runs of them are joined back into one token, which is what the HMM would mostly guess.
    """
    tokens = []
    run = []

    def flush():
        if len(run) >= 2:
            tokens.append("".join(run))
        run.clear()

    for piece in _jieba().cut_for_search(text, HMM):
        piece = piece.strip()
        if not piece:
            flush()
            continue
        if _CJK.search(piece):
            if len(piece) == 1:
                if piece in STOPWORDS:
                    flush()
                else:
                    run.append(piece)
                continue
            flush()
            if piece not in STOPWORDS:
                tokens.append(piece)
        else:
            flush()
            tokens.extend(
                w for w in english_words(piece) if len(w) > 1 and not w.isdigit() and w not in STOPWORDS
            )
    flush()
    return tokens


# How many glosses a text keeps: the ones it says most, so a listing's gloss set stays about the
# size of its key vocabulary (and a match query about as long as it was without them).
GLOSSES_KEPT = 64


def glosses_of(tokens, kept=GLOSSES_KEPT):
    """The lexicon's English glosses of Chinese tokens plus the Latin tokens themselves.

    A Chinese word's first gloss counts fully, later ones (rarer senses) less; the glosses the
    text says most often are kept, at most ``kept``.
    """
    lex = lexicon()
    weights = {}
    for token in tokens:
        words = lex.glosses(token) if _CJK.search(token) else (token,)
        for position, word in enumerate(words):
            weights[word] = weights.get(word, 0.0) + 1.0 / (1 + position)
    ordered = sorted(weights, key=lambda word: (-weights[word], word))
    return tuple(ordered[:kept])


@dataclass(frozen=True)
class Analysed:
    tokens: tuple
    concepts: frozenset
    glosses: tuple = ()


def analyse(text):
    """Tokens, glossary concepts and lexicon glosses of a piece of text (HTML is stripped first)."""
    _check_vocabulary()
    text = normalise(strip_tags(text or "") if "<" in (text or "") else text)
    tokens = tuple(tokenize(text))
    return Analysed(tokens, frozenset(find_concepts(text)), glosses_of(tokens))


def concept_token(key):
    return CONCEPT_PREFIX + key


@dataclass
class ListingFeatures:
    """What search and matching know about one listing, whichever backend holds it."""

    kind: str
    pk: int
    ref: str
    title: str
    language: str = "zh"
    track: str = ""
    trl: int | None = None
    price_cny: int | None = None
    price_negotiable: bool = False
    budget_min_cny: int | None = None
    budget_max_cny: int | None = None
    deadline: date | None = None
    needed_trl: int | None = None
    tokens: frozenset = field(default_factory=frozenset)
    key_tokens: frozenset = field(default_factory=frozenset)
    concepts: frozenset = field(default_factory=frozenset)
    key_concepts: frozenset = field(default_factory=frozenset)
    glosses: frozenset = field(default_factory=frozenset)
    key_glosses: frozenset = field(default_factory=frozenset)
    text: str = ""  # every token in order, space-separated, for full-text scoring


# Words in a demand that say how mature the answer must be (TRL the demand needs).
_MATURITY_HINTS = [
    (
        7,
        ("量产", "批量", "规模化", "产业化", "商业化", "mass production", "commercial", "scale-up", "volume"),
    ),
    (6, ("中试", "示范", "工程化", "pilot", "demonstration", "field trial", "field-proven")),
    (4, ("样机", "原型", "验证", "prototype", "validation")),
    (2, ("概念验证", "前沿", "探索", "proof of concept", "exploratory", "early-stage")),
]


def infer_needed_trl(text):
    """The TRL a demand asks for, read from the maturity it describes (None when it says nothing)."""
    text = normalise(text)
    for level, hints in _MATURITY_HINTS:
        if any(hint in text for hint in hints):
            return level
    return None


def build_features(*, kind, pk, ref, title, summary="", body=(), keywords=(), **extra):
    """Analyse a listing's texts into features. ``body`` is a list of further texts."""
    key_text = " ".join([title or "", " ".join(keywords or [])])
    full_text = " ".join([key_text, summary or "", *[b or "" for b in body]])
    key = analyse(key_text)
    full = analyse(full_text)
    if kind == "demand" and extra.get("needed_trl") is None:
        extra["needed_trl"] = infer_needed_trl(strip_tags(full_text))
    concept_keys = frozenset(full.concepts)
    return ListingFeatures(
        kind=kind,
        pk=pk,
        ref=ref,
        title=title,
        tokens=frozenset(full.tokens),
        key_tokens=frozenset(key.tokens),
        concepts=concept_keys,
        key_concepts=frozenset(key.concepts),
        glosses=frozenset(full.glosses) | frozenset(key.glosses),
        key_glosses=frozenset(key.glosses),
        text=" ".join(full.tokens + tuple(concept_token(c) for c in sorted(concept_keys))),
        **extra,
    )


def features_from_listing(listing):
    """Features of a ``listings`` Technology or Demand (reads only the contract's fields)."""
    kind = listing.kind
    # The other-language title and summary are searched too, so a reader finds a listing in theirs.
    body = [
        listing.description,
        getattr(listing, "translated_title", ""),
        getattr(listing, "translated_summary", ""),
        getattr(listing, "translated_description", ""),
    ]
    extra = {}
    if kind == "technology":
        body += [getattr(listing, "advantages", ""), getattr(listing, "application_scenarios", "")]
        extra.update(
            trl=listing.trl,
            price_cny=getattr(listing, "price_cny", None),
            price_negotiable=bool(getattr(listing, "price_negotiable", False)),
        )
    else:
        body += [getattr(listing, "scenario", ""), getattr(listing, "required_capabilities", "")]
        extra.update(
            budget_min_cny=getattr(listing, "budget_min_cny", None),
            budget_max_cny=getattr(listing, "budget_max_cny", None),
            deadline=getattr(listing, "deadline", None),
            needed_trl=getattr(listing, "min_trl", None),
        )
    return build_features(
        kind=kind,
        pk=listing.pk,
        ref=listing.ref,
        title=listing.title,
        summary=listing.summary,
        body=[b if isinstance(b, str) else "" for b in body],
        keywords=listing.keywords or [],
        language=listing.language,
        track=listing.track.slug if listing.track_id else "",
        **extra,
    )


def _translation_texts(record):
    translation = record.get("translation")
    if not isinstance(translation, dict):
        return []
    return [
        value for value in (translation.get("title"), translation.get("summary")) if isinstance(value, str)
    ]


def features_from_record(record, pk):
    """Features of one line of the PRODUCT.md exchange format (used by the development set)."""
    kind = record["type"]
    extra = {}
    if kind == "technology":
        extra["trl"] = record.get("trl")
        extra["price_cny"] = record.get("price_cny")
        extra["price_negotiable"] = record.get("price_cny") is None
    else:
        extra["budget_max_cny"] = record.get("budget_cny")
        deadline = record.get("deadline")
        extra["deadline"] = date.fromisoformat(deadline) if deadline else None
    return build_features(
        kind=kind,
        pk=pk,
        ref=record["ref"],
        title=record["title"],
        summary=record.get("summary", ""),
        body=[record.get("description", ""), *_translation_texts(record)],
        keywords=record.get("keywords", []),
        language=record.get("language", "zh"),
        track=record.get("track", ""),
        **extra,
    )
