/*
 * Small fixes for what readers meet on every page (issue 12; tests/test_reader.py).
 *
 * 1. The sidebar buttons. pydata-sphinx-theme 0.17 binds its click handler to the FIRST
 *    .primary-toggle / .secondary-toggle (document.querySelector), which sits in the
 *    hidden #pst-header; sphinx-book-theme's visible buttons in the article header get
 *    none, so on a phone the chapter menu and the contents drawer never open and on a
 *    desktop the sidebar never collapses. Open upstream: pydata/pydata-sphinx-theme#2451,
 *    executablebooks/sphinx-book-theme#988. The visible buttons forward to the bound one.
 * 2. Labels the themes write in English into their templates or scripts: tooltips,
 *    aria-labels, the copy button, the heading links.
 * 3. Search results (search.html): snippets from the page's sentences, not its
 *    print-only table of contents or header buttons; one result per page; a result
 *    for several words links to the heading that holds all of them.
 */
(function () {
  "use strict";

  function forwardSidebarToggles() {
    ["primary", "secondary"].forEach(function (kind) {
      var bound = document.querySelector("." + kind + "-toggle");
      document.querySelectorAll(".bd-header-article ." + kind + "-toggle").forEach(function (button) {
        if (button === bound) return;
        button.addEventListener("click", function (event) {
          event.preventDefault();
          if (kind === "primary" && window.matchMedia("(min-width: 992px)").matches) {
            var sidebar = document.getElementById("pst-primary-sidebar");
            if (sidebar) sidebar.classList.toggle("pst-sidebar-hidden");
            return;
          }
          if (bound) bound.click();
        });
      });
    });
  }

  var LABELS = {
    "Toggle primary sidebar": "장 목록 열기·닫기",
    "Toggle secondary sidebar": "이 페이지의 목차 열기·닫기",
    "Toggle hidden content": null, // replaced by the summary's own words
    "Link to this heading": "이 제목으로 가는 링크",
    "Link to this term": "이 용어로 가는 링크",
    "Link to this definition": "이 정의로 가는 링크",
    "Link to this equation": "이 식으로 가는 링크",
    "Link to this code": "이 코드로 가는 링크",
    "Link to this table": "이 표로 가는 링크",
    "Link to this image": "이 그림으로 가는 링크",
    "On this page": "이 페이지의 목차",
    "Launch interactive content": "실행하기",
    "Source repositories": "저장소",
    "Download this page": "이 페이지 내려받기",
    "Main": "본문",
    "Page": "페이지",
    "Copy": "복사",
    "Copy to clipboard": "클립보드에 복사",
    "Copied!": "복사했습니다",
    "Search": "검색",
    "Fullscreen mode": "전체 화면",
  };

  function korean(value) {
    return Object.prototype.hasOwnProperty.call(LABELS, value) ? LABELS[value] : undefined;
  }

  function relabel(root) {
    root.querySelectorAll("[title], [aria-label], [data-bs-original-title], [data-tooltip]").forEach(function (el) {
      ["title", "aria-label", "data-bs-original-title", "data-tooltip"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value === null) return;
        var ko = korean(value.trim());
        if (ko === undefined) return;
        if (ko === null || (attr === "aria-label" && el.textContent.trim())) {
          // An element with visible words is named by them (axe: label-content-name-mismatch).
          el.removeAttribute(attr);
        } else {
          el.setAttribute(attr, ko);
        }
      });
    });
    // The sidebar's brand link sits outside every landmark (axe: region).
    root.querySelectorAll(".sidebar-primary-items__start > .sidebar-primary-item").forEach(function (el) {
      if (!el.closest("nav, [role=navigation]") && el.querySelector("a.navbar-brand")) {
        el.setAttribute("role", "navigation");
        el.setAttribute("aria-label", "책의 첫 페이지");
      }
    });
    // Search buttons: "검색 Ctrl+K" shown, "검색" announced: name them by what they show.
    root.querySelectorAll("button.search-button-field[aria-label], .search-button__button[aria-label]").forEach(function (el) {
      if (el.textContent.trim()) el.removeAttribute("aria-label");
    });
  }

  // --- search.html -------------------------------------------------------------------
  var NOT_TEXT = [".headerlink", "script", "style", ".onlyprint", "#jb-print-docs-body",
                  ".bd-header-article", ".header-article-items", ".prev-next-footer",
                  ".prev-next-area", ".cell.tag_hide-input", ".cell_input.hide",
                  ".intended-error", "nav", ".bd-sidebar-secondary", ".toctree-wrapper"];

  function pageText(htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    NOT_TEXT.forEach(function (q) {
      doc.querySelectorAll(q).forEach(function (el) { el.remove(); });
    });
    var main = doc.querySelector('[role="main"]');
    if (anchor && main) {
      var part = main.querySelector(anchor);
      if (part) return part.textContent;
    }
    return main ? main.textContent : "";
  }

  function stems(text) {
    var stemmer = new Stemmer();
    return splitQuery(text.toLowerCase())
      .filter(function (w) { return stopwords.indexOf(w) === -1; })
      .map(function (w) { return stemmer.stemWord(w); });
  }

  function onePerPage(results, query) {
    // Sphinx shows results from the END of the array: keep each page's best one.
    var seen = new Set();
    var kept = [];
    for (var i = results.length - 1; i >= 0; i--) {
      if (seen.has(results[i][0])) continue;
      seen.add(results[i][0]);
      kept.unshift(results[i]);
    }
    var words = Array.from(new Set(stems(query)));
    if (words.length < 2) return kept;
    // Several words: link to the page's heading that holds every one of them.
    var index = Search._index;
    var headings = Object.entries(index.alltitles);
    kept.forEach(function (result) {
      var file = index.docnames.indexOf(result[0]);
      for (var h = 0; h < headings.length; h++) {
        var heading = headings[h][0];
        var hs = new Set(stems(heading));
        if (!words.every(function (w) { return hs.has(w) || Array.from(hs).some(function (s) { return s.indexOf(w) === 0; }); })) continue;
        var place = headings[h][1].find(function (p) { return p[0] === file && p[1]; });
        if (place) {
          result[1] = index.titles[file] + " > " + heading;
          result[2] = "#" + place[1];
          result[4] += 20;
          break;
        }
      }
    });
    return kept;
  }

  function improveSearch() {
    if (typeof Search === "undefined" || !Search._performSearch) return;
    Search.htmlToText = pageText;
    var perform = Search._performSearch;
    Search._performSearch = function (query) {
      var results = perform.apply(Search, arguments);
      return onePerPage(results, query);
    };
  }

  improveSearch();
  document.addEventListener("DOMContentLoaded", function () {
    improveSearch();
    forwardSidebarToggles();
    relabel(document);
    // The theme adds a few buttons on load: label them once more then.
    window.addEventListener("load", function () { relabel(document); });
  });
})();
