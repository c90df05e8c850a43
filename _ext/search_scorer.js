/*
 * Search ranking for this book (Sphinx's html_search_scorer, set by korean_search.py).
 *
 * Sphinx ranks a page that merely mentions a word about as high as the chapter about
 * it. On top of Sphinx's own score, every result of a page gets:
 *   +30 when the page's title contains every word of the query (the chapter about it),
 *   +10 more when the title is exactly the query,
 *   +10 for each section heading of the page that contains a query word (at most +30).
 * Words are compared after the same splitting and stemming as the index (korean_search).
 *   +25 for the chapter that teaches a glossary term whose Hangul, English name or
 *       variant spelling holds every word of the query (BookTerms, written in front
 *       of this file by korean_search.py from appendix/glossary.md).
 * A glossary entry (Sphinx gives its index entry 100 points) is set to 12: above pages
 * that merely mention the word, below the chapter about it.
 */
var GLOSSARY_ENTRY_SCORE = 12;

var Scorer = {
  score: (result) => {
    const [docname, , anchor, , score] = result;
    if (anchor && anchor.startsWith("#term-")) return GLOSSARY_ENTRY_SCORE;
    return score + BookBoost.forDoc(docname);
  },
  // Sphinx's defaults, unchanged
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};

var BookBoost = {
  _query: null,
  _boosts: null,

  stems(text) {
    const stemmer = new Stemmer();
    return splitQuery(text.toLowerCase())
      .filter((w) => stopwords.indexOf(w) === -1)
      .map((w) => stemmer.stemWord(w));
  },

  forDoc(docname) {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    if (this._query !== query) {
      this._query = query;
      this._boosts = this.compute(query);
    }
    return this._boosts.get(docname) || 0;
  },

  compute(query) {
    const index = Search._index;
    const words = [...new Set(this.stems(query))];
    const boosts = new Map();
    if (!words.length) return boosts;
    const headings = new Map(); // file index -> number of headings with a query word
    for (const [heading, places] of Object.entries(index.alltitles)) {
      const stems = new Set(this.stems(heading));
      if (!words.some((w) => stems.has(w))) continue;
      for (const [file] of places) {
        if (index.titles[file] !== heading) headings.set(file, (headings.get(file) || 0) + 1);
      }
    }
    index.docnames.forEach((docname, file) => {
      const title = this.stems(index.titles[file]);
      let boost = Math.min(30, 10 * (headings.get(file) || 0));
      const terms = typeof BookTerms === "undefined" ? {} : BookTerms;
      if (words.every((w) => (terms[w] || []).includes(docname))) boost += 25;
      if (words.every((w) => title.includes(w))) {
        boost += 30;
        if (title.length === words.length) boost += 10;
      }
      boosts.set(docname, boost);
    });
    return boosts;
  },
};
