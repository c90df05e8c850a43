"""Korean-aware full-text search for the book (a Sphinx search language for ``ko``).

Sphinx has no Korean search language: with ``language: ko`` it falls back to the
English one, which indexes "텐서를", "텐서는" and "텐서" as three unrelated words, and its
browser code only tries partial matches for queries longer than two characters. So a
reader who types 텐서, 모델 or 손실 finds little.

This extension registers a search language that, on both sides of the search (Python
when the index is built, JavaScript when a reader types a query):

* splits Hangul runs from Latin/digit runs, so "DataLoader를" is "DataLoader" + "를";
* strips one trailing particle or ending (조사·어미: 를, 에서는, 입니다, 하면 ...) from a
  Hangul word, then a plural 들, keeping a stem of at least two syllables, so
  "텐서를", "텐서들은" and "텐서입니다" all become "텐서";
* drops particles that stand alone;
* leaves everything else to the English (Porter) stemmer, so ``requires_grad`` and
  ``DataLoader`` search as before.

The same suffix table feeds the Python and the JavaScript stemmer, so they cannot drift
apart; the unit tests check the Python side and the browser tests the JavaScript side.

It also installs `search_scorer.js` (Sphinx's ``html_search_scorer``), which ranks the
chapter whose title or headings hold the query above pages that merely mention it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.search.en import SearchEnglish, js_porter_stemmer

HANGUL = "\uac00-\ud7a3"

# Particles (조사) and common endings that attach to a noun. One is stripped, the
# longest that fits; what is left must keep MIN_STEM syllables, so short words such
# as 경로, 평가, 결과 are never cut.
SUFFIXES = sorted(
    {
        # case and topic particles
        "이", "가", "을", "를", "은", "는", "의", "에", "로", "으로", "와", "과", "도", "만",
        "에서", "에게", "한테", "께", "부터", "까지", "처럼", "보다", "마다", "조차", "밖에",
        "이나", "나", "이랑", "랑", "이며", "며", "이고", "이든", "든", "이란", "란",
        "라는", "이라는", "라고", "이라고", "로서", "으로서", "로써", "으로써",
        # particle combinations
        "에서는", "에서도", "에서의", "에서만", "에는", "에도", "에만", "에의", "에게는",
        "으로는", "으로도", "으로만", "으로의", "로는", "로도", "로만", "로의",
        "와는", "과는", "와의", "과의", "까지는", "부터는", "만으로", "만을", "만이",
        "보다는", "처럼은", "들이", "들을", "들은", "들의", "들에", "들과", "들로",
        # copula and 하다/되다 endings after a noun
        "이다", "입니다", "이에요", "예요", "이면", "이어서", "이므로", "인", "일",
        "하다", "합니다", "하는", "하면", "하고", "하여", "해서", "해야", "했다", "했습니다",
        "한다", "하기", "하려면", "하지", "할", "한", "함",
        "되다", "됩니다", "되는", "되면", "되어", "된다", "된", "될", "됨",
        "시킵니다", "시키는", "시키면",
    },
    key=lambda s: (-len(s), s),
)
PLURAL = "들"
MIN_STEM = 2

# A lone particle carries no meaning of its own: not indexed, ignored in queries.
STOPWORDS_KO = {"이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도", "만",
                "으로", "에서", "및", "또는", "그", "이런", "저", "것", "수", "등"}

_WORDS = re.compile(rf"[{HANGUL}]+|(?:(?![{HANGUL}])\w)+")
_HANGUL_WORD = re.compile(rf"[{HANGUL}]+")


def split(text: str) -> list[str]:
    """Split text into Hangul runs and other word runs (letters, digits, _)."""
    return _WORDS.findall(text)


def stem_korean(word: str) -> str:
    """Strip one particle or ending, then a plural 들, keeping MIN_STEM syllables."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    if word.endswith(PLURAL) and len(word) - 1 >= MIN_STEM:
        word = word[:-1]
    return word


JS_SPLITTER = r"""
function splitQuery(query) {
  return query.match(/[\uAC00-\uD7A3]+|(?:(?![\uAC00-\uD7A3])[\p{L}\p{N}_])+/gu) || [];
}
"""

JS_STEMMER = (
    js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function", 1)
    + """
/**
 * Korean-aware stemmer: the same rules as _ext/korean_search.py (stem_korean).
 */
var Stemmer = function() {
  var suffixes = %(suffixes)s;
  var plural = %(plural)s;
  var minStem = %(min_stem)d;
  var porter = new PorterStemmer();
  this.stemWord = function(w) {
    if (!/^[\\uAC00-\\uD7A3]+$/.test(w)) return porter.stemWord(w);
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (w.length - s.length >= minStem && w.slice(-s.length) === s) {
        w = w.slice(0, -s.length);
        break;
      }
    }
    if (w.slice(-1) === plural && w.length - 1 >= minStem) w = w.slice(0, -1);
    return w;
  };
};
"""
    % {
        "suffixes": json.dumps(SUFFIXES, ensure_ascii=False),
        "plural": json.dumps(PLURAL, ensure_ascii=False),
        "min_stem": MIN_STEM,
    }
)


class SearchKorean(SearchEnglish):
    """Korean words stemmed by particle stripping; other words as in English."""

    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER
    js_stemmer_code = JS_STEMMER
    stopwords = SearchEnglish.stopwords | STOPWORDS_KO

    def split(self, input: str) -> list[str]:
        return split(input)

    def stem(self, word: str) -> str:
        if _HANGUL_WORD.fullmatch(word):
            return stem_korean(word)
        return super().stem(word)

    def word_filter(self, word: str) -> bool:
        return bool(word) and word not in self.stopwords and not word.isdigit()


SCORER = Path(__file__).with_name("search_scorer.js")


def glossary_stems(srcdir: Path) -> dict[str, list[str]]:
    """{stem: [chapters that teach a glossary term with that word]}: the Hangul term, its
    English name and its variant spellings (appendix/glossary.md), stemmed as the index."""
    import reader_fixes

    path = Path(srcdir) / "appendix" / "glossary.md"
    if not path.exists():
        return {}
    lang = SearchKorean({})
    found: dict[str, list[str]] = {}
    for term, entry in reader_fixes.parse_glossary(path.read_text(encoding="utf-8")).items():
        if not entry["chapter"]:
            continue
        for phrase in [term, *entry["english"], *entry["variants"]]:
            for word in split(phrase.lower()):
                if lang.word_filter(word):
                    docs = found.setdefault(lang.stem(word), [])
                    if entry["chapter"] not in docs:
                        docs.append(entry["chapter"])
    return found


def use_book_scorer(app, config):
    """The scorer, with the glossary's words of each chapter (BookTerms) in front of it."""
    if config.html_search_scorer:
        return
    terms = json.dumps(glossary_stems(app.srcdir), ensure_ascii=False, sort_keys=True)
    scorer = Path(app.doctreedir) / "search_scorer.js"
    scorer.parent.mkdir(parents=True, exist_ok=True)
    scorer.write_text(f"var BookTerms = {terms};\n" + SCORER.read_text(encoding="utf-8"), encoding="utf-8")
    # Sphinx opens this path as given, so it must not depend on the working directory.
    config.html_search_scorer = str(scorer)


def setup(app):
    app.add_search_language(SearchKorean)
    app.connect("config-inited", use_book_scorer)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
