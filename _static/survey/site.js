/* The survey site's own script (hand-written, no dependencies, no network); Jupyter Book loads every
 * JavaScript file under _static/ on every page.
 *
 * 1. Sortable, filterable paper tables. Every <table class="survey-table"> (MyST `{table}` with
 *    `:class: longtable survey-table`) gets a toolbar above it: a text box that filters as you type
 *    (every word must occur in the row), a <select> per Chapter / Section / Year column built from the
 *    column's distinct values (sections follow the chosen chapter), a "Has code" checkbox when there is
 *    a Code column, a "Clear filters" button and a live count. Every column header becomes a button that
 *    sorts the rows (ascending, then descending), with aria-sort on the sorted header. Without
 *    JavaScript, and in print, the table stays a plain table. The first table of a page can be
 *    pre-filtered from the address: all-papers.html?chapter=...&section=...&year=...&code=1&q=...
 * 2. Search and paper entries: a page opened from a search result highlights the searched words again
 *    (Sphinx skips that with this theme) and a page of entries scrolls to the first entry holding one;
 *    on the search page, a result pointing at an index entry shows the entry's first paragraph; an
 *    entry's heading "#" link gives its stable address, papers/<group>.html#paper-KEY, and the index
 *    page of a group split into parts forwards that address to the part holding the entry.
 * 3. Accessibility repairs of the theme's markup (pydata-sphinx-theme 0.17): the search buttons'
 *    accessible name includes their visible text, the colour-mode button's icons are decorative, and
 *    the navigation's expand/collapse toggles have a name; charts, which scroll inside their own box on
 *    a phone, can be reached with the keyboard.
 */
