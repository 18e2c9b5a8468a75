/* ofsted-watch site: the search page. Pagefind's own script (pagefind/pagefind.js, written by the build beside
   its chunked index) finds the records, each a part of a document's section; this renders them as plain,
   accessible results: a count announced in a live region, one heading and link per result, and the passage of
   the section that holds the words found, with those words marked and a link to the PDF at that passage's page.
   The query and filters live in the address (search.html?q=...&region=...), so the form is a plain GET and a
   search can be linked and shared.
   The index is in shards (pagefind/<shard>/, named by the form's data-shards, newest first): the first is
   imported and the others merged into it (Pagefind's mergeIndex), so one search runs over all of them.
   Ranking, as `ofsted-watch search` reads a query: "quoted phrases" and words are all required, a quoted
   phrase as a phrase; several words without quotes list the sections holding them together as a phrase first,
   then those holding them apart. */
(function () {
  "use strict";

  var PAGE = 10; // results drawn at a time: each downloads its fragment (1 to 3 KB)
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

  // The query's terms as `ofsted-watch search` reads them: "quoted phrases" (quotes straight or curly) and words.
  function termsOf(text) {
    var terms = [];
    text.replace(/["“”]([^"“”]*)["“”]?|([^\s"“”]+)/g, function (all, phrase, word) {
      var term = (phrase === undefined ? word : phrase).replace(/\s+/g, " ").trim();
      if (/[\p{L}\p{N}]/u.test(term)) terms.push({ text: term, quoted: phrase !== undefined });
      return all;
    });
    return terms;
  }

  function sections(count) {
    if (count === 0) return "No section of a report holds";
    return count === 1 ? "1 section of a report holds" : count.toLocaleString("en-GB") + " sections of reports hold";
  }

  function quote(text) { return "“" + text + "”"; }

  // A phrase's words joined by a space or by a hyphen at each gap: `ofsted-watch search` reads "staying put" and
  // "staying-put" alike, where Pagefind's exact search reads a hyphenated word as one. Every way for up to
  // MOST_GAPS gaps; for more, all spaces, all hyphens and the phrase as typed.
  var MOST_GAPS = 3;
  function spellings(phrase) {
    var words = phrase.split(/[\s\-]+/).filter(Boolean);
    var found = {};
    found[phrase] = true;
    found[words.join(" ")] = found[words.join("-")] = true;
    if (words.length - 1 <= MOST_GAPS) {
      for (var mask = 0; mask < 1 << (words.length - 1); mask++) {
        found[words.reduce(function (text, word, at) { return text + ((mask >> (at - 1)) & 1 ? "-" : " ") + word; })] = true;
      }
    }
    return Object.keys(found);
  }

  // What a search found and how it ranks them: `results` best first, and the count line saying what it counts.
  // Every term is searched exactly (a word whole, a phrase in any spelling), as the command reads it.
  function ranked(pagefind, terms) {
    function exactly(text) {
      return Promise.all(spellings(text).map(function (spelt) {
        return pagefind.search("\"" + spelt + "\"", { filters: filters });
      })).then(function (each) {
        var ids = {};
        return [].concat.apply([], each.map(function (found) { return found.results; })).filter(function (result) {
          return ids[result.id] ? false : (ids[result.id] = true);
        }).sort(function (a, b) { return b.score - a.score; });
      });
    }
    var words = terms.map(function (term) { return term.text; });
    var named = words.map(quote);
    return Promise.all(words.map(exactly)).then(function (each) {
      var all = holdingEvery(each);
      if (terms.length === 1) {
        return { results: all, said: sections(all.length) + (terms[0].text.indexOf(" ") < 0 ? " " : " the phrase ") + named[0] };
      }
      if (terms.some(function (term) { return term.quoted; })) {
        return { results: all, said: sections(all.length) + " " + named.slice(0, -1).join(", ") + " and " + named[named.length - 1] };
      }
      // Several words without quotes: the sections holding them as a phrase, then those holding them apart.
      return exactly(words.join(" ")).then(function (together) {
        var ids = {};
        together.forEach(function (result) { ids[result.id] = true; });
        var apart = all.filter(function (result) { return !ids[result.id]; });
        var said = sections(together.length) + " the phrase " + quote(words.join(" ")) + "; " +
          (apart.length ? apart.length.toLocaleString("en-GB") + " more" : "none") + " hold" +
          (apart.length === 1 ? "s" : "") + " its words apart";
        return { results: together.concat(apart), said: said };
      });
    });
  }

  // The sections in every list, best first by the sum of their scores.
  function holdingEvery(each) {
    var scores = {}, counts = {};
    each.forEach(function (found) {
      found.forEach(function (result) {
        scores[result.id] = (scores[result.id] || 0) + result.score;
        counts[result.id] = (counts[result.id] || 0) + 1;
      });
    });
    return each[0].filter(function (result) { return counts[result.id] === each.length; })
      .sort(function (a, b) { return scores[b.id] - scores[a.id]; });
  }

  function open() {
    var shards = (form.getAttribute("data-shards") || "").split(" ").filter(function (name) {
      // A year chosen: only the shards of the years it spans ("2013-2015", "2016", "2016.2-2017": the second
      // part of a year of many records, and the next).
      var years = /^(\d{4})(?:\.\d+)?(?:-(\d{4}))?$/.exec(name);
      if (!filters.year) return Boolean(name);
      return Boolean(years) && years[1] <= filters.year && filters.year <= (years[2] || years[1]);
    });
    if (!shards.length) return Promise.resolve(null);
    function base(name) { return new URL("pagefind/" + name + "/", document.baseURI).href; }
    return import(base(shards[0]) + "pagefind.js").then(function (pagefind) {
      return Promise.all(shards.slice(1).map(function (name) { return pagefind.mergeIndex(base(name)); }))
        .then(function () { return pagefind; });
    });
  }

  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore().then(function () {
      var next = list.children[first];
      if (next) { var target = next.querySelector("a"); if (target) target.focus(); }
    });
  });

  // For tests and the curious: every result of a query as the page reads it, not just the first page drawn.
  window.siteSearch = {
    results: function (text) {
      return open().then(function (pagefind) { return pagefind ? ranked(pagefind, termsOf(text)) : { results: [] }; });
    },
  };

  if (!query) return;
  status.textContent = "Searching…";
  var terms = termsOf(query);
  open()
    .then(function (pagefind) {
      return pagefind && terms.length ? ranked(pagefind, terms) : { results: [], said: sections(0) + " " + quote(query) };
    })
    .then(function (search) {
      results = search.results;
      return showMore().then(function () {
        status.textContent = search.said + (Object.keys(filters).length ? " (filtered)." : ".");
      });
    })
    .catch(function (error) {
      // In the console for whoever looks into it; the message says what a reader can do about it.
      console.error("search:", error);
      status.textContent = "Search could not load its index. It needs the site served by a web server (not opened from a file).";
    });
})();
