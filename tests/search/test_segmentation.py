"""rjieba (jieba's algorithm and dictionary in Rust) cuts our texts exactly as jieba does.

Analysis uses rjieba because it is about 35× faster; this test is what allows that: on every
sample text the project has (the search development set, the demo listings, the synthetic
generator's listings) search mode without the HMM, with the glossary as user dictionary, gives
the same pieces in the same order as the reference jieba. Should a jieba or rjieba release ever
disagree, this fails and analysis must go back to jieba (see search/analysis.py).
"""

import json
import logging
from pathlib import Path

import jieba
import pytest

from demo.listings import DEMANDS, TECHNOLOGIES
from demo.synthetic import generate
from search import analysis
from search.glossary import user_dictionary_words

ROOT = Path(__file__).resolve().parents[2]


def _texts_of(record):
    fields = ("title", "summary", "description", "advantages", "application_scenarios", "scenario")
    parts = [str(record.get(name) or "") for name in fields]
    parts.append(" ".join(record.get("keywords") or []))
    return [analysis.normalise(" ".join(parts))]


def sample_texts():
    texts = []
    with (ROOT / "search" / "devset" / "listings.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            texts += _texts_of(json.loads(line))
    shared = ROOT.parent / "shared" / "matching-devset" / "listings.jsonl"
    if shared.exists():  # the shared development set sits beside the checkout on our machines
        with shared.open(encoding="utf-8") as lines:
            for line in lines:
                texts += _texts_of(json.loads(line))
    for row in [*TECHNOLOGIES, *DEMANDS]:  # ref, org, track, language, title, summary, keywords, ...
        title, summary, keywords, extra = row[4], row[5], row[6], row[-1]
        strings = [v for v in extra.values() if isinstance(v, str)]
        texts.append(analysis.normalise(" ".join([title, summary, " ".join(keywords), *strings])))
    for record in generate(technologies=400, demands=100, seed=7):
        texts += _texts_of(record)
    return texts


@pytest.fixture(scope="module")
def reference_jieba():
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in user_dictionary_words():
        tokenizer.add_word(word, freq=analysis.USER_WORD_FREQ)
    return tokenizer


def test_rjieba_cuts_every_sample_text_as_jieba_does(reference_jieba):
    texts = sample_texts()
    assert len(texts) > 600
    segmenter = analysis._jieba()
    differing = [
        text
        for text in texts
        if segmenter.cut_for_search(text, analysis.HMM)
        != list(reference_jieba.cut_for_search(text, HMM=analysis.HMM))
    ]
    assert differing == []


def test_glossary_words_stay_whole(reference_jieba):
    text = analysis.normalise("低温型钠离子电池层状氧化物正极材料用于储能电站")
    assert analysis._jieba().cut_for_search(text, analysis.HMM) == list(
        reference_jieba.cut_for_search(text, HMM=analysis.HMM)
    )
    assert "钠离子电池" in analysis.tokenize(text)