(function () {
  "use strict";

  var FILTERS = ["chapter", "section", "year"];
  var UNKNOWN = "(unknown)";

  function clean(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function cellText(cell) {
    return cell ? clean(cell.textContent) : "";
  }

  function make(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  var collator = (window.Intl && Intl.Collator) ? new Intl.Collator(undefined, {numeric: true, sensitivity: "base"}) : null;

  function compareText(a, b) {
    if (a === "" && b !== "") return 1;   // empty cells last, whatever the direction
    if (b === "" && a !== "") return -1;
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function enhance(table, number) {
    if (table.getAttribute("data-survey-enhanced")) return;
    var head = table.tHead, body = table.tBodies[0];
    if (!head || !body || !head.rows.length) return;
    table.setAttribute("data-survey-enhanced", "yes");
    var headers = Array.prototype.slice.call(head.rows[0].cells);
    var names = headers.map(function (th) { return cellText(th).toLowerCase(); });
    var rows = Array.prototype.slice.call(body.rows);
    var id = table.id || ("survey-table-" + number);
    table.id = id;
    var codeColumn = names.indexOf("code");
    var yearColumn = names.indexOf("year");

    // What each row is filtered and sorted by, read once.
    var data = rows.map(function (row, index) {
      var cells = Array.prototype.slice.call(row.cells);
      return {
        row: row,
        index: index,
        texts: cells.map(cellText),
        all: clean(row.textContent).toLowerCase(),
        hasCode: codeColumn >= 0 && !!(cells[codeColumn] && cells[codeColumn].querySelector("a[href]"))
      };
    });

    // ----------------------------------------------------------------------------------- toolbar
    var tools = make("div", {"class": "survey-table-tools", role: "group", "aria-label": "Filter and sort the table of papers"});
    var search = make("input", {type: "search", id: id + "-q", "class": "survey-filter-text", autocomplete: "off",
                                spellcheck: "false", "aria-controls": id});
    var searchLabel = make("label", {"for": id + "-q"}, "Filter");
    search.setAttribute("placeholder", "title, method, author word…");
    var field = make("div", {"class": "survey-field survey-field-text"});
    field.appendChild(searchLabel);
    field.appendChild(search);
    tools.appendChild(field);

    var selects = {};
    FILTERS.forEach(function (name) {
      var column = names.indexOf(name);
      if (column < 0) return;
      var values = {};
      data.forEach(function (d) { values[d.texts[column] || UNKNOWN] = true; });
      var distinct = Object.keys(values);
      if (distinct.length < 2) return;  // nothing to choose between
      var select = make("select", {id: id + "-" + name, "class": "survey-filter-select", "aria-controls": id});
      var label = make("label", {"for": id + "-" + name}, name.charAt(0).toUpperCase() + name.slice(1));
      var box = make("div", {"class": "survey-field"});
      box.appendChild(label);
      box.appendChild(select);
      tools.appendChild(box);
      selects[name] = {select: select, column: column, values: distinct};
    });

    var code = null;
    if (codeColumn >= 0 && data.some(function (d) { return d.hasCode; })) {
      code = make("input", {type: "checkbox", id: id + "-code", "aria-controls": id});
      var codeBox = make("div", {"class": "survey-field survey-field-check"});
      codeBox.appendChild(code);
      codeBox.appendChild(make("label", {"for": id + "-code"}, "Has code"));
      tools.appendChild(codeBox);
    }

    var reset = make("button", {type: "button", "class": "survey-filter-reset"}, "Clear filters");
    tools.appendChild(reset);
    var status = make("p", {"class": "survey-table-count", role: "status", "aria-live": "polite", id: id + "-count"});
    var empty = make("p", {"class": "survey-table-empty", hidden: ""}, "No paper matches these filters.");

    // The table may sit in the theme's scrolling wrapper: put the toolbar before the wrapper.
    var anchor = table;
    var parent = table.parentNode;
    if (parent && parent.classList && parent.classList.contains("pst-scrollable-table-container")) anchor = parent;
    anchor.parentNode.insertBefore(tools, anchor);
    anchor.parentNode.insertBefore(status, anchor);
    anchor.parentNode.insertBefore(empty, anchor.nextSibling);
    table.setAttribute("aria-describedby", id + "-count");

    function fillOptions(entry, allowed) {
      var select = entry.select, current = select.value;
      var values = entry.values.filter(function (v) { return !allowed || allowed[v]; });
      values.sort(entry.column === yearColumn
        ? function (a, b) { return compareText(b === UNKNOWN ? "" : b, a === UNKNOWN ? "" : a); }
        : function (a, b) { return compareText(a === UNKNOWN ? "" : a, b === UNKNOWN ? "" : b); });
      while (select.firstChild) select.removeChild(select.firstChild);
      var everything = {chapter: "All chapters", section: "All sections", year: "All years"};
      var columnName = Object.keys(selects).filter(function (k) { return selects[k] === entry; })[0];
      select.appendChild(make("option", {value: ""}, everything[columnName] || "All"));
      values.forEach(function (v) { select.appendChild(make("option", {value: v}, v)); });
      select.value = values.indexOf(current) >= 0 ? current : "";
    }
    Object.keys(selects).forEach(function (name) { fillOptions(selects[name]); });

    function sectionsOfChapter() {
      // With a chapter chosen, offer only its sections.
      if (!selects.section || !selects.chapter) return;
      var chapter = selects.chapter.select.value, allowed = null;
      if (chapter) {
        allowed = {};
        data.forEach(function (d) {
          if (d.texts[selects.chapter.column] === chapter) allowed[d.texts[selects.section.column] || UNKNOWN] = true;
        });
      }
      fillOptions(selects.section, allowed);
    }

    function apply() {
      var words = clean(search.value).toLowerCase().split(" ").filter(Boolean);
      var shown = 0;
      data.forEach(function (d) {
        var ok = words.every(function (w) { return d.all.indexOf(w) >= 0; });
        Object.keys(selects).forEach(function (name) {
          var wanted = selects[name].select.value;
          if (ok && wanted) ok = (d.texts[selects[name].column] || UNKNOWN) === wanted;
        });
        if (ok && code && code.checked) ok = d.hasCode;
        d.row.hidden = !ok;
        if (ok) shown += 1;
      });
      var filtered = shown !== data.length;
      status.textContent = filtered ? ("Showing " + shown + " of " + data.length + " papers")
                                    : (data.length + " paper" + (data.length === 1 ? "" : "s"));
      empty.hidden = shown !== 0;
      reset.disabled = !filtered && !words.length;
      table.setAttribute("data-shown", String(shown));
    }

    search.addEventListener("input", apply);
    Object.keys(selects).forEach(function (name) {
      selects[name].select.addEventListener("change", function () {
        if (name === "chapter") sectionsOfChapter();
        apply();
      });
    });
    if (code) code.addEventListener("change", apply);
    reset.addEventListener("click", function () {
      search.value = "";
      Object.keys(selects).forEach(function (name) { selects[name].select.value = ""; });
      if (code) code.checked = false;
      sectionsOfChapter();
      apply();
      search.focus();
    });

    // --------------------------------------------------------------------------------------- sorting
    var sorted = {column: -1, direction: ""};
    var buttons = headers.map(function (th, column) {
      var label = cellText(th);
      var button = make("button", {type: "button", "class": "survey-sort"});
      button.appendChild(make("span", {"class": "survey-sort-label"}, label));
      button.appendChild(make("span", {"class": "survey-sort-icon", "aria-hidden": "true"}));
      button.setAttribute("aria-label", "Sort by " + label);
      while (th.firstChild) th.removeChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("scope", "col");
      button.addEventListener("click", function () { sortBy(column); });
      return button;
    });

    function sortKey(d, column) {
      var text = d.texts[column] || "";
      if (column === codeColumn) return d.hasCode ? "0" : "1";
      return text;
    }

    function sortBy(column) {
      var direction = (sorted.column === column && sorted.direction === "ascending") ? "descending" : "ascending";
      sorted = {column: column, direction: direction};
      var sign = direction === "ascending" ? 1 : -1;
      var numeric = column === yearColumn;
      var order = data.slice().sort(function (a, b) {
        var x = sortKey(a, column), y = sortKey(b, column), result;
        if (numeric) {
          if (x === "" || y === "") result = x === y ? 0 : (x === "" ? 1 : -1) * sign;  // unknown last
          else result = parseInt(x, 10) - parseInt(y, 10);
        } else {
          result = compareText(x, y);
          if ((x === "") !== (y === "")) result *= sign;  // empty stays last in both directions
        }
        return sign * result || a.index - b.index;
      });
      order.forEach(function (d) { body.appendChild(d.row); });
      headers.forEach(function (th, i) {
        if (i === column) th.setAttribute("aria-sort", direction);
        else th.removeAttribute("aria-sort");
        buttons[i].setAttribute("data-sort", i === column ? direction : "");
      });
    }

    // ------------------------------------------------------------------- filters from the address
    var params = new URLSearchParams(window.location.search);
    if (number === 0) {  // the first table of the page only
      if (params.get("q")) search.value = params.get("q");
      ["chapter", "section", "year"].forEach(function (name) {
        var value = params.get(name);
        if (!value || !selects[name]) return;
        if (name === "chapter") {
          selects.chapter.select.value = value;
          sectionsOfChapter();
        } else {
          selects[name].select.value = value;
        }
      });
      if (code && params.get("code") === "1") code.checked = true;
    }
    apply();
  }

  // ------------------------------------------------------------------------------- paper entries
  // An entry is a section whose first child is the anchor <span id="paper-KEY">, its stable address.

  function entryOf(node) {
    var section = node && node.closest ? node.closest("section") : null;
    while (section) {
      var first = section.firstElementChild;
      if (first && first.id && first.id.indexOf("paper-") === 0) return section;
      section = section.parentElement ? section.parentElement.closest("section") : null;
    }
    return null;
  }

  function stableHeadingLinks() {
    // The heading's "#" link points at the stable address, not at the title's slug: papers/s.html#paper-KEY
    // also on a part of a split group (papers/s-part2.html), whose index forwards it (forwardToEntry).
    var part = /\/papers\/(.+)-part\d+\.html$/.exec(window.location.pathname);
    var page = part ? part[1] + ".html" : "";
    var anchors = document.querySelectorAll("section > span[id^='paper-']:first-child");
    for (var i = 0; i < anchors.length; i += 1) {
      var link = anchors[i].parentNode.querySelector(":scope > h2 > a.headerlink");
      if (link) link.setAttribute("href", page + "#" + anchors[i].id);
    }
  }

  function forwardToEntry() {
    // The index of a split group (papers/s.html) holds a link to every entry of its parts: opened at an
    // entry's address, it goes on to the part that holds the entry.
    var hash = window.location.hash;
    if (!/^#paper-[a-z0-9-]+$/.test(hash) || document.getElementById(hash.slice(1))) return false;
    var links = document.querySelectorAll("article a.reference.internal[href$='" + hash + "']");
    for (var i = 0; i < links.length; i += 1) {
      if (links[i].pathname !== window.location.pathname) {
        window.location.replace(links[i].href);
        return true;
      }
    }
    return false;
  }

  function fromSearchPage() {
    try {
      var referrer = new URL(document.referrer);
      return referrer.origin === window.location.origin && /\/search\.html$/.test(referrer.pathname);
    } catch (error) {
      return false;
    }
  }

  function highlightSearchWords() {
    // Sphinx highlights the searched words on the page a result opens, but skips it whenever its search
    // script is loaded, and this theme loads it on every page: do it for pages opened from the search.
    if (typeof SphinxHighlight === "undefined" || !fromSearchPage()) return;  // eslint-disable-line no-undef
    if (document.getElementById("search-results")) return;  // the search page itself
    SphinxHighlight.highlightSearchWords();  // eslint-disable-line no-undef
    scrollToHighlightedEntry();
  }

  function scrollToHighlightedEntry() {
    // A full-text result opens a whole page of entries: go to the first entry holding a search word
    // (Sphinx highlights them a moment after the page is ready).
    if (window.location.hash || !/\/papers\/[^/]*\.html$/.test(window.location.pathname)) return;
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      var marks = document.querySelectorAll("span.highlighted");
      for (var i = 0; i < marks.length; i += 1) {
        var entry = entryOf(marks[i]);
        if (entry) {
          window.clearInterval(timer);
          if (window.scrollY === 0) entry.scrollIntoView();  // unless the reader has scrolled already
          return;
        }
      }
      if (tries >= 40) window.clearInterval(timer);
    }, 50);
  }

  function betterSearchSummaries() {
    // Sphinx's search shows the text of the element a result points to; an index entry's target is
    // often an empty <span> inside the entry's first paragraph: show that paragraph instead.
    // searchtools.js declares `const Search` at the top level: a global binding, not a window property.
    var search = typeof Search !== "undefined" ? Search : null;  // eslint-disable-line no-undef
    if (!search || typeof search.htmlToText !== "function" || search.htmlToText.surveyPatched) return;
    var original = search.htmlToText;
    var patched = function (htmlString, anchor) {
      var text = original.apply(this, arguments);
      if (!anchor || clean(text)) return text;
      try {
        var doc = new DOMParser().parseFromString(htmlString, "text/html");
        var target = doc.querySelector('[role="main"] ' + anchor);
        var block = target && target.closest("p, li, section");
        if (block) return block.textContent;
      } catch (error) { /* keep Sphinx's own text */ }
      return text;
    };
    patched.surveyPatched = true;
    search.htmlToText = patched;
  }

  // --------------------------------------------------------------------------- theme repairs

  function repairTheme() {
    var buttons = document.querySelectorAll("button.search-button__button[aria-label]");
    for (var i = 0; i < buttons.length; i += 1) {
      var visible = clean(buttons[i].textContent);
      if (visible) buttons[i].setAttribute("aria-label", visible);  // "Search Ctrl + K", as shown
    }
    // The colour-mode button is labelled "Color mode"; its icons' titles ("Light", "Dark", "System
    // Settings", which Font Awesome turns into <title>s) would be text the label does not contain.
    var icons = document.querySelectorAll(".theme-switch-button i, .theme-switch-button svg");
    for (var j = 0; j < icons.length; j += 1) {
      icons[j].setAttribute("aria-hidden", "true");
      icons[j].removeAttribute("title");
      icons[j].removeAttribute("aria-labelledby");
      var titles = icons[j].querySelectorAll("title");
      for (var t = 0; t < titles.length; t += 1) titles[t].parentNode.removeChild(titles[t]);
    }
    // Every chart is a figure a keyboard user can reach (its label says what it shows); its box would
    // scroll sideways if a chart were ever wider than it (site.css draws wide charts smaller instead).
    var charts = document.querySelectorAll("div.survey-chart:not([tabindex])");
    for (var c = 0; c < charts.length; c += 1) charts[c].setAttribute("tabindex", "0");
    var toggles = document.querySelectorAll("nav summary");
    for (var k = 0; k < toggles.length; k += 1) {
      var summary = toggles[k];
      if (clean(summary.textContent) || summary.getAttribute("aria-label")) continue;
      var item = summary.closest("li");
      var link = item ? item.querySelector(":scope > a") : null;
      summary.setAttribute("aria-label", "Pages under " + (link ? clean(link.textContent) : "this entry"));
    }
  }

  function init() {
    if (forwardToEntry()) return;
    repairTheme();
    var tables = document.querySelectorAll("table.survey-table");
    for (var i = 0; i < tables.length; i += 1) enhance(tables[i], i);
    stableHeadingLinks();
    highlightSearchWords();
    betterSearchSummaries();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  window.addEventListener("load", repairTheme);  // after Font Awesome has drawn its icons
  window.addEventListener("hashchange", forwardToEntry);

})();
