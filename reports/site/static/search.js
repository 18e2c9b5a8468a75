/* ofsted-watch site: the search page. Pagefind's own script (pagefind/pagefind.js, written by the build beside
   its chunked index) finds the passages; this renders them as plain, accessible results: a count announced in a
   live region, one heading and link per passage, the matched words marked. The query and filters live in the
   address (search.html?q=...&region=...), so the form is a plain GET and a search can be linked and shared. */
(function () {
  "use strict";

  var PAGE = 20; // results drawn at a time: each needs a fragment download
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var FILTERS = ["region", "kind", "year", "grade"];
  var results = [], shown = 0;

  form.hidden = false;
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var filters = {};
  document.getElementById("search-q").value = query;
  FILTERS.forEach(function (key) {
    var value = params.get(key) || "";
    var select = document.getElementById("search-" + key);
    if (!value || !select) return;
    select.value = value;
    if (select.value === value) filters[key] = value; // a value the index does not hold is ignored
  });

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is HTML with <mark> around the words found; keep only its text and the marks, so a
  // passage's own angle brackets can never become markup. DOMParser's document runs nothing.
  function excerpt(html) {
    var paragraph = element("p", "excerpt");
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    parsed.childNodes.forEach(function (node) {
      var isMark = node.nodeName === "MARK";
      paragraph.appendChild(isMark ? element("mark", "", node.textContent) : document.createTextNode(node.textContent));
    });
    return paragraph;
  }

  function safeUrl(url) {
    return /^https?:\/\//.test(url || "") ? url : null;
  }

  function render(data) {
    var meta = data.meta || {};
    var item = element("li", "item");
    var heading = element("h2", "item-title");
    var link = element("a", "", meta.title + ": " + (meta.document || "document") + (meta.date ? ", " + meta.date : ""));
    link.href = data.raw_url; // relative to search.html, so the site works under any sub-path
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = [meta.grade ? "Overall: " + meta.grade : "", "page " + meta.page, meta.section || ""];
    item.appendChild(element("p", "meta", facts.filter(Boolean).join(" · ")));
    item.appendChild(excerpt(data.excerpt));
    var pdf = safeUrl(meta.pdf);
    if (pdf) {
      var line = element("p", "meta");
      var report = element("a", "", "The report at page " + meta.page + " (PDF on Ofsted’s site)");
      report.href = pdf;
      line.appendChild(report);
      item.appendChild(line);
    }
    return item;
  }

  function showMore() {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = shown >= results.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (items) {
      items.forEach(function (data) { list.appendChild(render(data)); });
    });
  }

  function counted(count) {
    var said = count === 1 ? "1 passage holds" : count.toLocaleString("en-GB") + " passages hold";
    if (count === 0) said = "No passage holds";
    // A query that quotes a phrase is shown as typed; one that does not is put in quotes.
    var quoted = /["“”]/.test(query) ? query : "“" + query + "”";
    return said + " " + quoted + (Object.keys(filters).length ? " (filtered)." : ".");
  }

  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore().then(function () {
      var next = list.children[first];
      if (next) { var target = next.querySelector("a"); if (target) target.focus(); }
    });
  });

  if (!query) return;
  status.textContent = "Searching…";
  import(new URL("pagefind/pagefind.js", document.baseURI).href)
    .then(function (pagefind) {
      return pagefind.options({ excerptLength: 40 }).then(function () {
        return pagefind.search(query, { filters: filters });
      });
    })
    .then(function (search) {
      results = search.results;
      return showMore().then(function () { status.textContent = counted(results.length); });
    })
    .catch(function () {
      status.textContent = "Search could not load its index. It needs the site served by a web server (not opened from a file).";
    });
})();
