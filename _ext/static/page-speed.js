/* _ext/page_speed.py: a chapter's sections are drawn one at a time after the page loads.
 *
 * page-speed.css lets the browser skip the style and layout of every section below the
 * screen (content-visibility: auto), which took the page's load-time layout off a phone's
 * main thread. While a section is skipped, its box has a placeholder height and what is
 * inside has no true position: the scroll bar is wrong, and tools that read positions
 * (axe's colour-contrast check, which Lighthouse runs: dequelabs/axe-core#2768) see
 * text on top of other text. So once the page has loaded, each section below the top of
 * the screen is drawn for real, one per idle moment: each step is a short task, and only
 * content below what the reader sees moves. Sections above the screen (a reader who
 * came by a link to a heading further down) stay as they are until scrolled to, so
 * nothing on the screen jumps. When every section is done, <html> gets
 * data-sections-drawn (the browser tests wait for it).
 */
(function () {
  "use strict";
  // An idle moment, or at the latest 2 s later (a page that is never idle still gets
  // drawn); Safari has no requestIdleCallback.
  var idle = window.requestIdleCallback
    ? function (step) { return window.requestIdleCallback(step, {timeout: 2000}); }
    : function (step) { return setTimeout(step, 16); };

  function start() {
    var sections = [].slice.call(document.querySelectorAll(".bd-article > section > section"));
    function next() {
      var section = sections.shift();
      if (!section) {
        document.documentElement.dataset.sectionsDrawn = "";
        return;
      }
      if (section.getBoundingClientRect().bottom > 0) section.classList.add("drawn");
      idle(next);
    }
    idle(next);
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
