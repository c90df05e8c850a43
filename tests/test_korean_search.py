"""Unit tests of the Korean search language (_ext/korean_search.py)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
import korean_search as ks  # noqa: E402

LANG = ks.SearchKorean({})

# word as it appears in the text -> what the index stores (and the query is reduced to)
STEMS = {
    "텐서": "텐서", "텐서를": "텐서", "텐서는": "텐서", "텐서의": "텐서", "텐서에서는": "텐서",
    "텐서들": "텐서", "텐서들은": "텐서", "텐서입니다": "텐서",
    "모델이": "모델", "모델을": "모델", "모델로": "모델", "모델과": "모델",
    "손실이": "손실", "손실을": "손실", "손실값": "손실값",
    "기울기": "기울기", "기울기가": "기울기", "기울기를": "기울기",
    "학습": "학습", "학습은": "학습", "학습합니다": "학습", "학습하면": "학습",
    "브로드캐스팅": "브로드캐스팅", "브로드캐스팅으로": "브로드캐스팅",
    "역전파로": "역전파", "계산합니다": "계산", "저장하고": "저장",
    # short words are never cut below two syllables
    "경로": "경로", "평가": "평가", "결과": "결과", "결과를": "결과", "정의": "정의", "차원": "차원",
}


@pytest.mark.parametrize("word, stem", STEMS.items())
def test_particles_and_endings_are_stripped(word, stem):
    assert LANG.stem(word) == stem


def test_english_words_keep_the_porter_stemmer():
    assert LANG.stem("DataLoader") == "dataload"
    assert LANG.stem("requires_grad") == "requires_grad"
    assert LANG.stem("tensors") == "tensor"


def test_hangul_and_latin_runs_are_split_apart():
    assert ks.split("`DataLoader`를 만들고 batch_size=32로 나눕니다") == [
        "DataLoader", "를", "만들고", "batch_size", "32", "로", "나눕니다"]
    assert ks.split("nn.Module의 forward()") == ["nn", "Module", "의", "forward"]


def test_lone_particles_and_numbers_are_not_indexed():
    assert not LANG.word_filter("를")
    assert not LANG.word_filter("32")
    assert not LANG.word_filter("the")
    assert LANG.word_filter("텐서") and LANG.word_filter("값") and LANG.word_filter("dataload")


def test_longest_suffix_wins():
    suffixes = ks.SUFFIXES
    assert suffixes.index("에서는") < suffixes.index("에서") < suffixes.index("에")
    assert len(set(suffixes)) == len(suffixes)


def test_the_javascript_stemmer_carries_the_same_table():
    js = ks.JS_STEMMER
    for suffix in ks.SUFFIXES:
        assert f'"{suffix}"' in js
    assert "var PorterStemmer = function" in js and "var Stemmer = function" in js
    assert f"var minStem = {ks.MIN_STEM};" in js
