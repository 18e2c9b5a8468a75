/* ofsted-watch site: the search page. Pagefind's own script (pagefind/pagefind.js, written by the build beside
   its chunked index) finds the records, each a part of a document's section; this renders them as plain,
   accessible results: a count announced in a live region, one heading and link per result, and the passage of
   the section that holds the words found, with those words marked and a link to the PDF at that passage's page.
   The query and filters live in the address (search.html?q=...&region=...), so the form is a plain GET and a
   search can be linked and shared. */
(function () {
  "use strict";

  var PAGE = 20; // results drawn at a time: each needs a fragment download
  var WORDS = 40, LEAD = 8; // a result shows at most WORDS of its passage, from LEAD before the first word found
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

  // Each passage's first word in the record's content and its page, from the meta's "word page,word page,...".
  function passagesOf(meta) {
    return meta.passages.split(",").map(function (pair) {
      var parts = pair.split(" ");
      return { start: Number(parts[0]), page: parts[1] };
    });
  }

  function holding(passages, location) {
    var index = passages.length - 1;
    while (index > 0 && passages[index].start > location) index--;
    return index;
  }

  // The passage whose words found score highest together (a passage with every word of the query beats one with
  // a single word; ties go to the first), its page, its words and which of them were found.
  function bestPassage(data) {
    var words = data.content.trim().split(/\s+/);
    var passages = passagesOf(data.meta || {});
    var scores = passages.map(function () { return 0; });
    var found = {};
    (data.weighted_locations || []).forEach(function (hit) {
      found[hit.location] = true;
      scores[holding(passages, hit.location)] += hit.balanced_score;
    });
    var best = scores.indexOf(Math.max.apply(null, scores));
    var start = passages[best].start;
    var end = best + 1 < passages.length ? passages[best + 1].start : words.length;
    return { page: passages[best].page, words: words.slice(start, end), start: start, found: found };
  }

  // At most WORDS of the passage, from a little before its first word found, the words found in <mark>: built
  // from text nodes, so a passage's own angle brackets can never become markup.
  function excerpt(passage) {
    var paragraph = element("p", "excerpt");
    var words = passage.words, first = 0;
    while (first < words.length - 1 && !passage.found[passage.start + first]) first++;
    var from = Math.max(0, Math.min(first - LEAD, words.length - WORDS));
    var to = Math.min(words.length, from + WORDS);
    var text = from > 0 ? "… " : "";
    for (var index = from; index < to; index++) {
      var word = words[index] + (index + 1 < to ? " " : "");
      if (!passage.found[passage.start + index]) { text += word; continue; }
      // The mark holds the word, not the punctuation around it.
      var parts = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(word);
      paragraph.appendChild(document.createTextNode(text + parts[1]));
      paragraph.appendChild(element("mark", "", parts[2]));
      text = parts[3];
    }
    paragraph.appendChild(document.createTextNode(text + (to < words.length ? " …" : "")));
    return paragraph;
  }

  function safeUrl(url) {
    return /^https?:\/\//.test(url || "") ? url : null;
  }

  function render(data) {
    var meta = data.meta || {};
    var passage = bestPassage(data);
    var item = element("li", "item");
    var heading = element("h2", "item-title");
    var link = element("a", "", meta.title + ": " + (meta.document || "document") + (meta.date ? ", " + meta.date : ""));
    link.href = data.raw_url; // relative to search.html, so the site works under any sub-path
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = [meta.grade ? "Overall: " + meta.grade : "", "page " + passage.page, meta.section || ""];
    item.appendChild(element("p", "meta", facts.filter(Boolean).join(" · ")));
    item.appendChild(excerpt(passage));
    var pdf = safeUrl(meta.pdf);
    if (pdf) {
      var line = element("p", "meta");
      var report = element("a", "", "The report at page " + passage.page + " (PDF on Ofsted’s site)");
      report.href = pdf.split("#")[0] + "#page=" + passage.page;
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
    var said = count === 1 ? "1 section of a report holds" : count.toLocaleString("en-GB") + " sections of reports hold";
    if (count === 0) said = "No section of a report holds";
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
    .then(function (pagefind) { return pagefind.search(query, { filters: filters }); })
    .then(function (search) {
      results = search.results;
      return showMore().then(function () { status.textContent = counted(results.length); });
    })
    .catch(function (error) {
      // In the console for whoever looks into it; the message says what a reader can do about it.
      console.error("search:", error);
      status.textContent = "Search could not load its index. It needs the site served by a web server (not opened from a file).";
    });
})();
