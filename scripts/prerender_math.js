// Draws the book's TeX as MathJax CommonHTML at build time (_ext/math_prerender.py).
// stdin:  JSON [{fontURL, items: [{tex, display}]}, ...]   one entry per page
// stdout: JSON [{css, html: [string, ...]}, ...]
// Each page gets its own MathJax document, so its stylesheet holds only the glyphs it uses.
// The assistive-MathML handler adds what a screen reader reads, as MathJax does in a browser.
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {CHTML} = require("mathjax-full/js/output/chtml.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AssistiveMmlHandler} = require("mathjax-full/js/a11y/assistive-mml.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const pages = JSON.parse(input).map(({fontURL, items}) => {
    const doc = mathjax.document("", {
      InputJax: new TeX({packages: AllPackages}),
      OutputJax: new CHTML({fontURL, adaptiveCSS: true}),
    });
    const html = items.map(({tex, display}) =>
      adaptor.outerHTML(doc.convert(tex, {display})));
    return {css: adaptor.textContent(doc.outputJax.styleSheet(doc)), html};
  });
  process.stdout.write(JSON.stringify(pages));
});
